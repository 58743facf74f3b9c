package dev.tally.server;

import dev.tally.ingest.testing.ChildJvm;
import dev.tally.server.cli.Main;
import dev.tally.server.testing.HttpApi;
import dev.tally.server.testing.PushTable;
import dev.tally.storage.catalog.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/tally start} in a child JVM: SIGTERM makes it persist and commit every event it holds in memory before
 * it exits, so the committed segments hold every pushed event and nothing needs replaying at the next start.
 */
class ShutdownTest
{
    @TempDir
    Path dir;

    @Test
    void sigtermPersistsAndCommitsEverything() throws Exception
    {
        final Path data = dir.resolve("data");
        final ChildJvm child = ChildJvm.start(Main.class, List.of("start", "--port", "0", "--data-dir",
            data.toString()), dir.resolve("stderr.txt"));
        final int exitCode;
        try
        {
            final String serving = child.awaitLineStartingWith("Tally is serving http://127.0.0.1:");
            final int port = Integer.parseInt(serving.replaceAll("^Tally is serving http://127\\.0\\.0\\.1:(\\d+)/.*",
                "$1"));
            final HttpApi http = new HttpApi(port);
            assertThat(http.post("/v1/tables", PushTable.SPEC).status()).isEqualTo(201);
            final List<String> events = PushTable.events(11, 3_600_000L, 5_000);
            assertThat(http.post("/v1/tables/web/events", PushTable.ndjson(events)).status()).isEqualTo(200);
            assertThat(http.awaitCount("web", events.size(), java.time.Duration.ofSeconds(30))).isEqualTo(events.size());
            assertThat(http.get("/v1/tables/web/status").json().path("committedEvents").asLong()).isZero();
        }
        finally
        {
            exitCode = child.terminate();
        }
        // 143 = terminated by SIGTERM once the shutdown hook has finished
        assertThat(exitCode).isIn(0, 143);
        assertThat(Files.readString(dir.resolve("stderr.txt"))).contains("every table persisted and committed");
        assertThat(Catalog.open(data.resolve("tables").resolve("web")).snapshot().totalEvents()).isEqualTo(5_000);
    }
}
