package dev.tally.sql;

import dev.tally.query.exec.QueryContext;
import dev.tally.query.exec.QueryEngine;
import dev.tally.query.model.NativeQuery;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard queries planned once and then served from the plan cache. Asserts only what must hold (cache hits,
 * same answers); prints first-call and cached latencies and the native engine alone on the same query, as figures
 * for benchmarks/RESULTS.md, never as pass/fail thresholds.
 */
class PlanCacheFiguresTest
{
    private static final int RUNS = 40;

    @Test
    void repeatedDashboardQueriesHitThePlanCache() throws Exception
    {
        try (WebEvents events = new WebEvents(3, 20_000); QueryEngine engine = new QueryEngine(2);
             SqlService service = new SqlService(events.provider(), engine))
        {
            // warm the JVM with other statements, so the first call below measures planning, not class loading
            final SqlGenerator generator = new SqlGenerator(new java.util.Random(3));
            final long warmStart = System.nanoTime();
            for (int i = 0; i < 150; i++)
            {
                service.execute(generator.next().tally());
            }
            System.out.printf("150 distinct generated statements (planned, run) in %.0f ms%n",
                (System.nanoTime() - warmStart) / 1e6);
            final StringBuilder figures = new StringBuilder(
                "query | first call ms | cached p50 ms | native engine p50 ms | SQL layer p50 ms\n");
            final List<SqlCase> dashboard = new ArrayList<>(SqlDifferentialTest.dashboard().subList(0, 4));
            dashboard.addAll(SqlDifferentialTest.dashboard().subList(8, 14));
            final int[] numbers = {1, 2, 3, 9, 4, 5, 6, 7, 8, 10};
            int q = 0;
            for (final SqlCase sqlCase : dashboard)
            {
                final String sql = sqlCase.tally();
                final long start = System.nanoTime();
                final List<Object[]> first = service.execute(sql).rows();
                final double firstMillis = (System.nanoTime() - start) / 1e6;
                final long hits = service.planCacheHits();
                final double[] cached = new double[RUNS];
                for (int r = 0; r < RUNS; r++)
                {
                    final long t = System.nanoTime();
                    service.execute(sql);
                    cached[r] = (System.nanoTime() - t) / 1e6;
                }
                assertThat(service.planCacheHits() - hits).isEqualTo(RUNS);
                final NativeQuery query = nativeQuery(service, sql);
                final double[] direct = new double[RUNS];
                for (int r = 0; r < RUNS; r++)
                {
                    final long t = System.nanoTime();
                    engine.run(query, events.schema, events.sources, QueryContext.defaults());
                    direct[r] = (System.nanoTime() - t) / 1e6;
                }
                assertThat(service.execute(sql).rows()).hasSameSizeAs(first);
                figures.append(String.format("%d | %.2f | %.3f | %.3f | %.3f%n", numbers[q++], firstMillis,
                    median(cached), median(direct), median(cached) - median(direct)));
            }
            System.out.println(figures);
        }
    }

    /** The pushed native query, read back from EXPLAIN. */
    static NativeQuery nativeQuery(final SqlService service, final String sql)
    {
        final String plan = (String)service.execute("EXPLAIN PLAN FOR " + sql).rows().get(0)[0];
        final int start = plan.indexOf("query=[") + "query=[".length();
        final int end = plan.lastIndexOf(", outputs=");
        return NativeQuery.fromJson(plan.substring(start, end));
    }

    private static double median(final double[] values)
    {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

}
