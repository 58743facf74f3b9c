package dev.tally.ingest.rollup;

import dev.tally.ingest.record.EventRecord;
import dev.tally.ingest.record.EventRecordReader;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * The single writer of one table's live index (an {@link Agent}; its runner owns the thread): reads batches of
 * {@link EventRecord}s from the table's ring buffer, applies them, publishes the visible row count after each read,
 * and when the index reaches its row limit or age limit (or a persist is requested) swaps in a fresh index and hands
 * the frozen one to the persister's queue. A batch that surely fits (even if every record is a new row) is applied in
 * passes ({@link LiveIndex#applyBatch}); one that may not is applied record by record and split over two indexes;
 * positions travel with the records, so each frozen index knows the last position of each partition it holds. While
 * {@code maxPendingPersists} frozen indexes (default {@value #MAX_PENDING_PERSISTS_DEFAULT}) wait for the persister,
 * the writer reads nothing ({@link #isPaused()}): the ring buffer fills and the sources wait, so a slow or full disk
 * pauses ingest instead of filling the heap, and nothing is dropped. While a re-stream
 * is in progress, events its {@link ReplayFilter} says are already stored only advance their partition's position.
 */
public final class RollupWriter implements Agent, MessageHandler
{
    public static final int READ_LIMIT_DEFAULT = 64;
    /** Frozen indexes waiting for the persister beyond which the writer stops reading. */
    public static final int MAX_PENDING_PERSISTS_DEFAULT = 2;

    private final RollupTable table;
    private final RingBuffer ring;
    private final Queue<FrozenIndex> toPersist;
    private final long maxAgeNanos;
    private final int maxPendingPersists;
    private final EventRecordReader reader = new EventRecordReader();
    private volatile boolean isPersistRequested;
    private volatile long rotations;
    private volatile long eventsApplied;
    private volatile long eventsSkippedAsStored;
    private volatile ReplayFilter replayFilter;
    private long events;
    private long skippedAsStored;

    /**
     * @param toPersist   where frozen indexes go; unbounded, the persister drains it.
     * @param maxAgeMillis a non-empty live index older than this is persisted.
     */
    public RollupWriter(
        final RollupTable table, final RingBuffer ring, final Queue<FrozenIndex> toPersist, final long maxAgeMillis)
    {
        this(table, ring, toPersist, maxAgeMillis, MAX_PENDING_PERSISTS_DEFAULT);
    }

    /**
     * @param maxPendingPersists frozen indexes waiting for the persister at which the writer stops reading (&ge; 1).
     */
    public RollupWriter(final RollupTable table, final RingBuffer ring, final Queue<FrozenIndex> toPersist,
        final long maxAgeMillis, final int maxPendingPersists)
    {
        if (maxPendingPersists < 1)
        {
            throw new IllegalArgumentException("maxPendingPersists[" + maxPendingPersists + "] must be at least 1");
        }
        this.table = table;
        this.ring = ring;
        this.toPersist = toPersist;
        this.maxAgeNanos = TimeUnit.MILLISECONDS.toNanos(maxAgeMillis);
        this.maxPendingPersists = maxPendingPersists;
    }

    @Override
    public String roleName()
    {
        return "rollup-writer-" + table.spec().name();
    }

    @Override
    public int doWork()
    {
        if (isPaused())
        {
            // the persister is behind: stop reading, so the ring fills and the sources wait (memory stays bounded)
            return 0;
        }
        if (isPersistRequested)
        {
            // served before reading, so a steady stream of events cannot starve a persist or a barrier
            if (table.live().partitionLimit() > 0)
            {
                rotate();
                return 1;
            }
            isPersistRequested = false;
        }
        final int read = ring.read(this, READ_LIMIT_DEFAULT);
        final LiveIndex live = table.live();
        if (read > 0)
        {
            live.publish();
            eventsApplied = events;
            eventsSkippedAsStored = skippedAsStored;
            return read;
        }
        if (live.partitionLimit() > 0 && live.ageNanos(System.nanoTime()) >= maxAgeNanos)
        {
            rotate();
            return 1;
        }
        return 0;
    }

    @Override
    public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        if (msgTypeId != EventRecord.BATCH_MSG_TYPE_ID)
        {
            throw new IllegalStateException("unknown message type[" + msgTypeId + "] in ring of table[" +
                table.spec().name() + "]");
        }
        LiveIndex live = table.live();
        // read once per batch: the filter changes only while the source is paused (ring empty)
        final ReplayFilter filter = replayFilter;
        final int end = index + length;
        if (filter == null)
        {
            final int records = recordCount(buffer, index, end);
            if (live.fitsBatch(records))
            {
                events += live.applyBatch(reader, buffer, index, records);
                return;
            }
        }
        int offset = index;
        while (offset < end)
        {
            final int recordLength = reader.wrap(buffer, offset);
            if (!live.hasRoom())
            {
                rotate();
                live = table.live();
            }
            if (filter != null && !reader.isSkipped() &&
                filter.isStored(reader.partition(), reader.position(), reader.timestamp()))
            {
                live.applyPositionOnly(reader);
                skippedAsStored++;
            }
            else
            {
                live.apply(reader);
                if (!reader.isSkipped())
                {
                    events++;
                }
            }
            offset += recordLength;
        }
    }

    /**
     * Asks the writer to hand what it holds to the persister at its next step (events still in the ring buffer wait
     * for the next index); {@link #rotations()} grows when it has (or stays if there was nothing to persist), and
     * {@link #isPersistPending()} turns false.
     */
    public void requestPersist()
    {
        isPersistRequested = true;
    }

    public boolean isPersistPending()
    {
        return isPersistRequested;
    }

    /** Indexes handed to the persister so far. */
    public long rotations()
    {
        return rotations;
    }

    /**
     * Sets (or with {@code null} clears) the re-stream filter. Call it only while no source writes into the ring and
     * the ring is empty, so every event read after the reset sees it.
     */
    public void onRestream(final ReplayFilter filter)
    {
        replayFilter = filter;
    }

    /** Re-read events skipped because a re-stream found them already stored, so far. */
    public long eventsSkippedAsStored()
    {
        return eventsSkippedAsStored;
    }

    /**
     * Whether the writer has stopped reading because {@code maxPendingPersists} frozen indexes wait for the persister
     * (it is behind, or failing); it reads again by itself once one is committed. Any thread.
     */
    public boolean isPaused()
    {
        return table.frozenCount() >= maxPendingPersists;
    }

    /** Events applied and published so far. */
    public long eventsApplied()
    {
        return eventsApplied;
    }

    private static int recordCount(final MutableDirectBuffer buffer, final int index, final int end)
    {
        int records = 0;
        for (int offset = index; offset < end; offset += buffer.getInt(offset + EventRecord.LENGTH_OFFSET))
        {
            records++;
        }
        return records;
    }

    private void rotate()
    {
        final FrozenIndex frozen = table.rotate();
        if (!toPersist.offer(frozen))
        {
            throw new IllegalStateException("persist queue of table[" + table.spec().name() + "] refused an index");
        }
        rotations = rotations + 1;
        isPersistRequested = false;
    }
}
