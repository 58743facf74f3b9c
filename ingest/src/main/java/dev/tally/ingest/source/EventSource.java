package dev.tally.ingest.source;

import java.time.Duration;
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

    /**
     * Run by a source on its own thread while it is paused for a rewind: every record it read so far is in the ring
     * buffer and it reads nothing more until this returns.
     */
    interface Rewind
    {
        /**
         * @return the next position to read per partition (partitions left out continue where they were).
         * @throws Exception to cancel the rewind; the source then continues where it was.
         */
        Map<Integer, Long> onPaused(SourceOffsets offsets) throws Exception;
    }

    /** Positions the source holds now, as a rewind needs them. Valid only inside {@link Rewind#onPaused}. */
    interface SourceOffsets
    {
        int partitionCount();

        /** The first position the source still holds (Kafka's log start offset). */
        long earliest(int partition);

        /** The position the next new event will take (Kafka's end offset). */
        long end(int partition);

        /**
         * The first position whose source timestamp (Kafka's record timestamp) is at or after {@code timeMillis}, or
         * {@link #end} if there is none.
         */
        long firstAtOrAfter(int partition, long timeMillis);
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

    /**
     * Pauses reading, runs {@code rewind} on the source's thread and goes on reading from the positions it returns;
     * returns once it has (or throws what the rewind threw).
     *
     * @param timeout how long to wait for the source to pause.
     * @throws UnsupportedOperationException if the source cannot go back (the push journal).
     */
    default void rewind(final Rewind rewind, final Duration timeout) throws Exception
    {
        throw new UnsupportedOperationException("source of position key[" + positionKey(0) + "] cannot go back: " +
            "re-streaming needs a Kafka source");
    }

    /** Starts reading each partition at its committed position + 1. */
    void start(CommittedPositions committed, RecordBatcher batcher);

    /** Stops reading; when it returns, every event read has been written to the ring buffer. */
    @Override
    void close();
}
