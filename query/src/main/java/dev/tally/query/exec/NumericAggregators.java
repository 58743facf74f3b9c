package dev.tally.query.exec;

import dev.tally.storage.read.DimensionReader;
import dev.tally.storage.schema.ValueType;

import java.util.Arrays;

/**
 * The arithmetic aggregations (count, sum, min, max, avg) over metrics and numeric dimensions. Inner loops touch
 * only primitive arrays; nothing is allocated per row.
 */
final class NumericAggregators
{
    private NumericAggregators()
    {
    }

    /** Where a numeric input comes from: a metric's values, or a dimension's per-id values. */
    static final class Input
    {
        final ColumnRef column;
        final long[] idLongs;
        final double[] idDoubles;

        Input(final ColumnRef column, final DimensionReader reader)
        {
            this.column = column;
            if (column.kind() == ColumnRef.Kind.DIMENSION)
            {
                final int ids = reader.idCount();
                idLongs = column.type() == ValueType.LONG ? new long[ids] : null;
                idDoubles = column.type() == ValueType.DOUBLE ? new double[ids] : null;
                for (int id = 1; id < ids; id++)
                {
                    if (idLongs != null)
                    {
                        idLongs[id] = reader.longValue(id);
                    }
                    else
                    {
                        idDoubles[id] = reader.doubleValue(id);
                    }
                }
            }
            else
            {
                idLongs = null;
                idDoubles = null;
            }
        }

        boolean isLong()
        {
            return column.type() == ValueType.LONG;
        }

        boolean isTime()
        {
            return column.kind() == ColumnRef.Kind.TIME;
        }

        boolean isDimension()
        {
            return column.kind() == ColumnRef.Kind.DIMENSION;
        }
    }

    /** COUNT(*) or COUNT(column): events of the group's rows, optionally only rows where the column is not NULL. */
    static final class Count extends GroupAggregator
    {
        private final ColumnRef nonNull;
        private long[] counts = new long[0];

        Count(final ColumnRef nonNull)
        {
            this.nonNull = nonNull;
        }

        @Override
        void grow(final int groups)
        {
            if (groups > counts.length)
            {
                counts = Arrays.copyOf(counts, grownSize(counts.length, groups));
            }
        }

        @Override
        void add(final BlockData data, final int[] selection, final int count, final int[] groups,
            final long[] weights)
        {
            final long[] counts = this.counts;
            if (nonNull == null || nonNull.kind() == ColumnRef.Kind.TIME)
            {
                if (weights == null)
                {
                    for (int i = 0; i < count; i++)
                    {
                        counts[groups[i]]++;
                    }
                }
                else
                {
                    for (int i = 0; i < count; i++)
                    {
                        counts[groups[i]] += weights[selection[i]];
                    }
                }
                return;
            }
            if (nonNull.kind() == ColumnRef.Kind.DIMENSION)
            {
                final int[] ids = data.ids(nonNull.index());
                for (int i = 0; i < count; i++)
                {
                    final int row = selection[i];
                    if (ids[row] != DimensionReader.NULL_ID)
                    {
                        counts[groups[i]] += weights == null ? 1 : weights[row];
                    }
                }
                return;
            }
            final boolean[] nulls = data.nulls(nonNull.index());
            for (int i = 0; i < count; i++)
            {
                final int row = selection[i];
                if (nulls == null || !nulls[row])
                {
                    counts[groups[i]] += weights == null ? 1 : weights[row];
                }
            }
        }

        @Override
        Object partial(final int group)
        {
            return counts[group];
        }
    }

    /**
     * SUM, MIN, MAX and AVG of one input. Sums of a dimension weigh each row's value by its events (the value
     * occurred once per event); sums of a metric add the rolled-up values; AVG divides by the events that carried a
     * value.
     */
    static final class Arithmetic extends GroupAggregator
    {
        private final Partials.Op op;
        private final Input input;
        private long[] longs = new long[0];
        private double[] doubles = new double[0];
        private long[] weightSums = new long[0];
        private boolean[] seen = new boolean[0];

