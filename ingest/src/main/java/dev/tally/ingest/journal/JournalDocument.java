package dev.tally.ingest.journal;

import net.openhft.chronicle.bytes.Bytes;

import java.util.zip.CRC32C;

/**
 * Layout of one push-journal document, and a reusable reader of it (one per reading thread). Chronicle Queue checks
 * nothing of what it stores: a flipped byte in an event would be read back as a different event, silently. So since
 * format 2 each document carries a CRC32C of its event bytes:
 * <pre>
 *   format 2:  int MAGIC (0x54_4A_32_43) | int length | int crc32c(event) | event bytes (length)
 *   format 1:  int length | event bytes (length)          (journals written before checksums; no CRC to check)
 * </pre>
 * Little-endian, as Chronicle writes ints. A document whose lengths do not add up to its size, or whose CRC differs,
 * is damaged: {@link #read} says so instead of returning bytes.
 */
public final class JournalDocument
{
    public static final int MAGIC = 0x54_4A_32_43;
    public static final int V2_HEADER_LENGTH = 12;
    public static final int V1_HEADER_LENGTH = 4;

    private final CRC32C crc = new CRC32C();
    private byte[] raw = new byte[4096];
    private int length;
    private String problem;

    /** Writes {@code event} as a format 2 document. */
    public static void write(final Bytes<?> bytes, final byte[] event)
    {
        final CRC32C crc = new CRC32C();
        crc.update(event, 0, event.length);
        bytes.writeInt(MAGIC).writeInt(event.length).writeInt((int)crc.getValue()).write(event);
    }

    /**
     * Reads the document's event into {@link #raw()}.
     *
     * @return false if the document is damaged ({@link #problem()} says how; {@link #raw()} then holds what could be
     * read of it, {@link #length()} bytes, for the dead-letter journal).
     */
    public boolean read(final Bytes<?> bytes)
    {
        problem = null;
        length = 0;
        final long size = bytes.readRemaining();
        if (size < V1_HEADER_LENGTH)
        {
            return damaged(bytes, "document of " + size + " bytes is shorter than its header");
        }
        final int first = bytes.readInt();
        final boolean hasCrc = first == MAGIC;
        final long header = hasCrc ? V2_HEADER_LENGTH : V1_HEADER_LENGTH;
        if (hasCrc && size < V2_HEADER_LENGTH)
        {
            return damaged(bytes, "document of " + size + " bytes is shorter than its header");
        }
        final int declared = hasCrc ? bytes.readInt() : first;
        final int expectedCrc = hasCrc ? bytes.readInt() : 0;
        if (declared < 0 || declared != size - header)
        {
            return damaged(bytes, "event length[" + declared + "] does not match document size[" + size + "]");
        }
        ensureCapacity(declared);
        bytes.read(raw, 0, declared);
        length = declared;
        if (hasCrc)
        {
            crc.reset();
            crc.update(raw, 0, declared);
            if ((int)crc.getValue() != expectedCrc)
            {
                problem = "event crc32c[" + Integer.toHexString((int)crc.getValue()) + "] differs from the stored[" +
                    Integer.toHexString(expectedCrc) + "]";
                return false;
            }
        }
        return true;
    }

    public byte[] raw()
    {
        return raw;
    }

    public int length()
    {
        return length;
    }

    /** Why the last {@link #read} failed, or null. */
    public String problem()
    {
        return problem;
    }

    private boolean damaged(final Bytes<?> bytes, final String why)
    {
        problem = why;
        final int readable = (int)Math.min(bytes.readRemaining(), 64 * 1024);
        ensureCapacity(readable);
        bytes.read(raw, 0, readable);
        length = readable;
        return false;
    }

    private void ensureCapacity(final int needed)
    {
        if (needed > raw.length)
        {
            raw = new byte[Math.max(needed, raw.length * 2)];
        }
    }
}
