package dev.tally.sql;

import dev.tally.query.exec.QueryEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each pushable shape is in fact pushed: EXPLAIN shows one native query and no Calcite operator at all (no aggregate,
 * sort, limit, filter or projection above it), and the native query holds what the SQL asked for.
 */
class PushdownTest
{
    private static LoadedSql loaded;
    private static WebEvents events;
    private static QueryEngine engine;
    private static SqlService service;

    @BeforeAll
    static void load() throws Exception
    {
        loaded = new LoadedSql(7, 2_000);
        events = loaded.events;
        engine = loaded.engine;
        service = loaded.service;
    }

    @AfterAll
    static void close() throws Exception
    {
        loaded.close();
    }

    static List<String[]> pushable()
    {
        final String t0 = SqlDifferentialTest.LAST_HOUR;
        return List.of(
            new String[] {"SELECT COUNT(*), SUM(revenue) FROM events WHERE __time >= " + t0, "\"range\""},
            new String[] {"SELECT country, COUNT(*) AS n FROM events WHERE __time >= " + t0 +
                " GROUP BY country ORDER BY n DESC LIMIT 10", "\"limit\":10"},
            new String[] {"SELECT TIME_FLOOR(__time, 'PT5M') AS t, COUNT(*) FROM events WHERE __time >= " + t0 +
                " GROUP BY 1 ORDER BY 1", "\"period\":\"PT5M\""},
            new String[] {"SELECT device, SUM(revenue), MAX(latency_max) FROM events WHERE country = 'US' " +
                "GROUP BY device", "\"kind\":\"MAX\""},
            new String[] {"SELECT page, COUNT(*) AS n FROM events WHERE country = 'DE' AND browser = 'Chrome' " +
                "GROUP BY page ORDER BY n DESC LIMIT 10", "\"value\":\"Chrome\""},
            new String[] {"SELECT country, device, COUNT(*) FROM events WHERE os IN ('iOS', 'Android') " +
                "GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 20", "\"value\":\"Android\""},
            new String[] {"SELECT FLOOR(__time TO HOUR) AS h, APPROX_COUNT_DISTINCT(users) FROM events GROUP BY 1 " +
                "ORDER BY 1", "APPROX_COUNT_DISTINCT"},
            new String[] {"SELECT referrer, COUNT(*) FROM events WHERE page LIKE '/product/%' AND referrer IS NOT " +
                "NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 10", "\"type\":\"like\""},
            new String[] {"SELECT COUNT(*) FROM events WHERE page = '/checkout' AND __time >= " + t0, "/checkout"},
            new String[] {"SELECT browser, AVG(revenue) FROM events WHERE revenue > 0 GROUP BY browser",
                "\"kind\":\"AVG\""},
            new String[] {"SELECT CAST(__time AS DATE) AS d, COUNT(*) FROM events GROUP BY 1", "\"P1D\""},
            new String[] {"SELECT COUNT(*) FROM events WHERE __time >= DATE_TRUNC('day', CURRENT_TIMESTAMP) - " +
                "INTERVAL '7' DAY", "FLOOR(CURRENT_TIMESTAMP, P1D)-604800000ms"},
            new String[] {"SELECT MIN(__time), MAX(__time) FROM events WHERE country = 'US'",
                "\"kind\":\"MAX\",\"column\":\"__time\""},
            new String[] {"SELECT DATE_TRUNC('day', __time) AS d, COUNT(DISTINCT page) FROM events GROUP BY 1",
                "COUNT_DISTINCT"},
            new String[] {"SELECT TIME_FLOOR(__time, 'P1D', NULL, 'Europe/Berlin') AS d, COUNT(*) FROM events " +
                "GROUP BY 1",
                "Europe/Berlin"},
            new String[] {"SELECT device, APPROX_QUANTILE(latency_max, 0.95) FROM events GROUP BY device",
                "\"parameter\":0.95"},
            new String[] {"SELECT country, COUNT(*) FROM events GROUP BY country HAVING COUNT(*) > 10",
                "\"having\""},
            new String[] {"SELECT COUNT(*) FROM events WHERE REGEXP_LIKE(page, '^/p') AND NOT (device = 'mobile')",
                "\"type\":\"regex\""},
            new String[] {"SELECT COUNT(*) FROM events WHERE __time >= CURRENT_TIMESTAMP - INTERVAL '1' HOUR",
                "CURRENT_TIMESTAMP-3600000ms"},
            new String[] {"SELECT COUNT(*) FROM events WHERE country = ? AND latency_max > ?", "\"value\":\"?0\""},
            new String[] {"SELECT country, COUNT(*) FROM events GROUP BY country ORDER BY 2 DESC LIMIT ?",
                "limit=?0"},
            new String[] {"SELECT __time, page FROM events WHERE country = 'US' ORDER BY __time DESC LIMIT 5 OFFSET 2",
                "\"type\":\"SCAN\""},
            new String[] {"SELECT page, country FROM events WHERE quantity BETWEEN 1 AND 3",
                "\"columns\":[\"page\",\"country\"]"},
            new String[] {"SELECT * FROM events LIMIT 3", "\"limit\":3"},
            new String[] {"SELECT COUNT(*) FROM events WHERE LOWER(country) = 'us' AND device = 'mobile'",
                "\"type\":\"expression\""},
            new String[] {"SELECT COUNT(*) FROM events WHERE LOWER(country) = ? AND device = 'mobile'",
                "\"function\":\"$parameter\""},
            new String[] {"SELECT COUNT(*) FROM events WHERE TIMESTAMPDIFF(DAY, __time, CURRENT_TIMESTAMP) > 30",
                "\"function\":\"$current_timestamp\""},
            new String[] {"SELECT device, MIN(country), MAX(page), COUNT(referrer) FROM events GROUP BY device " +
                "ORDER BY device DESC", "\"descending\":true"});
    }

