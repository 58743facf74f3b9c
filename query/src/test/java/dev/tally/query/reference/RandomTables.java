package dev.tally.query.reference;

import dev.tally.storage.schema.ColumnSpec;
import dev.tally.storage.schema.MetricType;
import dev.tally.storage.schema.RowSchema;
import dev.tally.storage.schema.ValueType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Random schemas and rows for query tests: string, long and double dimensions with NULLs, empty strings, non-ASCII
 * text (including characters whose UTF-16 order differs from their UTF-8 order), LIKE wildcards inside values, and
 * metrics with occasional NULLs, over about two days that sometimes cross a DST change or a month end.
 */
public final class RandomTables
{
    /** 2026-01-01; 2025-03-29 (EU spring DST on the 30th); 2025-10-31 (month end, US fall DST on Nov 2nd). */
    private static final long[] BASE_TIMES = {1_767_225_600_000L, 1_743_206_400_000L, 1_761_868_800_000L};
    private static final long TWO_DAYS_MILLIS = 2 * 86_400_000L;
    private static final String[] STRINGS = {
        "", "a", "ab", "abc", "abd", "b", "Zebra", "zebra", "ü", "über", "Über", "日本", "日本語", "😀", "x😀y",
        "\uFF21", "100%", "a_b", "a%b", "c:\\dir", "it's", "line\nbreak", " space", "Ω", "mixed Case",
    };

    private RandomTables()
    {
    }

    /** 1-4 dimensions of mixed types; a COUNT metric (unless {@code withCount} is false) and some others. */
    public static RowSchema randomSchema(final Random random, final boolean withCount)
    {
        final List<ColumnSpec> dimensions = new ArrayList<>();
        final int dimensionCount = 1 + random.nextInt(4);
        for (int i = 0; i < dimensionCount; i++)
        {
            final int pick = random.nextInt(10);
            final ValueType type = pick < 6 ? ValueType.STRING : pick < 8 ? ValueType.LONG : ValueType.DOUBLE;
            dimensions.add(ColumnSpec.dimension("d" + i + "_" + type.name().toLowerCase(), type));
        }
        final List<ColumnSpec> metrics = new ArrayList<>();
        final List<MetricType> others = new ArrayList<>(List.of(
            MetricType.LONG_SUM, MetricType.DOUBLE_SUM, MetricType.LONG_MAX, MetricType.DOUBLE_MIN));
        Collections.shuffle(others, random);
        final int otherCount = 1 + random.nextInt(others.size());
        for (int i = 0; i < otherCount; i++)
        {
            metrics.add(ColumnSpec.metric(metricName(others.get(i)), others.get(i)));
        }
        if (withCount)
        {
            // Usually first; sometimes after another metric, since the event count is the first COUNT metric.
            metrics.add(random.nextInt(4) == 0 ? 1 : 0, ColumnSpec.metric("cnt", MetricType.COUNT));
        }
        return new RowSchema(dimensions, metrics);
    }

    public static String metricName(final MetricType type)
    {
        return switch (type)
        {
            case COUNT -> "cnt";
            case LONG_SUM -> "m_lsum";
            case DOUBLE_SUM -> "m_dsum";
            case LONG_MAX -> "m_lmax";
            case DOUBLE_MIN -> "m_dmin";
            default -> "m_" + type.jsonName();
        };
    }

    /**
     * {@code rowCount} rows; with {@code rawEvents} every COUNT metric is 1 (each row one event), otherwise 1-5 as if
     * rolled up.
     */
    public static TestTable randomTable(
        final Random random, final RowSchema schema, final int rowCount, final boolean rawEvents)
    {
        final long base = BASE_TIMES[random.nextInt(BASE_TIMES.length)] + random.nextInt(24) * 3_600_000L;
        final List<Object[]> pools = new ArrayList<>();
        for (final ColumnSpec dimension : schema.dimensions())
        {
            final Object[] pool = new Object[1 + random.nextInt(random.nextBoolean() ? 6 : 30)];
            for (int i = 0; i < pool.length; i++)
            {
                pool[i] = randomValue(random, dimension.type());
            }
            pools.add(pool);
        }
        final int dimensions = schema.dimensions().size();
        final int allNullDimension = random.nextInt(6) == 0 ? random.nextInt(dimensions) : -1;
        final double nullShare = random.nextInt(4) == 0 ? 0.4 : 0.08;
        final List<Object[]> rows = new ArrayList<>(rowCount);
        for (int r = 0; r < rowCount; r++)
        {
            final Object[] row = new Object[1 + dimensions + schema.metrics().size()];
            // Mostly spread over two days; some rows share a millisecond with the previous one.
            row[0] = r > 0 && random.nextInt(20) == 0 ?
                rows.get(r - 1)[0] : base + (long)(random.nextDouble() * TWO_DAYS_MILLIS);
            for (int d = 0; d < dimensions; d++)
            {
                final Object[] pool = pools.get(d);
                final boolean isNull = d == allNullDimension || random.nextDouble() < nullShare;
                row[1 + d] = isNull ? null : pool[skewedIndex(random, pool.length)];
            }
            for (int m = 0; m < schema.metrics().size(); m++)
            {
                row[1 + dimensions + m] = metricValue(random, schema.metrics().get(m).metricType(), rawEvents);
            }
            rows.add(row);
        }
        return new TestTable(schema, rows);
    }

    /** Low indexes more often, so some values are frequent and others rare. */
    private static int skewedIndex(final Random random, final int size)
    {
        return random.nextBoolean() ? random.nextInt(size) : random.nextInt(1 + random.nextInt(size));
    }

    private static Object randomValue(final Random random, final ValueType type)
    {
        return switch (type)
        {
            case STRING -> random.nextInt(3) == 0 ? randomAscii(random) : STRINGS[random.nextInt(STRINGS.length)];
            case LONG -> random.nextInt(10) == 0 ? (random.nextBoolean() ? 1L : -1L) * random.nextInt(1 << 30) *
                1000L : (long)(random.nextInt(101) - 50);
            case DOUBLE -> random.nextInt(40) == 0 ? Double.NaN : (random.nextInt(4001) - 2000) / 8.0;
            default -> throw new IllegalArgumentException("type " + type);
        };
    }

    private static String randomAscii(final Random random)
    {
        final StringBuilder text = new StringBuilder();
        final int length = 1 + random.nextInt(6);
        for (int i = 0; i < length; i++)
        {
            text.append((char)('a' + random.nextInt(5)));
        }
        return text.toString();
    }

    private static Object metricValue(final Random random, final MetricType type, final boolean rawEvents)
    {
        if (type == MetricType.COUNT)
        {
            return rawEvents ? 1L : 1L + random.nextInt(5);
        }
        if (random.nextInt(15) == 0)
        {
            return null;
        }
        return switch (type)
        {
            case LONG_SUM -> (long)random.nextInt(1000);
            case DOUBLE_SUM -> random.nextInt(100_000) / 100.0;
            case LONG_MAX -> (long)(random.nextInt(10_100) - 100);
            case DOUBLE_MIN -> (random.nextInt(20_001) - 10_000) / 4.0;
            default -> throw new IllegalArgumentException("metric type " + type);
        };
    }
}
