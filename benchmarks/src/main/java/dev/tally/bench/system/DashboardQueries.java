package dev.tally.bench.system;

import dev.tally.query.model.Aggregation;
import dev.tally.query.model.Filter;
import dev.tally.query.model.Grouping;
import dev.tally.query.model.Interval;
import dev.tally.query.model.NativeQuery;
import dev.tally.query.model.OrderBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The dashboard query set of shared BENCHMARKS.md, each as Tally SQL, as the native query the SQL layer should push
 * down (same columns, same order), and as DuckDB SQL over the raw events ({@code raw}: one row per event, column
 * {@code ts}) and over DuckDB's own minute rollup (count summed for events). {@code :t0} is bound to the start of
 * the window's last hour. Query 10 filters on a metric, which over rolled rows filters sums: it is asked of DuckDB's
 * raw events only, as a sanity check (BENCHMARKS.md).
 */
final class DashboardQueries
{
    private static final Aggregation COUNT = Aggregation.count("n");
    private static final DateTimeFormatter SQL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
        .withZone(ZoneOffset.UTC);

    /**
     * One dashboard query. DuckDB SQL uses {@code {t}} for the table and {@code {t0}} for the time literal.
     *
     * @param reference DuckDB SQL over the raw events whose answer every engine must match: the query without
     *                  its LIMIT (ties), with exact distinct counts where Tally estimates.
     * @param rolled    DuckDB SQL over its rolled-up table, or null where rolled rows cannot answer it.
     * @param sortKeys  columns the query orders by; empty when unordered.
     * @param tolerance relative tolerance per column (null: doubles to 1e-9).
     */
    record Query(int number, List<String> dimensions, String tallySql,
        BiFunction<String, Long, NativeQuery> nativeQuery, String raw, String rolled, String reference,
        int[] sortKeys, int limit, double[] tolerance)
    {
        boolean isRawOnly()
        {
            return tallySql == null;
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

    private DashboardQueries()
    {
    }

    static List<Query> all()
    {
        final int[] none = {};
        return List.of(
            new Query(1, List.of(), "SELECT COUNT(*), SUM(revenue) FROM {t} WHERE __time >= {t0}",
                (t, t0) -> since(NativeQuery.groupBy(t), t0)
                    .aggregations(COUNT, Aggregation.of(Aggregation.Kind.SUM, "revenue", "r")).build(),
                "SELECT COUNT(*), SUM(revenue) FROM {t} WHERE ts >= {t0}",
                "SELECT SUM(count)::BIGINT, SUM(revenue) FROM {t} WHERE ts >= {t0}",
                null, none, 0, null),
            new Query(2, List.of("country"),
                "SELECT country, COUNT(*) AS n FROM {t} WHERE __time >= {t0} GROUP BY country ORDER BY n DESC LIMIT 10",
                (t, t0) -> since(NativeQuery.groupBy(t), t0).groupings(new Grouping.Dimension("country", null))
                    .aggregations(COUNT).orderBy(OrderBy.desc("n")).limit(10).build(),
                "SELECT country, COUNT(*) AS n FROM {t} WHERE ts >= {t0} GROUP BY country ORDER BY n DESC LIMIT 10",
                "SELECT country, SUM(count)::BIGINT AS n FROM {t} WHERE ts >= {t0} GROUP BY country " +
                    "ORDER BY n DESC LIMIT 10",
                "SELECT country, COUNT(*) AS n FROM {t} WHERE ts >= {t0} GROUP BY country ORDER BY n DESC",
                new int[] {1}, 10, null),
            new Query(3, List.of(),
                "SELECT TIME_FLOOR(__time, 'PT5M') AS t, COUNT(*) FROM {t} WHERE __time >= {t0} GROUP BY 1 ORDER BY 1",
                (t, t0) -> since(NativeQuery.groupBy(t), t0).groupings(new Grouping.TimeBucket("PT5M", null, "t"))
                    .aggregations(COUNT).orderBy(OrderBy.asc("t")).build(),
                "SELECT time_bucket(INTERVAL '5 minutes', ts) AS t, COUNT(*) FROM {t} WHERE ts >= {t0} " +
                    "GROUP BY 1 ORDER BY 1",
                "SELECT time_bucket(INTERVAL '5 minutes', ts) AS t, SUM(count)::BIGINT FROM {t} WHERE ts >= {t0} " +
                    "GROUP BY 1 ORDER BY 1",
                null, new int[] {0}, 0, null),
            new Query(4, List.of("country", "device"),
                "SELECT device, SUM(revenue), MAX(latency_max) FROM {t} WHERE country = 'US' GROUP BY device",
                (t, t0) -> NativeQuery.groupBy(t).filter(Filter.equals("country", "US"))
                    .groupings(new Grouping.Dimension("device", null))
                    .aggregations(Aggregation.of(Aggregation.Kind.SUM, "revenue", "r"),
                        Aggregation.of(Aggregation.Kind.MAX, "latency_max", "l")).build(),
                "SELECT device, SUM(revenue), MAX(latency_ms) FROM {t} WHERE country = 'US' GROUP BY device",
                "SELECT device, SUM(revenue), MAX(latency_max) FROM {t} WHERE country = 'US' GROUP BY device",
                null, none, 0, null),
            new Query(5, List.of("page", "country", "browser"),
                "SELECT page, COUNT(*) AS n FROM {t} WHERE country = 'DE' AND browser = 'Chrome' GROUP BY page " +
                    "ORDER BY n DESC LIMIT 10",
                (t, t0) -> NativeQuery.groupBy(t)
                    .filter(Filter.and(Filter.equals("country", "DE"), Filter.equals("browser", "Chrome")))
                    .groupings(new Grouping.Dimension("page", null)).aggregations(COUNT)
                    .orderBy(OrderBy.desc("n")).limit(10).build(),
                "SELECT page, COUNT(*) AS n FROM {t} WHERE country = 'DE' AND browser = 'Chrome' GROUP BY page " +
                    "ORDER BY n DESC LIMIT 10",
                "SELECT page, SUM(count)::BIGINT AS n FROM {t} WHERE country = 'DE' AND browser = 'Chrome' " +
                    "GROUP BY page ORDER BY n DESC LIMIT 10",
                "SELECT page, COUNT(*) AS n FROM {t} WHERE country = 'DE' AND browser = 'Chrome' GROUP BY page " +
                    "ORDER BY n DESC",
                new int[] {1}, 10, null),
            new Query(6, List.of("country", "device", "os"),
                "SELECT country, device, COUNT(*) FROM {t} WHERE os IN ('iOS', 'Android') GROUP BY 1, 2 " +
                    "ORDER BY 3 DESC LIMIT 20",
                (t, t0) -> NativeQuery.groupBy(t).filter(new Filter.In("os", List.of("iOS", "Android")))
                    .groupings(new Grouping.Dimension("country", null), new Grouping.Dimension("device", null))
                    .aggregations(COUNT).orderBy(OrderBy.desc("n")).limit(20).build(),
                "SELECT country, device, COUNT(*) FROM {t} WHERE os IN ('iOS', 'Android') GROUP BY 1, 2 " +
                    "ORDER BY 3 DESC LIMIT 20",
                "SELECT country, device, SUM(count)::BIGINT FROM {t} WHERE os IN ('iOS', 'Android') GROUP BY 1, 2 " +
                    "ORDER BY 3 DESC LIMIT 20",
                "SELECT country, device, COUNT(*) FROM {t} WHERE os IN ('iOS', 'Android') GROUP BY 1, 2 " +
                    "ORDER BY 3 DESC",
                new int[] {2}, 20, null),
            new Query(7, List.of(),
                "SELECT FLOOR(__time TO HOUR) AS h, APPROX_COUNT_DISTINCT(users) FROM {t} GROUP BY 1 ORDER BY 1",
                (t, t0) -> NativeQuery.groupBy(t).groupings(new Grouping.TimeBucket("PT1H", null, "h"))
                    .aggregations(Aggregation.of(Aggregation.Kind.APPROX_COUNT_DISTINCT, "users", "u"))
                    .orderBy(OrderBy.asc("h")).build(),
                "SELECT date_trunc('hour', ts) AS h, approx_count_distinct(user_id) FROM {t} GROUP BY 1 ORDER BY 1",
                null,
                // an HLL estimate (lgK 12: ~1.6 % standard error) against the exact count
                "SELECT date_trunc('hour', ts) AS h, COUNT(DISTINCT user_id) FROM {t} GROUP BY 1 ORDER BY 1",
                new int[] {0}, 0, new double[] {0, 0.05}),
            new Query(8, List.of("page", "referrer"),
                "SELECT referrer, COUNT(*) FROM {t} WHERE page LIKE '/product/%' AND referrer IS NOT NULL " +
                    "GROUP BY 1 ORDER BY 2 DESC LIMIT 10",
                (t, t0) -> NativeQuery.groupBy(t)
                    .filter(Filter.and(new Filter.Like("page", "/product/%", null),
                        Filter.not(new Filter.IsNull("referrer"))))
                    .groupings(new Grouping.Dimension("referrer", null)).aggregations(COUNT)
                    .orderBy(OrderBy.desc("n")).limit(10).build(),
                "SELECT referrer, COUNT(*) FROM {t} WHERE page LIKE '/product/%' AND referrer IS NOT NULL " +
                    "GROUP BY 1 ORDER BY 2 DESC LIMIT 10",
                "SELECT referrer, SUM(count)::BIGINT FROM {t} WHERE page LIKE '/product/%' AND referrer IS NOT NULL " +
                    "GROUP BY 1 ORDER BY 2 DESC LIMIT 10",
                "SELECT referrer, COUNT(*) FROM {t} WHERE page LIKE '/product/%' AND referrer IS NOT NULL " +
                    "GROUP BY 1 ORDER BY 2 DESC",
                new int[] {1}, 10, null),
            new Query(9, List.of("page"), "SELECT COUNT(*) FROM {t} WHERE page = '/checkout' AND __time >= {t0}",
                (t, t0) -> since(NativeQuery.groupBy(t), t0).filter(Filter.equals("page", "/checkout"))
                    .aggregations(COUNT).build(),
                "SELECT COUNT(*) FROM {t} WHERE page = '/checkout' AND ts >= {t0}",
                "SELECT SUM(count)::BIGINT FROM {t} WHERE page = '/checkout' AND ts >= {t0}",
                null, none, 0, null),
            new Query(10, List.of("browser"), null, null,
                "SELECT browser, AVG(revenue) FROM {t} WHERE revenue > 0 GROUP BY browser", null, null, none, 0, null));
    }

    private static NativeQuery.Builder since(final NativeQuery.Builder builder, final long t0)
    {
        return builder.intervals(new Interval(t0, Long.MAX_VALUE));
    }
}
