package dev.tally.ingest.restream;

import java.util.List;

/**
 * The table's last re-stream, for its status: in progress until every partition has read past what was stored
 * before the reset.
 *
 * @param chunkStart            first chunk rebuilt ({@link Long#MIN_VALUE}: all).
 * @param requestedAtMillis     wall time of the reset commit.
 * @param finishedAtMillis      wall time of the commit that caught up, 0 while in progress.
 * @param eventsSkippedAsStored re-read events this process skipped because their chunk kept them.
 */
public record RestreamStatus(long chunkStart, boolean inProgress, long requestedAtMillis, long finishedAtMillis,
    List<Partition> partitions, long eventsSkippedAsStored)
{
    /**
     * @param resetOffset  first offset read again.
     * @param storedOffset last offset stored before the reset; the re-stream is done in this partition once the
     *                     committed offset reaches it.
     */
    public record Partition(int partition, long resetOffset, long storedOffset)
    {
    }
}
