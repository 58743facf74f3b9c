package dev.tally.sql.fn;

import java.util.Arrays;

/**
 * {@code APPROX_QUANTILE(value, p)} when Calcite computes it (the aggregate was not pushed into the engine): exact,
 * the smallest value whose rank reaches {@code p} (nearest rank), which is within any sketch's error bound. The
 * engine answers the pushed form with a KLL sketch.
 */
public final class ApproxQuantile
{
    /** Values seen so far and the requested quantile. */
    public static final class State
    {
        double[] values = new double[16];
        int count;
        double quantile = Double.NaN;
    }

    public State init()
    {
        return new State();
    }

    public State add(final State state, final Double value, final Double quantile)
    {
        if (value == null || quantile == null)
        {
            return state;
        }
        if (!(quantile >= 0 && quantile <= 1))
        {
            throw new IllegalArgumentException("APPROX_QUANTILE fraction[" + quantile + "] not in [0, 1]");
        }
        state.quantile = quantile;
        if (state.count == state.values.length)
        {
            state.values = Arrays.copyOf(state.values, state.count * 2);
        }
        state.values[state.count++] = value;
        return state;
    }

    public State merge(final State a, final State b)
    {
        for (int i = 0; i < b.count; i++)
        {
            add(a, b.values[i], b.quantile);
        }
        return a;
    }

    public Double result(final State state)
    {
        if (state.count == 0)
        {
            return null;
        }
        final double[] sorted = Arrays.copyOf(state.values, state.count);
        Arrays.sort(sorted);
        final int rank = (int)Math.ceil(state.quantile * state.count);
        return sorted[Math.max(0, Math.min(state.count - 1, rank - 1))];
    }
}
