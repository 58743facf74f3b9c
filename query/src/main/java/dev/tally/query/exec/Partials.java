package dev.tally.query.exec;

import dev.tally.query.model.Aggregation;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.kll.KllDoublesSketch;

import java.util.Set;

/**
 * Partial aggregation results of one group from one source, merged across sources on the group's values and then
 * finished into the answer: counts as Long; sums, mins and maxes as Long or Double (null when no input); averages
 * as {@link Avg}; exact distinct values as a Set; approximate distinct counts as an HLL {@link Union}; quantiles as
 * a KLL sketch.
 */
final class Partials
{
    enum Op
    {
        SUM,
        MIN,
        MAX,
        AVG
    }

    /** Sum and event weight of an average; a LONG input keeps an exact long sum. */
    record Avg(long longSum, double doubleSum, boolean isLong, long weight)
    {
        Avg merge(final Avg other)
        {
            return new Avg(longSum + other.longSum, doubleSum + other.doubleSum, isLong, weight + other.weight);
        }
    }

    private Partials()
    {
    }

    static Object merge(final Aggregation aggregation, final Object a, final Object b)
    {
        if (a == null)
        {
            return b;
        }
        if (b == null)
        {
            return a;
        }
        return switch (aggregation.kind())
        {
            case COUNT -> (Long)a + (Long)b;
            case SUM -> a instanceof Long x ? (Object)(x + (Long)b) : (Object)((Double)a + (Double)b);
            case MIN -> a instanceof Double x ? (Object)minDouble(x, (Double)b) :
                Values.compare(a, b) <= 0 ? a : b;
            case MAX -> a instanceof Double x ? (Object)maxDouble(x, (Double)b) :
                Values.compare(a, b) >= 0 ? a : b;
            case AVG -> ((Avg)a).merge((Avg)b);
            case COUNT_DISTINCT -> mergeSets(a, b);
            case APPROX_COUNT_DISTINCT ->
            {
                ((Union)a).update(((Union)b).getResult());
                yield a;
            }
            case APPROX_QUANTILE ->
            {
                ((KllDoublesSketch)a).merge((KllDoublesSketch)b);
                yield a;
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static Object mergeSets(final Object a, final Object b)
    {
        final Set<Object> x = (Set<Object>)a;
        final Set<Object> y = (Set<Object>)b;
        if (x.size() >= y.size())
        {
            x.addAll(y);
            return x;
        }
        y.addAll(x);
        return y;
    }

    /** The aggregation's answer from its merged partial; {@code partial} is null when no source had the group. */
    static Object finish(final Aggregation aggregation, final Object partial)
    {
        return switch (aggregation.kind())
        {
            case COUNT -> partial == null ? 0L : partial;
            case SUM, MIN, MAX -> partial;
            case AVG ->
            {
                final Avg avg = (Avg)partial;
                if (avg == null || avg.weight() == 0)
                {
                    yield null;
                }
                yield (avg.isLong() ? (double)avg.longSum() : avg.doubleSum()) / avg.weight();
            }
            case COUNT_DISTINCT -> partial == null ? 0L : (long)((Set<?>)partial).size();
            case APPROX_COUNT_DISTINCT -> partial == null ? 0L : Math.round(((Union)partial).getEstimate());
            case APPROX_QUANTILE ->
            {
                final KllDoublesSketch sketch = (KllDoublesSketch)partial;
                yield sketch == null || sketch.isEmpty() ? null : sketch.getQuantile(aggregation.parameter());
            }
        };
    }

    /** Minimum with {@code -0.0 == 0.0} and NaN greatest (the order filters and sorting use). */
    static double minDouble(final double a, final double b)
    {
        return ValueMatcher.compareDoubles(a, b) <= 0 ? a : b;
    }

    static double maxDouble(final double a, final double b)
    {
        return ValueMatcher.compareDoubles(a, b) >= 0 ? a : b;
    }
}
