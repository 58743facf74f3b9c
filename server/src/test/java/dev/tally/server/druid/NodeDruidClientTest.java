package dev.tally.server.druid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.server.testing.HttpApi;
import dev.tally.server.testing.LoadedServer;
import dev.tally.server.testing.Rows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Druid client nobody here wrote: Cube's Druid driver ({@code @cubejs-backend/druid-driver}, pinned in
 * {@code server/src/test/node/druid-client/package-lock.json}) run by node against a real server on a loopback port.
 * The driver posts to {@code /druid/v2/sql/} with {@code header} and {@code sqlTypesHeader} in the {@code object}
 * format and takes the first element as the header only when {@code X-Druid-SQL-Header-Included} says so; its typed
 * answers must equal DuckDB's over the same raw events, with no header mixed into the rows. The node client must be
 * installed ({@code npm ci --prefix server/src/test/node/druid-client --ignore-scripts}); without it the class fails
 * saying so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeDruidClientTest
{
    private static final int EVENTS = 20_000;

    @TempDir
    static Path dir;

    private NodeDruidClient client;
    private LoadedServer loaded;

    @BeforeAll
    void startAndLoad() throws Exception
    {
        client = NodeDruidClient.installed(dir);
        loaded = LoadedServer.start(dir, 23, EVENTS);
    }

    @AfterAll
    void stop() throws Exception
    {
        if (loaded != null)
        {
            loaded.close();
        }
    }

    @Test
    void queryReturnsRowsWithoutTheHeaderRow() throws Exception
    {
        final String sql = "SELECT COUNT(*) AS events, SUM(revenue) AS revenue FROM web";
        final NodeDruidClient.Answer answer = one(request("total", "query", sql));

        assertThat(answer.result()).as(answer.toString()).hasSize(1);
        assertThat(answer.result().get(0).path("events").isIntegralNumber()).as(answer.toString()).isTrue();
        Rows.assertSameRows(sql, rows(answer.result()),
            loaded.duckDb().query("SELECT COUNT(*), SUM(revenue) FROM raw"));
        assertThat(answer.sent()).containsExactly(sql);
    }

    @Test
    void downloadQueryResultsTypesColumnsFromTheSqlTypesHeader() throws Exception
    {
        final String sql = "SELECT country, COUNT(*) AS events, SUM(revenue) AS revenue, MAX(latency_max) AS slowest " +
            "FROM web GROUP BY country ORDER BY events DESC, country LIMIT 10";
        final NodeDruidClient.Answer answer = one(request("by country", "downloadQueryResults", sql));

        assertThat(types(answer)).containsExactly(Map.entry("country", "text"), Map.entry("events", "bigint"),
            Map.entry("revenue", "double"), Map.entry("slowest", "bigint"));
        Rows.assertSameRows(sql, rows(answer.result().path("rows")), loaded.duckDb().query(
            "SELECT country, COUNT(*) AS events, SUM(revenue), MAX(latency_ms) FROM raw GROUP BY country " +
            "ORDER BY events DESC, country LIMIT 10"));
    }

    @Test
    void timeBucketsAreTimestampsAndParametersBindAsVarchar() throws Exception
    {
        // the driver binds every parameter as {"type": "VARCHAR", "value": ...}
        final String sql = "SELECT DATE_TRUNC('hour', __time) AS hour_start, COUNT(*) AS events, " +
            "SUM(latency_sum) AS latency FROM web WHERE device = ? AND country = ? GROUP BY 1 ORDER BY 1";
        final ObjectNode request = request("hourly", "downloadQueryResults", sql);
        request.putArray("params").add("mobile").add("US");
        final NodeDruidClient.Answer answer = one(request);

        assertThat(types(answer)).containsExactly(Map.entry("hour_start", "timestamp"),
            Map.entry("events", "bigint"), Map.entry("latency", "bigint"));
        final JsonNode rows = answer.result().path("rows");
        assertThat(rows.get(0).path("hour_start").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:00:00\\.000Z");
        Rows.assertSameRows(sql, rows(rows, "hour_start"), loaded.duckDb().query(
            "SELECT date_trunc('hour', ts), COUNT(*), SUM(latency_ms) FROM raw WHERE device = 'mobile' AND " +
            "country = 'US' GROUP BY 1 ORDER BY 1"));
    }

    @Test
    void aQueryInCubesDruidDialect() throws Exception
    {
        // written as Cube's DruidQuery renders one (its query compiler needs Cube's native module, which npm cannot
        // fetch here): aliases double-quoted by BaseQuery, DATE_TRUNC for a time dimension, TIME_PARSE(?) for a date
        // range bound as ISO strings
        final String sql = "SELECT \"web\".country \"web__country\", DATE_TRUNC('day', \"web\".__time) " +
            "\"web__time_day\", count(*) \"web__count\" FROM web AS \"web\" WHERE (\"web\".__time >= TIME_PARSE(?) " +
            "AND \"web\".__time <= TIME_PARSE(?)) GROUP BY 1, 2 ORDER BY 3 DESC, 1 LIMIT 10000";
        final ObjectNode request = request("cube dialect", "downloadQueryResults", sql);
        request.putArray("params").add("2026-01-01T00:00:00.000Z").add("2026-01-01T02:59:59.999Z");
        final NodeDruidClient.Answer answer = one(request);

        assertThat(types(answer)).containsExactly(Map.entry("web__country", "text"),
            Map.entry("web__time_day", "timestamp"), Map.entry("web__count", "bigint"));
        Rows.assertSameRows(sql, rows(answer.result().path("rows"), "web__time_day"), loaded.duckDb().query(
            "SELECT country, date_trunc('day', ts), COUNT(*) FROM raw WHERE ts >= TIMESTAMP '2026-01-01 00:00:00' " +
            "AND ts <= TIMESTAMP '2026-01-01 02:59:59.999' GROUP BY 1, 2 ORDER BY 3 DESC, 1"));
    }

    @Test
    void tablesSchemaListsTheTableAndItsColumnsInSchemaDruid() throws Exception
    {
        // Cube's own introspection: INFORMATION_SCHEMA.COLUMNS with double-quoted aliases, grouped by TABLE_SCHEMA
        final NodeDruidClient.Answer answer = one(request("tablesSchema", "tablesSchema", null));

        assertThat(answer.result().fieldNames()).as(answer.toString()).toIterable().containsExactly("druid");
        final Map<String, String> columns = new LinkedHashMap<>();
        answer.result().path("druid").path("web").forEach(column ->
            columns.put(column.path("name").asText(), column.path("type").asText()));
        assertThat(columns).as(answer.toString()).containsEntry("__time", "TIMESTAMP")
            .containsEntry("country", "VARCHAR").containsEntry("count", "BIGINT").containsEntry("revenue", "DOUBLE")
            .containsEntry("latency_max", "BIGINT").containsKeys("device", "os", "browser", "page", "referrer");
        assertThat(columns.keySet()).as(answer.toString()).isEqualTo(informationSchemaColumns());
    }

    @Test
    void getTablesQueryListsTheTableInSchemaDruid() throws Exception
    {
        final ObjectNode request = request("tables", "getTablesQuery", null);
        request.put("schema", "druid");
        final NodeDruidClient.Answer answer = one(request);

        assertThat(answer.result()).as(answer.toString()).hasSize(1);
        assertThat(answer.result().get(0).path("TABLE_NAME").asText()).as(answer.toString()).isEqualTo("web");
    }

    private NodeDruidClient.Answer one(final ObjectNode request) throws Exception
    {
        final ArrayNode requests = NodeDruidClient.json().createArrayNode().add(request);
        final NodeDruidClient.Answer answer = client.run("http://127.0.0.1:" + loaded.port(), requests).get(0);
        assertThat(answer.isOk()).as(answer.toString()).isTrue();
        return answer;
    }

    private static ObjectNode request(final String name, final String call, final String sql)
    {
        final ObjectNode request = NodeDruidClient.json().createObjectNode().put("name", name).put("call", call);
        return sql == null ? request : request.put("sql", sql);
    }

    /** {@code downloadQueryResults}' column types: name to Cube's generic type, in order. */
    private static List<Map.Entry<String, String>> types(final NodeDruidClient.Answer answer)
    {
        final List<Map.Entry<String, String>> types = new ArrayList<>();
        answer.result().path("types").forEach(type ->
            types.add(Map.entry(type.path("name").asText(), type.path("type").asText())));
        return types;
    }

    /**
     * The driver's row objects as lists in column order: numbers stay numbers (Long or Double), strings strings, and
     * the named timestamp columns (ISO-8601 strings) become epoch millis. A header row would not survive this.
     */
    private static List<List<Object>> rows(final JsonNode objects, final String... timeColumns)
    {
        final Set<String> times = Set.of(timeColumns);
        final List<List<Object>> rows = new ArrayList<>();
        for (final JsonNode object : objects)
        {
            final List<Object> row = new ArrayList<>();
            for (final Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); )
            {
                final Map.Entry<String, JsonNode> field = fields.next();
                final JsonNode value = field.getValue();
                assertThat(value.isValueNode()).as("column " + field.getKey() + " of " + object).isTrue();
                row.add(value.isNull() ? null : times.contains(field.getKey()) ?
                    (Object)Instant.parse(value.asText()).toEpochMilli() :
                    value.isIntegralNumber() ? (Object)value.asLong() :
                    value.isNumber() ? (Object)value.asDouble() : value.asText());
            }
            rows.add(row);
        }
        return rows;
    }

    /** The table's columns as the server's INFORMATION_SCHEMA lists them over plain HTTP. */
    private Set<String> informationSchemaColumns()
    {
        final HttpApi.Answer answer = loaded.http().sql(
            "SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'web'", "array");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        final Set<String> columns = new TreeSet<>();
        answer.json().forEach(row -> columns.add(row.get(0).asText()));
        return columns;
    }
}
