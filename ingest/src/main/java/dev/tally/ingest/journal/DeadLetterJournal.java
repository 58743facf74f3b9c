package dev.tally.ingest.journal;

import dev.tally.ingest.record.IngestErrors;
import dev.tally.ingest.record.ParseError;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The dead-letter journal of one table: the raw bytes of every rejected event, with the reason and source position,
 * in a Chronicle Queue under the table directory (this class owns that directory's queue files). An entry is written
 * before the source moves on; after a crash, events above the committed position are read and rejected again, so an
 * event may appear twice (same partition and position). Entry layout, little-endian:
 * <pre>
 *   int reason code | int partition | long position | int raw length | raw bytes
 * </pre>
 * Thread-safe: appends are serialized (rejections are rare). Opening reads the journal through once and moves damaged
 * cycle files to {@value #DAMAGED_DIR_NAME} ({@link #damage()}), so appends never land behind a damaged header where
 * no reader would find them.
 */
public final class DeadLetterJournal implements IngestErrors.RejectedEventSink, AutoCloseable
{
    public static final String DIR_NAME = "dead-letter";
    public static final String DAMAGED_DIR_NAME = "dead-letter-damaged";
    /** reason code, partition, position, raw length. */
    private static final int ENTRY_HEADER_LENGTH = 4 + 4 + 8 + 4;

    /** One dead-lettered event. */
    public record Entry(ParseError reason, int partition, long position, byte[] raw)
    {
    }

    private final ChronicleQueue queue;
    private final List<PushJournal.Damage> damage;
    private long appended;

    private DeadLetterJournal(final ChronicleQueue queue, final List<PushJournal.Damage> damage)
    {
        this.queue = queue;
        this.damage = List.copyOf(damage);
    }

    /**
     * Opens (or creates) the journal in {@code tableDir}/{@value #DIR_NAME}, first moving damaged cycle files aside.
     *
     * @throws IOException if a damaged file could not be moved.
     */
    public static DeadLetterJournal open(final Path tableDir) throws IOException
    {
        final File dir = tableDir.resolve(DIR_NAME).toFile();
        final Supplier<ChronicleQueue> opener = () -> SingleChronicleQueueBuilder.single(dir).build();
        ChronicleQueue queue = JournalFiles.open(dir, opener);
        final List<PushJournal.Damage> moved = new ArrayList<>();
        try
        {
            for (int round = 0; round < JournalFiles.MAX_QUARANTINE_ROUNDS; round++)
            {
                final JournalScrub.Finding finding = JournalScrub.firstDamaged(queue, -1);
                if (finding == null)
                {
                    return new DeadLetterJournal(queue, moved);
                }
                queue.close();
                final Path target = JournalFiles.moveAside(finding.file(), DAMAGED_DIR_NAME);
                moved.add(new PushJournal.Damage(target, finding.cycle(), finding.problem(), 0));
                queue = JournalFiles.open(dir, opener);
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            queue.close();
            throw ex;
        }
        queue.close();
        throw new IOException("dead-letter journal[" + dir + "] still damaged after moving " + moved.size() +
            " cycle files aside");
    }

    /** Cycle files found damaged and moved aside when this opened; their entries are not in {@link #readAll()}. */
    public List<PushJournal.Damage> damage()
    {
        return damage;
    }

    @Override
    public synchronized void onRejected(final ParseError reason, final byte[] raw, final int offset, final int length,
        final int partition, final long position)
    {
        try (ExcerptAppender appender = queue.createAppender();
            DocumentContext document = appender.writingDocument())
        {
            final Bytes<?> bytes = document.wire().bytes();
            bytes.writeInt(reason.code());
            bytes.writeInt(partition);
            bytes.writeLong(position);
            bytes.writeInt(length);
            bytes.write(raw, offset, length);
        }
        appended++;
    }

    /** Entries appended by this instance. */
    public synchronized long appended()
    {
        return appended;
    }

    /**
     * Every entry in the journal, oldest first (for the status endpoint's tools and tests; cold path). Entries carry
     * no checksum: one whose fields do not add up is left out rather than read as something else.
     */
    public List<Entry> readAll()
    {
        final List<Entry> entries = new ArrayList<>();
        try (ExcerptTailer tailer = queue.createTailer())
        {
            while (true)
            {
                try (DocumentContext document = tailer.readingDocument())
                {
                    if (!document.isPresent())
                    {
                        break;
                    }
                    final Entry entry = decode(document.wire().bytes());
                    if (entry != null)
                    {
                        entries.add(entry);
                    }
                }
            }
        }
        return entries;
    }

    private static Entry decode(final Bytes<?> bytes)
    {
        if (bytes.readRemaining() < ENTRY_HEADER_LENGTH)
        {
            return null;
        }
        final int code = bytes.readInt();
        final int partition = bytes.readInt();
        final long position = bytes.readLong();
        final int length = bytes.readInt();
        if (code < 1 || code > ParseError.values().length || length < 0 || length != bytes.readRemaining())
        {
            return null;
        }
        final ParseError reason = ParseError.ofCode(code);
        if (reason == null)
        {
            return null;
        }
        final byte[] raw = new byte[length];
        bytes.read(raw);
        return new Entry(reason, partition, position, raw);
    }

    @Override
    public void close()
    {
        queue.close();
    }
}
