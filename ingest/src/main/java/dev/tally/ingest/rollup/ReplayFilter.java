package dev.tally.ingest.rollup;

import dev.tally.storage.catalog.RestreamMarker;

import java.util.Arrays;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * What a re-stream in progress must not apply twice: an event re-read from the source is already stored when its
 * time lies before the rebuilt chunks' start and its position is at or below what was committed before the reset
 * (its chunk was kept). The writer asks {@link #isStored} for every event while a filter is set; it is one compare of
 * primitives, no allocation. Immutable.
 */
public final class ReplayFilter
{
    /** Partitions looked for when mapping a marker's keys; Kafka numbers partitions from 0 without gaps. */
    private static final int MAX_PARTITIONS = 1 << 16;

    private final long chunkStart;
    /** Per partition, the last position stored before the reset; -1 where none. */
    private final long[] storedPositions;

    private ReplayFilter(final long chunkStart, final long[] storedPositions)
    {
        this.chunkStart = chunkStart;
        this.storedPositions = storedPositions;
    }

    /**
     * The filter of {@code marker}, or {@code null} when it is finished (nothing to skip).
     *
     * @param positionKeys the catalog key of a partition's position.
     */
    public static ReplayFilter of(final RestreamMarker marker, final IntFunction<String> positionKeys)
    {
        if (marker == null || !marker.inProgress())
        {
            return null;
        }
        final Map<String, Long> stored = marker.storedPositions();
        long[] positions = new long[0];
        int found = 0;
        for (int partition = 0; found < stored.size() && partition < MAX_PARTITIONS; partition++)
        {
            final Long position = stored.get(positionKeys.apply(partition));
            if (position != null)
            {
                found++;
                final int old = positions.length;
                positions = Arrays.copyOf(positions, partition + 1);
                Arrays.fill(positions, old, partition, -1);
                positions[partition] = position;
            }
        }
        if (found < stored.size())
        {
            throw new IllegalStateException("re-stream marker keys" + stored.keySet() + " do not all name a " +
                "partition of this source (e.g. " + positionKeys.apply(0) + ")");
        }
        return new ReplayFilter(marker.chunkStart(), positions);
    }

    public boolean isStored(final int partition, final long position, final long timestamp)
    {
        return timestamp < chunkStart && partition < storedPositions.length && position <= storedPositions[partition];
    }

    @Override
    public String toString()
    {
        return "ReplayFilter[before " + chunkStart + ", stored " + Arrays.toString(storedPositions) + "]";
    }
}
