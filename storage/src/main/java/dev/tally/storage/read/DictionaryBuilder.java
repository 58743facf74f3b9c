package dev.tally.storage.read;

import dev.tally.storage.schema.ValueType;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Object2IntHashMap;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collects the distinct values of one dimension while rows are appended, handing out insertion ids (1-based; 0 is
 * NULL), and at write time sorts them into the segment's dictionary order. Strings sort by their UTF-8 bytes
 * (unsigned), longs numerically, doubles by {@link Double#compare}. Single-threaded.
 */
public final class DictionaryBuilder
{
    private static final int MISSING = -1;

    private final ValueType type;
    private final Object2IntHashMap<String> stringIds;
    private final List<String> strings;
    private final Long2LongHashMap numericIds;
    private long[] numerics = new long[16];
    private int size;

    // results of sort()
    private int[] remap;
    private byte[][] sortedStrings;
    private long[] sortedNumerics;
    private int sortedSize;

    public DictionaryBuilder(final ValueType type)
    {
        this.type = type;
        if (type == ValueType.STRING)
        {
            stringIds = new Object2IntHashMap<>(MISSING);
            strings = new ArrayList<>();
            numericIds = null;
        }
        else
        {
            stringIds = null;
            strings = null;
            numericIds = new Long2LongHashMap(MISSING);
        }
    }

    public ValueType type()
    {
        return type;
    }

    public int idOf(final String value)
    {
        if (value == null)
        {
            return 0;
        }
        int id = stringIds.getValue(value);
        if (id == MISSING)
        {
            strings.add(value);
            id = ++size;
            stringIds.put(value, id);
        }
        return id;
    }

    /** @param raw a long value, or a double's {@link Double#doubleToLongBits} (NaN canonicalized). */
    public int idOf(final long raw)
    {
        long id = numericIds.get(raw);
        if (id == MISSING)
        {
            if (size == numerics.length)
            {
                numerics = Arrays.copyOf(numerics, size * 2);
            }
            numerics[size] = raw;
            id = ++size;
            numericIds.put(raw, id);
        }
        return (int)id;
    }

    /** Number of distinct non-NULL values in insertion order; ids are {@code [1, size]}. */
    public int size()
    {
        return size;
    }

    /** Insertion id of a string, 0 for {@code null}, -1 when absent; never inserts. */
    public int find(final String value)
    {
        return value == null ? 0 : stringIds.getValue(value);
    }

    /** Insertion id of a long value or double bits, -1 when absent; never inserts. */
    public int find(final long raw)
    {
        return (int)numericIds.get(raw);
    }

    /** The string of insertion id {@code id} (1-based). */
    public String string(final int id)
    {
        return strings.get(id - 1);
    }

    /** The long value or double bits of insertion id {@code id} (1-based). */
    public long numeric(final int id)
    {
        return numerics[id - 1];
    }

    /**
     * Sorts the distinct values. Afterwards {@link #remap()} maps an insertion id to its sorted id (both 1-based, 0
     * stays NULL). Distinct strings whose UTF-8 forms are equal (unpaired surrogates) share one sorted id.
     */
    public void sort()
    {
        final Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++)
        {
            order[i] = i;
        }
        remap = new int[size + 1];
        if (type == ValueType.STRING)
        {
            final byte[][] bytes = new byte[size][];
            for (int i = 0; i < size; i++)
            {
                bytes[i] = strings.get(i).getBytes(StandardCharsets.UTF_8);
            }
            Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(bytes[a], bytes[b]));
            sortedStrings = new byte[size][];
            int n = 0;
            for (int i = 0; i < size; i++)
            {
                final byte[] value = bytes[order[i]];
                if (n == 0 || !Arrays.equals(sortedStrings[n - 1], value))
                {
                    sortedStrings[n++] = value;
                }
                remap[order[i] + 1] = n;
            }
            sortedSize = n;
        }
        else
        {
            final boolean isDouble = type == ValueType.DOUBLE;
            Arrays.sort(order, (a, b) -> isDouble ?
                Double.compare(Double.longBitsToDouble(numerics[a]), Double.longBitsToDouble(numerics[b])) :
                Long.compare(numerics[a], numerics[b]));
            sortedNumerics = new long[size];
            for (int i = 0; i < size; i++)
            {
                sortedNumerics[i] = numerics[order[i]];
                remap[order[i] + 1] = i + 1;
            }
            sortedSize = size;
        }
    }

    public int[] remap()
    {
        return remap;
    }

    /** Number of distinct non-NULL values after {@link #sort()}. */
    public int sortedSize()
    {
        return sortedSize;
    }

    public byte[][] sortedStrings()
    {
        return sortedStrings;
    }

    public long[] sortedNumerics()
    {
        return sortedNumerics;
    }
}
