package dev.tally.server.druid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.server.testing.HttpApi;
import dev.tally.server.testing.LoadedServer;
import dev.tally.server.testing.Rows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TimeZone;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;

/**
 * Issue 15's compatibility corpus: statements in the shapes Superset (with pydruid), Metabase's druid-jdbc driver,
 * Cube's Druid driver, Grafana's Druid data source and Druid's SQL documentation emit, each run verbatim over
 * {@code POST /druid/v2/sql} (array results with the names and SQL types header) and over JDBC
 * ({@code jdbc:tally://}); both answers must equal the entry's expectation, DuckDB's over the same raw events or a
 * hand-checked one. The corpus and its format live in {@code druid-compat/corpus.sql}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DruidSqlCompatibilityTest
{
    private static final int EVENTS = 30_000;
    private static final long SEED = 11;
    private static final String HEADER_INCLUDED = "X-Druid-SQL-Header-Included";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Calendar UTC = Calendar.getInstance(TimeZone.getTimeZone("UTC"), Locale.ROOT);

    @TempDir
    static Path dir;

    private LoadedServer loaded;
    private Connection jdbc;

    /** One answer in comparable form: rows of String, Long, Double, Boolean or null, and which columns are times. */
    private record Answer(List<List<Object>> rows, Set<Integer> timeColumns)
    {
    }

    @BeforeAll
    void startAndLoad() throws Exception
    {
        loaded = LoadedServer.start(dir, SEED, EVENTS);
        loaded.duckDb().execute("CREATE VIEW ev AS SELECT date_trunc('minute', ts) AS t, * FROM raw");
        jdbc = DriverManager.getConnection("jdbc:tally://127.0.0.1:" + loaded.port());
    }

    @AfterAll
    void stop() throws Exception
    {
        try
        {
            if (jdbc != null)
            {
                jdbc.close();
            }
        }
        finally
        {
            if (loaded != null)
            {
                loaded.close();
            }
        }
    }

    @Test
    void corpusHoldsAtLeast150Statements()
    {
        final List<CompatCorpus.Entry> entries = CompatCorpus.load();
        assertThat(entries).hasSizeGreaterThanOrEqualTo(150);
        assertThat(entries.stream().map(e -> e.source().split(" ")[0]).collect(Collectors.toSet()))
            .as("sources").contains("apache/superset", "druid-io/pydruid", "metabase/metabase", "cube-js/cube",
                "grafadruid/druid-grafana", "apache/druid");
    }

    @Test
    void druidSqlAnswerSaysTheHeaderIsIncluded()
    {
        final HttpApi.Answer answer = postDruidSql("SELECT COUNT(*) AS \"count\" FROM web", List.of());
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.header(HEADER_INCLUDED)).as(HEADER_INCLUDED).isEqualTo("yes");
    }

    @TestFactory
    Stream<DynamicNode> corpusAnswersEqualTheExpectations()
    {
        return CompatCorpus.load().stream().map(entry -> DynamicContainer.dynamicContainer(entry.id(), Stream.of(
            DynamicTest.dynamicTest(entry.id() + " over /druid/v2/sql", () -> assertAnswer(entry, overHttp(entry))),
            DynamicTest.dynamicTest(entry.id() + " over JDBC", () -> assertAnswer(entry, overJdbc(entry))))));
    }

    /**
     * An entry marked {@code -- @gap} is a known wrong answer owned by another issue: it must still be wrong (when it
     * is right the marker has to go, and this fails to say so), and is reported as skipped with the reason.
     */
    private void assertAnswer(final CompatCorpus.Entry entry, final Answer actual) throws SQLException
    {
        if (entry.gap() == null)
        {
            assertRightAnswer(entry, actual);
            return;
        }
        try
        {
            assertRightAnswer(entry, actual);
        }
        catch (final AssertionError known)
        {
            Assumptions.abort(entry.id() + ": known gap (" + entry.gap() + "): " + known.getMessage().strip());
        }
        fail(entry.id() + ": answers right now; remove its '-- @gap " + entry.gap() + "' marker");
    }

    private void assertRightAnswer(final CompatCorpus.Entry entry, final Answer actual) throws SQLException
    {
        final List<List<Object>> expected = expected(entry, actual.timeColumns());
        if (!entry.hasHandCheckedRows())
        {
            assertThat(expected).as(entry.id() + ": DuckDB's expectation has rows (a filter that hits the data)")
                .isNotEmpty();
        }
        List<List<Object>> got = actual.rows();
        List<List<Object>> want = expected;
        if (entry.isUnordered())
        {
            got = sorted(got, entry);
            want = sorted(want, entry);
        }
        try
        {
            got = withinTolerance(entry, got, want);
            Rows.assertSameRows(entry.id(), got, want);
        }
        catch (final AssertionError ex)
        {
            throw new AssertionError(ex.getMessage().strip() + described(entry), ex);
        }
    }

    private Answer overHttp(final CompatCorpus.Entry entry)
    {
        final HttpApi.Answer answer = postDruidSql(entry.sql(), entry.parameters());
        if (answer.status() != 200)
        {
            fail(entry.id() + ": HTTP " + answer.status() + ": " + errorMessage(answer.body()) + described(entry));
        }
        final JsonNode body = answer.json();
        assertThat(body.size()).as("names and SQL types header rows in " + answer.body()).isGreaterThanOrEqualTo(2);
        final Set<Integer> timeColumns = new HashSet<>();
        final JsonNode sqlTypes = body.get(1);
        for (int c = 0; c < sqlTypes.size(); c++)
        {
            if (isTimeType(sqlTypes.get(c).asText()))
            {
                timeColumns.add(c);
            }
        }
        final List<List<Object>> rows = new ArrayList<>();
        for (int r = 2; r < body.size(); r++)
        {
            rows.add(row(body.get(r), timeColumns));
        }
        return new Answer(rows, timeColumns);
    }

    private HttpApi.Answer postDruidSql(final String sql, final List<CompatCorpus.Parameter> parameters)
    {
        final ObjectNode request = MAPPER.createObjectNode().put("query", sql).put("resultFormat", "array")
            .put("header", true).put("sqlTypesHeader", true);
        if (!parameters.isEmpty())
        {
            final ArrayNode array = request.putArray("parameters");
            for (final CompatCorpus.Parameter parameter : parameters)
            {
                array.addObject().put("type", parameter.type()).put("value", parameter.value());
            }
        }
        return loaded.http().post("/druid/v2/sql", request.toString());
    }

    private Answer overJdbc(final CompatCorpus.Entry entry)
    {
        try (PreparedStatement statement = jdbc.prepareStatement(entry.sql()))
        {
            for (int p = 0; p < entry.parameters().size(); p++)
            {
                statement.setString(p + 1, entry.parameters().get(p).value());
            }
            try (ResultSet result = statement.executeQuery())
            {
                return jdbcAnswer(result);
            }
        }
        catch (final SQLException ex)
        {
            return fail(entry.id() + ": JDBC: " + ex.getMessage() + described(entry));
        }
    }

    private List<List<Object>> expected(final CompatCorpus.Entry entry, final Set<Integer> timeColumns)
        throws SQLException
    {
        if (!entry.hasHandCheckedRows())
        {
            return loaded.duckDb().query(entry.duckDb());
        }
        final List<List<Object>> rows = new ArrayList<>();
        for (final JsonNode row : entry.rows())
        {
            rows.add(row(row, timeColumns));
        }
        return rows;
    }

    private static Answer jdbcAnswer(final ResultSet result) throws SQLException
    {
        final int columns = result.getMetaData().getColumnCount();
        final Set<Integer> timeColumns = new HashSet<>();
        for (int c = 0; c < columns; c++)
        {
            final int type = result.getMetaData().getColumnType(c + 1);
            if (type == Types.TIMESTAMP || type == Types.DATE)
            {
                timeColumns.add(c);
            }
        }
        final List<List<Object>> rows = new ArrayList<>();
        while (result.next())
        {
            final List<Object> row = new ArrayList<>(columns);
            for (int c = 0; c < columns; c++)
            {
                if (timeColumns.contains(c))
                {
                    final java.sql.Timestamp time = result.getTimestamp(c + 1, UTC);
                    row.add(time == null ? null : time.getTime());
                }
                else
                {
                    row.add(comparable(result.getObject(c + 1)));
                }
            }
            rows.add(row);
        }
        return new Answer(rows, timeColumns);
    }

    private static Object comparable(final Object value)
    {
        if (value instanceof Double || value instanceof Float || value instanceof java.math.BigDecimal)
        {
            return ((Number)value).doubleValue();
        }
        return value instanceof Number number ? (Object)number.longValue() : value;
    }

    /** A JSON row (an answer's or a hand-checked one) in comparable form; ISO strings in time columns become millis. */
    private static List<Object> row(final JsonNode array, final Set<Integer> timeColumns)
    {
        final List<Object> row = new ArrayList<>(array.size());
        for (int c = 0; c < array.size(); c++)
        {
            final JsonNode value = array.get(c);
            if (value.isNull())
            {
                row.add(null);
            }
            else if (timeColumns.contains(c) && value.isTextual())
            {
                row.add(epochMillis(value.asText()));
            }
            else if (value.isBoolean())
            {
                row.add(value.asBoolean());
            }
            else if (value.isIntegralNumber())
            {
                row.add(value.asLong());
            }
            else if (value.isNumber())
            {
                row.add(value.asDouble());
            }
            else
            {
                row.add(value.asText());
            }
        }
        return row;
    }

    private static Object epochMillis(final String iso)
    {
        try
        {
            return Instant.parse(iso).toEpochMilli();
        }
        catch (final DateTimeParseException ex)
        {
            return iso;
        }
    }

    private static boolean isTimeType(final String sqlType)
    {
        return sqlType.startsWith("TIMESTAMP") || "DATE".equals(sqlType);
    }

    /** Rows in a fixed order for an entry whose order is not: by every column but the approximate ones. */
    private static List<List<Object>> sorted(final List<List<Object>> rows, final CompatCorpus.Entry entry)
    {
        return rows.stream().sorted(Comparator.comparing(row -> sortKey(row, entry))).toList();
    }

    private static String sortKey(final List<Object> row, final CompatCorpus.Entry entry)
    {
        final StringBuilder key = new StringBuilder();
        for (int c = 0; c < row.size(); c++)
        {
            if (entry.approx().containsKey(c))
            {
                continue;
            }
            final Object value = row.get(c);
            key.append(value == null ? "\u0000" : value instanceof Double d ?
                String.format(Locale.ROOT, "%.6g", d) : value.toString()).append('\u0001');
        }
        return key.toString();
    }

    /**
     * The actual rows with each approximate column replaced by the expected value once it is within the entry's
     * relative tolerance, so that {@link Rows#assertSameRows} compares the exact columns and still reports any row
     * whose approximate value is too far off.
     */
    private static List<List<Object>> withinTolerance(final CompatCorpus.Entry entry, final List<List<Object>> got,
        final List<List<Object>> want)
    {
        if (entry.approx().isEmpty() || got.size() != want.size())
        {
            return got;
        }
        final List<List<Object>> adjusted = new ArrayList<>(got.size());
        for (int r = 0; r < got.size(); r++)
        {
            final List<Object> row = new ArrayList<>(got.get(r));
            for (final var approx : entry.approx().entrySet())
            {
                final int c = approx.getKey();
                if (c < row.size() && c < want.get(r).size() && row.get(c) instanceof Number g &&
                    want.get(r).get(c) instanceof Number w)
                {
                    assertThat(g.doubleValue()).as(entry.id() + ": approximate column " + c + " of row " + r)
                        .isCloseTo(w.doubleValue(), within(Math.abs(w.doubleValue()) * approx.getValue()));
                    row.set(c, want.get(r).get(c));
                }
            }
            adjusted.add(row);
        }
        return adjusted;
    }

    /** What a failure message ends with: where the statement's shape comes from, and the statement as sent. */
    private static String described(final CompatCorpus.Entry entry)
    {
        return "\n  source: " + entry.source() + "\n  statement: " + entry.sql();
    }

    private static String errorMessage(final String body)
    {
        try
        {
            final JsonNode json = MAPPER.readTree(body);
            final String message = json.path("errorMessage").asText(json.path("error").asText(body));
            return message.length() > 300 ? message.substring(0, 300) + "..." : message;
        }
        catch (final java.io.IOException ex)
        {
            return body.length() > 300 ? body.substring(0, 300) + "..." : body;
        }
    }
}
