package dev.tally.storage.catalog;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A re-stream recorded in the manifest: the commit that reset the source dropped every segment from
 * {@code chunkStart} on and moved each source position back to its {@code resetPositions} value − 1. While the
 * re-stream is in progress, a re-read event is already stored (and must be skipped) when its time lies before
 * {@code chunkStart} and its position is at or below {@code storedPositions} for its key: those events live in chunks
 * the reset kept. It is finished ({@code finishedAtMillis} > 0) once every key's committed position has reached its
 * stored position; the manifest keeps the last marker, finished, for the table's status. Keys are opaque to the
 * catalog, like {@link Manifest#sourcePositions()}. Immutable.
 *
 * @param chunkStart        first time rebuilt from the source ({@link Long#MIN_VALUE}: every chunk).
 * @param storedPositions   per key, the last position committed before the reset (-1 if none).
 * @param resetPositions    per key, the first position read again.
 * @param requestedAtMillis wall time of the reset commit.
 * @param finishedAtMillis  wall time of the commit that caught up, 0 while in progress.
 */
public record RestreamMarker(
    long chunkStart,
    Map<String, Long> storedPositions,
    Map<String, Long> resetPositions,
    long requestedAtMillis,
    long finishedAtMillis)
{
    public RestreamMarker
    {
        storedPositions = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(storedPositions)));
        resetPositions = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(resetPositions)));
        if (finishedAtMillis < 0)
        {
            throw new IllegalArgumentException("re-stream finishedAtMillis[" + finishedAtMillis + "] must be >= 0");
        }
    }

    /** Whether re-read events may still be stored already (not named {@code isX}: Jackson would write it as a field). */
    public boolean inProgress()
    {
        return finishedAtMillis == 0;
    }

    /** Whether {@code positions} (committed) have reached every stored position. */
    public boolean caughtUpWith(final Map<String, Long> positions)
    {
        for (final Map.Entry<String, Long> stored : storedPositions.entrySet())
        {
            if (positions.getOrDefault(stored.getKey(), -1L) < stored.getValue())
            {
                return false;
            }
        }
        return true;
    }

    public RestreamMarker finishedAt(final long nowMillis)
    {
        return new RestreamMarker(chunkStart, storedPositions, resetPositions, requestedAtMillis,
            Math.max(1, nowMillis));
    }
}
