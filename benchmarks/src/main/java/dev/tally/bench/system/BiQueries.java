package dev.tally.bench.system;

import java.util.List;

/**
 * The BI set: ten queries in the shapes Superset, Metabase, Tableau, Grafana and Looker send, each with expressions
 * (issue 16), beside the dashboard set on the same tables. Their native queries are not written by hand: the stage
 * takes the one {@code EXPLAIN PLAN FOR} shows ({@link ExplainedPlan}), so the native figure times what the SQL
 * layer really pushed; where the plan is not one native query (the top-5 semi-join runs its subquery first) only SQL
 * over HTTP is timed. No DuckDB rolled-up figures: BENCHMARKS.md asks Tally against DuckDB's raw events for this set.
 * <p>
 * Every expression here is exact over rows rolled up per minute (README "The rollup rule"): they read dimensions,
 * {@code __time} at an hour or coarser, {@code SUM} of a sum metric times a function of dimensions, and counts.
 * Calcite numbers {@code EXTRACT(DOW …)} 1 = Sunday, DuckDB's {@code dayofweek} 0 = Sunday.
 * <p>
 * Query 7 is Superset's top-5 series, a semi-join that runs as two native queries. The top-5 <em>plus "Other"</em>
 * form, {@code CASE WHEN country IN (SELECT country … LIMIT 5) THEN country ELSE 'Other' END}, answers right (since
 * ff50ddb; before it, its {@code COUNT(*)} counted stored rows) but is not in the set: Calcite joins every row of the
 * table, streamed from a native scan, with the subquery — about a second a run at 200k events on a busy 2-core box —
 * which would take the harness past its 10 minutes.
 */
final class BiQueries
{
    private BiQueries()
    {
    }

