package dev.tally.storage.segment;

import dev.tally.storage.schema.ColumnSpec;
import dev.tally.storage.schema.MetricType;
import dev.tally.storage.schema.RowSchema;
import dev.tally.storage.schema.ValueType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.roaringbitmap.buffer.MutableRoaringBitmap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-style round trips: random schemas and rows are written, mapped and read back, and every value, the row
 * order, the dictionaries, the bitmaps and the block statistics are checked against the model. Failures print the
 * seed; rerun one with {@code -Dtally.test.seed=N}.
 */
class SegmentRoundTripTest
{
    @TempDir
    Path dir;

    @ParameterizedTest(name = "rows={0} blockRows={1} distinct={2}")
    @CsvSource({
        "0, 16, 10",
        "1, 16, 10",
        "16, 16, 10",
        "17, 16, 1",
        "1000, 64, 1",
        "1000, 64, 3",
        "5000, 128, 100000",
        "20000, 4096, 50",
        "70000, 65536, 1000",
    })
    void randomSchemasRoundTrip(final int rows, final int blockRows, final int distinct) throws IOException
    {
        final long seed = Long.getLong("tally.test.seed", System.nanoTime());
        final Random random = new Random(seed);
        try
        {
            for (int round = 0; round < 6; round++)
            {
                final RowSchema schema = RandomTable.randomSchema(random);
                final RandomTable table = RandomTable.generate(random, schema, rows, distinct);
                final Path file = dir.resolve("s" + round + ".seg");
                final SegmentInfo info = table.write(file, blockRows);
                assertThat(info.rowCount()).isEqualTo(rows);
                try (Segment segment = Segment.open(file))
                {
                    checkSegment("seed " + seed + " round " + round + " schema " + schema, table, segment);
                }
            }
        }
        catch (final RuntimeException | Error ex)
        {
            throw new AssertionError("failed with -Dtally.test.seed=" + seed + ": " + ex, ex);
        }
    }

    @Test
    void millionRowsWithHighAndLowCardinality() throws IOException
    {
        final long seed = Long.getLong("tally.test.seed", System.nanoTime());
        final Random random = new Random(seed);
        final RowSchema schema = new RowSchema(
            List.of(ColumnSpec.dimension("low", ValueType.STRING), ColumnSpec.dimension("high", ValueType.STRING),
                ColumnSpec.dimension("n", ValueType.LONG)),
            List.of(ColumnSpec.metric("count", MetricType.COUNT), ColumnSpec.metric("revenue", MetricType.DOUBLE_SUM)));
        final int rows = 1_000_000;
        final SegmentWriter writer = new SegmentWriter(schema);
        final long base = 1_767_225_600_000L;
        long countSum = 0;
        double revenueSum = 0;
        for (int r = 0; r < rows; r++)
        {
            final long count = 1 + random.nextInt(5);
            final double revenue = random.nextInt(30) == 0 ? random.nextDouble() * 100 : 0.0;
            countSum += count;
            revenueSum += revenue;
            writer.row(base + random.nextInt(3_600_000) / 60_000 * 60_000L)
                .dimension(0, "c" + random.nextInt(3))
                .dimension(1, "user-" + random.nextInt(800_000))
                .dimension(2, (long)random.nextInt(1000))
                .metric(0, count)
                .metric(1, revenue)
                .endRow();
        }
        final Path file = dir.resolve("million.seg");
        writer.write(file);
        try (Segment segment = Segment.open(file))
        {
            assertThat(segment.rowCount()).isEqualTo(rows);
            assertThat(segment.dimension("low").cardinality()).isEqualTo(3);
            assertThat(segment.dimension("high").cardinality()).isGreaterThan(500_000);
            final BlockScratch scratch = new BlockScratch();
            final long[] longs = new long[segment.blockRows()];
            final double[] doubles = new double[segment.blockRows()];
            final long[] times = new long[segment.blockRows()];
            long readCount = 0;
            double readRevenue = 0;
            long previous = Long.MIN_VALUE;
            for (int b = 0; b < segment.blockCount(); b++)
            {
                final int n = segment.longMetric(0).read(b, longs, scratch);
                segment.doubleMetric(1).read(b, doubles, scratch);
                segment.time().read(b, times, scratch);
                for (int i = 0; i < n; i++)
                {
                    readCount += longs[i];
                    readRevenue += doubles[i];
                    assertThat(times[i]).as("seed %d", seed).isGreaterThanOrEqualTo(previous);
                    previous = times[i];
                }
            }
            assertThat(readCount).as("seed %d", seed).isEqualTo(countSum);
            assertThat(readRevenue).as("seed %d", seed).isCloseTo(revenueSum, org.assertj.core.data.Offset.offset(1e-6));
            int bitmapTotal = 0;
            final DimensionColumn low = segment.dimension("low");
            for (int id = 0; id < low.idCount(); id++)
            {
                bitmapTotal += low.bitmap(id).getCardinality();
            }
            assertThat(bitmapTotal).isEqualTo(rows);
            // sorted by time first, then low: the blocks of a low-cardinality column compress
            assertThat(segment.time().blockMin(0)).isEqualTo(base);
        }
    }

