package dev.tally.ingest.restream;

import java.util.Map;

/**
 * What a committed re-stream reset did.
 *
 * @param chunkStart      first chunk rebuilt ({@link Long#MIN_VALUE}: all; a time after every event: none, the
 *                        re-read events were all stored already).
 * @param resetOffsets    per partition, the first offset read again.
 * @param storedOffsets   per partition, the last offset stored before the reset (-1 if none).
 * @param segmentsDropped segments of the rebuilt chunks removed by the reset commit.
 * @param eventsDropped   events those segments held, to be read again.
 */
public record RestreamResult(long chunkStart, Map<Integer, Long> resetOffsets, Map<Integer, Long> storedOffsets,
    int segmentsDropped, long eventsDropped, long requestedAtMillis)
{
}
