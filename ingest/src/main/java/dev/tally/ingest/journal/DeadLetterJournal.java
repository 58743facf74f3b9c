package dev.tally.ingest.journal;

import dev.tally.ingest.record.IngestErrors;
import dev.tally.ingest.record.ParseError;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The dead-letter journal of one table: the raw bytes of every rejected event, with the reason and source position,
 * in a Chronicle Queue under the table directory (this class owns that directory's queue files). An entry is written
 * before the source moves on; after a crash, events above the committed position are read and rejected again, so an
 * event may appear twice (same partition and position). Entry layout, little-endian:
 * <pre>
 *   int reason code | int partition | long position | int raw length | raw bytes
 * </pre>
 * Thread-safe: appends are serialized (rejections are rare).
 */
public final class DeadLetterJournal implements IngestErrors.RejectedEventSink, AutoCloseable
{
    public static final String DIR_NAME = "dead-letter";

    /** One dead-lettered event. */
    public record Entry(ParseError reason, int partition, long position, byte[] raw)
    {
    }

    private final ChronicleQueue queue;
    private long appended;

    private DeadLetterJournal(final ChronicleQueue queue)
    {
        this.queue = queue;
    }

    /** Opens (or creates) the journal in {@code tableDir}/{@value #DIR_NAME}. */
    public static DeadLetterJournal open(final Path tableDir)
    {
        return new DeadLetterJournal(SingleChronicleQueueBuilder.single(tableDir.resolve(DIR_NAME).toFile()).build());
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

    /** Every entry in the journal, oldest first (for the status endpoint's tools and tests; cold path). */
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
                    final Bytes<?> bytes = document.wire().bytes();
                    final ParseError reason = ParseError.ofCode(bytes.readInt());
                    final int partition = bytes.readInt();
                    final long position = bytes.readLong();
                    final byte[] raw = new byte[bytes.readInt()];
                    bytes.read(raw);
                    entries.add(new Entry(reason, partition, position, raw));
                }
            }
        }
        return entries;
    }

    @Override
    public void close()
    {
        queue.close();
    }
}