    static List<QuerySet.Query> all()
    {
        final int[] none = {};
        return List.of(
            new QuerySet.Query(1, "Superset hourly series, `TIME_FLOOR(CAST(__time AS TIMESTAMP), 'PT1H')`",
                List.of(),
                "SELECT TIME_FLOOR(CAST(__time AS TIMESTAMP), 'PT1H') AS __timestamp, COUNT(*) AS \"count\", " +
                    "SUM(revenue) AS revenue FROM {t} GROUP BY TIME_FLOOR(CAST(__time AS TIMESTAMP), 'PT1H') " +
                    "ORDER BY 1",
                null,
                "SELECT date_trunc('hour', ts) AS t, COUNT(*), SUM(revenue) FROM {t} GROUP BY 1 ORDER BY 1",
                null, null, new int[] {0}, 0, null),
            new QuerySet.Query(2, "`CASE` bucket: five countries and 'Other'", List.of("country"),
                "SELECT CASE WHEN country IN ('US', 'DE', 'GB', 'FR', 'JP') THEN country ELSE 'Other' END AS region, " +
                    "COUNT(*) AS n, SUM(revenue) AS revenue FROM {t} GROUP BY 1 ORDER BY n DESC",
                null,
                "SELECT CASE WHEN country IN ('US', 'DE', 'GB', 'FR', 'JP') THEN country ELSE 'Other' END AS region, " +
                    "COUNT(*) AS n, SUM(revenue) AS revenue FROM {t} GROUP BY 1 ORDER BY n DESC",
                null, null, new int[] {1}, 0, null),
            new QuerySet.Query(3, "Metabase \"contains\", `LOWER(page) LIKE '%product%'`", List.of("page"),
                "SELECT page, COUNT(*) AS n FROM {t} WHERE LOWER(page) LIKE '%product%' GROUP BY page " +
                    "ORDER BY n DESC LIMIT 10",
                null,
                "SELECT page, COUNT(*) AS n FROM {t} WHERE lower(page) LIKE '%product%' GROUP BY page " +
                    "ORDER BY n DESC LIMIT 10",
                null,
                "SELECT page, COUNT(*) AS n FROM {t} WHERE lower(page) LIKE '%product%' GROUP BY page ORDER BY n DESC",
                new int[] {1}, 10, null),
            new QuerySet.Query(4, "conditional aggregates, `SUM(CASE WHEN …)`, `COUNT(*) FILTER (WHERE …)`",
                List.of("country", "device"),
                "SELECT country, SUM(CASE WHEN device = 'mobile' THEN revenue ELSE 0 END) AS mobile_revenue, " +
                    "COUNT(*) FILTER (WHERE device = 'desktop') AS desktop_events, COUNT(*) AS n FROM {t} " +
                    "GROUP BY country ORDER BY n DESC LIMIT 10",
                null,
                "SELECT country, SUM(CASE WHEN device = 'mobile' THEN revenue ELSE 0 END) AS mobile_revenue, " +
                    "COUNT(*) FILTER (WHERE device = 'desktop') AS desktop_events, COUNT(*) AS n FROM {t} " +
                    "GROUP BY country ORDER BY n DESC LIMIT 10",
                null,
                "SELECT country, SUM(CASE WHEN device = 'mobile' THEN revenue ELSE 0 END) AS mobile_revenue, " +
                    "COUNT(*) FILTER (WHERE device = 'desktop') AS desktop_events, COUNT(*) AS n FROM {t} " +
                    "GROUP BY country ORDER BY n DESC",
                new int[] {3}, 10, null),
            new QuerySet.Query(5, "`COUNT(DISTINCT CASE WHEN … END)`", List.of("country", "device", "os"),
                "SELECT os, COUNT(DISTINCT CASE WHEN device = 'mobile' THEN country END) AS mobile_countries, " +
                    "COUNT(DISTINCT country) AS countries FROM {t} GROUP BY os ORDER BY os",
                null,
                "SELECT os, COUNT(DISTINCT CASE WHEN device = 'mobile' THEN country END) AS mobile_countries, " +
                    "COUNT(DISTINCT country) AS countries FROM {t} GROUP BY os ORDER BY os",
                null, null, new int[] {0}, 0, null),
            new QuerySet.Query(6, "heat map, `EXTRACT(DOW FROM __time)` × `EXTRACT(HOUR FROM __time)`", List.of(),
                "SELECT EXTRACT(DOW FROM __time) AS dow, EXTRACT(HOUR FROM __time) AS h, COUNT(*) AS n FROM {t} " +
                    "GROUP BY 1, 2 ORDER BY 1, 2",
                null,
                "SELECT dayofweek(ts) + 1 AS dow, hour(ts) AS h, COUNT(*) AS n FROM {t} GROUP BY 1, 2 ORDER BY 1, 2",
                null, null, new int[] {0, 1}, 0, null),
            new QuerySet.Query(7, "top-5 series, `country IN (SELECT … ORDER BY COUNT(*) DESC LIMIT 5)`",
                List.of("country"),
                "SELECT TIME_FLOOR(__time, 'PT1H') AS t, country, COUNT(*) AS n FROM {t} WHERE country IN " +
                    "(SELECT country FROM {t} GROUP BY country ORDER BY COUNT(*) DESC LIMIT 5) GROUP BY 1, 2 " +
                    "ORDER BY 1, 2",
                null,
                "SELECT date_trunc('hour', ts) AS t, country, COUNT(*) AS n FROM {t} WHERE country IN " +
                    "(SELECT country FROM {t} GROUP BY country ORDER BY COUNT(*) DESC LIMIT 5) GROUP BY 1, 2 " +
                    "ORDER BY 1, 2",
                null, null, new int[] {0, 1}, 0, null),
            new QuerySet.Query(8, "daily, `CAST(__time AS DATE)`", List.of("device"),
                "SELECT CAST(__time AS DATE) AS \"day\", device, COUNT(*) AS n, SUM(revenue) AS revenue FROM {t} " +
                    "GROUP BY 1, 2 ORDER BY 1, 2",
                null,
                "SELECT CAST(ts AS DATE) AS day, device, COUNT(*) AS n, SUM(revenue) AS revenue FROM {t} " +
                    "GROUP BY 1, 2 ORDER BY 1, 2",
                null, null, new int[] {0, 1}, 0, null),
            new QuerySet.Query(9, "`SELECT * FROM (…) LIMIT 10000` wrapper, `EXTRACT(HOUR)` filter",
                List.of("device", "os", "browser"),
                "SELECT * FROM (SELECT os, browser, COUNT(*) AS n, SUM(revenue) AS revenue FROM {t} " +
                    "WHERE device <> 'tablet' AND EXTRACT(HOUR FROM __time) BETWEEN 9 AND 17 GROUP BY os, browser) " +
                    "AS virtual_table LIMIT 10000",
                null,
                "SELECT * FROM (SELECT os, browser, COUNT(*) AS n, SUM(revenue) AS revenue FROM {t} " +
                    "WHERE device <> 'tablet' AND hour(ts) BETWEEN 9 AND 17 GROUP BY os, browser) " +
                    "AS virtual_table LIMIT 10000",
                null, null, none, 10_000, null),
            new QuerySet.Query(10, "string key, `UPPER(country) || '-' || device`", List.of("country", "device"),
                "SELECT UPPER(country) || '-' || device AS k, COUNT(*) AS n FROM {t} GROUP BY 1 ORDER BY n DESC " +
                    "LIMIT 10",
                null,
                "SELECT upper(country) || '-' || device AS k, COUNT(*) AS n FROM {t} GROUP BY 1 ORDER BY n DESC " +
                    "LIMIT 10",
                null,
                "SELECT upper(country) || '-' || device AS k, COUNT(*) AS n FROM {t} GROUP BY 1 ORDER BY n DESC",
                new int[] {1}, 10, null));
    }
}
