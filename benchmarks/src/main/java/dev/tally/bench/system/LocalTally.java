package dev.tally.bench.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.ingest.TableIngest;
import dev.tally.ingest.rollup.TableSnapshot;
import dev.tally.ingest.sample.WebEvent;
import dev.tally.ingest.sample.WebEventGenerator;
import dev.tally.query.exec.QueryContext;
import dev.tally.query.exec.QueryEngine;
import dev.tally.query.exec.QueryResult;
import dev.tally.query.model.NativeQuery;
import dev.tally.server.ServerConfig;
import dev.tally.server.TallyServer;
import dev.tally.server.testing.HttpApi;
import dev.tally.storage.read.RowSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * The Tally under test: a whole server in this JVM (HTTP, SQL, push ingest, persist), its data under the work
 * directory, reached the way users reach it — SQL over HTTP, events pushed as NDJSON — plus the native engine over
 * the same tables' snapshots, for the engine's own figures. Owns the server and a 2-thread native engine.
 */
final class LocalTally implements AutoCloseable
{
    static final int PUSH_BATCH = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TallyServer server;
    private final HttpApi http;
    private final QueryEngine engine;

    LocalTally(final Path dataDir, final int queryThreads) throws IOException, InterruptedException
    {
        server = TallyServer.start(ServerConfig.defaults().withPort(0).withDataDir(dataDir),
            TableIngest.Options.DEFAULT);
        http = new HttpApi(server.port());
        engine = new QueryEngine(queryThreads);
    }

    HttpApi http()
    {
        return http;
    }

    void createTable(final TableShape shape)
    {
        createTable(shape, TableShape.PUSH_SOURCE);
    }

    /** Creates the table over HTTP with {@code sourceJson} as its source; a Kafka table starts consuming now. */
    void createTable(final TableShape shape, final String sourceJson)
    {
        expectOk(http.post("/v1/tables", shape.spec(sourceJson)), "create table " + shape.name());
    }

    /** Drops the table over HTTP: its ingest (and source) stops and its data goes. */
    void dropTable(final String table)
    {
        expectOk(http.delete("/v1/tables/" + table), "drop table " + table);
    }

    /** Pushes every event of {@code generator} to each table as NDJSON, {@link #PUSH_BATCH} per request. */
    void push(final WebEventGenerator generator, final List<TableShape> shapes)
    {
        final WebEvent event = new WebEvent();
        final StringBuilder batch = new StringBuilder(PUSH_BATCH * 300);
        while (generator.hasNext())
        {
            batch.setLength(0);
            for (int i = 0; i < PUSH_BATCH && generator.hasNext(); i++)
            {
                generator.next(event).appendJson(batch).append('\n');
            }
            final byte[] body = batch.toString().getBytes(StandardCharsets.UTF_8);
            for (final TableShape shape : shapes)
            {
                push(shape.name(), body);
            }
        }
    }

    void push(final String table, final byte[] ndjson)
    {
        expectOk(http.post("/v1/tables/" + table + "/events", ndjson), "push to " + table);
    }

    /** Waits until {@code table} has applied {@code events} events (they are then visible to queries). */
    void awaitApplied(final String table, final long events, final Duration timeout) throws TimeoutException,
        InterruptedException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (ingest(table).eventsApplied() < events)
        {
            if (System.nanoTime() > deadline)
            {
                throw new TimeoutException("table[" + table + "] applied " + ingest(table).eventsApplied() +
                    " of " + events + " events in " + timeout);
            }
            Thread.sleep(1);
        }
    }

    long eventsApplied(final String table)
    {
        return ingest(table).eventsApplied();
    }

    /** Persists and commits what {@code table} holds in memory, so queries read mapped segments. */
    void persist(final String table) throws TimeoutException, InterruptedException
    {
        ingest(table).persistNow(Duration.ofMinutes(10));
    }

    /** Rows Tally stores for {@code table} now (segments and in-memory indexes). */
    long storedRows(final String table)
    {
        long rows = 0;
        try (TableSnapshot snapshot = ingest(table).acquire())
        {
            for (final RowSource source : snapshot.sources())
            {
                rows += source.rowCount();
            }
        }
        return rows;
    }

    /** SQL over HTTP ({@code resultFormat: array}), as a dashboard sends it. */
    List<List<Object>> sql(final String query)
    {
        final String body = JSON.createObjectNode().put("query", query).put("resultFormat", "array").toString();
        final HttpApi.Answer answer = http.post("/v1/sql", body);
        expectOk(answer, query);
        return Answers.of(answer.json());
    }

    /** The native engine over a snapshot of the table, as the SQL layer runs it after planning. */
    List<List<Object>> nativeQuery(final NativeQuery query)
    {
        return Answers.of(run(query).rows());
    }

    /**
     * The native engine's answer as the statement's columns, picked from its result by name as the SQL layer picks
     * them ({@link ExplainedPlan#outputs()}): a plan may carry columns only its ORDER BY reads, or name them in
     * another order.
     */
    List<List<Object>> nativeQuery(final NativeQuery query, final List<ExplainedPlan.Output> outputs)
    {
        final QueryResult result = run(query);
        final int[] columns = new int[outputs.size()];
        for (int c = 0; c < columns.length; c++)
        {
            columns[c] = result.columnNames().indexOf(outputs.get(c).column());
            if (columns[c] < 0)
            {
                throw new IllegalStateException("output[" + outputs.get(c).column() + "] is not a column of the " +
                    "native result " + result.columnNames());
            }
        }
        final List<Object[]> rows = new ArrayList<>(result.rowCount());
        for (final Object[] values : result.rows())
        {
            final Object[] row = new Object[columns.length];
            for (int c = 0; c < columns.length; c++)
            {
                final Object value = values[columns[c]];
                row[c] = value == null && outputs.get(c).isZeroIfNull() ? (Object)0L : value;
            }
            rows.add(row);
        }
        return Answers.of(rows);
    }

    private QueryResult run(final NativeQuery query)
    {
        final TableIngest table = ingest(query.table());
        try (TableSnapshot snapshot = table.acquire())
        {
            return engine.run(query, table.spec().rowSchema(), snapshot.sources(), QueryContext.defaults());
        }
    }

    private TableIngest ingest(final String table)
    {
        final TableIngest ingest = server.tables().get(table);
        if (ingest == null)
        {
            throw new IllegalArgumentException("no table[" + table + "]");
        }
        return ingest;
    }

    private static void expectOk(final HttpApi.Answer answer, final String what)
    {
        if (answer.status() / 100 != 2)
        {
            throw new IllegalStateException(what + " failed: " + answer);
        }
    }

    @Override
    public void close()
    {
        engine.close();
        server.close();
    }
}
