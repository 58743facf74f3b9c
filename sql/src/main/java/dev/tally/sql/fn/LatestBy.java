package dev.tally.sql.fn;

/**
 * {@code LATEST_BY(value, time)} (and Druid's {@code LATEST(value)}, rewritten to {@code LATEST_BY(value, __time)}):
 * the value of the row with the greatest time; among rows of equal time the one seen last. NULL values count, as in
 * Druid. On a rolled-up table a row's time is its rollup bucket. One class per value type, since Calcite types a
 * user-defined aggregate by its Java signature.
 */
public final class LatestBy
{
    private LatestBy()
    {
    }

    /** The chosen value and its time; {@code time == Long.MIN_VALUE} before any row. */
    public static final class State<T>
    {
        long time = Long.MIN_VALUE;
        boolean isSet;
        T value;

        State<T> offer(final T candidate, final long millis, final boolean isLatest)
        {
            if (!isSet || (isLatest ? millis >= time : millis < time))
            {
                time = millis;
                value = candidate;
                isSet = true;
            }
            return this;
        }

        State<T> merge(final State<T> other, final boolean isLatest)
        {
            if (!other.isSet)
            {
                return this;
            }
            if (!isSet || (isLatest ? other.time >= time : other.time < time))
            {
                time = other.time;
                value = other.value;
                isSet = true;
            }
            return this;
        }
    }

    public static final class OfString
    {
        public State<String> init()
        {
            return new State<>();
        }

        public State<String> add(final State<String> state, final String value, final long time)
        {
            return state.offer(value, time, true);
        }

        public State<String> merge(final State<String> a, final State<String> b)
        {
            return a.merge(b, true);
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
            return state.offer(value, time, true);
        }

        public State<Long> merge(final State<Long> a, final State<Long> b)
        {
            return a.merge(b, true);
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
            return state.offer(value, time, true);
        }

        public State<Double> merge(final State<Double> a, final State<Double> b)
        {
            return a.merge(b, true);
        }

        public Double result(final State<Double> state)
        {
            return state.value;
        }
    }
}
