package dev.tally.ingest.rollup;

import dev.tally.storage.schema.ValueType;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The dictionary of one dimension of a {@link LiveIndex}: values get insertion ids (1-based; 0 is NULL). The single
 * writer looks values up by their UTF-8 bytes in the record (an open-addressing table over a byte arena, no String
 * per lookup) or by their long bits; a String is made only for a new value. Readers see values through
 * {@link #strings()} / {@link #numerics()}: arrays whose entries below a published id count are never written again
 * (growing copies the array and swaps the reference; an older array still holds every id it held), so a reader that
 * learned the id count from the index's release-published state can read those entries without locking.
 */
final class LiveDictionary
{
    private static final int MISSING = -1;

    private final ValueType type;

    // writer-only lookup structures
    private int[] slots = new int[64];
    private int[] hashes = new int[16];
    private int[] starts = new int[16];
    private int[] lengths = new int[16];
    private byte[] arena = new byte[1024];
    private int arenaLength;
    private final Long2LongHashMap numericIds;

    // reader-visible values, index = id
    private String[] strings;
    private long[] numerics;
    private int size;

    LiveDictionary(final ValueType type)
    {
        this.type = type;
        if (type == ValueType.STRING)
        {
            strings = new String[16];
            numericIds = null;
        }
        else
        {
            numerics = new long[16];
            numericIds = new Long2LongHashMap(MISSING);
        }
    }

    ValueType type()
    {
        return type;
    }

    /** Distinct non-NULL values; ids are {@code [1, size]}. */
    int size()
    {
        return size;
    }

    /** Values by id (index 0 unused); entries below a published count are immutable. */
    String[] strings()
    {
        return strings;
    }

    long[] numerics()
    {
        return numerics;
    }

    /** Id of the UTF-8 string {@code buffer[offset, offset + length)}, adding it if new. Writer only. */
    int idOf(final DirectBuffer buffer, final int offset, final int length)
    {
        int hash = 0x811C9DC5;
        for (int i = 0; i < length; i++)
        {
            hash = (hash ^ buffer.getByte(offset + i)) * 0x01000193;
        }
        hash ^= hash >>> 16;
        final int mask = slots.length - 1;
        int slot = hash & mask;
        while (true)
        {
            final int id = slots[slot];
            if (id == 0)
            {
                return add(buffer, offset, length, hash, slot);
            }
            if (hashes[id] == hash && lengths[id] == length && equal(buffer, offset, starts[id], length))
            {
                return id;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** Id of a long value or a double's raw bits, adding it if new. Writer only. */
    int idOf(final long raw)
    {
        final long id = numericIds.get(raw);
        if (id != MISSING)
        {
            return (int)id;
        }
        final int newId = size + 1;
        if (newId == numerics.length)
        {
            final long[] grown = Arrays.copyOf(numerics, numerics.length * 2);
            grown[newId] = raw;
            numerics = grown;
        }
        else
        {
            numerics[newId] = raw;
        }
        numericIds.put(raw, newId);
        size = newId;
        return newId;
    }

    private boolean equal(final DirectBuffer buffer, final int offset, final int start, final int length)
    {
        final byte[] arena = this.arena;
        for (int i = 0; i < length; i++)
        {
            if (buffer.getByte(offset + i) != arena[start + i])
            {
                return false;
            }
        }
        return true;
    }

    private int add(final DirectBuffer buffer, final int offset, final int length, final int hash, final int slot)
    {
        final int id = size + 1;
        if (id == hashes.length)
        {
            hashes = Arrays.copyOf(hashes, id * 2);
            starts = Arrays.copyOf(starts, id * 2);
            lengths = Arrays.copyOf(lengths, id * 2);
        }
        if (arenaLength + length > arena.length)
        {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaLength + length));
        }
        buffer.getBytes(offset, arena, arenaLength, length);
        hashes[id] = hash;
        starts[id] = arenaLength;
        lengths[id] = length;
        final String value = new String(arena, arenaLength, length, StandardCharsets.UTF_8);
        arenaLength += length;
        if (id == strings.length)
        {
            final String[] grown = Arrays.copyOf(strings, strings.length * 2);
            grown[id] = value;
            strings = grown;
        }
        else
        {
            strings[id] = value;
        }
        slots[slot] = id;
        size = id;
        if (size * 2 > slots.length)
        {
            rehash();
        }
        return id;
    }

    private void rehash()
    {
        final int[] grown = new int[slots.length * 2];
        final int mask = grown.length - 1;
        for (int id = 1; id <= size; id++)
        {
            int slot = hashes[id] & mask;
            while (grown[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }
            grown[slot] = id;
        }
        slots = grown;
    }
}
