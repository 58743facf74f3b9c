package dev.tally.server.reliability;

import dev.tally.server.TallyServer;
import dev.tally.server.testing.HttpApi;
import dev.tally.server.testing.PushTable;
import dev.tally.server.testing.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code http.idleTimeoutMillis} closes a keep-alive connection that sits unused, but never one whose query is still
 * running: a query longer than the idle timeout answers on its own connection.
 */
class IdleConnectionTest
{
    private static final long IDLE_MILLIS = 200;

    @TempDir
    Path dir;

    @Test
    void idleConnectionsCloseButRunningQueriesKeepTheirs() throws Exception
    {
        try (TallyServer server = TestServers.start(TestServers.config(dir).withIdleTimeoutMillis(IDLE_MILLIS)))
        {
            final HttpApi http = new HttpApi(server.port());
            assertThat(http.post("/v1/tables", PushTable.SPEC).status()).isEqualTo(201);
            assertThat(http.post("/v1/tables/web/events", PushTable.ndjson(PushTable.events(5, 3_600_000, 5_000)))
                .status()).isEqualTo(200);
            http.awaitCount("web", 5_000, Duration.ofSeconds(30));

            try (RawHttp idle = RawHttp.open(server.port()))
            {
                idle.send("GET /status/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                assertThat(idle.read(Duration.ofSeconds(10)).status()).isEqualTo(200);
                assertThat(idle.awaitClosed(Duration.ofSeconds(10))).as("an unused keep-alive connection").isTrue();
            }

            // some 25 million pairs through a nested loop, none matching: seconds of work, no byte on the wire
            final String body = "{\"query\": \"SELECT COUNT(*) FROM web a JOIN web b ON a.page || b.os = 'never'\"}";
            try (RawHttp busy = RawHttp.open(server.port()))
            {
                final long start = System.nanoTime();
                busy.send("POST /v1/sql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
                    "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body);
                final RawHttp.Response answer = busy.read(Duration.ofSeconds(60));
                final long millis = (System.nanoTime() - start) / 1_000_000;
                assertThat(answer).as("the query's answer on its own connection").isNotNull();
                assertThat(answer.status()).as(answer.body()).isEqualTo(200);
                assertThat(millis).as("the query outlasted the idle timeout").isGreaterThan(2 * IDLE_MILLIS);
                System.out.printf("IdleConnectionTest: a %d ms query kept its connection (idle timeout %d ms)%n",
                    millis, IDLE_MILLIS);
            }
        }
    }
}
