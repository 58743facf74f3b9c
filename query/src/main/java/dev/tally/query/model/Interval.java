package dev.tally.query.model;

import java.time.Instant;

/** A half-open time interval {@code [start, end)} in epoch millis. */
public record Interval(long start, long end)
{
    public static final Interval ETERNITY = new Interval(Long.MIN_VALUE, Long.MAX_VALUE);

    public Interval
    {
        if (end < start)
        {
            throw new IllegalArgumentException("interval end[" + end + "] before start[" + start + "]");
        }
    }

    public boolean contains(final long time)
    {
        return time >= start && time < end;
    }

    public boolean overlaps(final long min, final long max)
    {
        return max >= start && min < end;
    }

    @Override
    public String toString()
    {
        return (start == Long.MIN_VALUE ? "-inf" : Instant.ofEpochMilli(start).toString()) + "/" +
            (end == Long.MAX_VALUE ? "+inf" : Instant.ofEpochMilli(end).toString());
    }
}
