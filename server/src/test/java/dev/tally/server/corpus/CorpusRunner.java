package dev.tally.server.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.server.testing.DuckDb;
import dev.tally.server.testing.HttpApi;
import dev.tally.server.testing.Rows;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;

import java.io.IOException;
import java.sql.Connection;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;

/**
 * Runs a {@link SqlCorpus} against a server: each entry on each of its tables over {@code POST /druid/v2/sql} (array
 * results with the names and SQL types header) and over JDBC, both answers compared with the entry's expectation
 * (DuckDB's answer over the same raw events, computed once per table, hand-checked rows, or a refusal), and, for an
 * entry marked {@code -- @native}, {@code EXPLAIN PLAN FOR} checked to be one native query with nothing above it.
 * Known gaps are checked to be still open and reported as skipped with their reason. DuckDB answers every entry ahead,
 * on the runner's own thread (the only one that uses its connection), while the test thread waits for Tally's
 * answers; close the runner when the tests are done.
 */
public final class CorpusRunner implements AutoCloseable
{
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Calendar UTC = Calendar.getInstance(TimeZone.getTimeZone("UTC"), Locale.ROOT);
    private static final String NATIVE_QUERY = "TallyEnumerableRel(";
    private static final int MESSAGE_CHARS = 300;
    private static final long CLOSE_SECONDS = 30;

    private final HttpApi http;
    private final Connection jdbc;
    private final DuckDb duckDb;
    private final ExecutorService oracle = Executors.newSingleThreadExecutor(runnable ->
    {
        final Thread thread = new Thread(runnable, "corpus-duckdb");
        thread.setDaemon(true);
        return thread;
    });

    /** One answer in comparable form: rows of String, Long, Double, Boolean or null, and which columns are times. */
    private record Answer(List<List<Object>> rows, Set<Integer> timeColumns)
    {
    }

    /** An answer, or the refusal's message. */
    private record Outcome(Answer answer, String refusal)
    {
    }

    /** An entry's checks on a table: its answers (known gaps {@code -- @gap}), its plan ({@code -- @native-gap}). */
    private enum Check
    {
        HTTP, JDBC, PLAN
    }

    public CorpusRunner(final HttpApi http, final Connection jdbc, final DuckDb duckDb)
    {
        this.http = http;
        this.jdbc = jdbc;
        this.duckDb = duckDb;
    }

    /** One container per entry, holding its checks on each of its tables; DuckDB starts on their answers now. */
    public Stream<DynamicNode> tests(final List<SqlCorpus.Entry> entries)
    {
        final List<DynamicNode> containers = new ArrayList<>(entries.size());
        for (final SqlCorpus.Entry entry : entries)
        {
            final List<DynamicNode> tests = new ArrayList<>();
            for (final String table : entry.tables())
            {
                tests.addAll(tests(entry, table, new Expected(entry, table)));
            }
            containers.add(DynamicContainer.dynamicContainer(entry.id(), tests));
        }
        return containers.stream();
    }

    /** Stops DuckDB's work, waiting for the query it runs (DuckDB's connection must outlive it). */
    @Override
    public void close() throws InterruptedException
    {
        oracle.shutdownNow();
        if (!oracle.awaitTermination(CLOSE_SECONDS, TimeUnit.SECONDS))
        {
            throw new IllegalStateException("DuckDB still answers an expectation after " + CLOSE_SECONDS + " s");
        }
    }

    private List<DynamicNode> tests(final SqlCorpus.Entry entry, final String table, final Expected expected)
    {
        final String name = entry.id() + (entry.isPerTable() ? " on " + table : "");
        final List<DynamicNode> tests = new ArrayList<>(3);
        tests.add(DynamicTest.dynamicTest(name + " over /druid/v2/sql", () -> check(entry, table, Check.HTTP,
            () -> assertOutcome(entry, table, overHttp(entry, table), expected))));
        tests.add(DynamicTest.dynamicTest(name + " over JDBC", () -> check(entry, table, Check.JDBC,
            () -> assertOutcome(entry, table, overJdbc(entry, table), expected))));
        if (entry.isNative())
        {
            tests.add(DynamicTest.dynamicTest(name + " runs as one native query",
                () -> check(entry, table, Check.PLAN, () -> assertOneNativeQuery(entry, table))));
        }
        return tests;
    }

    /**
     * A check that a gap marker covers must still fail: then it is reported as skipped with the reason; when it passes
     * the marker has to go, and this fails to say so.
     */
    private static void check(final SqlCorpus.Entry entry, final String table, final Check check, final Executable body)
        throws Throwable
    {
        final String gap = check == Check.PLAN ? entry.nativeGap() : entry.gapOn(table);
        if (gap == null)
        {
            body.execute();
            return;
        }
        try
        {
            body.execute();
        }
        catch (final AssertionError known)
        {
            Assumptions.abort(entry.id() + " on " + table + ": known gap (" + gap + "): " +
                known.getMessage().strip());
        }
        fail(entry.id() + " on " + table + (check == Check.PLAN ?
            ": runs as one native query now; make its '-- @native-gap " + gap + "' marker '-- @native'" :
            ": answers right now; remove its '-- @gap " + gap + "' marker"));
    }

