package dev.tally.server;

import dev.tally.server.testing.DashboardLoad;
import dev.tally.server.testing.HttpApi;
import dev.tally.server.testing.PushTable;
import dev.tally.server.testing.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 16 HTTP clients run the dashboard query set for 30 s while events are pushed: every answer is a 200 and every
 * pushed event is counted afterwards. The figures it prints are informational; benchmarks/RESULTS.md has the ones
 * measured by the benchmark command.
 */
class ServerLoadTest
{
    @TempDir
    Path dir;

    @Test
    void sixteenClientsWhileIngestingGetOnlyCorrectAnswers() throws Exception
    {
        try (TallyServer server = TestServers.start(TestServers.config(dir)))
        {
            final HttpApi http = new HttpApi(server.port());
            assertThat(http.post("/v1/tables", PushTable.spec("events")).status()).isEqualTo(201);
            final List<String> events = PushTable.events(3, 6 * 3_600_000L, 200_000);
            for (int from = 0; from < 150_000; from += 10_000)
            {
                assertThat(http.post("/v1/tables/events/events", PushTable.ndjson(events.subList(from, from + 10_000)))
                    .status()).isEqualTo(200);
            }
            final AtomicLong pushed = new AtomicLong(150_000);
            final AtomicInteger next = new AtomicInteger(150_000);
            // the last 50k events, 1,000 every 50 ms: a steady trickle while the dashboards run
            final ScheduledExecutorService pusher = Executors.newSingleThreadScheduledExecutor();
            pusher.scheduleAtFixedRate(() ->
            {
                final int from = next.getAndAdd(1_000);
                if (from < events.size())
                {
                    final HttpApi.Answer answer = http.post("/v1/tables/events/events",
                        PushTable.ndjson(events.subList(from, from + 1_000)));
                    if (answer.status() == 200)
                    {
                        pushed.addAndGet(answer.json().path("accepted").asLong());
                    }
                }
            }, 0, 50, TimeUnit.MILLISECONDS);
            final DashboardLoad.Figures figures = DashboardLoad.run(http,
                DashboardLoad.queries("events", "2026-01-01 03:00:00"), 16, 30_000);
            pusher.shutdown();
            assertThat(pusher.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            System.out.println("dashboard load, 16 clients while pushing: " + figures);
            assertThat(figures.errors()).isEmpty();
            assertThat(figures.queries()).isPositive();
            assertThat(http.awaitCount("events", pushed.get(), java.time.Duration.ofSeconds(30))).isEqualTo(pushed.get());
        }
    }
}
