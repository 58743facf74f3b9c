package dev.tally.bench.system;

import dev.tally.query.model.NativeQuery;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A list of queries the query stage runs alike on every table shape that has their columns, and that the results
 * table shows together: the dashboard set of shared BENCHMARKS.md ({@link DashboardQueries}) and the BI set of
 * expressions that BI tools write ({@link BiQueries}). One stage and one table renderer serve both; a set only says
 * whether BENCHMARKS.md gives its queries targets.
 *
 * @param name       what the results and every mismatch call the set ("dashboard", "BI").
 * @param hasTargets whether BENCHMARKS.md sets targets for these queries (p99, ratios): the BI set has none yet.
 */
record QuerySet(String name, List<Query> queries, boolean hasTargets)
{
    static final QuerySet DASHBOARD = new QuerySet("dashboard", DashboardQueries.all(), true);
    static final QuerySet BI = new QuerySet("BI", BiQueries.all(), false);
    static final List<QuerySet> ALL = List.of(DASHBOARD, BI);

    private static final DateTimeFormatter SQL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
        .withZone(ZoneOffset.UTC);

    /** Heading of the set's results table ("Dashboard queries"). */
    String heading()
    {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1) + " queries";
    }

    /**
     * One query of a set, as Tally SQL, as the native query the SQL layer pushes down, and as DuckDB SQL over the raw
     * events ({@code raw}: one row per event, column {@code ts}) and over DuckDB's own minute rollup (count summed for
     * events). SQL uses {@code {t}} for the table and {@code {t0}} for the time literal.
     *
     * @param title       what the query exercises, shown beside its number (null: the number says it, as in the
     *                    dashboard set, whose queries BENCHMARKS.md lists).
     * @param dimensions  the dimensions it reads: it runs on the shapes that have them.
     * @param tallySql    null for a query asked of DuckDB's raw events only (a sanity check).
     * @param nativeQuery the native query the SQL layer should push down (same columns, same order), written by
     *                    hand; null: the one {@code EXPLAIN PLAN FOR} shows ({@link ExplainedPlan}), and none when
     *                    the plan is not one native query.
     * @param rolled      DuckDB SQL over its rolled-up table, or null where rolled rows cannot answer it.
     * @param reference   DuckDB SQL over the raw events whose answer every engine must match: the query without its
     *                    LIMIT (ties), with exact distinct counts where Tally estimates; null: the raw query.
     * @param sortKeys    columns the query orders by; empty when unordered.
     * @param tolerance   relative tolerance per column (null: doubles to 1e-9).
     */
    record Query(int number, String title, List<String> dimensions, String tallySql,
        BiFunction<String, Long, NativeQuery> nativeQuery, String raw, String rolled, String reference,
        int[] sortKeys, int limit, double[] tolerance)
    {
        boolean isRawOnly()
        {
            return tallySql == null;
        }

        /** Whether the native query is the one the SQL layer plans (EXPLAIN), not one written by hand. */
        boolean isNativePlanned()
        {
            return nativeQuery == null;
        }

        String tally(final String table, final long t0)
        {
            return fill(tallySql, table, t0);
        }

        NativeQuery nativeQuery(final String table, final long t0)
        {
            return nativeQuery.apply(table, t0);
        }

        /** DuckDB SQL whose answer is the reference: {@link #reference} or else the raw query. */
        String referenceSql()
        {
            return reference != null ? reference : raw;
        }

        static String fill(final String sql, final String table, final long t0)
        {
            return sql.replace("{t}", table)
                .replace("{t0}", "TIMESTAMP '" + SQL_TIME.format(Instant.ofEpochMilli(t0)) + "'");
        }
    }
}
