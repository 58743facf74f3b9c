package dev.tally.storage.codec;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** CRC32C (hardware-accelerated on x86 and ARM) over byte arrays and buffer regions. */
public final class Checksums
{
    private Checksums()
    {
    }

    public static int crc32c(final byte[] bytes, final int offset, final int length)
    {
        final CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int)crc.getValue();
    }

    /** CRC32C of {@code buffer[offset, offset + length)}; does not move the buffer's position. */
    public static int crc32c(final ByteBuffer buffer, final int offset, final int length)
    {
        final CRC32C crc = new CRC32C();
        crc.update(buffer.duplicate().limit(offset + length).position(offset));
        return (int)crc.getValue();
    }
}
