package dev.tally.ingest.journal;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.File;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The push journal of one table: events pushed over HTTP are appended here (one Chronicle Queue document per
 * event: a 4-byte length and the raw JSON bytes) and {@link JournalSource} tails them into the table's ring buffer.
 * The Chronicle index of a document is the event's source position. {@link #append} returns once the documents are
 * in the queue's mapped files, which survive a crash of the process (not of the machine: there is no fsync per
 * append). Owns the queue files of {@code tableDir}/{@value #DIR_NAME}; cycle files whose events are all committed
 * are deleted after each commit ({@link #deleteCyclesBefore}). Thread-safe: appends are serialized.
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

    /** A journal whose files roll with {@code rollCycle} (tests use short cycles). */
    public static PushJournal open(final Path tableDir, final RollCycle rollCycle)
    {
        return new PushJournal(SingleChronicleQueueBuilder.single(tableDir.resolve(DIR_NAME).toFile())
            .rollCycle(rollCycle).build());
    }

    /**
     * Deletes the journal's cycle files that lie wholly below {@code committedIndex} (their events are in committed
     * segments); the committed index's own cycle stays, so a restart can still find it. Returns the files deleted.
     */
    public synchronized int deleteCyclesBefore(final long committedIndex)
    {
        if (committedIndex < 0 || !(queue instanceof SingleChronicleQueue single))
        {
            return 0;
        }
        final RollCycle rollCycle = single.rollCycle();
        final int committedCycle = rollCycle.toCycle(committedIndex);
        final int firstCycle = single.firstCycle();
        if (firstCycle < 0 || firstCycle >= committedCycle)
        {
            return 0;
        }
        final DateTimeFormatter names = DateTimeFormatter.ofPattern(rollCycle.format()).withZone(ZoneOffset.UTC);
        int deleted = 0;
        for (final Long cycle : single.listCyclesBetween(firstCycle, committedCycle - 1))
        {
            final String name = names.format(Instant.ofEpochMilli(cycle * rollCycle.lengthInMillis())) +
                SingleChronicleQueue.SUFFIX;
            final File file = new File(single.file(), name);
            if (file.delete())
            {
                deleted++;
            }
        }
        single.refreshDirectoryListing();
        return deleted;
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