    @Test
    void prefixAndRangeLookupsMatchBruteForce() throws IOException
    {
        final RowSchema schema = new RowSchema(
            List.of(ColumnSpec.dimension("page", ValueType.STRING), ColumnSpec.dimension("qty", ValueType.LONG)),
            List.of());
        final String[] pages = {"/", "/a", "/product/1", "/product/12", "/product/2", "/productivity", "/z", "",
            "/é", "/product"};
        final SegmentWriter writer = new SegmentWriter(schema);
        for (int i = 0; i < 100; i++)
        {
            writer.row(i).dimension(0, pages[i % pages.length]).dimension(1, (long)(i % 7) * 10 - 20).endRow();
        }
        final Path file = dir.resolve("lookup.seg");
        writer.write(file);
        try (Segment segment = Segment.open(file))
        {
            final DimensionColumn page = segment.dimension("page");
            for (final String prefix : new String[] {"", "/", "/product/", "/product", "/q", "/é", "zzz"})
            {
                final long range = page.prefixRange(prefix);
                final Set<String> fromRange = new HashSet<>();
                for (int id = DimensionColumn.rangeFrom(range); id < DimensionColumn.rangeTo(range); id++)
                {
                    fromRange.add(page.stringValue(id));
                }
                final Set<String> expected = new HashSet<>();
                for (final String value : pages)
                {
                    if (value.startsWith(prefix))
                    {
                        expected.add(value);
                    }
                }
                assertThat(fromRange).as("prefix[%s]", prefix).isEqualTo(expected);
            }
            final long between = page.valueRange("/a", false, "/product/2", true);
            final List<String> inRange = new ArrayList<>();
            for (int id = DimensionColumn.rangeFrom(between); id < DimensionColumn.rangeTo(between); id++)
            {
                inRange.add(page.stringValue(id));
            }
            assertThat(inRange).containsExactly("/product", "/product/1", "/product/12", "/product/2");
            assertThat(page.idOf("/missing")).isEqualTo(-1);
            assertThat(page.idOf((String)null)).isEqualTo(DimensionColumn.NULL_ID);

            final DimensionColumn qty = segment.dimension("qty");
            final long numeric = qty.numericRange(-10, true, 20, false);
            final List<Long> values = new ArrayList<>();
            for (int id = DimensionColumn.rangeFrom(numeric); id < DimensionColumn.rangeTo(numeric); id++)
            {
                values.add(qty.longValue(id));
            }
            assertThat(values).containsExactly(-10L, 0L, 10L);
        }
    }

    static void checkSegment(final String context, final RandomTable table, final Segment segment)
    {
        final RowSchema schema = table.schema;
        assertThat(segment.schema()).as(context).isEqualTo(schema);
        assertThat(segment.rowCount()).as(context).isEqualTo(table.rows.size());
        final List<List<Object>> actual = RandomTable.readAll(segment);
        assertThat(RandomTable.canonical(actual)).as(context).isEqualTo(RandomTable.canonical(table.rows));

        // sorted by (time, dimensions)
        for (int i = 1; i < actual.size(); i++)
        {
            final List<Object> key = actual.get(i).subList(0, 1 + schema.dimensions().size());
            final List<Object> previousKey = actual.get(i - 1).subList(0, 1 + schema.dimensions().size());
            assertThat(RandomTable.compareRows(previousKey, key)).as(context + " row " + i).isLessThanOrEqualTo(0);
        }

        final BlockScratch scratch = new BlockScratch();
        final int[] ids = new int[segment.blockRows()];
        for (int d = 0; d < schema.dimensions().size(); d++)
        {
            final DimensionColumn column = segment.dimension(d);
            final MutableRoaringBitmap[] expected = new MutableRoaringBitmap[column.idCount()];
            for (int id = 0; id < expected.length; id++)
            {
                expected[id] = new MutableRoaringBitmap();
            }
            for (int b = 0; b < segment.blockCount(); b++)
            {
                final int n = column.readIds(b, ids, scratch);
                int min = Integer.MAX_VALUE;
                int max = Integer.MIN_VALUE;
                for (int i = 0; i < n; i++)
                {
                    expected[ids[i]].add(b * segment.blockRows() + i);
                    min = Math.min(min, ids[i]);
                    max = Math.max(max, ids[i]);
                }
                assertThat(column.blockMinId(b)).as(context).isEqualTo(min);
                assertThat(column.blockMaxId(b)).as(context).isEqualTo(max);
            }
            for (int id = 0; id < expected.length; id++)
            {
                assertThat(column.bitmap(id).toArray()).as(context + " bitmap " + id).isEqualTo(expected[id].toArray());
                if (id > 0)
                {
                    final Object value = column.value(id);
                    final int found = value instanceof String s ? column.idOf(s) :
                        value instanceof Long l ? column.idOf((long)l) : column.idOf((double)(Double)value);
                    assertThat(found).as(context + " idOf " + value).isEqualTo(id);
                    if (id > 1)
                    {
                        assertThat(RandomTable.compareValues(column.value(id - 1), value)).as(context).isLessThan(0);
                    }
                }
            }
            assertThat(column.hasNulls()).as(context).isEqualTo(!expected[0].isEmpty());
            if (column.type() == ValueType.STRING)
            {
                assertThat(column.strings().find("never written \u0000".getBytes(StandardCharsets.UTF_8))).isNegative();
            }
        }

        final long[] times = new long[segment.blockRows()];
        for (int b = 0; b < segment.blockCount(); b++)
        {
            final int n = segment.time().read(b, times, scratch);
            assertThat(segment.time().blockMin(b)).as(context).isEqualTo(times[0]);
            assertThat(segment.time().blockMax(b)).as(context).isEqualTo(times[n - 1]);
        }
        if (!actual.isEmpty())
        {
            assertThat(segment.minTime()).isEqualTo(actual.get(0).get(0));
            assertThat(segment.maxTime()).isEqualTo(actual.get(actual.size() - 1).get(0));
        }
    }
}