    @ParameterizedTest
    @MethodSource("pushable")
    void shapeIsPushedIntoOneNativeQuery(final String sql, final String expected)
    {
        final String plan = explain(sql);
        assertThat(count(plan, "TallyEnumerableRel")).as(plan).isEqualTo(1);
        assertThat(plan.trim().lines().count()).as("no Calcite operator above the native query: " + plan)
            .isEqualTo(1);
        assertThat(plan).contains(expected);
    }

    @ParameterizedTest
    @MethodSource("partlyPushed")
    void whatCannotBePushedRunsAboveOneNativeQueryPerTableReference(final String sql, final int nativeQueries,
        final String calciteOperator)
    {
        final String plan = explain(sql);
        assertThat(count(plan, "TallyEnumerableRel")).as(plan).isEqualTo(nativeQueries);
        assertThat(plan).contains(calciteOperator);
        assertThat(count(plan, "EnumerableTableScan")).as(plan).isZero();
    }

    static List<Object[]> partlyPushed()
    {
        return List.of(
            new Object[] {"SELECT COUNT(*) FROM events WHERE INITCAP(country) = 'Us' AND device = 'mobile'", 1,
                "EnumerableCalc"},
            new Object[] {"SELECT a.device, COUNT(*) FROM events a JOIN events b ON a.page = b.page " +
                "WHERE a.country = 'IS' AND b.country = 'LU' GROUP BY a.device", 2, "Join"},
            new Object[] {"SELECT country, RANK() OVER (ORDER BY n DESC) FROM (SELECT country, COUNT(*) AS n " +
                "FROM events GROUP BY country)", 1, "EnumerableWindow"},
            new Object[] {"SELECT device FROM events WHERE country = 'US' UNION SELECT device FROM events " +
                "WHERE country = 'DE'", 2, "Union"});
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT country, COUNT(*) FROM events WHERE country IN (SELECT country FROM events GROUP BY 1 " +
            "ORDER BY COUNT(*) DESC, 1 LIMIT 5) GROUP BY 1",
        "SELECT e.device, COUNT(*), SUM(e.revenue) FROM events e JOIN (SELECT country FROM events GROUP BY 1 " +
            "ORDER BY COUNT(*) DESC, 1 LIMIT 3) top ON e.country = top.country GROUP BY 1",
        "SELECT COUNT(*) FROM events WHERE quantity IN (SELECT quantity FROM events WHERE country = 'US')",
        "SELECT device, COUNT(*) FROM events e JOIN (SELECT DISTINCT country FROM events WHERE os = 'iOS') c " +
            "ON e.country = c.country GROUP BY 1"})
    void semiJoinsRunAsTheSubqueryThenOneFilteredNativeQuery(final String sql) throws Exception
    {
        final String plan = explain(sql);
        assertThat(count(plan, "TallyEnumerableRel")).as(plan).isEqualTo(2);
        assertThat(plan).as(plan).doesNotContain("Join").contains("subquery0");
        assertThat(Results.mismatch(Results.normalize(service.execute(sql).rows()),
            Results.normalize(Results.duck(events.duck, sql)), Results.Order.ANY, 0, java.util.Set.of()))
            .as(sql).isNull();
    }

    private static String explain(final String sql)
    {
        return (String)service.execute("EXPLAIN PLAN FOR " + sql).rows().get(0)[0];
    }

    private static int count(final String text, final String what)
    {
        final Matcher matcher = Pattern.compile(Pattern.quote(what)).matcher(text);
        int count = 0;
        while (matcher.find())
        {
            count++;
        }
        return count;
    }
}
