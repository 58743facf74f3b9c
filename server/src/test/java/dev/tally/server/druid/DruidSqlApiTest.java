package dev.tally.server.druid;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.server.testing.HttpApi;
import dev.tally.server.testing.LoadedServer;
import dev.tally.server.testing.Rows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Druid's SQL API beyond the statement: the context keys ({@code sqlTimeZone}, {@code sqlOuterLimit}), the header
 * that says a header row is included, typed parameters, {@code GET /status}, and the errors for what is bad or not
 * there ({@code sys}, an unknown zone, a limit that is no number).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DruidSqlApiTest
{
    @TempDir
    static Path dir;

    private LoadedServer loaded;
    private HttpApi http;

    @BeforeAll
    void start() throws Exception
    {
        loaded = LoadedServer.start(dir, 5, 5_000);
        http = loaded.http();
    }

    @AfterAll
    void stop() throws Exception
    {
        if (loaded != null)
        {
            loaded.close();
        }
    }

    private HttpApi.Answer druidSql(final String body)
    {
        return http.post("/druid/v2/sql/", body);
    }

    @Test
    void theHeaderRowIsAnnouncedInEveryFormat()
    {
        for (final String format : new String[] {"object", "array", "objectLines", "arrayLines", "csv"})
        {
            final HttpApi.Answer with = druidSql("{\"query\": \"SELECT COUNT(*) AS \\\"count\\\" FROM web\", " +
                "\"resultFormat\": \"" + format + "\", \"header\": true, \"typesHeader\": true}");
            assertThat(with.status()).as(with.body()).isEqualTo(200);
            assertThat(with.header("X-Druid-SQL-Header-Included")).as(format).isEqualTo("yes");
            assertThat(with.body()).as(format).contains("count").contains("LONG");
            final HttpApi.Answer without = druidSql("{\"query\": \"SELECT COUNT(*) FROM web\", \"resultFormat\": \"" +
                format + "\"}");
            assertThat(without.header("X-Druid-SQL-Header-Included")).as(format).isNull();
        }
    }

    @Test
    void sqlTimeZoneMovesTheDefaultZoneOfTimeFunctions() throws Exception
    {
        final String query = "SELECT TIME_FLOOR(__time, 'P1D') AS d, TIME_FORMAT(MIN(__time), 'HH:mm') AS f, " +
            "COUNT(*) AS n FROM web GROUP BY 1 ORDER BY 1";
        final HttpApi.Answer tokyo = druidSql("{\"query\": \"" + query + "\", \"resultFormat\": \"array\", " +
            "\"context\": {\"sqlTimeZone\": \"Asia/Tokyo\"}}");
        assertThat(tokyo.status()).as(tokyo.body()).isEqualTo(200);
        // the events span 00:00-06:00 UTC on 2026-01-01: 09:00-15:00 in Tokyo, one local day starting at 15:00 UTC
        assertThat(Rows.ofArrays(tokyo.json(), 0)).containsExactly(
            java.util.List.of(java.time.Instant.parse("2025-12-31T15:00:00Z").toEpochMilli(), "09:00", 5_000L));
        final HttpApi.Answer utc = druidSql("{\"query\": \"" + query + "\", \"resultFormat\": \"array\"}");
        assertThat(Rows.ofArrays(utc.json(), 0).get(0).get(1)).isEqualTo("00:00");
        final HttpApi.Answer bad = druidSql("{\"query\": \"" + query + "\", \"context\": {\"sqlTimeZone\": " +
            "\"Mars/Olympus\"}}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("errorMessage").asText()).contains("context.sqlTimeZone")
            .contains("Mars/Olympus");
    }

    @Test
    void sqlOuterLimitCutsTheResult()
    {
        final HttpApi.Answer cut = druidSql("{\"query\": \"SELECT page, __time FROM web\", \"resultFormat\": " +
            "\"array\", \"context\": {\"sqlOuterLimit\": 7, \"maxRows\": 10}}");
        assertThat(cut.status()).as(cut.body()).isEqualTo(200);
        assertThat(cut.json().size()).isEqualTo(7);
        final HttpApi.Answer semicolon = druidSql("{\"query\": \"SELECT country FROM web GROUP BY 1 -- countries\\n" +
            ";\", \"resultFormat\": \"array\", \"context\": {\"sqlOuterLimit\": 2}}");
        assertThat(semicolon.status()).as(semicolon.body()).isEqualTo(200);
        assertThat(semicolon.json().size()).isEqualTo(2);
        // the limit follows the statement: its ORDER BY holds (a subquery wrapper may drop it)
        final HttpApi.Answer top = druidSql("{\"query\": \"SELECT page, COUNT(*) AS n FROM web GROUP BY 1 " +
            "ORDER BY n DESC, page\", \"resultFormat\": \"array\", \"context\": {\"sqlOuterLimit\": 3}}");
        final HttpApi.Answer all = druidSql("{\"query\": \"SELECT page, COUNT(*) AS n FROM web GROUP BY 1 " +
            "ORDER BY n DESC, page\", \"resultFormat\": \"array\"}");
        assertThat(top.json().size()).isEqualTo(3);
        for (int r = 0; r < 3; r++)
        {
            assertThat(top.json().get(r)).isEqualTo(all.json().get(r));
        }
        // a statement with a LIMIT of its own runs as written, cut to the outer limit
        final HttpApi.Answer own = druidSql("{\"query\": \"SELECT page FROM web ORDER BY page LIMIT 50\", " +
            "\"resultFormat\": \"array\", \"context\": {\"sqlOuterLimit\": 4}}");
        assertThat(own.status()).as(own.body()).isEqualTo(200);
        assertThat(own.json().size()).isEqualTo(4);
        final HttpApi.Answer bad = druidSql("{\"query\": \"SELECT 1\", \"context\": {\"sqlOuterLimit\": \"ten\"}}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("errorMessage").asText()).contains("context.sqlOuterLimit");
    }

    @Test
    void typedParametersStandWhereLiteralsDo()
    {
        final HttpApi.Answer answer = druidSql("{\"query\": \"SELECT COUNT(*) FROM web WHERE __time >= TIME_PARSE(?) " +
            "AND __time < ? AND country = ? AND latency_max > ?\", \"resultFormat\": \"array\", \"parameters\": [" +
            "{\"type\": \"VARCHAR\", \"value\": \"2026-01-01T01:00:00\"}, " +
            "{\"type\": \"TIMESTAMP\", \"value\": \"2026-01-01 02:00:00\"}, " +
            "{\"type\": \"VARCHAR\", \"value\": \"US\"}, {\"type\": \"VARCHAR\", \"value\": \"10\"}]}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get(0).get(0).asLong()).isPositive();
        final HttpApi.Answer date = druidSql("{\"query\": \"SELECT COUNT(*) FROM web WHERE CAST(__time AS DATE) = ?\"" +
            ", \"resultFormat\": \"array\", \"parameters\": [{\"type\": \"DATE\", \"value\": \"2026-01-01\"}]}");
        assertThat(date.status()).as(date.body()).isEqualTo(200);
        assertThat(date.json().get(0).get(0).asLong()).isEqualTo(5_000L);
        final HttpApi.Answer bad = druidSql("{\"query\": \"SELECT COUNT(*) FROM web WHERE latency_max > ?\", " +
            "\"parameters\": [{\"type\": \"VARCHAR\", \"value\": \"many\"}]}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("errorMessage").asText()).contains("parameter 1: 'many' cannot be read as BIGINT");
    }

    @Test
    void dateResultsAreTheirUtcMidnight()
    {
        final HttpApi.Answer answer = druidSql("{\"query\": \"SELECT CAST(__time AS DATE) AS d, COUNT(*) FROM web " +
            "GROUP BY 1\", \"resultFormat\": \"array\", \"header\": true, \"sqlTypesHeader\": true}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        final JsonNode rows = answer.json();
        assertThat(rows.get(1).get(0).asText()).isEqualTo("DATE");
        assertThat(rows.get(2).get(0).asText()).isEqualTo("2026-01-01T00:00:00.000Z");
    }

    @Test
    void statusAnswersDruidsVersionProbe()
    {
        final HttpApi.Answer status = http.get("/status");
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().path("version").asText()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(status.json().path("memory").path("maxMemory").asLong()).isPositive();
        assertThat(http.get("/status/health").body()).isEqualTo("{\"status\":\"ok\"}");
    }

    @Test
    void whatTallyLacksIsRefusedWithAReason()
    {
        final HttpApi.Answer sys = druidSql("{\"query\": \"SELECT * FROM sys.segments\"}");
        assertThat(sys.status()).isEqualTo(400);
        assertThat(sys.json().path("errorMessage").asText()).contains("schema 'sys'")
            .contains("/v1/tables/{table}/status");
        final HttpApi.Answer cancel = http.delete("/druid/v2/sql/no-such-query");
        assertThat(cancel.status()).isEqualTo(404);
        final HttpApi.Answer unicode = druidSql("{\"query\": \"SELECT COUNT(*) FROM web WHERE page LIKE " +
            "'%\\uD83D\\uDE00%' OR country = '\u00e9'\", \"resultFormat\": \"array\"}");
        assertThat(unicode.status()).as(unicode.body()).isEqualTo(200);
        assertThat(unicode.json().get(0).get(0).asLong()).isZero();
    }
}
