package dev.tally.ingest.journal;

import dev.tally.ingest.source.EventSource;
import dev.tally.ingest.source.RecordBatcher;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.IdleStrategy;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Tails a table's {@link PushJournal} on its own thread into the ring buffer, from the document after the committed
 * journal index (Chronicle indexes are not contiguous across roll cycles, so the tailer moves to the committed index
 * and steps over it). One partition, 0; positions are journal indexes.
 */
public final class JournalSource implements EventSource
{
    public static final int MAX_BATCH_EVENTS = 4096;

    private final PushJournal journal;
    private final Supplier<IdleStrategy> idleStrategy;
    private volatile boolean isRunning = true;
    private Thread thread;

    public JournalSource(final PushJournal journal, final Supplier<IdleStrategy> idleStrategy)
    {
        this.journal = journal;
        this.idleStrategy = idleStrategy;
    }

    @Override
    public String positionKey(final int partition)
    {
        return "journal:" + partition;
    }

    /** Journal files wholly below the committed index are no longer needed: delete them. */
    @Override
    public void onCommitted(final Map<Integer, Long> positions)
    {
        final Long committed = positions.get(0);
        if (committed != null)
        {
            journal.deleteCyclesBefore(committed);
        }
    }

    @Override
    public void start(final CommittedPositions committed, final RecordBatcher batcher)
    {
        final long resumeAfter = committed.committed(0);
        thread = new Thread(() -> run(resumeAfter, batcher), "journal-source");
        thread.start();
    }

    private void run(final long resumeAfter, final RecordBatcher batcher)
    {
        final IdleStrategy idle = idleStrategy.get();
        byte[] raw = new byte[4096];
        try (ExcerptTailer tailer = journal.queue().createTailer())
        {
            if (resumeAfter >= 0)
            {
                if (!tailer.moveToIndex(resumeAfter))
                {
                    throw new IllegalStateException("journal index[" + resumeAfter + "] committed in the catalog " +
                        "is not in the journal");
                }
                try (DocumentContext document = tailer.readingDocument())
                {
                    if (!document.isPresent() || document.index() != resumeAfter)
                    {
                        throw new IllegalStateException("journal index[" + resumeAfter + "] cannot be read");
                    }
                }
            }
            while (isRunning)
            {
                int read = 0;
                while (read < MAX_BATCH_EVENTS)
                {
                    try (DocumentContext document = tailer.readingDocument())
                    {
                        if (!document.isPresent())
                        {
                            break;
                        }
                        final Bytes<?> bytes = document.wire().bytes();
                        final int length = bytes.readInt();
                        if (length > raw.length)
                        {
                            raw = new byte[Math.max(length, raw.length * 2)];
                        }
                        bytes.read(raw, 0, length);
                        if (!batcher.offer(raw, 0, length, 0, document.index()))
                        {
                            return;
                        }
                        read++;
                    }
                }
                if (!batcher.flush())
                {
                    return;
                }
                idle.idle(read);
            }
        }
    }

    @Override
    public void close()
    {
        isRunning = false;
        if (thread != null)
        {
            try
            {
                thread.join();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }
}
