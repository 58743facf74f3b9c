package dev.tally.query.exec;

import dev.tally.query.model.Aggregation;
import dev.tally.query.model.Filter;
import dev.tally.query.model.Grouping;
import dev.tally.query.model.NativeQuery;
import dev.tally.query.reference.RandomQueries;
import dev.tally.query.reference.RandomTables;
import dev.tally.query.reference.ReferenceEvaluator;
import dev.tally.query.reference.ResultComparison;
import dev.tally.query.reference.TestTable;
import dev.tally.storage.read.RowSource;
import dev.tally.storage.schema.ColumnSpec;
import dev.tally.storage.schema.MetricType;
import dev.tally.storage.schema.RowSchema;
import dev.tally.storage.schema.ValueType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine against the reference evaluator: random tables loaded as in-memory views and as mapped segments, split
 * across sources with small blocks, and thousands of random queries whose answers must be right answers (see
 * {@link ResultComparison}). Prints its seed; rerun one with {@code -Dtally.test.seed=N}. Mismatches are also
 * written to {@code target/engine-mismatches-SEED.txt}, one query JSON each, to become regression tests.
 */
class EngineDifferentialTest
{
    private static final int ROUNDS = 8;
    private static final int QUERIES_PER_ROUND = 300;
    private static final int REPORTED_MISMATCHES = 5;

    @TempDir
    Path dir;

    private QueryEngine engine;
    private EngineSources loader;

    @BeforeEach
    void start()
    {
        engine = new QueryEngine(2);
        loader = new EngineSources(dir);
    }

    @AfterEach
    void stop()
    {
        loader.close();
        engine.close();
    }

    @Test
    void randomQueriesMatchTheReferenceOverMemoryAndSegments() throws IOException
    {
        final long seed = Long.getLong("tally.test.seed", System.nanoTime());
        System.out.println("EngineDifferentialTest seed " + seed);
        final Random random = new Random(seed);
        final List<String> mismatches = new ArrayList<>();
        int queryCount = 0;
        for (int round = 0; round < ROUNDS; round++)
        {
            final RowSchema schema = RandomTables.randomSchema(random, random.nextInt(6) > 0);
            final int rows = round == 0 ? random.nextInt(20) : 100 + random.nextInt(2500);
            final TestTable table = RandomTables.randomTable(random, schema, rows, false);
            final List<RowSource> memory = loader.memory(table, random);
            final List<RowSource> segments = loader.segments(table, random);
            final RandomQueries queries = new RandomQueries(random, table, RandomQueries.Profile.FULL);
            for (int q = 0; q < QUERIES_PER_ROUND; q++, queryCount++)
            {
                final NativeQuery built = queries.next();
                // Half the queries come back from JSON, as from a log or another process: Integer constants.
                final NativeQuery query = q % 2 == 0 ? built : NativeQuery.fromJson(built.toJson());
                final QueryResult expected = ReferenceEvaluator.evaluateOrdered(query, table);
                record(mismatches, seed, round, q, "memory", query, expected,
                    EngineSources.check(engine, query, memory, expected));
                record(mismatches, seed, round, q, "segments", query, expected,
                    EngineSources.check(engine, query, segments, expected));
            }
            loader.close();
        }
        System.out.println("EngineDifferentialTest ran " + queryCount + " queries twice, " + mismatches.size() +
            " mismatches");
        if (!mismatches.isEmpty())
        {
            Files.writeString(Path.of("target", "engine-mismatches-" + seed + ".txt"), String.join("\n\n", mismatches));
        }
        assertThat(mismatches.subList(0, Math.min(REPORTED_MISMATCHES, mismatches.size())))
            .as("seed %d: %d mismatches", seed, mismatches.size()).isEmpty();
    }

    private static void record(
        final List<String> mismatches,
        final long seed,
        final int round,
        final int index,
        final String sources,
        final NativeQuery query,
        final QueryResult expected,
        final String mismatch)
    {
        if (mismatch != null)
        {
            mismatches.add("seed " + seed + " round " + round + " query " + index + " over " + sources + ": " +
                mismatch + "\n  query: " + query.toJson() + "\n  expected: " + ResultComparison.render(expected, 12));
        }
    }

    // Targeted cases: each names the behaviour and states its answer.

    private static final RowSchema SCHEMA = new RowSchema(
        List.of(ColumnSpec.dimension("page", ValueType.STRING), ColumnSpec.dimension("country", ValueType.STRING)),
        List.of(ColumnSpec.metric("cnt", MetricType.COUNT), ColumnSpec.metric("revenue", MetricType.DOUBLE_SUM)));
    private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    private static TestTable table(final Object[]... rows)
    {
        return new TestTable(SCHEMA, Arrays.asList(rows));
    }

    private static Object[] row(final long time, final String page, final String country, final long count,
        final Double revenue)
    {
        return new Object[] {time, page, country, count, revenue};
    }

