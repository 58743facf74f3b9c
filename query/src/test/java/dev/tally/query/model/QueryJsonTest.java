package dev.tally.query.model;

import dev.tally.query.reference.RandomQueries;
import dev.tally.query.reference.RandomTables;
import dev.tally.query.reference.TestTable;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Native queries are logged and shown by EXPLAIN as JSON, and read back from it: every random query survives the
 * round trip unchanged. Prints its seed; rerun one with {@code -Dtally.test.seed=N}.
 */
class QueryJsonTest
{
    @Test
    void randomQueriesRoundTripThroughJson()
    {
        final long seed = Long.getLong("tally.test.seed", System.nanoTime());
        System.out.println("QueryJsonTest seed " + seed);
        final Random random = new Random(seed);
        for (int round = 0; round < 20; round++)
        {
            final TestTable table = RandomTables.randomTable(
                random, RandomTables.randomSchema(random, true), 1 + random.nextInt(200), false);
            final RandomQueries queries = new RandomQueries(random, table, RandomQueries.Profile.FULL);
            for (int i = 0; i < 100; i++)
            {
                final NativeQuery query = queries.next();
                final String json = query.toJson();
                final NativeQuery back = NativeQuery.fromJson(json);
                assertThat(back.toJson()).as("seed %d json %s", seed, json).isEqualTo(json);
                assertThat(withLongConstants(back)).as("seed %d json %s", seed, json).isEqualTo(query);
            }
        }
    }

    /**
     * Jackson reads a JSON integer that fits an int as Integer, so a Long constant comes back as an Integer of the
     * same value (engines must accept any Number). Equality is checked up to that.
     */
    private static NativeQuery withLongConstants(final NativeQuery query)
    {
        return new NativeQuery(query.type(), query.table(), query.intervals(), query.virtualColumns(),
            withLongConstants(query.filter()),
            query.groupings(), query.aggregations(), withLongConstants(query.having()), query.columns(),
            query.orderBy(), query.limit(), query.offset());
    }

    private static Filter withLongConstants(final Filter filter)
    {
        if (filter instanceof Filter.Equals equals)
        {
            return new Filter.Equals(equals.column(), widen(equals.value()));
        }
        if (filter instanceof Filter.In in)
        {
            return new Filter.In(in.column(), in.values().stream().map(QueryJsonTest::widen).toList());
        }
        if (filter instanceof Filter.Range range)
        {
            return new Filter.Range(range.column(), widen(range.lower()), range.lowerInclusive(), widen(range.upper()),
                range.upperInclusive());
        }
        if (filter instanceof Filter.And and)
        {
            return new Filter.And(and.filters().stream().map(QueryJsonTest::withLongConstants).toList());
        }
        if (filter instanceof Filter.Or or)
        {
            return new Filter.Or(or.filters().stream().map(QueryJsonTest::withLongConstants).toList());
        }
        if (filter instanceof Filter.Not not)
        {
            return new Filter.Not(withLongConstants(not.filter()));
        }
        return filter;
    }

    private static Object widen(final Object value)
    {
        return value instanceof Integer number ? (Object)number.longValue() : value;
    }

    @Test
    void escapeCharacterAndZoneSurviveJson()
    {
        final NativeQuery query = NativeQuery.groupBy("t")
            .filter(new Filter.Like("page", "100!%%", '!'))
            .groupings(new Grouping.TimeBucket("P1D", "Europe/Berlin", "day"))
            .aggregations(new Aggregation(Aggregation.Kind.APPROX_QUANTILE, "latency", "p99", 0.99))
            .build();

        assertThat(NativeQuery.fromJson(query.toJson())).isEqualTo(query);
    }
}