    private void assertOutcome(final SqlCorpus.Entry entry, final String table, final Outcome outcome,
        final Expected expected) throws Exception
    {
        if (entry.expected() instanceof SqlCorpus.Refusal refusal)
        {
            assertThat(outcome.refusal()).as(entry.id() + ": refused with a 400 naming what is wrong" +
                described(entry, table)).isNotNull().doesNotStartWith("HTTP 5").contains(refusal.text());
            return;
        }
        if (outcome.refusal() != null)
        {
            fail(entry.id() + ": " + outcome.refusal() + described(entry, table));
        }
        final Answer actual = outcome.answer();
        List<List<Object>> want = expected.rows(actual.timeColumns());
        List<List<Object>> got = actual.rows();
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
            throw new AssertionError(ex.getMessage().strip() + described(entry, table), ex);
        }
    }

    /** The plan is one line, the native query: no sort, aggregate, join, projection or window of Calcite's above. */
    private void assertOneNativeQuery(final SqlCorpus.Entry entry, final String table)
    {
        final HttpApi.Answer answer = postDruidSql("EXPLAIN PLAN FOR " + entry.sqlOn(table), entry.parameters());
        if (answer.status() != 200)
        {
            fail(entry.id() + ": EXPLAIN: HTTP " + answer.status() + ": " + errorMessage(answer.body()) +
                described(entry, table));
        }
        final List<String> plan = answer.json().get(2).get(0).asText().strip().lines().map(String::strip).toList();
        if (plan.size() != 1 || !plan.get(0).startsWith(NATIVE_QUERY))
        {
            fail(entry.id() + ": not one native query; Calcite runs " + calciteOperators(plan) +
                described(entry, table));
        }
    }

    /** The plan's operators above the native queries, each cut short: what a reader needs to see why. */
    private static String calciteOperators(final List<String> plan)
    {
        final List<String> operators = new ArrayList<>();
        for (final String line : plan)
        {
            operators.add(line.startsWith(NATIVE_QUERY) ? "TallyEnumerableRel(...)" :
                line.length() > 120 ? line.substring(0, 120) + "..." : line);
        }
        return String.join(" <- ", operators);
    }

    private Outcome overHttp(final SqlCorpus.Entry entry, final String table)
    {
        final HttpApi.Answer answer = postDruidSql(entry.sqlOn(table), entry.parameters());
        if (answer.status() != 200)
        {
            return new Outcome(null, "HTTP " + answer.status() + ": " + errorMessage(answer.body()));
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
        return new Outcome(new Answer(rows, timeColumns), null);
    }

    private HttpApi.Answer postDruidSql(final String sql, final List<SqlCorpus.Parameter> parameters)
    {
        final ObjectNode request = MAPPER.createObjectNode().put("query", sql).put("resultFormat", "array")
            .put("header", true).put("sqlTypesHeader", true);
        if (!parameters.isEmpty())
        {
            final ArrayNode array = request.putArray("parameters");
            for (final SqlCorpus.Parameter parameter : parameters)
            {
                array.addObject().put("type", parameter.type()).put("value", parameter.value());
            }
        }
        return http.post("/druid/v2/sql", request.toString());
    }

    private Outcome overJdbc(final SqlCorpus.Entry entry, final String table)
    {
        try (PreparedStatement statement = jdbc.prepareStatement(entry.sqlOn(table)))
        {
            for (int p = 0; p < entry.parameters().size(); p++)
            {
                statement.setString(p + 1, entry.parameters().get(p).value());
            }
            try (ResultSet result = statement.executeQuery())
            {
                return new Outcome(jdbcAnswer(result), null);
            }
        }
        catch (final SQLException ex)
        {
            return new Outcome(null, "JDBC: " + ex.getMessage());
        }
    }

    /**
     * An entry's expected rows on one table, shared by its HTTP and JDBC checks: hand-checked, or asked of DuckDB on
     * the runner's thread as soon as the entry is listed.
     */
    private final class Expected
    {
        private final SqlCorpus.Entry entry;
        private final Future<List<List<Object>>> duckDbRows;

        private Expected(final SqlCorpus.Entry entry, final String table)
        {
            this.entry = entry;
            this.duckDbRows = entry.expected() instanceof SqlCorpus.DuckDbAnswer answer ?
                oracle.submit(() -> duckDb.query(answer.sqlOn(table))) : null;
        }

        /** The rows; hand-checked ones read ISO text in {@code timeColumns} as times, as the answer's are. */
        private List<List<Object>> rows(final Set<Integer> timeColumns) throws Exception
        {
            if (duckDbRows == null)
            {
                final List<List<Object>> rows = new ArrayList<>();
                for (final JsonNode row : ((SqlCorpus.Rows)entry.expected()).rows())
                {
                    rows.add(row(row, timeColumns));
                }
                return rows;
            }
            final List<List<Object>> rows;
            try
            {
                rows = duckDbRows.get();
            }
            catch (final ExecutionException ex)
            {
                throw new IllegalStateException(entry.id() + ": DuckDB could not answer", ex.getCause());
            }
            assertThat(rows).as(entry.id() + ": DuckDB's expectation has rows (a filter that hits the data)")
                .isNotEmpty();
            return rows;
        }
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
    private static List<List<Object>> sorted(final List<List<Object>> rows, final SqlCorpus.Entry entry)
    {
        return rows.stream().sorted(Comparator.comparing(row -> sortKey(row, entry))).toList();
    }

    private static String sortKey(final List<Object> row, final SqlCorpus.Entry entry)
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
    private static List<List<Object>> withinTolerance(final SqlCorpus.Entry entry, final List<List<Object>> got,
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
    private static String described(final SqlCorpus.Entry entry, final String table)
    {
        return "\n  source: " + entry.source() + "\n  statement: " + entry.sqlOn(table);
    }

    private static String errorMessage(final String body)
    {
        try
        {
            final JsonNode json = MAPPER.readTree(body);
            final String message = json.path("errorMessage").asText(json.path("error").asText(body));
            return message.length() > MESSAGE_CHARS ? message.substring(0, MESSAGE_CHARS) + "..." : message;
        }
        catch (final IOException ex)
        {
            return body.length() > MESSAGE_CHARS ? body.substring(0, MESSAGE_CHARS) + "..." : body;
        }
    }
}
