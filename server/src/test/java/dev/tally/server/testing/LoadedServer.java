package dev.tally.server.testing;

import dev.tally.server.ServerConfig;
import dev.tally.server.TallyServer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The end-to-end tests' fixture: a test server whose push table {@code web} holds generated events (pushed over HTTP
 * and counted by SQL), and DuckDB holding the same raw events as the oracle.
 */
public record LoadedServer(TallyServer server, HttpApi http, List<String> events, DuckDb duckDb)
    implements AutoCloseable
{
    private static final int BATCH = 10_000;
    private static final long WINDOW_MILLIS = 6 * 3_600_000L;

    /** Starts a server on a free port with its data under {@code dir}, and loads {@code count} events. */
    public static LoadedServer start(final Path dir, final long seed, final int count) throws Exception
    {
        return start(dir, seed, count, UnaryOperator.identity());
    }

    /** The same, with the test config changed by {@code configure} (e.g. the PostgreSQL listener turned on). */
    public static LoadedServer start(final Path dir, final long seed, final int count,
        final UnaryOperator<ServerConfig> configure) throws Exception
    {
        final TallyServer server = TestServers.start(configure.apply(TestServers.config(dir.resolve("data"))));
        try
        {
            final HttpApi http = new HttpApi(server.port());
            final List<String> events = PushTable.events(seed, WINDOW_MILLIS, count);
            assertThat(http.post("/v1/tables", PushTable.SPEC).status()).isEqualTo(201);
            for (int from = 0; from < count; from += BATCH)
            {
                final int to = Math.min(count, from + BATCH);
                final HttpApi.Answer pushed = http.post("/v1/tables/web/events",
                    PushTable.ndjson(events.subList(from, to)));
                assertThat(pushed.status()).as(pushed.body()).isEqualTo(200);
                assertThat(pushed.json().path("accepted").asInt()).isEqualTo(to - from);
                assertThat(pushed.json().path("rejected").asInt()).isZero();
            }
            assertThat(http.awaitCount("web", count, Duration.ofSeconds(30))).as("events counted by SQL")
                .isEqualTo(count);
            return new LoadedServer(server, http, events, new DuckDb(dir, events));
        }
        catch (final Exception | AssertionError ex)
        {
            server.close();
            throw ex;
        }
    }

    public int port()
    {
        return server.port();
    }

    @Override
    public void close() throws Exception
    {
        try
        {
            duckDb.close();
        }
        finally
        {
            server.close();
        }
    }
}
