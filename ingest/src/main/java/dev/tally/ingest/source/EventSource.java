package dev.tally.ingest.source;

import java.util.Map;

/**
 * Where a table's events come from (a Kafka topic, the push journal). A source owns its thread between
 * {@link #start} and {@link #close()}, and writes every event it reads, in order per partition, through the
 * {@link RecordBatcher} it is given.
 */
public interface EventSource extends AutoCloseable
{
    /** What the catalog says was committed last: the next event of a partition is at {@code position + 1}. */
    interface CommittedPositions
    {
        /** The last committed position of {@code partition}, or -1 if none. */
        long committed(int partition);
    }

    /** The catalog key of a partition's position. */
    String positionKey(int partition);

    /** Partitions this source reads, once started (0 while unknown). */
    default int partitionCount()
    {
        return 0;
    }

    /** The next position the source will hold in {@code partition} (Kafka's end offset), or -1 if unknown. */
    default long latestPosition(final int partition)
    {
        return -1;
    }

    /**
     * Called (on the persister's thread) after positions were committed to the catalog, for informational use such as
     * Kafka consumer-group offsets; the catalog stays the only authority on where ingest resumes.
     */
    default void onCommitted(final Map<Integer, Long> positions)
    {
    }

    /** Starts reading each partition at its committed position + 1. */
    void start(CommittedPositions committed, RecordBatcher batcher);

    /** Stops reading; when it returns, every event read has been written to the ring buffer. */
    @Override
    void close();
}
