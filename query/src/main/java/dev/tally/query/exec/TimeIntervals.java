package dev.tally.query.exec;

import dev.tally.query.model.Filter;
import dev.tally.query.model.Interval;
import dev.tally.storage.schema.RowSchema;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Normalizes a query's time restriction: the query's intervals intersected with the {@code __time} ranges found
 * among the filter's top-level conjuncts (which are then dropped from the filter), sorted and merged, so segments
 * and blocks can be pruned on time.
 *
 * @param intervals sorted, disjoint; empty list with {@code isEmpty} false means all time.
 * @param isEmpty   the restriction selects no time at all.
 * @param residual  the filter without the extracted conjuncts ({@code null} when nothing is left).
 */
record TimeIntervals(List<Interval> intervals, boolean isEmpty, Filter residual)
{
    static TimeIntervals of(final List<Interval> queryIntervals, final Filter filter)
    {
        List<Interval> current = queryIntervals.isEmpty() ? List.of(Interval.ETERNITY) : merge(queryIntervals);
        final List<Filter> conjuncts = new ArrayList<>();
        if (filter instanceof Filter.And and)
        {
            conjuncts.addAll(and.filters());
        }
        else if (filter != null)
        {
            conjuncts.add(filter);
        }
        final List<Filter> residual = new ArrayList<>();
        for (final Filter conjunct : conjuncts)
        {
            final Interval range = timeRange(conjunct);
            if (range == null)
            {
                residual.add(conjunct);
            }
            else
            {
                current = intersect(current, range);
            }
        }
        final Filter rest = residual.isEmpty() ? null :
            residual.size() == 1 ? residual.get(0) : new Filter.And(residual);
        final boolean isAll = current.size() == 1 && current.get(0).equals(Interval.ETERNITY);
        return new TimeIntervals(isAll ? List.of() : current, current.isEmpty(), rest);
    }

    /** A {@code __time} range or equality with numeric bounds as a half-open interval, else {@code null}. */
    private static Interval timeRange(final Filter filter)
    {
        if (filter instanceof Filter.Equals equals && RowSchema.TIME_COLUMN.equals(equals.column()) &&
            equals.value() instanceof Number value && isWhole(value))
        {
            final long time = value.longValue();
            return time == Long.MAX_VALUE ? null : new Interval(time, time + 1);
        }
        if (!(filter instanceof Filter.Range range) || !RowSchema.TIME_COLUMN.equals(range.column()))
        {
            return null;
        }
        if ((range.lower() != null && !(range.lower() instanceof Number)) ||
            (range.upper() != null && !(range.upper() instanceof Number)))
        {
            return null;
        }
        long start = Long.MIN_VALUE;
        long end = Long.MAX_VALUE;
        if (range.lower() != null)
        {
            final double lower = ((Number)range.lower()).doubleValue();
            start = isWhole((Number)range.lower()) ?
                ((Number)range.lower()).longValue() + (range.lowerInclusive() ? 0 : 1) : (long)Math.ceil(lower);
        }
        if (range.upper() != null)
        {
            final double upper = ((Number)range.upper()).doubleValue();
            end = isWhole((Number)range.upper()) ?
                ((Number)range.upper()).longValue() + (range.upperInclusive() ? 1 : 0) : (long)Math.floor(upper) + 1;
        }
        return end < start ? new Interval(start, start) : new Interval(start, end);
    }

    private static boolean isWhole(final Number value)
    {
        return value instanceof Long || value instanceof Integer ||
            (value.doubleValue() == Math.rint(value.doubleValue()) && Math.abs(value.doubleValue()) < 9.0e15);
    }

    private static List<Interval> intersect(final List<Interval> intervals, final Interval range)
    {
        final List<Interval> result = new ArrayList<>();
        for (final Interval interval : intervals)
        {
            final long start = Math.max(interval.start(), range.start());
            final long end = Math.min(interval.end(), range.end());
            if (start < end)
            {
                result.add(new Interval(start, end));
            }
        }
        return result;
    }

    private static List<Interval> merge(final List<Interval> intervals)
    {
        final List<Interval> sorted = new ArrayList<>(intervals);
        sorted.sort(Comparator.comparingLong(Interval::start));
        final List<Interval> merged = new ArrayList<>();
        for (final Interval interval : sorted)
        {
            if (interval.start() == interval.end())
            {
                continue;
            }
            if (!merged.isEmpty() && merged.get(merged.size() - 1).end() >= interval.start())
            {
                final Interval last = merged.remove(merged.size() - 1);
                merged.add(new Interval(last.start(), Math.max(last.end(), interval.end())));
            }
            else
            {
                merged.add(interval);
            }
        }
        return merged;
    }
}
