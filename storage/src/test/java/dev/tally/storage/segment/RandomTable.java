package dev.tally.storage.segment;

import dev.tally.storage.read.RowBuffer;
import dev.tally.storage.schema.ColumnSpec;
import dev.tally.storage.schema.MetricType;
import dev.tally.storage.schema.RowSchema;
import dev.tally.storage.schema.ValueType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Random schemas and rows for segment tests, plus the reference model: rows as lists of plain values, compared in
 * a total order, so what a segment returns can be checked against what was written.
 */
final class RandomTable
{
    final RowSchema schema;
    final List<List<Object>> rows = new ArrayList<>();

    private RandomTable(final RowSchema schema)
    {
        this.schema = schema;
    }

    static RowSchema randomSchema(final Random random)
    {
        final List<ColumnSpec> dimensions = new ArrayList<>();
        final int dimensionCount = random.nextInt(5);
        for (int i = 0; i < dimensionCount; i++)
        {
            final int pick = random.nextInt(10);
            final ValueType type = pick < 6 ? ValueType.STRING : pick < 8 ? ValueType.LONG : ValueType.DOUBLE;
            dimensions.add(ColumnSpec.dimension("d" + i + "_" + type.name().toLowerCase(), type));
        }
        final List<ColumnSpec> metrics = new ArrayList<>();
        final int metricCount = random.nextInt(5);
        for (int i = 0; i < metricCount; i++)
        {
            final MetricType type = MetricType.values()[random.nextInt(MetricType.values().length)];
            metrics.add(ColumnSpec.metric("m" + i + "_" + type.jsonName(), type));
        }
        return new RowSchema(dimensions, metrics);
    }

    /**
     * @param distinct how many distinct values each dimension draws from (1 = constant, huge = mostly unique).
     */
    static RandomTable generate(final Random random, final RowSchema schema, final int rowCount, final int distinct)
    {
        final RandomTable table = new RandomTable(schema);
        final long baseTime = 1_767_225_600_000L + random.nextInt(1000) * 3_600_000L;
        final long timeSpread = random.nextBoolean() ? 3_600_000L : 1 + random.nextInt(1000);
        final List<Object[]> pools = new ArrayList<>();
        for (final ColumnSpec dimension : schema.dimensions())
        {
            final Object[] pool = new Object[Math.max(1, Math.min(distinct, 1 << 20))];
            for (int i = 0; i < pool.length; i++)
            {
                pool[i] = randomValue(random, dimension.type());
            }
            pools.add(pool);
        }
        for (int r = 0; r < rowCount; r++)
        {
            final List<Object> row = new ArrayList<>();
            row.add(baseTime + (long)(random.nextDouble() * timeSpread));
            for (int d = 0; d < schema.dimensions().size(); d++)
            {
                final Object[] pool = pools.get(d);
                row.add(random.nextInt(10) == 0 ? null : pool[random.nextInt(pool.length)]);
            }
            for (final ColumnSpec metric : schema.metrics())
            {
                row.add(random.nextInt(10) == 0 ? null : randomValue(random, metric.type()));
            }
            table.rows.add(row);
        }
        return table;
    }

