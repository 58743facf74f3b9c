package dev.tally.ingest.journal;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The push journal of one table: events pushed over HTTP are appended here (one Chronicle Queue document per
 * event, laid out as {@link JournalDocument} says, with a CRC32C of the event) and {@link JournalSource} tails them
 * into the table's ring buffer. The Chronicle index of a document is the event's source position. {@link #append}
 * returns once the documents are in the queue's mapped files, which survive a crash of the process (not of the
 * machine: there is no fsync per append). Owns the queue files of {@code tableDir}/{@value #DIR_NAME}; cycle files
 * whose events are all committed are deleted after each commit ({@link #deleteCyclesBefore}), damaged ones are moved
 * to {@value #DAMAGED_DIR_NAME} by {@link #quarantineDamaged}. Thread-safe: appends are serialized.
 */
public final class PushJournal implements AutoCloseable
{
    public static final String DIR_NAME = "journal";
    /** Where damaged cycle files go, beside {@value #DIR_NAME}. */
    public static final String DAMAGED_DIR_NAME = "journal-damaged";

    /**
     * A cycle file found damaged and moved aside.
     *
     * @param movedTo            where the file is now.
     * @param cycle              its roll cycle.
     * @param problem            what was wrong.
     * @param readAfterCommitted documents above the committed index that could still be read before the damage (lost
     *                           with the file: their events were acknowledged but not yet persisted); more may have
     *                           followed that could not be read.
     */
    public record Damage(Path movedTo, int cycle, String problem, long readAfterCommitted)
    {
    }

    /** Kept free beyond a batch's own size, for Chronicle's index and metadata. */
    public static final long SPACE_MARGIN_BYTES = 1 << 20;
    /** Chronicle's document header and index entry, per document (a bound, not exact). */
    private static final int DOCUMENT_OVERHEAD_BYTES = 16;

    private final File dir;
    private final Supplier<ChronicleQueue> opener;
    private volatile ChronicleQueue queue;

    private PushJournal(final File dir, final Supplier<ChronicleQueue> opener)
    {
        this.dir = dir;
        this.opener = opener;
        this.queue = JournalFiles.open(dir, opener);
    }

    public static PushJournal open(final Path tableDir)
    {
        final File dir = tableDir.resolve(DIR_NAME).toFile();
        return new PushJournal(dir, () -> SingleChronicleQueueBuilder.single(dir).build());
    }

    /** A journal whose files roll with {@code rollCycle} (tests use short cycles). */
    public static PushJournal open(final Path tableDir, final RollCycle rollCycle)
    {
        final File dir = tableDir.resolve(DIR_NAME).toFile();
        return new PushJournal(dir, () -> SingleChronicleQueueBuilder.single(dir).rollCycle(rollCycle).build());
    }

    /**
     * Reads the journal through once (see {@link JournalScrub}) and moves every damaged cycle file into
     * {@value #DAMAGED_DIR_NAME}, so that tailing and appending continue on sound files. Call it before anything
     * tails or appends. What a moved file held above {@code committedIndex} is lost: those events were acknowledged
     * to their pushers but not yet persisted.
     *
     * @param committedIndex the journal index the table's catalog committed last, or -1.
     * @return the files moved, oldest finding first; empty if the journal is sound.
     */
    public synchronized List<Damage> quarantineDamaged(final long committedIndex) throws IOException
    {
        final List<Damage> moved = new ArrayList<>();
        for (int round = 0; round < JournalFiles.MAX_QUARANTINE_ROUNDS; round++)
        {
            final JournalScrub.Finding finding = JournalScrub.firstDamaged(queue, committedIndex);
            if (finding == null)
            {
                return moved;
            }
            queue.close();
            final Path target = JournalFiles.moveAside(finding.file(), DAMAGED_DIR_NAME);
            moved.add(new Damage(target, finding.cycle(), finding.problem(), finding.readAfterCommitted()));
            queue = JournalFiles.open(dir, opener);
        }
        throw new IOException("journal[" + dir + "] still damaged after moving " +
            moved.size() + " cycle files aside");
    }

    /** The roll cycle a journal index belongs to. */
    public int cycleOf(final long index)
    {
        return ((SingleChronicleQueue)queue).rollCycle().toCycle(index);
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
        final int committedCycle = single.rollCycle().toCycle(committedIndex);
        final int firstCycle = single.firstCycle();
        if (firstCycle < 0 || firstCycle >= committedCycle)
        {
            return 0;
        }
        int deleted = 0;
        for (final Long cycle : single.listCyclesBetween(firstCycle, committedCycle - 1))
        {
            if (JournalScrub.cycleFile(single, cycle.intValue()).delete())
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
     * Appends events in order. Refuses a batch the journal's disk has no room for (usable space below the batch's
     * size plus {@value #SPACE_MARGIN_BYTES} bytes) before writing any of it: Chronicle writes through memory-mapped
     * files, and a write into a mapped page the file system cannot back faults (the JVM turns that into an
     * {@link InternalError}), which would leave part of the batch journaled.
     *
     * @return the journal index of the last one, or -1 for none.
     * @throws JournalUnavailableException if the disk is full or a file cannot grow; {@code appended()} says how many
     *                                     of the events were journaled before that (normally none).
     */
    public synchronized long append(final List<byte[]> events)
    {
        checkSpace(events);
        long last = -1;
        int appended = 0;
        try (ExcerptAppender appender = queue.createAppender())
        {
            for (final byte[] event : events)
            {
                try (DocumentContext document = appender.writingDocument())
                {
                    JournalDocument.write(document.wire().bytes(), event);
                }
                last = appender.lastIndexAppended();
                appended++;
            }
        }
        catch (final InternalError | RuntimeException ex)
        {
            throw new JournalUnavailableException("writing push journal[" + dir + "] failed after " + appended +
                " of " + events.size() + " events (is the disk full, or a file-size limit reached?): " + ex,
                appended, ex);
        }
        return last;
    }

    private void checkSpace(final List<byte[]> events)
    {
        long needed = SPACE_MARGIN_BYTES;
        for (final byte[] event : events)
        {
            needed += event.length + JournalDocument.V2_HEADER_LENGTH + DOCUMENT_OVERHEAD_BYTES;
        }
        final long usable;
        try
        {
            usable = Files.getFileStore(dir.toPath()).getUsableSpace();
        }
        catch (final IOException ex)
        {
            // the space cannot be told: let the write itself find out
            return;
        }
        if (usable < needed)
        {
            throw new JournalUnavailableException("push journal[" + dir + "] has usable disk space[" + usable +
                "] below the " + needed + " bytes this batch needs: the disk is full", 0, null);
        }
    }

    @Override
    public synchronized void close()
    {
        queue.close();
    }
}
