package dev.tally.query.exec;

import dev.tally.query.model.NativeQuery;
import dev.tally.query.reference.RandomQueries;
import dev.tally.query.reference.RandomTables;
import dev.tally.query.reference.ReferenceEvaluator;
import dev.tally.query.reference.ResultComparison;
import dev.tally.query.reference.TestTable;
import dev.tally.storage.read.RowSource;
import dev.tally.storage.schema.ColumnSpec;
import dev.tally.storage.schema.RowSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Queries see events, not rolled rows (DESIGN §2): raw events rolled up to PT1M here in the test must answer every
 * query whose time grouping is at least a minute, and whose filters name no metric, exactly as the raw events do.
 * The reference must say so (a check of the contract) and the engine must agree over both. The queries leave out
 * what rollup legitimately changes; see {@link RandomQueries.Profile#ROLLUP_INVARIANT}. Prints its seed; rerun one
 * with {@code -Dtally.test.seed=N}.
 */
class RollupInvisibleTest
{
    private static final long MINUTE_MILLIS = 60_000L;
    private static final long SPAN_MILLIS = 150 * MINUTE_MILLIS;
    private static final int ROUNDS = 4;
    private static final int QUERIES_PER_ROUND = 150;

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
    void rolledUpRowsAnswerLikeTheirRawEvents() throws IOException
    {
        final long seed = Long.getLong("tally.test.seed", System.nanoTime());
        System.out.println("RollupInvisibleTest seed " + seed);
        final Random random = new Random(seed);
        final List<String> mismatches = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++)
        {
            final TestTable raw = compressTimes(RandomTables.randomTable(
                random, RandomTables.randomSchema(random, true), 500 + random.nextInt(3000), true));
            final TestTable rolled = rollUpToMinutes(raw);
            System.out.println("RollupInvisibleTest round " + round + ": " + raw.rows().size() + " events in " +
                rolled.rows().size() + " rows");
            final boolean rawInMemory = random.nextBoolean();
            final List<RowSource> rawSources = rawInMemory ? loader.memory(raw, random) : loader.segments(raw, random);
            final List<RowSource> rolledSources = rawInMemory ?
                loader.segments(rolled, random) : loader.memory(rolled, random);
            final RandomQueries queries = new RandomQueries(random, raw, RandomQueries.Profile.ROLLUP_INVARIANT);
            for (int q = 0; q < QUERIES_PER_ROUND; q++)
            {
                final NativeQuery query = queries.groupBy();
                final QueryResult expected = ReferenceEvaluator.evaluateOrdered(query, raw);
                final String where = "seed " + seed + " round " + round + " query " + q;
                record(mismatches, where + " reference over rolled rows", query, expected,
                    ResultComparison.mismatch(query, expected, ReferenceEvaluator.evaluate(query, rolled)));
                record(mismatches, where + " engine over raw events", query, expected,
                    EngineSources.check(engine, query, rawSources, expected));
                record(mismatches, where + " engine over rolled rows", query, expected,
                    EngineSources.check(engine, query, rolledSources, expected));
            }
            loader.close();
        }
        assertThat(mismatches.subList(0, Math.min(5, mismatches.size())))
            .as("seed %d: %d mismatches", seed, mismatches.size()).isEmpty();
    }

    private static void record(final List<String> mismatches, final String where, final NativeQuery query,
        final QueryResult expected, final String mismatch)
    {
        if (mismatch != null)
        {
            mismatches.add(where + ": " + mismatch + "\n  query: " + query.toJson() + "\n  expected: " +
                ResultComparison.render(expected, 12));
        }
    }

    /** Folds the events' times into a few hours, so that many share a minute and rollup merges them. */
    private static TestTable compressTimes(final TestTable events)
    {
        final long start = events.rows().stream().mapToLong(row -> (Long)row[0]).min().orElse(0);
        final List<Object[]> rows = new ArrayList<>();
        for (final Object[] row : events.rows())
        {
            final Object[] copy = row.clone();
            copy[0] = start + Math.floorMod((Long)row[0] - start, SPAN_MILLIS);
            rows.add(copy);
        }
        return events.withRows(rows);
    }

    /**
     * What ingest does at PT1M rollup: one row per minute and dimension values, counts and sums added, maxima and
     * minima kept; a metric is NULL only when none of the row's events carried it.
     */
    static TestTable rollUpToMinutes(final TestTable events)
    {
        final RowSchema schema = events.schema();
        final int dimensions = schema.dimensions().size();
        final Map<List<Object>, Object[]> rows = new LinkedHashMap<>();
        for (final Object[] event : events.rows())
        {
            final Object[] key = Arrays.copyOf(event, 1 + dimensions);
            key[0] = Math.floorDiv((Long)event[0], MINUTE_MILLIS) * MINUTE_MILLIS;
            final Object[] row = rows.get(Arrays.asList(key));
            if (row == null)
            {
                final Object[] first = event.clone();
                first[0] = key[0];
                rows.put(Arrays.asList(key), first);
                continue;
            }
            for (int m = 0; m < schema.metrics().size(); m++)
            {
                final int cell = 1 + dimensions + m;
                row[cell] = combine(schema.metrics().get(m), row[cell], event[cell]);
            }
        }
        return events.withRows(new ArrayList<>(rows.values()));
    }

    private static Object combine(final ColumnSpec metric, final Object left, final Object right)
    {
        if (left == null || right == null)
        {
            return left == null ? right : left;
        }
        return switch (metric.metricType())
        {
            case COUNT, LONG_SUM -> (Long)left + (Long)right;
            case DOUBLE_SUM -> (Double)left + (Double)right;
            case LONG_MAX -> Math.max((Long)left, (Long)right);
            case DOUBLE_MIN -> Math.min((Double)left, (Double)right);
            default -> throw new IllegalArgumentException("metric " + metric);
        };
    }
}
