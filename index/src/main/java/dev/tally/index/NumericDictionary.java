package dev.tally.index;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * A read-only sorted dictionary of distinct 64-bit values, read in place: typed {@code long} dimensions sorted
 * numerically, or {@code double} dimensions sorted by {@link Double#compare} (stored as their raw bits). Range
 * filters on the value become id ranges.
 *
 * <pre>
 *  +-------------------------------+-------------------------------+
 *  |        entry count (n)        |        zero padding           |
 *  +-------------------------------+-------------------------------+
 *  |                 n little-endian 64-bit values                ...
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class NumericDictionary
{
    public static final int COUNT_OFFSET = 0;
    public static final int VALUES_OFFSET = 8;

    private final DirectBuffer buffer;
    private final boolean isDouble;
    private final int size;

    public NumericDictionary(final DirectBuffer buffer, final boolean isDouble)
    {
        this.buffer = buffer;
        this.isDouble = isDouble;
        if (buffer.capacity() < VALUES_OFFSET)
        {
            throw new IllegalStateException("dictionary buffer too small[" + buffer.capacity() + "]");
        }
        this.size = buffer.getInt(COUNT_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (size < 0 || VALUES_OFFSET + 8L * size != buffer.capacity())
        {
            throw new IllegalStateException("dictionary entry count[" + size + "] does not match its buffer");
        }
        for (int i = 1; i < size; i++)
        {
            if (compare(rawValue(i - 1), rawValue(i)) >= 0)
            {
                throw new IllegalStateException("dictionary entries not strictly sorted at[" + i + "]");
            }
        }
    }

    public int size()
    {
        return size;
    }

    public boolean isDouble()
    {
        return isDouble;
    }

    public long longValue(final int id)
    {
        checkId(id);
        return rawValue(id);
    }

    public double doubleValue(final int id)
    {
        checkId(id);
        return Double.longBitsToDouble(rawValue(id));
    }

    /** Id of {@code raw} (a long, or a double's {@link Double#doubleToLongBits}), or {@code -(insertion) - 1}. */
    public int find(final long raw)
    {
        int low = 0;
        int high = size - 1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            final int cmp = compare(rawValue(mid), raw);
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

    /** First id whose value is {@code >= raw} (or {@code > raw} when {@code exclusive}); {@link #size()} if none. */
    public int lowerBound(final long raw, final boolean exclusive)
    {
        int low = 0;
        int high = size;
        while (low < high)
        {
            final int mid = (low + high) >>> 1;
            final int cmp = compare(rawValue(mid), raw);
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

    private int compare(final long a, final long b)
    {
        return isDouble ? Double.compare(Double.longBitsToDouble(a), Double.longBitsToDouble(b)) : Long.compare(a, b);
    }

    private long rawValue(final int id)
    {
        return buffer.getLong(VALUES_OFFSET + 8 * id, ByteOrder.LITTLE_ENDIAN);
    }

    private void checkId(final int id)
    {
        if (id < 0 || id >= size)
        {
            throw new IndexOutOfBoundsException("dictionary id[" + id + "] not in [0, " + size + ")");
        }
    }
}
