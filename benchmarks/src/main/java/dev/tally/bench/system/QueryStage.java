package dev.tally.bench.system;

import dev.tally.query.model.NativeQuery;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The queries of a {@link QuerySet} on one table shape, hot: every engine's answer is first checked against DuckDB's
 * reference answer over the raw events, then each engine runs the query {@code warmups + runs} times, round robin (so
 * a noisy neighbour slows all engines alike), and every timed Tally answer is checked again before its time counts.
 * The native engine runs the query written by hand or, where none is, the one {@code EXPLAIN} shows the SQL layer
 * pushing; where the plan is not one native query, only SQL over HTTP is timed for Tally.
 */
final class QueryStage
{
    /**
     * The figures of one query: Tally over HTTP and native, DuckDB over raw and rolled-up rows (null: not asked).
     *
     * @param notNative why Tally's native engine was not timed (the plan is not one native query), or null.
     */
    record Figures(TableShape shape, QuerySet set, QuerySet.Query query, Latency http, Latency nativeEngine,
        String notNative, Latency raw, Latency rolled)
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

    List<Figures> run(final TableShape shape, final QuerySet set) throws SQLException
    {
        final List<Figures> figures = new ArrayList<>();
        for (final QuerySet.Query query : set.queries())
        {
            if (shape.has(query.dimensions()))
            {
                figures.add(run(shape, set, query));
            }
        }
        return figures;
    }

    private Figures run(final TableShape shape, final QuerySet set, final QuerySet.Query query) throws SQLException
    {
        final String raw = QuerySet.Query.fill(query.raw(), DuckDbPeer.RAW, t0);
        if (query.isRawOnly())
        {
            final Latency[] times = time(List.of(() -> duckdb.answer(raw)), List.of(rows -> { }));
            return new Figures(shape, set, query, null, null, null, times[0], null);
        }
        final List<List<Object>> reference = settings.referenceHook().apply(
            duckdb.answer(QuerySet.Query.fill(query.referenceSql(), DuckDbPeer.RAW, t0)));
        final String where = set.name() + " query " + query.number() + " on " + shape.name();
        final String sql = query.tally(shape.name(), t0);
        final List<Engine> engines = new ArrayList<>(List.of(() -> tally.sql(sql)));
        final List<Check> checks = new ArrayList<>(List.of(check(where + ", Tally SQL over HTTP", query, reference)));
        final String notNative = addNative(query, shape, sql, engines);
        if (notNative == null)
        {
            checks.add(check(where + ", Tally native engine", query, reference));
        }
        engines.add(() -> duckdb.answer(raw));
        // DuckDB's own estimate (approx_count_distinct) is not held to Tally's tolerance; its exact answers are
        checks.add(query.tolerance() == null ? check(where + ", DuckDB raw", query, reference) : rows -> { });
        if (query.rolled() != null)
        {
            final String rolled = QuerySet.Query.fill(query.rolled(), shape.rolledTable(), t0);
            engines.add(() -> duckdb.answer(rolled));
            checks.add(check(where + ", DuckDB rolled up", query, reference));
        }
        final Latency[] times = time(engines, checks);
        int next = 0;
        final Latency http = times[next++];
        final Latency nativeEngine = notNative == null ? times[next++] : null;
        final Latency rawTime = times[next++];
        return new Figures(shape, set, query, http, nativeEngine, notNative, rawTime,
            next < times.length ? times[next] : null);
    }

    /**
     * Adds the native engine to {@code engines}: the query written by hand, else the one {@code EXPLAIN PLAN FOR}
     * shows. Returns why it was not added (the plan is not one native query), or null.
     */
    private String addNative(final QuerySet.Query query, final TableShape shape, final String sql,
        final List<Engine> engines)
    {
        if (!query.isNativePlanned())
        {
            final NativeQuery nativeQuery = query.nativeQuery(shape.name(), t0);
            engines.add(() -> tally.nativeQuery(nativeQuery));
            return null;
        }
        final ExplainedPlan plan = ExplainedPlan.parse(String.valueOf(tally.sql("EXPLAIN PLAN FOR " + sql).get(0)
            .get(0)));
        if (!plan.isOneNativeQuery())
        {
            return plan.notNative();
        }
        engines.add(() -> tally.nativeQuery(plan.nativeQuery(), plan.outputs()));
        return null;
    }

    @FunctionalInterface
    private interface Check
    {
        void accept(List<List<Object>> rows);
    }

    private static Check check(final String what, final QuerySet.Query query,
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
