package dev.tally.index;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.roaringbitmap.RoaringBitmap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Builds a {@link BitmapIndex}: bitmaps are added in dictionary-id order, one at a time, so only one bitmap is
 * ever materialized. Not thread-safe; reusable after {@link #begin(int)}.
 */
public final class BitmapIndexWriter
{
    private final ExpandableArrayBuffer out = new ExpandableArrayBuffer(1024);
    private ByteBuffer scratch = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
    private int expected;
    private int added;
    private int position;

    /** Starts an index of {@code count} bitmaps. */
    public void begin(final int count)
    {
        expected = count;
        added = 0;
        out.putInt(BitmapIndex.COUNT_OFFSET, count, ByteOrder.LITTLE_ENDIAN);
        out.putInt(BitmapIndex.COUNT_OFFSET + 4, 0, ByteOrder.LITTLE_ENDIAN);
        position = align8(BitmapIndex.OFFSETS_OFFSET + 4 * (count + 1));
        for (int i = BitmapIndex.OFFSETS_OFFSET + 4 * (count + 1); i < position; i++)
        {
            out.putByte(i, (byte)0);
        }
        out.putInt(BitmapIndex.OFFSETS_OFFSET, position, ByteOrder.LITTLE_ENDIAN);
    }

    /** Adds the next bitmap: the rows {@code rows[from, from + length)}, ascending. */
    public void add(final int[] rows, final int from, final int length)
    {
        if (added == expected)
        {
            throw new IllegalStateException("more bitmaps than declared[" + expected + "]");
        }
        final RoaringBitmap bitmap = new RoaringBitmap();
        bitmap.addN(rows, from, length);
        bitmap.runOptimize();
        final int size = bitmap.serializedSizeInBytes();
        if (scratch.capacity() < size)
        {
            scratch = ByteBuffer.allocate(Math.max(size, scratch.capacity() * 2)).order(ByteOrder.LITTLE_ENDIAN);
        }
        scratch.clear();
        bitmap.serialize(scratch);
        out.putBytes(position, scratch.array(), 0, size);
        final int end = align8(position + size);
        for (int i = position + size; i < end; i++)
        {
            out.putByte(i, (byte)0);
        }
        position = end;
        added++;
        out.putInt(BitmapIndex.OFFSETS_OFFSET + 4 * added, position, ByteOrder.LITTLE_ENDIAN);
    }

    /** @return the serialized length; the bytes are {@link #buffer()}{@code [0, length)}. */
    public int finish()
    {
        if (added != expected)
        {
            throw new IllegalStateException("bitmaps added[" + added + "] != declared[" + expected + "]");
        }
        return position;
    }

    public MutableDirectBuffer buffer()
    {
        return out;
    }

    private static int align8(final int value)
    {
        return (value + 7) & ~7;
    }
}
