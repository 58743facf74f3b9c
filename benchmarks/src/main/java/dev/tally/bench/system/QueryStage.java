package dev.tally.bench.system;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The dashboard queries on one table shape, hot: every engine's answer is first checked against DuckDB's reference
 * answer over the raw events, then each engine runs the query {@code warmups + runs} times, round robin (so a noisy
 * neighbour slows all engines alike), and every timed Tally answer is checked again before its time counts.
 */
final class QueryStage
{
    /** The figures of one query: Tally over HTTP and native, DuckDB over raw and rolled-up rows (null: not asked). */
    record Figures(TableShape shape, DashboardQueries.Query query, Latency http, Latency nativeEngine, Latency raw,
        Latency rolled)
    {
    }

    @FunctionalInterface
    private interface Engine
    {
        List<List<Object>> answer() throws SQLException;
    }

    private final LocalTally tally;
    private final DuckDbPeer duckdb;
    private final Settings settings;
    private final long t0;

    QueryStage(final LocalTally tally, final DuckDbPeer duckdb, final Settings settings, final long t0)
    {
        this.tally = tally;
        this.duckdb = duckdb;
        this.settings = settings;
        this.t0 = t0;
    }

    List<Figures> run(final TableShape shape) throws SQLException
    {
        final List<Figures> figures = new ArrayList<>();
        for (final DashboardQueries.Query query : DashboardQueries.all())
        {
            if (shape.has(query.dimensions()))
            {
                figures.add(run(shape, query));
            }
        }
        return figures;
    }

    private Figures run(final TableShape shape, final DashboardQueries.Query query) throws SQLException
    {
        final String raw = DashboardQueries.Query.fill(query.raw(), DuckDbPeer.RAW, t0);
        if (query.isRawOnly())
        {
            final Latency[] times = time(List.of(() -> duckdb.answer(raw)), List.of(rows -> { }));
            return new Figures(shape, query, null, null, times[0], null);
        }
        final List<List<Object>> reference = settings.referenceHook().apply(
            duckdb.answer(DashboardQueries.Query.fill(query.referenceSql(), DuckDbPeer.RAW, t0)));
        final String where = "query " + query.number() + " on " + shape.name();
        final String sql = query.tally(shape.name(), t0);
        final var nativeQuery = query.nativeQuery(shape.name(), t0);
        final List<Engine> engines = new ArrayList<>(List.of(() -> tally.sql(sql),
            () -> tally.nativeQuery(nativeQuery), () -> duckdb.answer(raw)));
        final List<Check> checks = new ArrayList<>(List.of(
            check(where + ", Tally SQL over HTTP", query, reference),
            check(where + ", Tally native engine", query, reference),
            // DuckDB's own estimate (approx_count_distinct) is not held to Tally's tolerance; its exact answers are
            query.tolerance() == null ? check(where + ", DuckDB raw", query, reference) : rows -> { }));
        if (query.rolled() != null)
        {
            final String rolled = DashboardQueries.Query.fill(query.rolled(), shape.rolledTable(), t0);
            engines.add(() -> duckdb.answer(rolled));
            checks.add(check(where + ", DuckDB rolled up", query, reference));
        }
        final Latency[] times = time(engines, checks);
        return new Figures(shape, query, times[0], times[1], times[2], times.length > 3 ? times[3] : null);
    }

    @FunctionalInterface
    private interface Check
    {
        void accept(List<List<Object>> rows);
    }

    private static Check check(final String what, final DashboardQueries.Query query,
        final List<List<Object>> reference)
    {
        return rows -> Answers.check(what, rows, reference, query.sortKeys(), query.limit(), query.tolerance());
    }

    /** Checks each engine's first answer, then times warm-ups + runs round robin, checking every answer. */
    private Latency[] time(final List<Engine> engines, final List<Check> checks) throws SQLException
    {
        final int total = settings.warmups() + settings.runs();
        final long[][] nanos = new long[engines.size()][settings.runs()];
        for (int e = 0; e < engines.size(); e++)
        {
            checks.get(e).accept(engines.get(e).answer());
        }
        for (int run = 0; run < total; run++)
        {
            for (int e = 0; e < engines.size(); e++)
            {
                final long start = System.nanoTime();
                final List<List<Object>> rows = engines.get(e).answer();
                final long took = System.nanoTime() - start;
                checks.get(e).accept(rows);
                if (run >= settings.warmups())
                {
                    nanos[e][run - settings.warmups()] = took;
                }
            }
        }
        final Latency[] latencies = new Latency[engines.size()];
        for (int e = 0; e < engines.size(); e++)
        {
            latencies[e] = Latency.of(nanos[e], settings.runs());
        }
        return latencies;
    }
}
