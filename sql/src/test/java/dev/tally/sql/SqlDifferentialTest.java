package dev.tally.sql;

import dev.tally.query.exec.QueryEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tally's SQL against DuckDB on the same raw web events: the dashboard set of BENCHMARKS.md, hand-written queries
 * (filters, time buckets, HAVING, ORDER BY, LIMIT/OFFSET, CASE, subqueries, self joins, UNION, windows, strings) and
 * generated group-bys and scans. Prints its seed; rerun one with {@code -Dtally.test.seed=N}.
 */
class SqlDifferentialTest
{
    static final String LAST_HOUR = "TIMESTAMP '2026-01-01 05:00:00'";
    static final String WHOLE = "TIMESTAMP '2026-01-01 00:00:00'";

    private static long seed;
    private static WebEvents events;
    private static QueryEngine engine;
    private static SqlService service;

    @BeforeAll
    static void load() throws Exception
    {
        seed = Long.getLong("tally.test.seed", System.nanoTime());
        System.out.println("SqlDifferentialTest seed " + seed);
        events = new WebEvents(seed, 20_000);
        engine = new QueryEngine(2);
        service = new SqlService(events.provider(), engine);
    }

    @AfterAll
    static void close() throws Exception
    {
        service.close();
        engine.close();
        events.close();
    }

    static List<SqlCase> dashboard()
    {
        final List<SqlCase> cases = new ArrayList<>();
        for (final String t0 : List.of(LAST_HOUR, WHOLE))
        {
            cases.add(SqlCase.same("SELECT COUNT(*), SUM(revenue) FROM events WHERE __time >= " + t0,
                Results.Order.EXACT));
            cases.add(SqlCase.top("SELECT country, COUNT(*) AS n FROM events WHERE __time >= " + t0 +
                " GROUP BY country ORDER BY n DESC LIMIT 10", 1));
            cases.add(SqlCase.translated("SELECT TIME_FLOOR(__time, 'PT5M') AS t, COUNT(*) FROM events WHERE " +
                "__time >= " + t0 + " GROUP BY 1 ORDER BY 1", Results.Order.EXACT, 0, Set.of()));
            cases.add(SqlCase.same("SELECT COUNT(*) FROM events WHERE page = '/checkout' AND __time >= " + t0,
                Results.Order.EXACT));
        }
        cases.add(SqlCase.same("SELECT device, SUM(revenue), MAX(latency_max) FROM events WHERE country = 'US' " +
            "GROUP BY device", Results.Order.ANY));
        cases.add(SqlCase.top("SELECT page, COUNT(*) AS n FROM events WHERE country = 'DE' AND browser = 'Chrome' " +
            "GROUP BY page ORDER BY n DESC LIMIT 10", 1));
        cases.add(SqlCase.top("SELECT country, device, COUNT(*) FROM events WHERE os IN ('iOS', 'Android') " +
            "GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 20", 2));
        cases.add(SqlCase.translated("SELECT FLOOR(__time TO HOUR) AS h, APPROX_COUNT_DISTINCT(users) FROM events " +
            "GROUP BY 1 ORDER BY 1", Results.Order.EXACT, 0, Set.of(1)));
        cases.add(SqlCase.top("SELECT referrer, COUNT(*) FROM events WHERE page LIKE '/product/%' AND " +
            "referrer IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 10", 1));
        cases.add(SqlCase.same("SELECT browser, AVG(revenue) FROM events WHERE revenue > 0 GROUP BY browser",
            Results.Order.ANY));
        return cases;
    }