        Arithmetic(final Partials.Op op, final Input input)
        {
            this.op = op;
            this.input = input;
        }

        @Override
        void grow(final int groups)
        {
            if (groups > seen.length)
            {
                final int size = grownSize(seen.length, groups);
                final int old = seen.length;
                longs = Arrays.copyOf(longs, size);
                doubles = Arrays.copyOf(doubles, size);
                weightSums = Arrays.copyOf(weightSums, size);
                seen = Arrays.copyOf(seen, size);
                if (op == Partials.Op.MIN || op == Partials.Op.MAX)
                {
                    Arrays.fill(longs, old, size, op == Partials.Op.MIN ? Long.MAX_VALUE : Long.MIN_VALUE);
                    Arrays.fill(doubles, old, size, Double.NaN);
                }
            }
        }

        @Override
        void add(final BlockData data, final int[] selection, final int count, final int[] groups,
            final long[] weights)
        {
            final boolean isLong = input.isLong();
            final int[] ids = input.isDimension() ? data.ids(input.column.index()) : null;
            // __time reads like a metric without NULLs (MIN and MAX only)
            final long[] metricLongs = input.isTime() ? data.time() :
                !input.isDimension() && isLong ? data.longs(input.column.index()) : null;
            final double[] metricDoubles = !input.isDimension() && !isLong ? data.doubles(input.column.index()) : null;
            final boolean[] nulls = input.isDimension() || input.isTime() ? null : data.nulls(input.column.index());
            if (ids == null && nulls == null && op == Partials.Op.SUM)
            {
                addMetricSums(selection, count, groups, metricLongs, metricDoubles);
                return;
            }
            for (int i = 0; i < count; i++)
            {
                final int row = selection[i];
                if (ids != null ? ids[row] == DimensionReader.NULL_ID : nulls != null && nulls[row])
                {
                    continue;
                }
                final int group = groups[i];
                final long weight = weights == null ? 1 : weights[row];
                // a dimension's value stands for each of the row's events; a metric is already rolled up
                final long times = ids != null ? weight : 1;
                if (isLong)
                {
                    final long value = ids != null ? input.idLongs[ids[row]] : metricLongs[row];
                    switch (op)
                    {
                        case SUM, AVG -> longs[group] += value * times;
                        case MIN -> longs[group] = Math.min(longs[group], value);
                        default -> longs[group] = Math.max(longs[group], value);
                    }
                }
                else
                {
                    final double value = ids != null ? input.idDoubles[ids[row]] : metricDoubles[row];
                    switch (op)
                    {
                        case SUM, AVG -> doubles[group] += value * times;
                        case MIN -> doubles[group] = seen[group] ? Partials.minDouble(doubles[group], value) : value;
                        default -> doubles[group] = seen[group] ? Partials.maxDouble(doubles[group], value) : value;
                    }
                }
                weightSums[group] += weight;
                seen[group] = true;
            }
        }

        /** The common case, kept branch-free: SUM of a metric without NULLs. */
        private void addMetricSums(final int[] selection, final int count, final int[] groups,
            final long[] metricLongs, final double[] metricDoubles)
        {
            final boolean[] seen = this.seen;
            if (metricLongs != null)
            {
                final long[] sums = longs;
                for (int i = 0; i < count; i++)
                {
                    final int group = groups[i];
                    sums[group] += metricLongs[selection[i]];
                    seen[group] = true;
                }
            }
            else
            {
                final double[] sums = doubles;
                for (int i = 0; i < count; i++)
                {
                    final int group = groups[i];
                    sums[group] += metricDoubles[selection[i]];
                    seen[group] = true;
                }
            }
        }

        @Override
        Object partial(final int group)
        {
            if (op == Partials.Op.AVG)
            {
                return new Partials.Avg(input.isLong() ? longs[group] : 0, input.isLong() ? 0 : doubles[group],
                    input.isLong(), weightSums[group]);
            }
            if (!seen[group])
            {
                return null;
            }
            return input.isLong() ? (Object)longs[group] : (Object)doubles[group];
        }
    }
}
