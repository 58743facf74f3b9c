package dev.tally.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.server.testing.DuckDb;
import dev.tally.server.testing.HttpApi;
import dev.tally.server.testing.LoadedServer;
import dev.tally.server.testing.OracleQueries;
import dev.tally.server.testing.PushTable;
import dev.tally.server.testing.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real server on a loopback port: create a push table, push generated events over HTTP, and query them in every
 * result format; answers are compared with DuckDB's over the same raw events. Restart keeps every event.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerApiTest
{
    private static final int EVENTS = 30_000;

    @TempDir
    static Path dir;

    private LoadedServer loaded;
    private TallyServer server;
    private HttpApi http;
    private List<String> events;
    private DuckDb duckDb;

    @BeforeAll
    void startAndLoad() throws Exception
    {
        loaded = LoadedServer.start(dir, 42, EVENTS);
        server = loaded.server();
        http = loaded.http();
        events = loaded.events();
        duckDb = loaded.duckDb();
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
    void answersEqualDuckDbs() throws Exception
    {
        OracleQueries.assertSameAsDuckDb(http, duckDb);
    }

    @Test
    void parametersBindLikeTheDruidApi() throws Exception
    {
        final HttpApi.Answer answer = http.post("/druid/v2/sql", """
            {"query": "SELECT COUNT(*) FROM web WHERE device = ? AND latency_max > ?",
             "parameters": [{"type": "VARCHAR", "value": "mobile"}, {"type": "BIGINT", "value": 100}],
             "resultFormat": "array"}
            """);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        // a filter on a rolled-up metric keeps the rows (minute and dimensions) whose max passes: ask DuckDB the same
        final long expected = (Long)duckDb.query("SELECT COALESCE(SUM(n), 0) FROM (SELECT COUNT(*) AS n FROM raw " +
            "WHERE device = 'mobile' GROUP BY date_trunc('minute', ts), country, device, os, browser, page, " +
            "referrer HAVING MAX(latency_ms) > 100)").get(0).get(0);
        assertThat(answer.json().get(0).get(0).asLong()).isEqualTo(expected);
    }

    @Test
    void everyResultFormatHasItsShape()
    {
        final String query = "SELECT device, COUNT(*) AS n FROM web WHERE device IN ('mobile', 'tablet') " +
            "GROUP BY device ORDER BY device";
        final JsonNode arrays = sql(query, "array", false, false, false).json();
        final long mobile = arrays.get(0).get(1).asLong();
        final long tablet = arrays.get(1).get(1).asLong();
        assertThat(mobile + tablet).isPositive();

        assertThat(sql(query, "object", false, false, false).body())
            .isEqualTo("[{\"device\":\"mobile\",\"n\":" + mobile + "},{\"device\":\"tablet\",\"n\":" + tablet + "}]");
        assertThat(sql(query, "object", true, true, true).body())
            .isEqualTo("[{\"device\":{\"type\":\"STRING\",\"sqlType\":\"VARCHAR\"},\"n\":{\"type\":\"LONG\"," +
                "\"sqlType\":\"BIGINT\"}},{\"device\":\"mobile\",\"n\":" + mobile + "},{\"device\":\"tablet\",\"n\":" +
                tablet + "}]");
        assertThat(sql(query, "object", true, false, false).body())
            .startsWith("[{\"device\":null,\"n\":null},");
        assertThat(sql(query, "array", true, true, true).body())
            .isEqualTo("[[\"device\",\"n\"],[\"STRING\",\"LONG\"],[\"VARCHAR\",\"BIGINT\"],[\"mobile\"," + mobile +
                "],[\"tablet\"," + tablet + "]]");
        assertThat(sql(query, "objectLines", false, false, false).body())
            .isEqualTo("{\"device\":\"mobile\",\"n\":" + mobile + "}\n{\"device\":\"tablet\",\"n\":" + tablet +
                "}\n\n");
        assertThat(sql(query, "arrayLines", true, false, false).body())
            .isEqualTo("[\"device\",\"n\"]\n[\"mobile\"," + mobile + "]\n[\"tablet\"," + tablet + "]\n\n");
        final HttpApi.Answer csv = sql(query, "csv", true, false, true);
        assertThat(csv.body()).isEqualTo("device,n\nVARCHAR,BIGINT\nmobile," + mobile + "\ntablet," + tablet + "\n\n");
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
    }

    @Test
    void timestampsAreIsoUtcWithMillis()
    {
        final HttpApi.Answer answer = sql("SELECT MIN(TIME_FLOOR(__time, 'PT1H')) FROM web", "array", false, false,
            false);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get(0).get(0).asText()).isEqualTo("2026-01-01T00:00:00.000Z");
    }

    @Test
    void queryIdComesBackAndNamesTheQuery()
    {
        final HttpApi.Answer answer = http.post("/v1/sql",
            "{\"query\": \"SELECT 1\", \"context\": {\"queryId\": \"dash-17\"}}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.header("X-Tally-Query-Id")).isEqualTo("dash-17");
        assertThat(answer.header("X-Druid-SQL-Query-Id")).isEqualTo("dash-17");
        assertThat(http.sql("SELECT 1").header("X-Tally-Query-Id")).isNotBlank();
    }

    @Test
    void tableApiListsGetsAndReportsStatus()
    {
        assertThat(http.get("/v1/tables").json().get(0).path("name").asText()).isEqualTo("web");
        assertThat(http.get("/v1/tables/web").json().path("rollup").asText()).isEqualTo("PT1M");
        assertThat(http.post("/v1/tables", PushTable.SPEC).status()).isEqualTo(409);
        final JsonNode status = http.get("/v1/tables/web/status").json();
        assertThat(status.path("table").asText()).isEqualTo("web");
        assertThat(status.path("eventsIn").asLong()).isEqualTo(EVENTS);
        assertThat(status.path("rows").asLong()).isBetween(1L, (long)EVENTS);
        for (final String field : List.of("rollupRatio", "segments", "lastPersist", "parseErrors", "samples",
            "partitions"))
        {
            assertThat(status.has(field)).as(field + " in " + status).isTrue();
        }
    }

    @Test
    void healthAndMetricsAnswer()
    {
        assertThat(http.get("/status/health").body()).isEqualTo("{\"status\":\"ok\"}");
        http.sql("SELECT COUNT(*) FROM web");
        final String metrics = http.get("/metrics").body();
        assertThat(metrics).contains("tally_sql_queries_total{outcome=\"ok\"}", "tally_sql_query_seconds_bucket",
            "tally_ingest_events_total{table=\"web\"} " + EVENTS, "tally_push_events_total", "jvm_memory_used_bytes",
            "tally_http_requests_total{route=\"/v1/sql\",status=\"200\"}");
    }

    @Test
    void everyEventSurvivesARestartAndADroppedTableIsGone() throws Exception
    {
        final Path data = dir.resolve("restart");
        final List<String> few = events.subList(0, 2_000);
        try (TallyServer first = TestServers.start(TestServers.config(data)))
        {
            final HttpApi api = new HttpApi(first.port());
            assertThat(api.post("/v1/tables", PushTable.spec("again")).status()).isEqualTo(201);
            assertThat(api.post("/v1/tables/again/events", PushTable.ndjson(few)).status()).isEqualTo(200);
        }
        try (TallyServer second = TestServers.start(TestServers.config(data)))
        {
            final HttpApi api = new HttpApi(second.port());
            assertThat(api.awaitCount("again", few.size(), Duration.ofSeconds(30))).isEqualTo(few.size());
            assertThat(api.delete("/v1/tables/again").status()).isEqualTo(200);
            final HttpApi.Answer gone = api.sql("SELECT COUNT(*) FROM again");
            assertThat(gone.status()).isEqualTo(400);
            assertThat(gone.json().path("errorMessage").asText()).contains("'again' not found");
        }
        assertThat(data.resolve("tables").toFile().list()).isEmpty();
    }

    private HttpApi.Answer sql(final String query, final String format, final boolean header, final boolean types,
        final boolean sqlTypes)
    {
        return http.post("/v1/sql", "{\"query\": " + quote(query) + ", \"resultFormat\": \"" + format +
            "\", \"header\": " + header + ", \"typesHeader\": " + types + ", \"sqlTypesHeader\": " + sqlTypes + "}");
    }

    static String quote(final String text)
    {
        return "\"" + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(text)) +
            "\"";
    }
}