    /** Checks the reference gives {@code rows} and the engine agrees over memory and over segments. */
    private void assertAnswer(final TestTable table, final NativeQuery query, final Object[]... rows)
        throws IOException
    {
        final QueryResult expected = ReferenceEvaluator.evaluateOrdered(query, table);
        final QueryResult stated = new QueryResult(expected.columnNames(), expected.columnTypes(), Arrays.asList(rows));
        assertThat(ResultComparison.mismatch(query, expected, stated)).as("the reference's answer").isNull();
        final Random random = new Random(42);
        assertThat(EngineSources.check(engine, query, loader.memory(table, random), expected))
            .as("over memory: %s", query.toJson()).isNull();
        assertThat(EngineSources.check(engine, query, loader.segments(table, random), expected))
            .as("over segments: %s", query.toJson()).isNull();
    }

    private static NativeQuery.Builder groupBy()
    {
        return NativeQuery.groupBy("t");
    }

    @Test
    void globalAggregateOverEmptyTableIsOneRowOfZeroCountsAndNulls() throws IOException
    {
        final NativeQuery query = groupBy().aggregations(Aggregation.count("events"),
            Aggregation.of(Aggregation.Kind.SUM, "revenue", "revenue"),
            Aggregation.of(Aggregation.Kind.COUNT_DISTINCT, "page", "pages"),
            Aggregation.of(Aggregation.Kind.APPROX_COUNT_DISTINCT, "page", "approx_pages"),
            Aggregation.of(Aggregation.Kind.AVG, "revenue", "avg_revenue")).build();

        assertAnswer(table(), query, new Object[] {0L, null, 0L, 0L, null});
        assertThat(engine.run(query, SCHEMA, List.of(), QueryContext.defaults()).rows())
            .as("no sources at all").containsExactly(new Object[] {0L, null, 0L, 0L, null});
    }

    @Test
    void groupByAndScanOverEmptyTableHaveNoRows() throws IOException
    {
        assertAnswer(table(), groupBy().groupings(new Grouping.Dimension("page", null))
            .aggregations(Aggregation.count("events")).build());
        assertAnswer(table(), NativeQuery.scan("t").build());
    }

    @Test
    void globalAggregateOverNoMatchingRowIsOneRow() throws IOException
    {
        final TestTable table = table(row(T0, "home", "DE", 3, 1.5), row(T0 + 1, "cart", null, 2, null));
        final NativeQuery query = groupBy().filter(Filter.equals("page", "absent")).aggregations(
            Aggregation.count("events"),
            Aggregation.of(Aggregation.Kind.MIN, "revenue", "min_revenue"),
            Aggregation.of(Aggregation.Kind.COUNT, "country", "with_country"),
            new Aggregation(Aggregation.Kind.APPROX_QUANTILE, "revenue", "median", 0.5)).build();

        assertAnswer(table, query, new Object[] {0L, null, 0L, null});
    }

    @Test
    void allNullDimensionIsOneNullGroupAndCountsNoValues() throws IOException
    {
        final TestTable table = table(row(T0, "home", null, 3, 1.5), row(T0 + 1, "cart", null, 2, null),
            row(T0 + 2, "home", null, 1, 4.0));
        final NativeQuery query = groupBy().groupings(new Grouping.Dimension("country", null)).aggregations(
            Aggregation.count("events"),
            Aggregation.of(Aggregation.Kind.COUNT, "country", "with_country"),
            Aggregation.of(Aggregation.Kind.COUNT_DISTINCT, "country", "countries"),
            Aggregation.of(Aggregation.Kind.SUM, "revenue", "revenue")).build();

        assertAnswer(table, query, new Object[] {null, 6L, 0L, 0L, 5.5});
        assertAnswer(table, groupBy().filter(Filter.equals("country", "DE")).groupings(
            new Grouping.Dimension("country", null)).aggregations(Aggregation.count("events")).build());
        assertAnswer(table, groupBy().filter(new Filter.IsNull("country"))
            .aggregations(Aggregation.count("events")).build(), new Object[] {6L});
    }

    @Test
    void notOfAComparisonWithNullIsUnknownSoTheRowFails() throws IOException
    {
        final TestTable table = table(row(T0, "a", "DE", 1, null), row(T0, "b", "FR", 2, null),
            row(T0, null, "US", 4, null));
        final Grouping byPage = new Grouping.Dimension("page", null);
        final Aggregation events = Aggregation.count("events");

        assertAnswer(table, groupBy().filter(Filter.not(Filter.equals("page", "a"))).groupings(byPage)
            .aggregations(events).build(), new Object[] {"b", 2L});
        assertAnswer(table, groupBy().filter(Filter.not(new Filter.In("page", List.of("a", "x")))).groupings(byPage)
            .aggregations(events).build(), new Object[] {"b", 2L});
        assertAnswer(table, groupBy().filter(Filter.or(Filter.equals("page", "a"), Filter.not(Filter.equals("page",
            "a")))).groupings(byPage).aggregations(events).build(), new Object[] {"a", 1L}, new Object[] {"b", 2L});
        assertAnswer(table, groupBy().filter(Filter.not(Filter.and(Filter.equals("page", "zzz"),
            new Filter.Like("page", "%", null)))).groupings(byPage).aggregations(events).build(),
            new Object[] {"a", 1L}, new Object[] {"b", 2L});
        assertAnswer(table, groupBy().filter(Filter.not(new Filter.IsNull("page"))).groupings(byPage)
            .aggregations(events).build(), new Object[] {"a", 1L}, new Object[] {"b", 2L});
    }

