package dev.tally.sql.fn;

import dev.tally.sql.fn.LatestBy.State;

/**
 * {@code EARLIEST_BY(value, time)} (and Druid's {@code EARLIEST(value)}, rewritten to
 * {@code EARLIEST_BY(value, __time)}):
 * the value of the row with the least time; among rows of equal time the one seen first. NULL values count, as in
 * Druid. On a rolled-up table a row's time is its rollup bucket. One class per value type, since Calcite types a
 * user-defined aggregate by its Java signature.
 */
public final class EarliestBy
{
    private EarliestBy()
    {
    }

    public static final class OfString
    {
        public State<String> init()
        {
            return new State<>();
        }

        public State<String> add(final State<String> state, final String value, final long time)
        {
            return state.offer(value, time, false);
        }

        public State<String> merge(final State<String> a, final State<String> b)
        {
            return a.merge(b, false);
        }

        public String result(final State<String> state)
        {
            return state.value;
        }
    }

    public static final class OfLong
    {
        public State<Long> init()
        {
            return new State<>();
        }

        public State<Long> add(final State<Long> state, final Long value, final long time)
        {
            return state.offer(value, time, false);
        }

        public State<Long> merge(final State<Long> a, final State<Long> b)
        {
            return a.merge(b, false);
        }

        public Long result(final State<Long> state)
        {
            return state.value;
        }
    }

    public static final class OfDouble
    {
        public State<Double> init()
        {
            return new State<>();
        }

        public State<Double> add(final State<Double> state, final Double value, final long time)
        {
            return state.offer(value, time, false);
        }

        public State<Double> merge(final State<Double> a, final State<Double> b)
        {
            return a.merge(b, false);
        }

        public Double result(final State<Double> state)
        {
            return state.value;
        }
    }
}
