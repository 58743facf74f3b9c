package dev.tally.ingest.journal;

import dev.tally.ingest.record.ParseError;
import dev.tally.ingest.source.EventSource;
import dev.tally.ingest.source.RecordBatcher;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.IdleStrategy;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Tails a table's {@link PushJournal} on its own thread into the ring buffer, from the document after the committed
 * journal index (Chronicle indexes are not contiguous across roll cycles, so the tailer moves to the committed index
 * and steps over it). One partition, 0; positions are journal indexes. A document that fails its checksum (see
 * {@link JournalDocument}) is never applied: it is rejected as {@link ParseError#CORRUPT_JOURNAL_ENTRY} (counted,
 * sampled and dead-lettered like a malformed event) and its position is passed.
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

    /** The journal this tails. */
    public PushJournal journal()
    {
        return journal;
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
        final JournalDocument event = new JournalDocument();
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
                        final boolean isSound = event.read(document.wire().bytes());
                        final boolean isTaken = isSound ?
                            batcher.offer(event.raw(), 0, event.length(), 0, document.index()) :
                            batcher.offerRejected(ParseError.CORRUPT_JOURNAL_ENTRY, event.raw(), 0, event.length(), 0,
                                document.index());
                        if (!isTaken)
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
