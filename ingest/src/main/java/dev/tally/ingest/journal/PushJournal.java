package dev.tally.ingest.journal;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Path;
import java.util.List;

/**
 * The push journal of one table: events pushed over HTTP are appended here (one Chronicle Queue document per
 * event: a 4-byte length and the raw JSON bytes) and {@link JournalSource} tails them into the table's ring buffer.
 * The Chronicle index of a document is the event's source position. {@link #append} returns once the documents are
 * in the queue's mapped files, which survive a crash of the process (not of the machine: there is no fsync per
 * append). Owns the queue files of {@code tableDir}/{@value #DIR_NAME}. Thread-safe: appends are serialized.
 */
public final class PushJournal implements AutoCloseable
{
    public static final String DIR_NAME = "journal";

    private final ChronicleQueue queue;

    private PushJournal(final ChronicleQueue queue)
    {
        this.queue = queue;
    }

    public static PushJournal open(final Path tableDir)
    {
        return new PushJournal(SingleChronicleQueueBuilder.single(tableDir.resolve(DIR_NAME).toFile()).build());
    }

    /** The queue, for tailers. */
    ChronicleQueue queue()
    {
        return queue;
    }

    /**
     * Appends events in order.
     *
     * @return the journal index of the last one, or -1 for none.
     */
    public synchronized long append(final List<byte[]> events)
    {
        long last = -1;
        try (ExcerptAppender appender = queue.createAppender())
        {
            for (final byte[] event : events)
            {
                try (DocumentContext document = appender.writingDocument())
                {
                    document.wire().bytes().writeInt(event.length).write(event);
                }
                last = appender.lastIndexAppended();
            }
        }
        return last;
    }

    @Override
    public void close()
    {
        queue.close();
    }
}
