package dev.tally.server.avatica;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.server.ServerConfig;
import dev.tally.server.TallyServer;
import dev.tally.server.testing.HttpApi;
import dev.tally.server.testing.PushTable;
import dev.tally.server.testing.Rows;
import dev.tally.server.testing.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The plain Avatica 1.28 remote driver ({@code org.apache.calcite.avatica.remote.Driver}, no Tally code) at the URLs
 * Druid documents, so a tool configured for Druid works unchanged: {@code /druid/v2/sql/avatica/} (JSON, the
 * driver's default) and {@code /druid/v2/sql/avatica-protobuf/;serialization=protobuf}. DatabaseMetaData with plain
 * type names, prepared statements with every parameter type, the client's row limit and fetch size, SQLSTATEs by
 * error class, and what a client holding a statement sees after the server restarted.
 *
 * <p>The server's {@code query.maxRows} is {@value #SERVER_MAX_ROWS}, below the table's row count, so that a
 * client's smaller row limit is what makes a big result answerable.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlainAvaticaDriverTest
{
    private static final int EVENTS = 5_000;
    private static final long SERVER_MAX_ROWS = 500;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    static Path dir;

    private TallyServer server;
    private HttpApi http;
    private long rows;

    @BeforeAll
    void startAndLoad() throws Exception
    {
        server = start(0);
        http = new HttpApi(server.port());
        assertThat(http.post("/v1/tables", PushTable.SPEC).status()).isEqualTo(201);
        final HttpApi.Answer pushed = http.post("/v1/tables/web/events",
            PushTable.ndjson(PushTable.events(11, 6 * 3_600_000L, EVENTS)));
        assertThat(pushed.status()).as(pushed.body()).isEqualTo(200);
        assertThat(http.awaitCount("web", EVENTS, Duration.ofSeconds(30))).isEqualTo(EVENTS);
        try (Connection connection = DriverManager.getConnection(jsonUrl());
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM web"))
        {
            assertThat(result.next()).isTrue();
            rows = result.getLong(1);
        }
        assertThat(rows).as("rolled-up rows, more than the server's maxRows").isGreaterThan(SERVER_MAX_ROWS * 2);
    }

    @AfterAll
    void stop()
    {
        if (server != null)
        {
            server.close();
        }
    }

    private TallyServer start(final int port) throws Exception
    {
        final ServerConfig config = ServerConfig.parse(MAPPER.readTree("{\"query\": {\"maxRows\": " +
            SERVER_MAX_ROWS + "}}"));
        return TestServers.start(config.withPort(port).withDataDir(dir.resolve("data")));
    }

    /** Druid's documented JSON URL. */
    private String jsonUrl()
    {
        return "jdbc:avatica:remote:url=http://127.0.0.1:" + server.port() + "/druid/v2/sql/avatica/";
    }

    /** Druid's documented protobuf URL. */
    private String protobufUrl()
    {
        return "jdbc:avatica:remote:url=http://127.0.0.1:" + server.port() +
            "/druid/v2/sql/avatica-protobuf/;serialization=protobuf";
    }

    private List<String> urls()
    {
        return List.of(jsonUrl(), protobufUrl());
    }

    @Test
    void druidUrlsAnswerWithAndWithoutTrailingSlash() throws SQLException
    {
        final String base = "jdbc:avatica:remote:url=http://127.0.0.1:" + server.port();
        for (final String url : List.of(jsonUrl(), protobufUrl(), base + "/druid/v2/sql/avatica",
            base + "/druid/v2/sql/avatica-protobuf;serialization=protobuf", base + "/avatica/",
            base + "/druid/v2/sql/avatica/;serialization=protobuf", base + "/druid/v2/sql/avatica-protobuf/"))
        {
            try (Connection connection = DriverManager.getConnection(url);
                 Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM web"))
            {
                assertThat(result.next()).as(url).isTrue();
                assertThat(result.getLong(1)).as(url).isEqualTo(rows);
            }
        }
    }

    @Test
    void avaticaPathIsNotAQueryToCancel()
    {
        final HttpApi.Answer delete = http.delete("/druid/v2/sql/avatica/");
        assertThat(delete.status()).as(delete.toString()).isEqualTo(405);
        assertThat(http.delete("/druid/v2/sql/some-query-id").status()).isEqualTo(404);
    }

    @Test
    void databaseMetaDataNamesTypesPlainly() throws SQLException
    {
        for (final String url : urls())
        {
            try (Connection connection = DriverManager.getConnection(url))
            {
                final DatabaseMetaData meta = connection.getMetaData();
                assertThat(JdbcTesting.column(meta.getSchemas(), "TABLE_SCHEM")).as(url).contains("druid")
                    .doesNotContain("tally");
                try (ResultSet tables = meta.getTables(null, "druid", "web", null))
                {
                    assertThat(tables.next()).as(url).isTrue();
                    assertThat(tables.getString("TABLE_NAME")).isEqualTo("web");
                    assertThat(tables.getString("TABLE_TYPE")).isEqualTo("TABLE");
                }
                final Map<String, String> typeNames = new LinkedHashMap<>();
                final Map<String, Integer> types = new LinkedHashMap<>();
                try (ResultSet columns = meta.getColumns(null, "druid", "web", "%"))
                {
                    while (columns.next())
                    {
                        typeNames.put(columns.getString("COLUMN_NAME"), columns.getString("TYPE_NAME"));
                        types.put(columns.getString("COLUMN_NAME"), columns.getInt("DATA_TYPE"));
                    }
                }
                assertThat(typeNames).as(url).containsEntry("__time", "TIMESTAMP").containsEntry("country", "VARCHAR")
                    .containsEntry("latency_max", "BIGINT").containsEntry("revenue", "DOUBLE");
                assertThat(types).as(url).containsEntry("__time", Types.TIMESTAMP)
                    .containsEntry("country", Types.VARCHAR).containsEntry("latency_max", Types.BIGINT)
                    .containsEntry("revenue", Types.DOUBLE);

                try (Statement statement = connection.createStatement();
                     ResultSet result = statement.executeQuery(
                         "SELECT __time, country, latency_max, revenue FROM web LIMIT 1"))
                {
                    final ResultSetMetaData columns = result.getMetaData();
                    final List<String> names = new ArrayList<>();
                    for (int c = 1; c <= columns.getColumnCount(); c++)
                    {
                        names.add(columns.getColumnTypeName(c));
                    }
                    assertThat(names).as(url).containsExactly("TIMESTAMP", "VARCHAR", "BIGINT", "DOUBLE");
                }
            }
        }
    }

    /** One parameterized statement, how to bind it, and the same statement with the value written in. */
    private record Binding(String type, String sql, Binder binder, String literal)
    {
    }

    @FunctionalInterface
    private interface Binder
    {
        void bind(PreparedStatement statement) throws SQLException;
    }

    @Test
    void preparedStatementsBindEveryParameterType() throws SQLException
    {
        final long hour = PushTable.START + 3_600_000L;
        final String count = "SELECT COUNT(*) FROM web WHERE ";
        final String inHour = count + "__time >= ? AND __time < TIMESTAMP '2026-01-01 02:00:00'";
        final String literalHour = count + "__time >= TIMESTAMP '2026-01-01 01:00:00' AND " +
            "__time < TIMESTAMP '2026-01-01 02:00:00'";
        // a DATE parameter; CAST(__time AS DATE) in WHERE is not pushed down, and the whole table is over maxRows
        final String sameDay = "SELECT ? = DATE '2026-01-01' AS same FROM web LIMIT 1";
        final String literalSameDay = "SELECT TRUE AS same FROM web LIMIT 1";
        final List<Binding> bindings = List.of(
            new Binding("VARCHAR", count + "country = ?", s -> s.setString(1, "US"), count + "country = 'US'"),
            new Binding("BIGINT", count + "latency_max > ?", s -> s.setLong(1, 400L), count + "latency_max > 400"),
            new Binding("INTEGER", count + "latency_max > ?", s -> s.setInt(1, 400), count + "latency_max > 400"),
            new Binding("DOUBLE", count + "revenue > ?", s -> s.setDouble(1, 2.5), count + "revenue > 2.5"),
            new Binding("FLOAT", count + "revenue > ?", s -> s.setFloat(1, 2.5f), count + "revenue > 2.5"),
            new Binding("DECIMAL", count + "revenue > ?", s -> s.setBigDecimal(1, new BigDecimal("2.5")),
                count + "revenue > 2.5"),
            new Binding("BOOLEAN", "SELECT CASE WHEN ? THEN 7 ELSE 0 END AS b FROM web LIMIT 1",
                s -> s.setBoolean(1, true), "SELECT 7 AS b FROM web LIMIT 1"),
            new Binding("TIMESTAMP as java.sql.Timestamp", inHour, s -> s.setTimestamp(1, new Timestamp(hour)),
                literalHour),
            new Binding("TIMESTAMP as text", inHour, s -> s.setString(1, "2026-01-01 01:00:00"), literalHour),
            new Binding("TIMESTAMP as ISO-8601 text", inHour, s -> s.setString(1, "2026-01-01T01:00:00Z"),
                literalHour),
            new Binding("TIMESTAMP as epoch millis", inHour, s -> s.setLong(1, hour), literalHour),
            new Binding("TIMESTAMP as java.sql.Date", inHour, s -> s.setDate(1, java.sql.Date.valueOf("2026-01-01")),
                literalHour.replace("01:00:00' AND", "00:00:00' AND")),
            new Binding("DATE as java.sql.Date", sameDay, s -> s.setDate(1, java.sql.Date.valueOf("2026-01-01")),
                literalSameDay),
            new Binding("DATE as text", sameDay, s -> s.setString(1, "2026-01-01"), literalSameDay),
            // Tally refuses a NULL parameter compared with "=" (it says to use IS NULL), so it goes where NULL is a value
            new Binding("NULL", "SELECT COALESCE(CAST(? AS VARCHAR), 'none') AS c FROM web LIMIT 1", s -> s.setNull(1, Types.VARCHAR),
                "SELECT 'none' AS c FROM web LIMIT 1"));
        final List<String> failures = new ArrayList<>();
        for (final String url : urls())
        {
            try (Connection connection = DriverManager.getConnection(url))
            {
                for (final Binding binding : bindings)
                {
                    final String what = binding.type() + " over " + url;
                    final List<List<Object>> expected = query(connection, binding.literal());
                    try (PreparedStatement statement = connection.prepareStatement(binding.sql()))
                    {
                        binding.binder().bind(statement);
                        try (ResultSet result = statement.executeQuery())
                        {
                            final List<List<Object>> actual = Rows.of(result);
                            if (!actual.equals(expected))
                            {
                                failures.add(what + ": " + actual + " instead of " + expected);
                            }
                        }
                    }
                    catch (final SQLException ex)
                    {
                        failures.add(what + ": " + ex.getMessage());
                    }
                    if (expected.get(0).get(0) instanceof Long n && !binding.type().equals("NULL"))
                    {
                        assertThat(n).as(what + ": a test that selects something").isPositive();
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void badTimeTextIsADataErrorNamingTheParameter() throws SQLException
    {
        try (Connection connection = DriverManager.getConnection(jsonUrl());
             PreparedStatement statement = connection.prepareStatement("SELECT COUNT(*) FROM web WHERE __time >= ?"))
        {
            statement.setString(1, "yesterday");
            final SQLException error = catchThrowableOfType(statement::executeQuery, SQLException.class);
            assertThat(error.getSQLState()).isEqualTo("22000");
            assertThat(error.getMessage()).contains("parameter[1]").contains("'yesterday'");
        }
    }

    @Test
    void setMaxRowsTruncatesAResultOverTheServersMaxRows() throws SQLException
    {
        for (final String url : urls())
        {
            try (Connection connection = DriverManager.getConnection(url);
                 Statement statement = connection.createStatement())
            {
                statement.setMaxRows(25);
                try (ResultSet result = statement.executeQuery("SELECT * FROM web"))
                {
                    assertThat(Rows.of(result)).as(url).hasSize(25);
                }
                final String ordered = "SELECT __time, country, page, latency_max FROM web " +
                    "ORDER BY latency_max DESC, __time, country, page";
                try (ResultSet result = statement.executeQuery(ordered + " -- a comment to the end"))
                {
                    assertThat(Rows.of(result)).as(url).isEqualTo(query(connection, ordered + " LIMIT 25"));
                }
                // the statement's own LIMIT stands, and the client's limit still applies over it
                try (ResultSet result = statement.executeQuery("SELECT country FROM web LIMIT 100"))
                {
                    assertThat(Rows.of(result)).as(url).hasSize(25);
                }
                statement.setMaxRows(0);
                try (ResultSet result = statement.executeQuery("SELECT country FROM web LIMIT 100"))
                {
                    assertThat(Rows.of(result)).as(url).hasSize(100);
                }
            }
        }
    }

    @Test
    void setFetchSizeReadsAResultOverSeveralFrames() throws SQLException
    {
        final String sql = "SELECT __time, country, page FROM web ORDER BY __time, country, page LIMIT 300";
        for (final String url : urls())
        {
            try (Connection connection = DriverManager.getConnection(url);
                 PreparedStatement statement = connection.prepareStatement(sql))
            {
                final List<List<Object>> whole = query(connection, sql);
                assertThat(whole).hasSize(300);
                statement.setFetchSize(7);
                try (ResultSet result = statement.executeQuery())
                {
                    assertThat(Rows.of(result)).as(url).isEqualTo(whole);
                }
            }
        }
        // what the driver asks for, frame by frame
        final String connection = UUID.randomUUID().toString();
        avatica("{\"request\": \"openConnection\", \"connectionId\": \"" + connection + "\", \"info\": {}}");
        final JsonNode prepared = avatica("{\"request\": \"prepare\", \"connectionId\": \"" + connection +
            "\", \"sql\": \"" + sql + "\", \"maxRowCount\": -1}").path("statement");
        final JsonNode first = avatica("{\"request\": \"execute\", \"statementHandle\": " + prepared +
            ", \"parameterValues\": [], \"maxRowCount\": 7}").path("results").get(0).path("firstFrame");
        assertThat(first.path("rows").size()).isEqualTo(7);
        assertThat(first.path("done").asBoolean()).isFalse();
        final JsonNode next = avatica("{\"request\": \"fetch\", \"connectionId\": \"" + connection +
            "\", \"statementId\": " + prepared.path("id").asInt() + ", \"offset\": 7, \"fetchMaxRowCount\": 7}")
            .path("frame");
        assertThat(next.path("offset").asLong()).isEqualTo(7);
        assertThat(next.path("rows").size()).isEqualTo(7);
    }

    @Test
    void errorsCarryASqlStateByClass() throws SQLException
    {
        final Map<String, String> states = new LinkedHashMap<>();
        states.put("SELEC country FROM web", "42601");
        states.put("SELECT country FROM no_such_table", "42P01");
        states.put("SELECT no_such_column FROM web", "42703");
        states.put("SELECT SUM(country) FROM web", "42000");
        states.put("SELECT COUNT(*) FROM web a CROSS JOIN web b CROSS JOIN web c", "53400");
        for (final String url : urls())
        {
            try (Connection connection = DriverManager.getConnection(url))
            {
                for (final Map.Entry<String, String> expected : states.entrySet())
                {
                    try (Statement statement = connection.createStatement())
                    {
                        final SQLException error = catchThrowableOfType(
                            () -> statement.executeQuery(expected.getKey()), SQLException.class);
                        assertThat((Throwable)error).as(expected.getKey()).isNotNull();
                        assertThat(error.getSQLState()).as(expected.getKey() + ": " + error.getMessage())
                            .isEqualTo(expected.getValue());
                    }
                    final SQLException prepared = catchThrowableOfType(() ->
                    {
                        try (PreparedStatement statement = connection.prepareStatement(expected.getKey()))
                        {
                            statement.executeQuery().close();
                        }
                    }, SQLException.class);
                    assertThat(prepared.getSQLState()).as("prepared " + expected.getKey() + ": " +
                        prepared.getMessage()).isEqualTo(expected.getValue());
                }
                // the connection is still usable after its errors
                assertThat(query(connection, "SELECT COUNT(*) FROM web")).containsExactly(List.of(rows));
            }
        }
    }

    @Test
    void afterARestartAnOldStatementSaysToReconnectAndANewConnectionWorks() throws Exception
    {
        final int port = server.port();
        try (Connection json = DriverManager.getConnection(jsonUrl());
             Connection protobuf = DriverManager.getConnection(protobufUrl());
             PreparedStatement jsonPrepared = json.prepareStatement("SELECT COUNT(*) FROM web WHERE country = ?");
             PreparedStatement protobufPrepared = protobuf.prepareStatement("SELECT COUNT(*) FROM web");
             Statement plain = json.createStatement())
        {
            jsonPrepared.setString(1, "US");
            jsonPrepared.executeQuery().close();
            protobufPrepared.executeQuery().close();

            server.close();
            server = start(port);
            http = new HttpApi(server.port());

            for (final PreparedStatement old : List.of(jsonPrepared, protobufPrepared))
            {
                final SQLException error = catchThrowableOfType(old::executeQuery, SQLException.class);
                assertThat((Throwable)error).isNotNull();
                assertThat(error.getSQLState()).as(error.getMessage()).isEqualTo("08003");
                assertThat(error.getMessage()).contains("no longer exists on the server")
                    .contains("the server restarted").contains("reconnect");
            }
            final SQLException error = catchThrowableOfType(() -> plain.executeQuery("SELECT 1"),
                SQLException.class);
            assertThat(error.getSQLState()).as(error.getMessage()).isEqualTo("08003");
        }
        for (final String url : urls())
        {
            try (Connection fresh = DriverManager.getConnection(url))
            {
                assertThat(query(fresh, "SELECT COUNT(*) FROM web")).containsExactly(List.of(rows));
            }
        }
    }

    @Test
    void aStatementClosedOnTheServerSaysToPrepareItAgain() throws SQLException
    {
        final String connection = UUID.randomUUID().toString();
        avatica("{\"request\": \"openConnection\", \"connectionId\": \"" + connection + "\", \"info\": {}}");
        final JsonNode prepared = avatica("{\"request\": \"prepare\", \"connectionId\": \"" + connection +
            "\", \"sql\": \"SELECT COUNT(*) FROM web\", \"maxRowCount\": -1}").path("statement");
        avatica("{\"request\": \"closeStatement\", \"connectionId\": \"" + connection + "\", \"statementId\": " +
            prepared.path("id").asInt() + "}");
        final HttpApi.Answer answer = http.post("/druid/v2/sql/avatica/", "{\"request\": \"execute\", " +
            "\"statementHandle\": " + prepared + ", \"parameterValues\": [], \"maxRowCount\": 10}");
        assertThat(answer.json().path("sqlState").asText()).as(answer.body()).isEqualTo("26000");
        assertThat(answer.json().path("errorMessage").asText()).contains("prepare it again");
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:avatica:remote:url=http://127.0.0.1:" +
            server.port() + "/druid/v2/sql/no-such-endpoint/")).isInstanceOf(Exception.class);
    }

    private JsonNode avatica(final String request)
    {
        final HttpApi.Answer answer = http.post("/druid/v2/sql/avatica/", request);
        assertThat(answer.status()).as(request + " -> " + answer).isEqualTo(200);
        return answer.json();
    }

    private static List<List<Object>> query(final Connection connection, final String sql) throws SQLException
    {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql))
        {
            return Rows.of(result);
        }
    }
}
