package dev.tally.ingest.journal;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.File;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Checks the structure of a Chronicle Queue journal by reading it through once, before anything tails or appends to
 * it. Chronicle stores no checksums and, given a damaged document header, simply stops reading there, as if the
 * journal ended: every document after it would never be read, and new ones appended behind it neither. So a cycle
 * file is damaged if reading does not reach the queue's last index (which Chronicle keeps in its index, apart from
 * the headers), if indexes within a cycle are not consecutive, if the committed index cannot be found and read, or if
 * Chronicle throws. Stateless.
 */
final class JournalScrub
{
    /**
     * A damaged cycle file. {@code readAfterCommitted}: documents of that cycle above the committed index that were
     * read before the damage (all of them when nothing is committed).
     */
    record Finding(int cycle, File file, String problem, long readAfterCommitted)
    {
    }

    private JournalScrub()
    {
    }

    /** The first damaged cycle file of {@code queue}, or null if it reads through cleanly. */
    static Finding firstDamaged(final ChronicleQueue queue, final long committedIndex)
    {
        final SingleChronicleQueue single = (SingleChronicleQueue)queue;
        final RollCycle rollCycle = single.rollCycle();
        final long lastIndex;
        try
        {
            lastIndex = single.lastIndex();
        }
        catch (final RuntimeException ex)
        {
            return new Finding(single.lastCycle(), cycleFile(single, single.lastCycle()),
                "its index cannot be read: " + ex, 0);
        }
        long previous = Long.MIN_VALUE;
        long readAfterCommitted = 0;
        try (ExcerptTailer tailer = single.createTailer())
        {
            try
            {
                while (true)
                {
                    try (DocumentContext document = tailer.readingDocument())
                    {
                        if (!document.isPresent())
                        {
                            break;
                        }
                        final long index = document.index();
                        if (previous != Long.MIN_VALUE && rollCycle.toCycle(index) == rollCycle.toCycle(previous) &&
                            index != previous + 1)
                        {
                            return finding(single, rollCycle.toCycle(index), "document index[" +
                                Long.toHexString(index) + "] follows index[" + Long.toHexString(previous) + "]",
                                readAfterCommitted);
                        }
                        if (previous == Long.MIN_VALUE || rollCycle.toCycle(index) != rollCycle.toCycle(previous))
                        {
                            readAfterCommitted = 0;
                        }
                        previous = index;
                        if (index > committedIndex)
                        {
                            readAfterCommitted++;
                        }
                    }
                }
            }
            catch (final RuntimeException ex)
            {
                return finding(single, tailer.cycle(), "reading failed after index[" + Long.toHexString(previous) +
                    "]: " + ex, readAfterCommitted);
            }
            if (lastIndex >= 0 && previous != lastIndex)
            {
                final int cycle = previous == Long.MIN_VALUE ? single.firstCycle() : tailer.cycle();
                return finding(single, cycle, "reading stops after index[" + Long.toHexString(previous) +
                    "] but the queue's last index is[" + Long.toHexString(lastIndex) + "]: a document header is " +
                    "damaged", readAfterCommitted);
            }
        }
        if (committedIndex >= 0 && lastIndex >= committedIndex)
        {
            return checkCommitted(single, committedIndex);
        }
        return null;
    }

    /** The committed index's document must be found through the index and read: tailing resumes after it. */
    private static Finding checkCommitted(final SingleChronicleQueue single, final long committedIndex)
    {
        final int cycle = single.rollCycle().toCycle(committedIndex);
        if (!cycleFile(single, cycle).exists())
        {
            return null;
        }
        try (ExcerptTailer tailer = single.createTailer())
        {
            if (!tailer.moveToIndex(committedIndex))
            {
                return finding(single, cycle, "the committed index[" + Long.toHexString(committedIndex) +
                    "] cannot be found", 0);
            }
            try (DocumentContext document = tailer.readingDocument())
            {
                if (!document.isPresent() || document.index() != committedIndex)
                {
                    return finding(single, cycle, "the committed index[" + Long.toHexString(committedIndex) +
                        "] cannot be read", 0);
                }
            }
        }
        catch (final RuntimeException ex)
        {
            return finding(single, cycle, "moving to the committed index[" + Long.toHexString(committedIndex) +
                "] failed: " + ex, 0);
        }
        return null;
    }

    private static Finding finding(final SingleChronicleQueue single, final int cycle, final String problem,
        final long readAfterCommitted)
    {
        return new Finding(cycle, cycleFile(single, cycle), problem, readAfterCommitted);
    }

    /** The file of one roll cycle of {@code queue}. */
    static File cycleFile(final SingleChronicleQueue queue, final int cycle)
    {
        final RollCycle rollCycle = queue.rollCycle();
        final DateTimeFormatter names = DateTimeFormatter.ofPattern(rollCycle.format()).withZone(ZoneOffset.UTC);
        return new File(queue.file(), names.format(Instant.ofEpochMilli((long)cycle * rollCycle.lengthInMillis())) +
            SingleChronicleQueue.SUFFIX);
    }
}
