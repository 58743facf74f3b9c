package dev.tally.storage.segment;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A flyweight over one decoded block of a sketch column: value {@code i} is the bytes
 * {@code [offset(i), offset(i) + length(i))} of {@link #buffer()}; a NULL value has length 0. Valid until the
 * {@link BlockScratch} it was read with is used again. Reusable.
 */
public final class SketchBlock
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
    private int base;
    private int rows;

    /** Points at a decoded block: {@code rows + 1} little-endian int offsets, then the values' bytes. */
    public void wrap(final DirectBuffer source, final int offset, final int length, final int rows)
    {
        buffer.wrap(source, offset, length);
        this.base = 0;
        this.rows = rows;
    }

    public int rows()
    {
        return rows;
    }

    public DirectBuffer buffer()
    {
        return buffer;
    }

    public int offset(final int row)
    {
        return buffer.getInt(base + 4 * row, java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    public int length(final int row)
    {
        return offset(row + 1) - offset(row);
    }

    /** Copies value {@code row} (cold paths); an empty array for NULL. */
    public byte[] copy(final int row)
    {
        final byte[] bytes = new byte[length(row)];
        buffer.getBytes(offset(row), bytes);
        return bytes;
    }
}
