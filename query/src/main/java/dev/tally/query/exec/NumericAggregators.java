package dev.tally.query.exec;

import dev.tally.storage.read.DimensionReader;
import dev.tally.query.expr.Vec;
import dev.tally.query.model.Expr;

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

    /**
     * What an aggregation reads: a column of the source, and whether its values are properties of each event of a
     * row (dimensions, {@code __time}, expressions reading no metric: weighed by the row's events) or already
     * rolled up (metrics, and expressions of them).
     */
    static final class Input
    {
        final ColumnRef column;
        final BlockColumn block;
        final boolean isPerEvent;

        Input(final ColumnRef column, final BlockColumn block, final boolean isPerEvent)
        {
            this.column = column;
            this.block = block;
            this.isPerEvent = isPerEvent;
        }

        boolean isLong()
        {
            return block.type() != Expr.Type.DOUBLE;
        }

        /** Whether the values are read straight from the block's arrays ({@code __time}, a metric). */
        boolean isStored()
        {
            return column.kind() == ColumnRef.Kind.TIME || column.kind() == ColumnRef.Kind.METRIC;
        }
    }

    /** COUNT(*) or COUNT(column): events of the group's rows, optionally only rows where the column is not NULL. */
    static final class Count extends GroupAggregator
    {
        private final Input nonNull;
        private long[] counts = new long[0];

        Count(final Input nonNull)
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
            if (nonNull == null || nonNull.column.kind() == ColumnRef.Kind.TIME)
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
            if (nonNull.block.hasIds())
            {
                final int[] ids = nonNull.block.ids(data);
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
            if (nonNull.column.kind() == ColumnRef.Kind.METRIC)
            {
                // a rolled row may hold events without the field: count those that carried it
                final long[] carried = data.carried(nonNull.column.index());
                if (carried != null)
                {
                    for (int i = 0; i < count; i++)
                    {
                        counts[groups[i]] += carried[selection[i]];
                    }
                    return;
                }
                final boolean[] nulls = data.nulls(nonNull.column.index());
                for (int i = 0; i < count; i++)
                {
                    final int row = selection[i];
                    if (nulls == null || !nulls[row])
                    {
                        counts[groups[i]] += weights == null ? 1 : weights[row];
                    }
                }
                return;
            }
            final Vec values = nonNull.block.values(data, selection, count);
            for (int i = 0; i < count; i++)
            {
                if (!values.isNull(i))
                {
                    counts[groups[i]] += weights == null ? 1 : weights[selection[i]];
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
            if (!input.isStored())
            {
                addValues(input.block.values(data, selection, count), selection, count, groups, weights);
                return;
            }
            // __time reads like a metric without NULLs (MIN and MAX only)
            final boolean isTime = input.column.kind() == ColumnRef.Kind.TIME;
            final long[] metricLongs = isTime ? data.time() : isLong ? data.longs(input.column.index()) : null;
            final double[] metricDoubles = isLong ? null : data.doubles(input.column.index());
            final boolean[] nulls = isTime ? null : data.nulls(input.column.index());
            if (nulls == null && op == Partials.Op.SUM)
            {
                addMetricSums(selection, count, groups, metricLongs, metricDoubles);
                return;
            }
            // AVG divides by the events that carried the field, which a rolled row may hold fewer of than its events
            final long[] carried = isTime || op != Partials.Op.AVG ? null : data.carried(input.column.index());
            for (int i = 0; i < count; i++)
            {
                final int row = selection[i];
                if (nulls != null && nulls[row])
                {
                    continue;
                }
                final int group = groups[i];
                if (isLong)
                {
                    fold(group, metricLongs[row], 1);
                }
                else
                {
                    fold(group, metricDoubles[row], 1);
                }
                weightSums[group] += carried != null ? carried[row] : weights == null ? 1 : weights[row];
                seen[group] = true;
            }
        }

        /**
         * Values computed for the selected rows (a dimension's, an expression's): a per-event value stands for each
         * of the row's events; one read from metrics is already rolled up.
         */
        private void addValues(final Vec values, final int[] selection, final int count, final int[] groups,
            final long[] weights)
        {
            final boolean isLong = values.type != Expr.Type.DOUBLE;
            if (!values.hasNulls && (op == Partials.Op.SUM || op == Partials.Op.AVG))
            {
                sumValues(values, selection, count, groups, weights, isLong);
                return;
            }
            for (int i = 0; i < count; i++)
            {
                if (values.isNull(i))
                {
                    continue;
                }
                final int group = groups[i];
                final long weight = weights == null ? 1 : weights[selection[i]];
                final long times = input.isPerEvent ? weight : 1;
                if (isLong)
                {
                    fold(group, values.longs[i], times);
                }
                else
                {
                    fold(group, values.doubles[i], times);
                }
                weightSums[group] += weight;
                seen[group] = true;
            }
        }

        /** SUM and AVG of values without NULLs: one tight loop per case. */
        private void sumValues(final Vec values, final int[] selection, final int count, final int[] groups,
            final long[] weights, final boolean isLong)
        {
            final long[] sums = longs;
            final double[] doubleSums = doubles;
            final long[] weightSums = this.weightSums;
            final boolean[] seen = this.seen;
            final boolean weighed = input.isPerEvent && weights != null;
            for (int i = 0; i < count; i++)
            {
                final int group = groups[i];
                final long weight = weights == null ? 1 : weights[selection[i]];
                if (isLong)
                {
                    sums[group] += weighed ? values.longs[i] * weight : values.longs[i];
                }
                else
                {
                    doubleSums[group] += weighed ? values.doubles[i] * weight : values.doubles[i];
                }
                weightSums[group] += weight;
                seen[group] = true;
            }
        }

        private void fold(final int group, final long value, final long times)
        {
            switch (op)
            {
                case SUM, AVG -> longs[group] += value * times;
                case MIN -> longs[group] = Math.min(longs[group], value);
                default -> longs[group] = Math.max(longs[group], value);
            }
        }

        private void fold(final int group, final double value, final long times)
        {
            switch (op)
            {
                case SUM, AVG -> doubles[group] += value * times;
                case MIN -> doubles[group] = seen[group] ? Partials.minDouble(doubles[group], value) : value;
                default -> doubles[group] = seen[group] ? Partials.maxDouble(doubles[group], value) : value;
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