    static List<SqlCase> handWritten()
    {
        final List<SqlCase> c = new ArrayList<>();
        final Results.Order any = Results.Order.ANY;
        final Results.Order exact = Results.Order.EXACT;
        // filters
        c.add(SqlCase.same("SELECT COUNT(*) FROM events WHERE referrer IS NULL", exact));
        c.add(SqlCase.same("SELECT COUNT(*) FROM events WHERE NOT (referrer = 'site1.example')", exact));
        c.add(SqlCase.same("SELECT COUNT(*) FROM events WHERE referrer <> 'site1.example' OR device = 'tablet'",
            exact));
        c.add(SqlCase.same("SELECT COUNT(*) FROM events WHERE country NOT IN ('US', 'DE', 'GB')", exact));
        c.add(SqlCase.same("SELECT COUNT(*) FROM events WHERE quantity BETWEEN 1 AND 4", exact));
        c.add(SqlCase.same("SELECT COUNT(*) FROM events WHERE quantity > 2.5", exact));
        c.add(SqlCase.same("SELECT COUNT(*) FROM events WHERE NOT (quantity > 2)", exact));
        c.add(SqlCase.same("SELECT COUNT(*) FROM events WHERE quantity IS NULL OR quantity < 0", exact));
        c.add(SqlCase.same("SELECT COUNT(*) FROM events WHERE latency_max >= 100 AND latency_max < 120", exact));
        c.add(SqlCase.same("SELECT COUNT(*) FROM events WHERE revenue >= 20.5", exact));
        c.add(SqlCase.same("SELECT COUNT(*) FROM events WHERE page LIKE '%1%' AND page NOT LIKE '/product/%'",
            exact));
        c.add(SqlCase.same("SELECT COUNT(*) FROM events WHERE page LIKE '/p_oduct/1_'", exact));
        c.add(SqlCase.translated("SELECT COUNT(*) FROM events WHERE REGEXP_LIKE(page, '^/product/[0-9]+$')",
            exact, 0, Set.of()));
        c.add(SqlCase.same("SELECT COUNT(*) FROM events WHERE __time >= TIMESTAMP '2026-01-01 01:30:00' AND " +
            "__time < TIMESTAMP '2026-01-01 02:00:00'", exact));
        c.add(SqlCase.same("SELECT COUNT(*) FROM events WHERE __time = TIMESTAMP '2026-01-01 00:00:00'", exact));
        c.add(SqlCase.same("SELECT COUNT(*) FROM events WHERE __time >= CURRENT_TIMESTAMP - INTERVAL '1' HOUR",
            exact));
        c.add(SqlCase.same("SELECT COUNT(*) FROM events WHERE (country = 'US' AND device = 'mobile') OR " +
            "(country = 'DE' AND NOT (os = 'iOS'))", exact));
        c.add(SqlCase.same("SELECT COUNT(*) FROM events WHERE LOWER(browser) = 'chrome'", exact));
        c.add(SqlCase.same("SELECT COUNT(*) FROM events WHERE UPPER(SUBSTRING(country, 1, 1)) = 'U'", exact));
        c.add(SqlCase.same("SELECT COUNT(*) FROM events WHERE 1 = 0", exact));
        // group-bys and aggregations
        c.add(SqlCase.same("SELECT device, COUNT(*), COUNT(referrer), COUNT(DISTINCT page), MIN(latency_max), " +
            "MAX(latency_max), SUM(latency_max), AVG(latency_max) FROM events GROUP BY device", any));
        c.add(SqlCase.same("SELECT quantity, COUNT(*), SUM(quantity), AVG(quantity) FROM events GROUP BY quantity",
            any));
        c.add(SqlCase.same("SELECT referrer, COUNT(*) FROM events GROUP BY referrer ORDER BY referrer NULLS FIRST " +
            "LIMIT 5", exact));
        c.add(SqlCase.same("SELECT referrer, COUNT(*) FROM events GROUP BY referrer ORDER BY referrer DESC LIMIT 5",
            exact));
        c.add(SqlCase.same("SELECT os, browser, SUM(revenue) AS r FROM events GROUP BY os, browser " +
            "HAVING SUM(revenue) > 100 ORDER BY r DESC, os, browser", exact));
        c.add(SqlCase.same("SELECT country, COUNT(*) FROM events GROUP BY country HAVING COUNT(*) > 100 AND " +
            "MAX(latency_max) > 300", any));
        c.add(SqlCase.same("SELECT country, COUNT(*) AS n FROM events GROUP BY country ORDER BY n DESC, country " +
            "LIMIT 5 OFFSET 3", exact));
        c.add(SqlCase.same("SELECT MIN(country), MAX(country), MIN(revenue), MAX(revenue) FROM events", exact));
        c.add(SqlCase.same("SELECT COUNT(*), SUM(revenue), MIN(latency_max), AVG(revenue) FROM events " +
            "WHERE country = 'nowhere'", exact));
        c.add(SqlCase.same("SELECT device, COUNT(*) FROM events WHERE country = 'nowhere' GROUP BY device", any));
        c.add(SqlCase.same("SELECT DATE_TRUNC('hour', __time) AS h, device, COUNT(*) FROM events GROUP BY 1, 2 " +
            "ORDER BY 1, 2", exact));
        c.add(SqlCase.same("SELECT DATE_TRUNC('day', __time), COUNT(*) FROM events GROUP BY 1", any));
        c.add(SqlCase.translated("SELECT TIME_FLOOR(__time, 'PT15M') AS t, COUNT(*), SUM(revenue) FROM events " +
            "WHERE device = 'mobile' GROUP BY 1 ORDER BY 1 DESC LIMIT 7", exact, 0, Set.of()));
        c.add(SqlCase.translated("SELECT FLOOR(__time TO MINUTE) AS m, COUNT(*) FROM events WHERE __time < " +
            "TIMESTAMP '2026-01-01 00:10:00' GROUP BY 1 ORDER BY 1", exact, 0, Set.of()));
        c.add(SqlCase.same("SELECT EXTRACT(HOUR FROM __time) AS h, COUNT(*) FROM events GROUP BY 1 ORDER BY 1",
            exact));
        c.add(SqlCase.same("SELECT EXTRACT(MINUTE FROM __time) AS m, COUNT(*) FROM events WHERE country = 'FR' " +
            "GROUP BY 1 ORDER BY 1", exact));
        c.add(SqlCase.translated("SELECT device, APPROX_COUNT_DISTINCT(users), APPROX_COUNT_DISTINCT(page) " +
            "FROM events GROUP BY device", any, 0, Set.of(1, 2)));
        c.add(SqlCase.translated("SELECT device, APPROX_QUANTILE(latency_max, 0.5), APPROX_QUANTILE(latency_max, " +
            "0.9) FROM events GROUP BY device", any, 0, Set.of(1, 2)));
        c.add(SqlCase.same("SELECT COUNT(DISTINCT country), COUNT(DISTINCT referrer) FROM events", exact));
        // scans
        c.add(SqlCase.same("SELECT __time, country, page, latency_max FROM events WHERE country = 'IS'", any));
        c.add(SqlCase.same("SELECT __time, page, revenue FROM events WHERE revenue > 100 ORDER BY __time, page, " +
            "revenue LIMIT 20", exact));
        c.add(SqlCase.same("SELECT country, latency_max FROM events ORDER BY latency_max DESC, country LIMIT 10",
            exact));
        c.add(SqlCase.same("SELECT page FROM events WHERE referrer IS NULL AND country = 'US' ORDER BY page " +
            "LIMIT 10 OFFSET 5", exact));
        // computed on top of the pushed query
        c.add(SqlCase.same("SELECT CASE WHEN latency_max > 100 THEN 'slow' ELSE 'fast' END AS speed, COUNT(*) " +
            "FROM events GROUP BY 1", any));
        c.add(SqlCase.same("SELECT device, CASE WHEN COUNT(*) > 5000 THEN 'big' ELSE 'small' END FROM events " +
            "GROUP BY device", any));
        c.add(SqlCase.same("SELECT LOWER(device), UPPER(os), SUBSTRING(page, 1, 8), COUNT(*) FROM events " +
            "GROUP BY 1, 2, 3 ORDER BY 4 DESC, 1, 2, 3 LIMIT 10", exact));
        c.add(SqlCase.same("SELECT country, n FROM (SELECT country, COUNT(*) AS n FROM events GROUP BY country) " +
            "WHERE n > 500", any));
        c.add(SqlCase.same("SELECT COUNT(*) FROM events WHERE country IN (SELECT country FROM events " +
            "GROUP BY country HAVING COUNT(*) > 1000)", exact));
        c.add(SqlCase.same("SELECT a.device, a.n, b.m FROM (SELECT device, COUNT(*) AS n FROM events " +
            "GROUP BY device) a JOIN (SELECT device, MAX(latency_max) AS m FROM events WHERE country = 'US' " +
            "GROUP BY device) b ON a.device = b.device", any));
        c.add(SqlCase.same("SELECT device, COUNT(*) FROM events WHERE country = 'US' GROUP BY device UNION ALL " +
            "SELECT device, COUNT(*) FROM events WHERE country = 'DE' GROUP BY device", any));
        c.add(SqlCase.same("SELECT country FROM events WHERE device = 'tablet' UNION SELECT country FROM events " +
            "WHERE os = 'Linux'", any));
        c.add(SqlCase.same("WITH c AS (SELECT country, COUNT(*) AS n FROM events GROUP BY country) " +
            "SELECT COUNT(*), SUM(n) FROM c", exact));
        c.add(SqlCase.same("SELECT country, n, RANK() OVER (ORDER BY n DESC) AS r FROM (SELECT country, " +
            "COUNT(*) AS n FROM events GROUP BY country) ORDER BY n DESC, country LIMIT 10", exact));
        c.add(SqlCase.same("SELECT device, os, n, SUM(n) OVER (PARTITION BY device) AS total FROM (SELECT device, " +
            "os, COUNT(*) AS n FROM events GROUP BY device, os)", any));
        c.add(SqlCase.same("SELECT device, COUNT(*) * 2 + 1, SUM(revenue) / 2 FROM events GROUP BY device", any));
        c.add(SqlCase.same("SELECT COUNT(*) FROM events WHERE latency_max > (SELECT AVG(latency_max) FROM events)",
            exact));
        c.add(SqlCase.same("SELECT COUNT(*) FROM (SELECT DISTINCT country, device FROM events)", exact));
        c.add(SqlCase.same("SELECT device, COUNT(*) FILTER (WHERE revenue > 0) FROM events GROUP BY device", any));
        c.add(SqlCase.same("SELECT COUNT(*) FROM events WHERE referrer = country", exact));
        c.add(SqlCase.same("SELECT MIN(__time), MAX(__time) FROM events", exact));
        c.add(SqlCase.of("SELECT COUNT(*) FROM events WHERE CHAR_LENGTH(page) > 12",
            "SELECT COUNT(*) FROM events WHERE length(page) > 12", exact));
        c.add(SqlCase.of("SELECT COUNT(*) FROM events WHERE TIMESTAMPADD(MINUTE, 30, __time) < " +
            "TIMESTAMP '2026-01-01 01:00:00'", "SELECT COUNT(*) FROM events WHERE __time + INTERVAL 30 MINUTE < " +
            "TIMESTAMP '2026-01-01 01:00:00'", exact));
        c.add(SqlCase.of("SELECT TIMESTAMPDIFF(MINUTE, TIMESTAMP '2026-01-01 00:00:00', MAX(__time)) FROM events",
            "SELECT date_diff('minute', TIMESTAMP '2026-01-01 00:00:00', MAX(__time)) FROM events", exact));
        return c;
    }

