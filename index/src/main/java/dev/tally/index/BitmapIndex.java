package dev.tally.index;

import org.roaringbitmap.buffer.ImmutableRoaringBitmap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One Roaring bitmap of row ids per dictionary id, in Roaring's portable serialization, read in place from a
 * buffer (usually a slice of a mapped segment file): nothing is copied onto the heap.
 *
 * <pre>
 *  +-------------------------------+-------------------------------+
 *  |        bitmap count (n)       |         zero padding          |
 *  +-------------------------------+-------------------------------+
 *  |  n + 1 offsets from the start of this buffer; bitmap i is     |
 *  |  bytes [offset[i], offset[i+1]) (may include alignment pad)  ...
 *  +---------------------------------------------------------------+
 *  |  bitmaps, each starting on an 8-byte boundary                ...
 *  +---------------------------------------------------------------+
 * </pre>
 * Immutable and safe to share between threads.
 */
public final class BitmapIndex
{
    public static final int COUNT_OFFSET = 0;
    public static final int OFFSETS_OFFSET = 8;

    private final ByteBuffer buffer;
    private final int count;

    /** @param buffer the index's bytes only; its position is taken as offset zero. */
    public BitmapIndex(final ByteBuffer buffer)
    {
        this.buffer = buffer.slice().order(ByteOrder.LITTLE_ENDIAN);
        if (this.buffer.capacity() < OFFSETS_OFFSET + 4)
        {
            throw new IllegalStateException("bitmap index buffer too small[" + this.buffer.capacity() + "]");
        }
        this.count = this.buffer.getInt(COUNT_OFFSET);
        final long headerEnd = OFFSETS_OFFSET + 4L * (count + 1L);
        if (count < 0 || headerEnd > this.buffer.capacity())
        {
            throw new IllegalStateException("bitmap count[" + count + "] does not fit its buffer");
        }
        int previous = (int)headerEnd;
        for (int i = 0; i <= count; i++)
        {
            final int offset = offset(i);
            if (offset < previous || offset > this.buffer.capacity())
            {
                throw new IllegalStateException("bitmap offset[" + i + "] out of order or range[" + offset + "]");
            }
            previous = offset;
        }
    }

    public int count()
    {
        return count;
    }

    /** The bitmap of rows holding dictionary id {@code id}, read in place (allocates only the small view). */
    public ImmutableRoaringBitmap bitmap(final int id)
    {
        if (id < 0 || id >= count)
        {
            throw new IndexOutOfBoundsException("bitmap id[" + id + "] not in [0, " + count + ")");
        }
        final int start = offset(id);
        return new ImmutableRoaringBitmap(buffer.slice(start, offset(id + 1) - start).order(ByteOrder.LITTLE_ENDIAN));
    }

    /** Serialized size of bitmap {@code id} including alignment padding; a cheap cardinality hint. */
    public int sizeInBytes(final int id)
    {
        return offset(id + 1) - offset(id);
    }

    private int offset(final int index)
    {
        return buffer.getInt(OFFSETS_OFFSET + 4 * index);
    }
}