    @Test
    void likeEscapeMakesWildcardsLiteral() throws IOException
    {
        final TestTable table = table(row(T0, "100%", "DE", 1, null), row(T0, "1000", "DE", 2, null),
            row(T0, "a_b", "DE", 4, null), row(T0, "axb", "DE", 8, null), row(T0, "a!b", "DE", 16, null));
        final Grouping byPage = new Grouping.Dimension("page", null);
        final Aggregation events = Aggregation.count("events");

        assertAnswer(table, groupBy().filter(new Filter.Like("page", "100!%", '!')).groupings(byPage)
            .aggregations(events).build(), new Object[] {"100%", 1L});
        assertAnswer(table, groupBy().filter(new Filter.Like("page", "100%", null)).groupings(byPage)
            .aggregations(events).build(), new Object[] {"100%", 1L}, new Object[] {"1000", 2L});
        assertAnswer(table, groupBy().filter(new Filter.Like("page", "a\\_b", '\\')).groupings(byPage)
            .aggregations(events).build(), new Object[] {"a_b", 4L});
        assertAnswer(table, groupBy().filter(new Filter.Like("page", "a_b", null)).groupings(byPage)
            .aggregations(events).build(), new Object[] {"a_b", 4L}, new Object[] {"axb", 8L},
            new Object[] {"a!b", 16L});
        assertAnswer(table, groupBy().filter(new Filter.Like("page", "a!!b", '!')).groupings(byPage)
            .aggregations(events).build(), new Object[] {"a!b", 16L});
    }

    @Test
    void likeMatchesCharactersOutsideTheBasicPlane() throws IOException
    {
        final TestTable table = table(row(T0, "😀", "DE", 1, null), row(T0, "x😀y", "DE", 2, null),
            row(T0, "xy", "DE", 4, null));
        final Grouping byPage = new Grouping.Dimension("page", null);
        final Aggregation events = Aggregation.count("events");

        assertAnswer(table, groupBy().filter(new Filter.Like("page", "😀", null)).groupings(byPage)
            .aggregations(events).build(), new Object[] {"😀", 1L});
        assertAnswer(table, groupBy().filter(new Filter.Like("page", "x😀%", null)).groupings(byPage)
            .aggregations(events).build(), new Object[] {"x😀y", 2L});
        assertAnswer(table, groupBy().filter(new Filter.Like("page", "%😀%", null)).groupings(byPage)
            .aggregations(events).build(), new Object[] {"😀", 1L}, new Object[] {"x😀y", 2L});
        assertAnswer(table, groupBy().filter(new Filter.Like("page", "x_y", null)).groupings(byPage)
            .aggregations(events).build(), new Object[] {"x😀y", 2L});
    }

    @Test
    void dayBucketsInAZoneFollowLocalMidnightAcrossDst() throws IOException
    {
        // Europe/Berlin moves to summer time on 2025-03-30 at 01:00 UTC: that local day has 23 hours.
        final TestTable table = table(
            row(Instant.parse("2025-03-29T22:30:00Z").toEpochMilli(), "a", null, 1, null),
            row(Instant.parse("2025-03-29T23:30:00Z").toEpochMilli(), "a", null, 2, null),
            row(Instant.parse("2025-03-30T21:59:59.999Z").toEpochMilli(), "a", null, 4, null),
            row(Instant.parse("2025-03-30T22:00:00Z").toEpochMilli(), "a", null, 8, null));
        final NativeQuery query = groupBy().groupings(new Grouping.TimeBucket("P1D", "Europe/Berlin", "day"))
            .aggregations(Aggregation.count("events")).build();

        assertAnswer(table, query,
            new Object[] {Instant.parse("2025-03-28T23:00:00Z").toEpochMilli(), 1L},
            new Object[] {Instant.parse("2025-03-29T23:00:00Z").toEpochMilli(), 6L},
            new Object[] {Instant.parse("2025-03-30T22:00:00Z").toEpochMilli(), 8L});
        assertAnswer(table, groupBy().groupings(new Grouping.TimeBucket("P1D", null, "day"))
            .aggregations(Aggregation.count("events")).build(),
            new Object[] {Instant.parse("2025-03-29T00:00:00Z").toEpochMilli(), 3L},
            new Object[] {Instant.parse("2025-03-30T00:00:00Z").toEpochMilli(), 12L});
    }
}
