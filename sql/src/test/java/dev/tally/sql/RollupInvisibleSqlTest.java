package dev.tally.sql;

import dev.tally.query.exec.QueryEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Queries see events, not rolled rows (DESIGN §2): over the same events rolled up to one minute (best-effort, a key
 * split across sources), SQL whose time grouping is at least a minute answers as DuckDB does over the raw events —
 * COUNT(*) counts events also where Calcite, not the engine, computes the aggregate.
 */
class RollupInvisibleSqlTest
{
    private static WebEvents events;
    private static QueryEngine engine;
    private static SqlService service;

    @BeforeAll
    static void load() throws Exception
    {
        events = new WebEvents(5, 20_000);
        engine = new QueryEngine(2);
        service = new SqlService(events.provider(), engine);
        System.out.println("rolled rows " + events.rolledRows + " for 20000 events");
    }

    @AfterAll
    static void close() throws Exception
    {
        service.close();
        engine.close();
        events.close();
    }

    static List<SqlCase> cases()
    {
        final List<SqlCase> cases = new ArrayList<>();
        for (final SqlCase dashboard : SqlDifferentialTest.dashboard())
        {
            if (!dashboard.tally().contains("revenue > 0") && !dashboard.tally().contains("page") &&
                !dashboard.tally().contains("referrer"))
            {
                cases.add(onRolled(dashboard));
            }
        }
        final Results.Order any = Results.Order.ANY;
        for (final String sql : List.of(
            "SELECT device, COUNT(*), SUM(revenue), MAX(latency_max), APPROX_COUNT_DISTINCT(users) FROM events " +
                "WHERE country IN ('US', 'DE') GROUP BY device",
            "SELECT FLOOR(__time TO HOUR), os, COUNT(*) FROM events WHERE browser <> 'Chrome' GROUP BY 1, 2",
            "SELECT TIME_FLOOR(__time, 'PT10M'), COUNT(*), AVG(revenue) FROM events GROUP BY 1",
            "SELECT COUNT(*) FROM events WHERE LOWER(country) = 'us'",
            "SELECT LOWER(device), COUNT(*) FROM events GROUP BY 1",
            "SELECT LOWER(device), AVG(revenue), COUNT(revenue), SUM(revenue), AVG(revenue) FILTER (WHERE " +
                "os = 'iOS') FROM events GROUP BY 1",
            "SELECT AVG(revenue) FROM events WHERE LOWER(country) = 'nowhere'",
            "SELECT COUNT(*), SUM(revenue) FROM events WHERE UPPER(browser) LIKE 'CH%' AND device = 'mobile'",
            "SELECT device, COUNT(*) FROM events WHERE CHAR_LENGTH(os) > 4 GROUP BY device",
            "SELECT CASE WHEN device = 'mobile' THEN 'm' ELSE 'other' END, COUNT(*) FROM events GROUP BY 1",
            // expressions in the engine, and Calcite's forms of IN (subquery): a semi-join, and in a CASE a left join
            "SELECT SUM(CASE WHEN device = 'mobile' THEN revenue ELSE 0 END), COUNT(*) FILTER (WHERE os = 'iOS'), " +
                "COUNT(DISTINCT CASE WHEN device = 'mobile' THEN country END), SUM(1) FROM events",
            "SELECT EXTRACT(HOUR FROM __time), COUNT(*) FROM events GROUP BY 1",
            "SELECT country, COUNT(*) FROM events WHERE country IN (SELECT country FROM events GROUP BY 1 " +
                "ORDER BY COUNT(*) DESC, 1 LIMIT 3) GROUP BY 1",
            "SELECT CASE WHEN country IN (SELECT country FROM events GROUP BY 1 ORDER BY COUNT(*) DESC, 1 LIMIT 3) " +
                "THEN country ELSE 'Other' END, COUNT(*), SUM(revenue) FROM events GROUP BY 1",
            // anti-joins: a filter over a left join
            "SELECT COUNT(*) FROM events WHERE country NOT IN (SELECT country FROM events WHERE country = 'US' " +
                "GROUP BY country)",
            "SELECT e.device, COUNT(*) FROM events AS e WHERE NOT EXISTS (SELECT 1 FROM events AS s WHERE " +
                "s.country = e.country AND s.country = 'US') GROUP BY e.device"))
        {
            cases.add(onRolled(SqlCase.translated(sql, any, 0, sql.contains("APPROX") ? Set.of(4) : Set.of())));
        }
        return cases;
    }

    private static SqlCase onRolled(final SqlCase sqlCase)
    {
        return new SqlCase(sqlCase.tally().replace("FROM events", "FROM rolled"),
            sqlCase.duck().replace("CHAR_LENGTH", "length"), sqlCase.order(), sqlCase.key(), sqlCase.approximate());
    }

    @Test
    void rolledUpTableAnswersLikeRawEvents()
    {
        final List<String> mismatches = new ArrayList<>();
        for (final SqlCase sqlCase : cases())
        {
            try
            {
                final String mismatch = Results.mismatch(Results.normalize(service.execute(sqlCase.tally()).rows()),
                    Results.duck(events.duck, sqlCase.duck()), sqlCase.order(), sqlCase.key(),
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
        mismatches.forEach(m -> System.out.println("MISMATCH " + m));
        assertThat(mismatches).isEmpty();
    }
}
