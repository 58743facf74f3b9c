package dev.tally.sql;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * What SqlMetamorphicTest and SqlFuzzTest found in the expression engine, each reduced to its smallest statement and
 * stated as the behaviour that should hold: either DuckDB's answer over the same events, or the same answer from the
 * engine and from Calcite (over a window, which no filter passes, Calcite evaluates the predicate itself). Disabled
 * until the engine is fixed; the generators leave these shapes out, each with a comment naming its finding here.
 * Enable a test with its fix, and let the generator produce the shape again.
 */
class ExpressionFindingsTest
{
    /** Wraps a predicate so that Calcite, not the engine, evaluates it. */
    private static final String ABOVE_THE_ENGINE = "SELECT COUNT(*) FROM (SELECT quantity, COUNT(*) OVER () AS w " +
        "FROM events) s WHERE w > 0 AND ";

    private static LoadedSql sql;

    @BeforeAll
    static void load() throws Exception
    {
        sql = new LoadedSql(7, 5_000);
    }

    @AfterAll
    static void close() throws Exception
    {
        sql.close();
    }

    @Test
    void booleanOverAProjectedColumnFilteredAbovePlans()
    {
        final String statement = "SELECT country FROM (SELECT country, country = 'US' AS b FROM events) s WHERE b";
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> agrees(statement, statement));
    }

    @Test
    @Disabled("finding: x / 0 is NULL in the engine, but where Calcite evaluates it an error ('/ by zero', category " +
        "'Plan validation failed'), or NULL only when x is (5000 rows in the engine, 715 above it). Guarding every " +
        "division in the parser (CASE WHEN y = 0 THEN NULL ELSE x / y END) fixed it but made the RexSimplify " +
        "finding below fire under IS NULL, so it waits for that one")
    void divisionByZeroIsNullAboveTheEngineToo()
    {
        assertThat(count(ABOVE_THE_ENGINE + "(quantity / 0) IS NULL"))
            .isEqualTo(count("SELECT COUNT(*) FROM events WHERE (quantity / 0) IS NULL"));
    }

    @Test
    @Disabled("finding: the engine compares NaN (SQRT of a negative number) as greater than every number, Calcite " +
        "as neither greater nor smaller: 3625 rows in the engine, 2635 above it")
    void comparisonWithNaNIsAlikeInTheEngineAndAboveIt()
    {
        assertThat(count(ABOVE_THE_ENGINE + "SQRT(quantity) > 1"))
            .isEqualTo(count("SELECT COUNT(*) FROM events WHERE SQRT(quantity) > 1"));
    }

    @Test
    @Disabled("finding: LN of zero or a negative number is NULL in the engine (2035 rows), an error above it " +
        "('Cannot take logarithm of zero or negative number')")
    void logarithmOfNonPositiveIsAlikeInTheEngineAndAboveIt()
    {
        assertThat(count(ABOVE_THE_ENGINE + "LN(quantity) IS NULL"))
            .isEqualTo(count("SELECT COUNT(*) FROM events WHERE LN(quantity) IS NULL"));
    }

    @Test
    void orderByABooleanGroupKey() throws Exception
    {
        final String statement = "SELECT country = 'US', COUNT(*) FROM events GROUP BY country = 'US' ORDER BY 1";
        agrees(statement, statement);
    }

    @Test
    @Disabled("finding: planning fails with an AssertionError in Calcite's RexSimplify.validateStrongPolicy ('cannot " +
        "validate or plan this statement'); with assertions off (production) the answer is right")
    void isNullOfAComparisonWithANullifOfATimeFieldPlans() throws Exception
    {
        agrees("SELECT COUNT(*) FROM events WHERE (NULLIF(EXTRACT(MINUTE FROM __time), 4) < 3) IS NULL",
            "SELECT COUNT(*) FROM events WHERE (NULLIF(EXTRACT(MINUTE FROM __time), 4) < 3) IS NULL");
        agrees("SELECT COUNT(*) FROM events WHERE (CAST(EXTRACT(HOUR FROM __time) AS VARCHAR) <> " +
            "COALESCE(referrer, country)) IS NULL", "SELECT COUNT(*) FROM events WHERE (CAST(EXTRACT(HOUR FROM " +
            "__time) AS VARCHAR) <> COALESCE(referrer, country)) IS NULL");
    }

    @Test
    void averageOfANeverNullValueGroupedAboveTheEnginePlans() throws Exception
    {
        agrees("SELECT device, AVG(EXTRACT(HOUR FROM __time)) FROM events WHERE TIMESTAMPDIFF(MINUTE, " +
            "TIMESTAMP '2026-01-01 00:00:00', __time) > 10 GROUP BY device ORDER BY 1",
            "SELECT device, AVG(EXTRACT(HOUR FROM __time)) FROM events WHERE datesub('minute', " +
            "TIMESTAMP '2026-01-01 00:00:00', __time) > 10 GROUP BY device ORDER BY 1");
    }

    @Test
    @Disabled("finding: on a rolled table SUM(CASE WHEN <metric> … THEN 1 ELSE 0 END) is refused where the engine " +
        "runs it, but where Calcite computes the CASE (here TIMESTAMPDIFF keeps it out of the engine) it sums stored " +
        "rows: 1702, while COUNT(*) with the same WHERE counts 1706 events")
    void rolledSumOfACaseOverAMetricCountsEventsOrIsRefused()
    {
        final String p = "latency_max > 100 OR TIMESTAMPDIFF(MINUTE, TIMESTAMP '2026-01-01 00:00:00', __time) < 0";
        final long events = count("SELECT COUNT(*) FROM rolled WHERE " + p);
        try
        {
            assertThat(count("SELECT SUM(CASE WHEN " + p + " THEN 1 ELSE 0 END) FROM rolled")).isEqualTo(events);
        }
        catch (final SqlQueryException refused)
        {
            assertThat(refused.getMessage()).contains("rolls events up");
        }
    }

    @Test
    @Disabled("finding: COUNT(*) counts events (README), but above a window over a rolled table it counts stored " +
        "rows: 130 where the same filter counts 131 events")
    void rolledCountAboveAWindowCountsEvents()
    {
        assertThat(count("SELECT COUNT(*) FROM (SELECT revenue, COUNT(*) OVER () AS w FROM rolled) s WHERE w > 0 " +
            "AND revenue > 10")).isEqualTo(count("SELECT COUNT(*) FROM rolled WHERE revenue > 10"));
    }

    @Test
    @Disabled("finding: 'unsupported construct: no plan can run this statement'. Calcite proves the filter never " +
        "true and prunes the table's rows to an empty VALUES, after the AVG over them was judged the engine's (so " +
        "not reduced to SUM / COUNT, which Calcite could run); COUNT, SUM and MIN answer, and AVG with a GROUP BY")
    void averageUnderAFilterComparingANullifWithItsColumnPlans() throws Exception
    {
        final String statement = "SELECT AVG(latency_max) FROM events WHERE NULLIF(quantity, -1) > quantity";
        agrees(statement, statement);
    }

    @Test
    @Disabled("finding: 'Unable to implement EnumerableAggregate' where Calcite evaluates FLOOR(__time TO HOUR) and " +
        "EXTRACT(HOUR ...) in one expression (here MAX(TIMESTAMPADD(...)) keeps the aggregate out of the engine); " +
        "with TIME_FLOOR, or with another unit, it plans")
    void floorAndExtractOfOneUnitAboveTheEnginePlans() throws Exception
    {
        final String key = "CASE WHEN FLOOR(__time TO HOUR) <= TIMESTAMP '2026-01-01 02:19:00' THEN EXTRACT(HOUR " +
            "FROM __time) END";
        final String tally = "SELECT " + key + " AS k, MAX(TIMESTAMPADD(MINUTE, 10, __time)) FROM events GROUP BY " +
            key + " ORDER BY 1";
        agrees(tally, tally.replace("FLOOR(__time TO HOUR)", "date_trunc('hour', __time)")
            .replace("TIMESTAMPADD(MINUTE, 10, __time)", "__time + INTERVAL 10 MINUTE"));
    }

    @Test
    @Disabled("finding (SqlMetamorphicTest, seed 31560211254572): where Calcite evaluates it, COALESCE(quantity, 4) " +
        "NOT BETWEEN 4 AND 7 is true for the rows whose quantity is NULL (2209 where the engine counts 1780 of 3000 " +
        "events; the difference is the NULL rows); the engine is right")
    void coalesceNotBetweenIsAlikeInTheEngineAndAboveIt()
    {
        assertThat(count(ABOVE_THE_ENGINE + "COALESCE(quantity, 4) NOT BETWEEN 4 AND 7"))
            .isEqualTo(count("SELECT COUNT(*) FROM events WHERE COALESCE(quantity, 4) NOT BETWEEN 4 AND 7"));
    }

    private static long count(final String statement)
    {
        return ((Number)sql.service.execute(statement).rows().get(0)[0]).longValue();
    }

    private static void agrees(final String tally, final String duck) throws Exception
    {
        final List<Object[]> rows = Results.normalize(sql.service.execute(tally).rows());
        assertThat(Results.mismatch(rows, Results.duck(sql.events.duck, duck), Results.Order.EXACT, 0, Set.of()))
            .as(tally).isNull();
    }
}
