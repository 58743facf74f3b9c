package dev.tally.server.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.server.TallyServer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A test server with the same {@link VisitEvents} in two push tables, {@value #ROLLED} (the web table, rolled up per
 * minute) and {@value #RAW} (its {@code "rollup": "NONE"} copy), and DuckDB holding the raw events. The events go
 * through the real ingest path, pushed over HTTP as NDJSON to both tables at once, and are never all held in memory:
 * each batch is pushed and written to the file DuckDB then reads. DuckDB holds, beside the raw events ({@code raw}),
 * a table of the same name as each of Tally's: the raw events with {@code __time} as that table stores it, the minute
 * start in {@value #ROLLED} and the event's own time in {@value #RAW}.
 */
public record TwinTables(TallyServer server, HttpApi http, DuckDb duckDb, long events) implements AutoCloseable
{
    public static final String ROLLED = "web";
    public static final String RAW = "web_raw";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** About 13 MB of NDJSON a request, well under the server's 64 MiB request limit. */
    private static final int BATCH = 50_000;
    /** Small enough that the raw table persists segments during the load and queries read segments and memory. */
    private static final int MAX_ROWS_IN_MEMORY = 1 << 18;
    private static final long LOAD_TIMEOUT_MILLIS = 120_000;

    /** Starts a server on a free port with its data under {@code dir}, and loads {@code count} events into both. */
    public static TwinTables start(final Path dir, final long seed, final long count) throws Exception
    {
        final TallyServer server = TestServers.start(TestServers.config(dir.resolve("data")),
            TestServers.INGEST.withMaxRows(MAX_ROWS_IN_MEMORY));
        CompletableFuture<DuckDb> oracle = null;
        try
        {
            final HttpApi http = new HttpApi(server.port());
            assertThat(http.post("/v1/tables", PushTable.spec(ROLLED)).status()).isEqualTo(201);
            assertThat(http.post("/v1/tables", rawSpec()).status()).isEqualTo(201);
            final Path ndjson = dir.resolve("events.ndjson");
            push(http, new VisitEvents(seed, count), ndjson);
            // DuckDB reads the file while the server is still ingesting what it has accepted
            oracle = CompletableFuture.supplyAsync(() -> oracle(ndjson));
            awaitCount(http, ROLLED, count);
            awaitCount(http, RAW, count);
            final DuckDb duckDb = oracle.join();
            Files.delete(ndjson);
            return new TwinTables(server, http, duckDb, count);
        }
        catch (final Exception | AssertionError ex)
        {
            try
            {
                if (oracle != null)
                {
                    oracle.join().close();
                }
            }
            catch (final Exception | Error closing)
            {
                ex.addSuppressed(closing);
            }
            finally
            {
                server.close();
            }
            throw ex;
        }
    }

    /**
     * DuckDB holding the events of {@code ndjson}, and for each table the raw events with {@code __time} as that table
     * stores it, materialized so that the corpus's queries do not truncate a million times each.
     */
    private static DuckDb oracle(final Path ndjson)
    {
        try
        {
            final DuckDb duckDb = new DuckDb(ndjson);
            duckDb.execute("CREATE TABLE " + ROLLED + " AS SELECT date_trunc('minute', ts) AS __time, * FROM raw");
            duckDb.execute("CREATE TABLE " + RAW + " AS SELECT ts AS __time, * FROM raw");
            return duckDb;
        }
        catch (final SQLException ex)
        {
            throw new IllegalStateException("DuckDB did not load " + ndjson, ex);
        }
    }

    /** The web table's spec with every event kept as its own row. */
    private static String rawSpec() throws IOException
    {
        final ObjectNode spec = (ObjectNode)MAPPER.readTree(PushTable.spec(RAW));
        return spec.put("rollup", "NONE").toString();
    }

    /**
     * Pushes every event to both tables, one batch in flight per table while the next is generated and written to
     * {@code ndjson}.
     */
    private static void push(final HttpApi http, final VisitEvents events, final Path ndjson)
        throws IOException, InterruptedException, ExecutionException
    {
        final ExecutorService pushers = Executors.newFixedThreadPool(2);
        try (OutputStream file = Files.newOutputStream(ndjson))
        {
            final StringBuilder text = new StringBuilder(BATCH * 300);
            List<Future<?>> inFlight = List.of();
            while (events.hasNext())
            {
                text.setLength(0);
                final int lines = events.appendNdjson(text, BATCH);
                final byte[] batch = text.toString().getBytes(StandardCharsets.UTF_8);
                file.write(batch);
                for (final Future<?> push : inFlight)
                {
                    push.get();
                }
                final List<Future<?>> next = new ArrayList<>(2);
                for (final String table : List.of(ROLLED, RAW))
                {
                    next.add(pushers.submit(() -> pushBatch(http, table, batch, lines)));
                }
                inFlight = next;
            }
            for (final Future<?> push : inFlight)
            {
                push.get();
            }
        }
        finally
        {
            pushers.shutdownNow();
        }
    }

    private static void pushBatch(final HttpApi http, final String table, final byte[] batch, final int lines)
    {
        final HttpApi.Answer pushed = http.post("/v1/tables/" + table + "/events", batch);
        assertThat(pushed.status()).as(table + ": " + pushed.body()).isEqualTo(200);
        assertThat(pushed.json().path("accepted").asInt()).as(table + ": accepted").isEqualTo(lines);
        assertThat(pushed.json().path("rejected").asInt()).as(table + ": rejected").isZero();
    }

    /** Waits (polling a tenth of a second apart, so ingest keeps the cores) until SQL counts every event. */
    private static void awaitCount(final HttpApi http, final String table, final long count)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + LOAD_TIMEOUT_MILLIS * 1_000_000;
        long counted = http.count(table);
        while (counted < count && System.nanoTime() - deadline < 0)
        {
            Thread.sleep(100);
            counted = http.count(table);
        }
        assertThat(counted).as(table + ": events counted by SQL").isEqualTo(count);
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