    static Object randomValue(final Random random, final ValueType type)
    {
        return switch (type)
        {
            case STRING -> randomString(random);
            case LONG -> switch (random.nextInt(6))
            {
                case 0 -> Long.MIN_VALUE;
                case 1 -> Long.MAX_VALUE;
                case 2 -> (long)random.nextInt(100) - 50;
                default -> random.nextLong();
            };
            case DOUBLE -> switch (random.nextInt(10))
            {
                case 0 -> Double.NaN;
                case 1 -> -0.0;
                case 2 -> Double.NEGATIVE_INFINITY;
                case 3 -> Double.MAX_VALUE;
                default -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(20) - 5);
            };
            case SKETCH ->
            {
                final byte[] bytes = new byte[random.nextInt(24)];
                random.nextBytes(bytes);
                yield bytes;
            }
        };
    }

    /** Valid Unicode (no unpaired surrogates): ASCII, Latin, CJK, emoji, the empty string. */
    static String randomString(final Random random)
    {
        final int length = random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(12);
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            final int codePoint = switch (random.nextInt(5))
            {
                case 0 -> 0x20 + random.nextInt(0x5F);
                case 1 -> 0xA0 + random.nextInt(0x500);
                case 2 -> 0x4E00 + random.nextInt(0x5000);
                case 3 -> 0x1F300 + random.nextInt(0x300);
                default -> 'a' + random.nextInt(3);
            };
            text.appendCodePoint(codePoint);
        }
        return text.toString();
    }

    SegmentInfo write(final Path file, final int blockRows) throws IOException
    {
        final SegmentWriter segmentWriter = new SegmentWriter(schema, new SegmentWriter.Options(blockRows, 0.5));
        final RowBuffer writer = segmentWriter.rows();
        final int dimensionCount = schema.dimensions().size();
        for (final List<Object> row : rows)
        {
            writer.row((Long)row.get(0));
            for (int d = 0; d < dimensionCount; d++)
            {
                final Object value = row.get(1 + d);
                if (value == null)
                {
                    writer.nullDimension(d);
                }
                else if (value instanceof String text)
                {
                    writer.dimension(d, text);
                }
                else if (value instanceof Long number)
                {
                    writer.dimension(d, (long)number);
                }
                else
                {
                    writer.dimension(d, (double)(Double)value);
                }
            }
            for (int m = 0; m < schema.metrics().size(); m++)
            {
                final Object value = row.get(1 + dimensionCount + m);
                if (value instanceof Long number)
                {
                    writer.metric(m, (long)number);
                }
                else if (value instanceof Double number)
                {
                    writer.metric(m, (double)number);
                }
                else if (value instanceof byte[] bytes)
                {
                    writer.sketch(m, bytes);
                }
            }
            writer.endRow();
        }
        return segmentWriter.write(file);
    }

    /** Every row of a segment, in file order, as plain values (sketches as byte arrays). */
    static List<List<Object>> readAll(final Segment segment)
    {
        final RowSchema schema = segment.schema();
        final BlockScratch scratch = new BlockScratch();
        final long[] times = new long[segment.blockRows()];
        final int[] ids = new int[segment.blockRows()];
        final long[] longs = new long[segment.blockRows()];
        final double[] doubles = new double[segment.blockRows()];
        final SketchBlock sketches = new SketchBlock();
        final List<List<Object>> rows = new ArrayList<>();
        for (int b = 0; b < segment.blockCount(); b++)
        {
            final int count = segment.time().read(b, times, scratch);
            final int first = rows.size();
            for (int i = 0; i < count; i++)
            {
                final List<Object> row = new ArrayList<>();
                row.add(times[i]);
                rows.add(row);
            }
            for (int d = 0; d < schema.dimensions().size(); d++)
            {
                final DimensionColumn column = segment.dimension(d);
                column.readIds(b, ids, scratch);
                for (int i = 0; i < count; i++)
                {
                    rows.get(first + i).add(column.value(ids[i]));
                }
            }
            for (int m = 0; m < schema.metrics().size(); m++)
            {
                final int base = b * segment.blockRows();
                switch (schema.metrics().get(m).type())
                {
                    case LONG ->
                    {
                        final LongColumn column = segment.longMetric(m);
                        column.read(b, longs, scratch);
                        for (int i = 0; i < count; i++)
                        {
                            rows.get(first + i).add(column.nulls().contains(base + i) ? null : longs[i]);
                        }
                    }
                    case DOUBLE ->
                    {
                        final DoubleColumn column = segment.doubleMetric(m);
                        column.read(b, doubles, scratch);
                        for (int i = 0; i < count; i++)
                        {
                            rows.get(first + i).add(column.nulls().contains(base + i) ? null : doubles[i]);
                        }
                    }
                    default ->
                    {
                        final SketchColumn column = segment.sketchMetric(m);
                        column.read(b, sketches, scratch);
                        for (int i = 0; i < count; i++)
                        {
                            rows.get(first + i).add(column.nulls().contains(base + i) ? null : sketches.copy(i));
                        }
                    }
                }
            }
        }
        return rows;
    }

    /** Rows in a canonical order and form (byte arrays as hex) so lists can be compared with equals. */
    static List<List<Object>> canonical(final List<List<Object>> rows)
    {
        final List<List<Object>> copy = new ArrayList<>();
        for (final List<Object> row : rows)
        {
            final List<Object> values = new ArrayList<>();
            for (final Object value : row)
            {
                values.add(value instanceof byte[] bytes ? "0x" + HexFormat.of().formatHex(bytes) : value);
            }
            copy.add(values);
        }
        copy.sort(RandomTable::compareRows);
        return copy;
    }

    static int compareRows(final List<Object> a, final List<Object> b)
    {
        for (int i = 0; i < a.size(); i++)
        {
            final int cmp = compareValues(a.get(i), b.get(i));
            if (cmp != 0)
            {
                return cmp;
            }
        }
        return 0;
    }

    /** The segment's value order: NULL first, strings by UTF-8 bytes, doubles by {@link Double#compare}. */
    static int compareValues(final Object a, final Object b)
    {
        if (a == null || b == null)
        {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (a instanceof String x)
        {
            return Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8), ((String)b).getBytes(StandardCharsets.UTF_8));
        }
        if (a instanceof Long x)
        {
            return Long.compare(x, (Long)b);
        }
        if (a instanceof Double x)
        {
            return Double.compare(x, (Double)b);
        }
        return Arrays.compareUnsigned((byte[])a, (byte[])b);
    }
}
