package dev.tally.ingest.restream;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where a re-stream of a Kafka table starts: a time, or an offset per partition (partitions left out are not read
 * again). A time rebuilds every chunk from the one holding it, re-reading each partition from the first record whose
 * Kafka timestamp is at or after that chunk's start; offsets re-read from there and rebuild every chunk that the
 * re-read records hold entirely (see {@link Restreamer}).
 *
 * @param timestampMillis the time, when {@code offsets} is null.
 * @param offsets         first offset to read again per partition, or null.
 */
public record RestreamRequest(long timestampMillis, Map<Integer, Long> offsets)
{
    public RestreamRequest
    {
        if (offsets != null)
        {
            if (offsets.isEmpty())
            {
                throw new IllegalArgumentException("offsets: name at least one partition");
            }
            for (final Map.Entry<Integer, Long> entry : offsets.entrySet())
            {
                if (Objects.requireNonNull(entry.getKey(), "partition") < 0 ||
                    Objects.requireNonNull(entry.getValue(), "offset") < 0)
                {
                    throw new IllegalArgumentException("offsets: partition[" + entry.getKey() + "] offset[" +
                        entry.getValue() + "] must both be >= 0");
                }
            }
            offsets = Map.copyOf(new TreeMap<>(offsets));
        }
    }

    public static RestreamRequest fromTimestamp(final long timestampMillis)
    {
        return new RestreamRequest(timestampMillis, null);
    }

    public static RestreamRequest fromOffsets(final Map<Integer, Long> offsets)
    {
        return new RestreamRequest(0, Objects.requireNonNull(offsets, "offsets"));
    }

    public boolean byOffsets()
    {
        return offsets != null;
    }
}