    @Test
    void dashboardQueriesAgreeWithDuckDb()
    {
        assertThat(run(dashboard())).isEmpty();
    }

    @Test
    void handWrittenQueriesAgreeWithDuckDb()
    {
        assertThat(run(handWritten())).isEmpty();
    }

    @Test
    void generatedQueriesAgreeWithDuckDb()
    {
        final Random random = new Random(seed);
        final List<SqlCase> cases = new ArrayList<>();
        final SqlGenerator generator = new SqlGenerator(random);
        for (int i = 0; i < 260; i++)
        {
            cases.add(generator.next());
        }
        assertThat(run(cases)).as("seed %d", seed).isEmpty();
    }

    static List<String> run(final List<SqlCase> cases)
    {
        final List<String> mismatches = new ArrayList<>();
        long rows = 0;
        for (final SqlCase sqlCase : cases)
        {
            try
            {
                final List<Object[]> tally = Results.normalize(service.execute(sqlCase.tally()).rows());
                final List<Object[]> duck = Results.duck(events.duck, sqlCase.duck());
                rows += tally.size();
                final String mismatch = Results.mismatch(tally, duck, sqlCase.order(), sqlCase.key(),
                    sqlCase.approximate());
                if (mismatch != null)
                {
                    mismatches.add(sqlCase.tally() + "\n    " + mismatch);
                }
            }
            catch (final Exception ex)
            {
                mismatches.add(sqlCase.tally() + "\n    failed: " + ex);
            }
        }
        System.out.println(cases.size() + " queries, " + rows + " rows compared, " + mismatches.size() +
            " mismatches");
        mismatches.forEach(m -> System.out.println("MISMATCH seed " + seed + ": " + m));
        return mismatches;
    }
}
