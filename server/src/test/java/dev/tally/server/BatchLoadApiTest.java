package dev.tally.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.ingest.testing.Await;
import dev.tally.server.testing.HttpApi;
import dev.tally.server.testing.PushTable;
import dev.tally.server.testing.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batch load and segment upkeep over HTTP: a replace of an hour from an NDJSON file runs as a task whose progress
 * and outcome {@code GET /v1/tasks/{id}} shows, replaces what pushes put there, and compaction on demand leaves
 * every answer as it was.
 */
class BatchLoadApiTest
{
    private static final long HOUR = 3_600_000L;

    @TempDir
    Path dir;

    @Test
    void replaceAnHourFromAFileThenCompact() throws Exception
    {
        try (TallyServer server = TestServers.start(TestServers.config(dir.resolve("data"))
            .withLoadDirs(List.of(dir.resolve("load")))))
        {
            final HttpApi http = new HttpApi(server.port());
            assertThat(http.post("/v1/tables", PushTable.SPEC).status()).isEqualTo(201);
            // pushed: 3 hours of events; the batch file: other events for the first hour, plus some outside it
            final List<String> pushed = PushTable.events(1, 3 * HOUR, 6_000);
            assertThat(http.post("/v1/tables/web/events", PushTable.ndjson(pushed)).status()).isEqualTo(200);
            http.awaitCount("web", pushed.size(), java.time.Duration.ofSeconds(30));
            final List<String> batch = PushTable.events(2, 2 * HOUR, 4_000);
            final long inFirstHour = batch.stream().filter(e -> e.contains("\"2026-01-01T00:")).count();
            final List<String> lines = new ArrayList<>(batch);
            lines.add("{\"ts\": \"not a time\"}");
            Files.createDirectories(dir.resolve("load"));
            final Path file = Files.write(dir.resolve("load").resolve("hour0.ndjson"), lines);

            final HttpApi.Answer started = http.post("/v1/tables/web/load", "{\"paths\": [\"" + file +
                "\"], \"format\": \"json\", \"interval\": \"2026-01-01T00:00Z/2026-01-01T01:00Z\", \"replace\": true}");
            assertThat(started.status()).as(started.body()).isEqualTo(202);
            final JsonNode task = awaitTask(http, started.json().path("task").asText());
            assertThat(task.path("state").asText()).as(task.toString()).isEqualTo("SUCCEEDED");
            assertThat(task.path("eventsLoaded").asLong()).isEqualTo(inFirstHour);
            assertThat(task.path("eventsSkipped").asLong()).isEqualTo(batch.size() - inFirstHour);
            assertThat(task.path("eventsRejected").asLong()).isEqualTo(1);

            final long pushedLater = pushed.stream().filter(e -> !e.contains("\"2026-01-01T00:")).count();
            final String hourly = "{\"query\": \"SELECT TIME_FLOOR(__time, 'PT1H'), COUNT(*), SUM(revenue) FROM web " +
                "GROUP BY 1 ORDER BY 1\", \"resultFormat\": \"array\"}";
            final JsonNode before = http.post("/v1/sql", hourly).json();
            assertThat(before.get(0).get(1).asLong()).isEqualTo(inFirstHour);
            assertThat(before.get(1).get(1).asLong() + before.get(2).get(1).asLong()).isEqualTo(pushedLater);

            server.tables().get("web").persistNow(java.time.Duration.ofSeconds(30));
            final HttpApi.Answer compacted = http.post("/v1/tables/web/compact", "");
            assertThat(compacted.status()).as(compacted.body()).isEqualTo(200);
            assertThat(http.post("/v1/sql", hourly).json()).isEqualTo(before);
            final JsonNode status = http.get("/v1/tables/web/status").json();
            assertThat(status.path("segments").asInt()).isEqualTo(3);
            assertThat(status.path("lifecycle").has("rollupRatioAfterCompaction")).isTrue();
            assertThat(http.post("/v1/tables/web/retention", "").json().path("segmentsDropped").asInt()).isZero();
        }
    }

    @Test
    void loadRequestsNameTheirMistakes() throws Exception
    {
        try (TallyServer server = TestServers.start(TestServers.config(dir.resolve("data"))
            .withLoadDirs(List.of(dir.resolve("load")))))
        {
            final HttpApi http = new HttpApi(server.port());
            assertThat(http.post("/v1/tables", PushTable.SPEC).status()).isEqualTo(201);
            Files.createDirectories(dir.resolve("load"));
            final Path inside = Files.writeString(dir.resolve("load").resolve("a.ndjson"), "{}\n");
            final Path outside = Files.writeString(dir.resolve("b.ndjson"), "{}\n");
            final String interval = "\"interval\": \"2026-01-01T00:00Z/2026-01-01T01:00Z\"";
            assertError(http.post("/v1/tables/web/load", "{\"paths\": [\"" + outside + "\"], " + interval + "}"),
                403, "outside the directories batch loads may read");
            assertError(http.post("/v1/tables/web/load", "{\"paths\": [\"" + dir.resolve("load/../b.ndjson") +
                "\"], " + interval + "}"), 403, "outside the directories");
            final Path missing = dir.resolve("load").resolve("missing.ndjson");
            assertError(http.post("/v1/tables/web/load", "{\"paths\": [\"" + missing + "\"], " + interval + "}"), 400,
                "paths[0]: no file at '" + missing + "'");
            // outside the load directories, whether a file exists is not told
            assertError(http.post("/v1/tables/web/load", "{\"paths\": [\"/no/such/file\"], " + interval + "}"), 403,
                "outside the directories");
            assertError(http.post("/v1/tables/web/load", "{\"paths\": [], " + interval + "}"), 400, "paths: required");
            assertError(http.post("/v1/tables/web/load", "{\"paths\": [\"" + inside + "\"]}"), 400,
                "interval: required");
            assertError(http.post("/v1/tables/web/load", "{\"paths\": [\"" + inside + "\"], " + interval +
                ", \"format\": \"parquet\"}"), 400, "format[parquet] is not json or csv");
            assertError(http.post("/v1/tables/web/load", "{\"paths\": [\"" + inside + "\"], \"interval\": " +
                "\"2026-01-02T00:00Z/2026-01-01T00:00Z\"}"), 400, "is empty");
            assertError(http.get("/v1/tasks/nope"), 404, "no task with id 'nope'");
        }
    }

    private static void assertError(final HttpApi.Answer answer, final int status, final String message)
    {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.json().path("errorMessage").asText()).contains(message);
    }

    private static JsonNode awaitTask(final HttpApi http, final String id) throws InterruptedException
    {
        return Await.latest(Duration.ofSeconds(60), () -> http.get("/v1/tasks/" + id).json(),
            task -> !task.path("state").asText().equals("RUNNING"));
    }
}
