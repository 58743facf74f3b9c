package dev.tally.ingest.source;

import dev.tally.ingest.record.EventParser;
import dev.tally.ingest.record.ParseError;
import dev.tally.ingest.record.EventRecord;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import java.util.function.BooleanSupplier;

/**
 * A source thread's side of the table's ring buffer: parses events into a local batch of records and writes the batch
 * as one ring-buffer message when it is full or on {@link #flush()}. A full ring buffer makes the source wait with
 * its idle strategy (backpressure); nothing is dropped. Owned by one source thread.
 */
public final class RecordBatcher
{
    /** Batch size aimed for, in bytes; a batch holds at least one record. */
    public static final int BATCH_BYTES_DEFAULT = 64 * 1024;

    private final RingBuffer ring;
    private final EventParser parser;
    private final IdleStrategy idle;
    private final BooleanSupplier isStopped;
    private final UnsafeBuffer batch;
    private int length;
    private long events;

    /** @param isStopped checked while waiting for room, so a stopping source does not wait forever. */
    public RecordBatcher(
        final RingBuffer ring, final EventParser parser, final IdleStrategy idle, final BooleanSupplier isStopped)
    {
        this.ring = ring;
        this.parser = parser;
        this.idle = idle;
        this.isStopped = isStopped;
        final int capacity = Math.min(ring.maxMsgLength(), Math.max(BATCH_BYTES_DEFAULT, parser.maxRecordLength()));
        if (capacity < parser.maxRecordLength())
        {
            throw new IllegalArgumentException("ring max message[" + ring.maxMsgLength() + "] is smaller than " +
                "the largest record[" + parser.maxRecordLength() + "]: use a larger ring buffer");
        }
        this.batch = new UnsafeBuffer(new byte[capacity]);
    }

    public EventParser parser()
    {
        return parser;
    }

    /** Records offered so far (events and skipped). */
    public long events()
    {
        return events;
    }

    /**
     * Parses and batches one event.
     *
     * @return false if the source was stopped while waiting for ring space (the event was not taken).
     */
    public boolean offer(final byte[] raw, final int offset, final int length, final int partition, final long position)
    {
        int written = parser.parse(raw, offset, length, partition, position, batch, this.length, batch.capacity());
        if (written == 0)
        {
            if (!flush())
            {
                return false;
            }
            written = parser.parse(raw, offset, length, partition, position, batch, 0, batch.capacity());
        }
        this.length += written;
        events++;
        return true;
    }

    /**
     * Rejects an event without parsing it ({@code reason} says why: its stored copy is damaged): it is counted and
     * dead-lettered, and its position passed like a skipped one.
     *
     * @return false if the source was stopped while waiting for ring space (nothing was counted).
     */
    public boolean offerRejected(final ParseError reason, final byte[] raw, final int offset, final int length,
        final int partition, final long position)
    {
        if (!offerSkipped(partition, position))
        {
            return false;
        }
        parser.reject(reason, raw, offset, length, partition, position);
        return true;
    }

    /** Batches a position with no event (a tombstone or empty message): it advances the committed position. */
    public boolean offerSkipped(final int partition, final long position)
    {
        if (batch.capacity() - length < EventRecord.skippedLength() && !flush())
        {
            return false;
        }
        length += EventParser.writeSkipped(partition, position, batch, length);
        events++;
        return true;
    }

    /**
     * Writes the batch into the ring buffer, waiting while it is full.
     *
     * @return false if the source was stopped while waiting (the batch is kept).
     */
    public boolean flush()
    {
        if (length == 0)
        {
            return true;
        }
        idle.reset();
        while (!ring.write(EventRecord.BATCH_MSG_TYPE_ID, batch, 0, length))
        {
            if (isStopped.getAsBoolean())
            {
                return false;
            }
            idle.idle();
        }
        length = 0;
        return true;
    }
}
