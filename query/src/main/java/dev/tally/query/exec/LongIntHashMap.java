package dev.tally.query.exec;

import java.util.Arrays;

/**
 * An open-addressing map from non-negative long keys (packed group keys) to dense int values, with linear probing
 * and a power-of-two table: the group-by hash table. Nothing is allocated per lookup. Single-threaded.
 */
final class LongIntHashMap
{
    private static final long EMPTY = -1;

    private long[] keys;
    private int[] values;
    private int mask;
    private int size;
    private int resizeAt;

    LongIntHashMap(final int expected)
    {
        final int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        allocate(capacity);
    }

    private void allocate(final int capacity)
    {
        keys = new long[capacity];
        Arrays.fill(keys, EMPTY);
        values = new int[capacity];
        mask = capacity - 1;
        resizeAt = (int)(capacity * 0.6);
    }

    int size()
    {
        return size;
    }

    /** The value of {@code key}, inserting {@code valueIfAbsent} when the key is new. */
    int getOrPut(final long key, final int valueIfAbsent)
    {
        int index = hash(key) & mask;
        while (true)
        {
            final long existing = keys[index];
            if (existing == key)
            {
                return values[index];
            }
            if (existing == EMPTY)
            {
                keys[index] = key;
                values[index] = valueIfAbsent;
                if (++size > resizeAt)
                {
                    rehash();
                }
                return valueIfAbsent;
            }
            index = (index + 1) & mask;
        }
    }

    private void rehash()
    {
        final long[] oldKeys = keys;
        final int[] oldValues = values;
        allocate(keys.length * 2);
        for (int i = 0; i < oldKeys.length; i++)
        {
            if (oldKeys[i] != EMPTY)
            {
                int index = hash(oldKeys[i]) & mask;
                while (keys[index] != EMPTY)
                {
                    index = (index + 1) & mask;
                }
                keys[index] = oldKeys[i];
                values[index] = oldValues[i];
            }
        }
    }

    private static int hash(final long key)
    {
        final long mixed = key * 0x9E37_79B9_7F4A_7C15L;
        return (int)(mixed ^ (mixed >>> 32));
    }
}
