package dev.tally.query.exec;

import dev.tally.storage.schema.Granularity;

import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The time buckets of one grouping over one source's time range, numbered from 0: fixed-length periods in UTC by
 * arithmetic, calendar periods and named zones through a precomputed list of bucket starts (rows of a segment are
 * time-sorted, so the last bucket found is nearly always the next one's answer).
 */
final class TimeBuckets
{
    private final Granularity granularity;
    private final boolean isArithmetic;
    private final long base;
    private final long duration;
    private final long[] starts;
    private final int count;
    private int last;

    TimeBuckets(final Granularity granularity, final ZoneId zone, final long minTime, final long maxTime,
        final long maxBuckets)
    {
        this.granularity = granularity;
        this.isArithmetic = granularity.isFixed() && ZoneOffset.UTC.equals(zone.normalized());
        if (isArithmetic)
        {
            duration = granularity.durationMillis();
            base = granularity.bucketStart(minTime);
            final long buckets = (granularity.bucketStart(maxTime) - base) / duration + 1;
            checkCount(buckets, maxBuckets);
            count = (int)buckets;
            starts = null;
        }
        else
        {
            duration = 0;
            base = granularity.bucketStart(minTime, zone);
            final java.util.ArrayList<Long> list = new java.util.ArrayList<>();
            for (long start = base; start <= maxTime; start = granularity.nextBucketStart(start, zone))
            {
                list.add(start);
                checkCount(list.size(), maxBuckets);
            }
            count = list.size();
            starts = new long[count];
            for (int i = 0; i < count; i++)
            {
                starts[i] = list.get(i);
            }
        }
    }

    private static void checkCount(final long buckets, final long maxBuckets)
    {
        if (buckets > maxBuckets)
        {
            throw new QueryException(QueryException.Kind.RESOURCE_LIMIT,
                "time grouping makes more than " + maxBuckets +
                " buckets; use a coarser period or a narrower interval");
        }
    }

    int count()
    {
        return count;
    }

    long start(final int index)
    {
        return isArithmetic ? base + index * duration : starts[index];
    }

    /** Index of the bucket holding {@code time}, which lies within the range the buckets were built for. */
    int indexOf(final long time)
    {
        if (isArithmetic)
        {
            return (int)((granularity.bucketStart(time) - base) / duration);
        }
        int index = last;
        if (time >= starts[index] && (index + 1 == count || time < starts[index + 1]))
        {
            return index;
        }
        int low = 0;
        int high = count - 1;
        while (low < high)
        {
            final int mid = (low + high + 1) >>> 1;
            if (starts[mid] <= time)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }
        last = low;
        return low;
    }
}
