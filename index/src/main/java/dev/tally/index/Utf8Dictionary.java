package dev.tally.index;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A read-only sorted dictionary of distinct UTF-8 strings, read in place from a buffer (usually a mapped segment
 * file). Entries are ordered by unsigned byte comparison of their UTF-8 encoding (code point order), so a value's
 * position is its id, equality is a binary search and a prefix is a contiguous id range.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                      entry count (n)                          |
 *  +---------------------------------------------------------------+
 *  |            n + 1 end-exclusive offsets into the bytes         |
 *  |   (offset[i] .. offset[i+1] is entry i; offset[0] == 0)      ...
 *  +---------------------------------------------------------------+
 *  |                 UTF-8 bytes of all entries                   ...
 *  +---------------------------------------------------------------+
 * </pre>
 * All integers are little-endian. Instances are immutable and safe to share between threads.
 */
public final class Utf8Dictionary
{
    public static final int COUNT_OFFSET = 0;
    public static final int OFFSETS_OFFSET = 4;

    private final DirectBuffer buffer;
    private final int size;
    private final int bytesStart;

    /**
     * @param buffer the dictionary's bytes only (a slice of the file); validated for internal consistency.
     */
    public Utf8Dictionary(final DirectBuffer buffer)
    {
        this.buffer = buffer;
        if (buffer.capacity() < OFFSETS_OFFSET)
        {
            throw new IllegalStateException("dictionary buffer too small[" + buffer.capacity() + "]");
        }
        this.size = buffer.getInt(COUNT_OFFSET, ByteOrder.LITTLE_ENDIAN);
        final long bytesStartLong = OFFSETS_OFFSET + 4L * (size + 1L);
        if (size < 0 || bytesStartLong > buffer.capacity())
        {
            throw new IllegalStateException("dictionary entry count[" + size + "] does not fit its buffer");
        }
        this.bytesStart = (int)bytesStartLong;
        int previous = 0;
        for (int i = 0; i <= size; i++)
        {
            final int offset = offset(i);
            if (offset < previous || (i == 0 && offset != 0) || bytesStart + (long)offset > buffer.capacity())
            {
                throw new IllegalStateException("dictionary offset[" + i + "] out of order or range[" + offset + "]");
            }
            previous = offset;
        }
    }

    public int size()
    {
        return size;
    }

    /** Byte length of entry {@code id}. */
    public int length(final int id)
    {
        return offset(id + 1) - offset(id);
    }

    public String value(final int id)
    {
        checkId(id);
        final int start = offset(id);
        return buffer.getStringWithoutLengthUtf8(bytesStart + start, offset(id + 1) - start);
    }

    /** Copies entry {@code id}'s UTF-8 bytes into a new array (cold paths and tests). */
    public byte[] valueBytes(final int id)
    {
        checkId(id);
        final int start = offset(id);
        final byte[] bytes = new byte[offset(id + 1) - start];
        buffer.getBytes(bytesStart + start, bytes);
        return bytes;
    }

    /**
     * @return the id of {@code value}, or {@code -(insertionPoint) - 1} when absent, like
     * {@link java.util.Arrays#binarySearch(int[], int)}.
     */
    public int find(final String value)
    {
        return find(value.getBytes(StandardCharsets.UTF_8));
    }

    public int find(final byte[] utf8)
    {
        int low = 0;
        int high = size - 1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            final int cmp = compareEntry(mid, utf8, utf8.length);
            if (cmp < 0)
            {
                low = mid + 1;
            }
            else if (cmp > 0)
            {
                high = mid - 1;
            }
            else
            {
                return mid;
            }
        }
        return -(low + 1);
    }

    /** First id whose entry is {@code >= key} (or {@code > key} when {@code exclusive}); {@link #size()} if none. */
    public int lowerBound(final byte[] key, final boolean exclusive)
    {
        int low = 0;
        int high = size;
        while (low < high)
        {
            final int mid = (low + high) >>> 1;
            final int cmp = compareEntry(mid, key, key.length);
            if (cmp < 0 || (exclusive && cmp == 0))
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        return low;
    }

    /**
     * Ids of the entries that start with {@code prefix}, as a half-open range {@code [from, to)} packed into a long
     * ({@code from} in the high 32 bits); use {@link #rangeFrom(long)} and {@link #rangeTo(long)}.
     */
    public long prefixRange(final byte[] prefix)
    {
        final int from = lowerBound(prefix, false);
        int low = from;
        int high = size;
        while (low < high)
        {
            final int mid = (low + high) >>> 1;
            if (startsWith(mid, prefix))
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        return ((long)from << 32) | (low & 0xFFFF_FFFFL);
    }

    public static int rangeFrom(final long range)
    {
        return (int)(range >>> 32);
    }

    public static int rangeTo(final long range)
    {
        return (int)range;
    }

    public boolean startsWith(final int id, final byte[] prefix)
    {
        final int start = offset(id);
        if (offset(id + 1) - start < prefix.length)
        {
            return false;
        }
        final int base = bytesStart + start;
        for (int i = 0; i < prefix.length; i++)
        {
            if (buffer.getByte(base + i) != prefix[i])
            {
                return false;
            }
        }
        return true;
    }

    /** Unsigned comparison of entry {@code id} with {@code key[0, keyLength)}. */
    public int compareEntry(final int id, final byte[] key, final int keyLength)
    {
        final int start = offset(id);
        final int length = offset(id + 1) - start;
        final int base = bytesStart + start;
        final int common = Math.min(length, keyLength);
        for (int i = 0; i < common; i++)
        {
            final int a = buffer.getByte(base + i) & 0xFF;
            final int b = key[i] & 0xFF;
            if (a != b)
            {
                return a - b;
            }
        }
        return length - keyLength;
    }

    private int offset(final int index)
    {
        return buffer.getInt(OFFSETS_OFFSET + 4 * index, ByteOrder.LITTLE_ENDIAN);
    }

    private void checkId(final int id)
    {
        if (id < 0 || id >= size)
        {
            throw new IndexOutOfBoundsException("dictionary id[" + id + "] not in [0, " + size + ")");
        }
    }

    /** Wraps a byte array holding a serialized dictionary (tests, small in-memory use). */
    public static Utf8Dictionary wrap(final byte[] bytes)
    {
        return new Utf8Dictionary(new UnsafeBuffer(bytes));
    }
}
