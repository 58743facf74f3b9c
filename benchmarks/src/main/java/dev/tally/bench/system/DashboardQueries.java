package dev.tally.bench.system;

import dev.tally.query.model.Aggregation;
import dev.tally.query.model.Filter;
import dev.tally.query.model.Grouping;
import dev.tally.query.model.Interval;
import dev.tally.query.model.NativeQuery;
import dev.tally.query.model.OrderBy;

import java.util.List;

/**
 * The dashboard query set of shared BENCHMARKS.md, each as Tally SQL, as the native query the SQL layer should push
 * down, written by hand (same columns, same order), and as DuckDB SQL over the raw events and over DuckDB's own
 * minute rollup ({@link QuerySet.Query}). {@code :t0} is bound to the start of the window's last hour. Query 10
 * filters on a metric, which over rolled rows filters sums: it is asked of DuckDB's raw events only, as a sanity
 * check (BENCHMARKS.md).
 */
final class DashboardQueries
{
    private static final Aggregation COUNT = Aggregation.count("n");

    private DashboardQueries()
    {
    }

    static List<QuerySet.Query> all()
    {
        final int[] none = {};
        return List.of(
            new QuerySet.Query(1, null, List.of(), "SELECT COUNT(*), SUM(revenue) FROM {t} WHERE __time >= {t0}",
                (t, t0) -> since(NativeQuery.groupBy(t), t0)
                    .aggregations(COUNT, Aggregation.of(Aggregation.Kind.SUM, "revenue", "r")).build(),
                "SELECT COUNT(*), SUM(revenue) FROM {t} WHERE ts >= {t0}",
                "SELECT SUM(count)::BIGINT, SUM(revenue) FROM {t} WHERE ts >= {t0}",
                null, none, 0, null),
            new QuerySet.Query(2, null, List.of("country"),
                "SELECT country, COUNT(*) AS n FROM {t} WHERE __time >= {t0} GROUP BY country ORDER BY n DESC LIMIT 10",
                (t, t0) -> since(NativeQuery.groupBy(t), t0).groupings(new Grouping.Dimension("country", null))
                    .aggregations(COUNT).orderBy(OrderBy.desc("n")).limit(10).build(),
                "SELECT country, COUNT(*) AS n FROM {t} WHERE ts >= {t0} GROUP BY country ORDER BY n DESC LIMIT 10",
                "SELECT country, SUM(count)::BIGINT AS n FROM {t} WHERE ts >= {t0} GROUP BY country " +
                    "ORDER BY n DESC LIMIT 10",
                "SELECT country, COUNT(*) AS n FROM {t} WHERE ts >= {t0} GROUP BY country ORDER BY n DESC",
                new int[] {1}, 10, null),
            new QuerySet.Query(3, null, List.of(),
                "SELECT TIME_FLOOR(__time, 'PT5M') AS t, COUNT(*) FROM {t} WHERE __time >= {t0} GROUP BY 1 ORDER BY 1",
                (t, t0) -> since(NativeQuery.groupBy(t), t0).groupings(new Grouping.TimeBucket("PT5M", null, "t"))
                    .aggregations(COUNT).orderBy(OrderBy.asc("t")).build(),
                "SELECT time_bucket(INTERVAL '5 minutes', ts) AS t, COUNT(*) FROM {t} WHERE ts >= {t0} " +
                    "GROUP BY 1 ORDER BY 1",
                "SELECT time_bucket(INTERVAL '5 minutes', ts) AS t, SUM(count)::BIGINT FROM {t} WHERE ts >= {t0} " +
                    "GROUP BY 1 ORDER BY 1",
                null, new int[] {0}, 0, null),
            new QuerySet.Query(4, null, List.of("country", "device"),
                "SELECT device, SUM(revenue), MAX(latency_max) FROM {t} WHERE country = 'US' GROUP BY device",
                (t, t0) -> NativeQuery.groupBy(t).filter(Filter.equals("country", "US"))
                    .groupings(new Grouping.Dimension("device", null))
                    .aggregations(Aggregation.of(Aggregation.Kind.SUM, "revenue", "r"),
                        Aggregation.of(Aggregation.Kind.MAX, "latency_max", "l")).build(),
                "SELECT device, SUM(revenue), MAX(latency_ms) FROM {t} WHERE country = 'US' GROUP BY device",
                "SELECT device, SUM(revenue), MAX(latency_max) FROM {t} WHERE country = 'US' GROUP BY device",
                null, none, 0, null),
            new QuerySet.Query(5, null, List.of("page", "country", "browser"),
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
            new QuerySet.Query(6, null, List.of("country", "device", "os"),
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
            new QuerySet.Query(7, null, List.of(),
                "SELECT FLOOR(__time TO HOUR) AS h, APPROX_COUNT_DISTINCT(users) FROM {t} GROUP BY 1 ORDER BY 1",
                (t, t0) -> NativeQuery.groupBy(t).groupings(new Grouping.TimeBucket("PT1H", null, "h"))
                    .aggregations(Aggregation.of(Aggregation.Kind.APPROX_COUNT_DISTINCT, "users", "u"))
                    .orderBy(OrderBy.asc("h")).build(),
                "SELECT date_trunc('hour', ts) AS h, approx_count_distinct(user_id) FROM {t} GROUP BY 1 ORDER BY 1",
                null,
                // an HLL estimate (lgK 12: ~1.6 % standard error) against the exact count
                "SELECT date_trunc('hour', ts) AS h, COUNT(DISTINCT user_id) FROM {t} GROUP BY 1 ORDER BY 1",
                new int[] {0}, 0, new double[] {0, 0.05}),
            new QuerySet.Query(8, null, List.of("page", "referrer"),
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
            new QuerySet.Query(9, null, List.of("page"),
                "SELECT COUNT(*) FROM {t} WHERE page = '/checkout' AND __time >= {t0}",
                (t, t0) -> since(NativeQuery.groupBy(t), t0).filter(Filter.equals("page", "/checkout"))
                    .aggregations(COUNT).build(),
                "SELECT COUNT(*) FROM {t} WHERE page = '/checkout' AND ts >= {t0}",
                "SELECT SUM(count)::BIGINT FROM {t} WHERE page = '/checkout' AND ts >= {t0}",
                null, none, 0, null),
            new QuerySet.Query(10, null, List.of("browser"), null, null,
                "SELECT browser, AVG(revenue) FROM {t} WHERE revenue > 0 GROUP BY browser", null, null, none, 0, null));
    }

    private static NativeQuery.Builder since(final NativeQuery.Builder builder, final long t0)
    {
        return builder.intervals(new Interval(t0, Long.MAX_VALUE));
    }
}
