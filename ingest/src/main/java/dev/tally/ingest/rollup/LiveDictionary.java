package dev.tally.ingest.rollup;

import dev.tally.storage.schema.ValueType;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The dictionary of one dimension of a {@link LiveIndex}: values get insertion ids (1-based; 0 is NULL). The single
 * writer looks values up by their UTF-8 bytes in the record (an open-addressing table, no String per lookup) or by
 * their long bits; a String is made only for a new value. Strings are read, hashed and compared a word at a time:
 * most dimension values are at most 16 bytes, and such a value is its own key (two words), so a lookup reads the
 * record's bytes once, one slot and one key, and never the arena. Readers see values through
 * {@link #strings()} / {@link #numerics()}: arrays whose entries below a published id count are never written again
 * (growing copies the array and swaps the reference; an older array still holds every id it held), so a reader that
 * learned the id count from the index's release-published state can read those entries without locking.
 */
final class LiveDictionary
{
    private static final int MISSING = -1;
    private static final int KEY_LONGS = 3;
    private static final int INLINE_BYTES = 16;

    private final ValueType type;

    // writer-only string lookup: a slot is 0 (free) or (hash << 32 | id); per id its key is three longs: a value of up
    // to 16 bytes is its own key (its bytes zero-padded in two words, compared without the arena), a longer one keys
    // by its 64-bit hash and is then compared with its copy in the arena; the third long is (arena start << 32 | length)
    private long[] slots = new long[64];
    private long[] keys = new long[16 * KEY_LONGS];
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
        final long word0 = word0(buffer, offset, length);
        final long word1 = word1(buffer, offset, length);
        final int hash = hash(word0, word1, length);
        final long[] slots = this.slots;
        final long[] keys = this.keys;
        final int mask = slots.length - 1;
        int slot = hash & mask;
        while (true)
        {
            final long entry = slots[slot];
            if (entry == 0)
            {
                return add(buffer, offset, length, word0, word1, hash, slot);
            }
            if ((int)(entry >>> 32) == hash)
            {
                final int id = (int)entry;
                final int at = id * KEY_LONGS;
                final long extent = keys[at + 2];
                if (keys[at] == word0 && keys[at + 1] == word1 && (int)extent == length &&
                    (length <= INLINE_BYTES || equal(buffer, offset, (int)(extent >>> 32), length)))
                {
                    return id;
                }
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

    /** The first key word: up to 8 bytes of a short value, or a longer value's hash. */
    private static long word0(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length <= Long.BYTES)
        {
            return length == 0 ? 0 : tail(buffer, offset + length, length);
        }
        if (length <= INLINE_BYTES)
        {
            return buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN);
        }
        long hash = length * 0x9E3779B97F4A7C15L;
        final int words = offset + (length & ~7);
        int at = offset;
        for (; at < words; at += Long.BYTES)
        {
            hash = (hash ^ buffer.getLong(at, ByteOrder.LITTLE_ENDIAN)) * 0x9E3779B97F4A7C15L;
            hash ^= hash >>> 29;
        }
        final int end = offset + length;
        return at < end ? (hash ^ tail(buffer, end, end - at)) * 0x9E3779B97F4A7C15L : hash;
    }

    /** The second key word: bytes 8 to 15 of a value of 9 to 16 bytes, else 0. */
    private static long word1(final DirectBuffer buffer, final int offset, final int length)
    {
        return length > Long.BYTES && length <= INLINE_BYTES ?
            tail(buffer, offset + length, length - Long.BYTES) : 0;
    }

    private static int hash(final long word0, final long word1, final int length)
    {
        long hash = (word0 ^ length) * 0x9E3779B97F4A7C15L;
        hash = (hash ^ (hash >>> 29) ^ word1) * 0xBF58476D1CE4E5B9L;
        hash ^= hash >>> 32;
        return (int)hash ^ (int)(hash >>> 16);
    }

    /**
     * The {@code count} (1 to 8) bytes before {@code end}, little-endian in the low bytes of a long: one read of the
     * eight bytes ending there when the buffer has them (bytes before a value are still in the buffer), else byte
     * by byte.
     */
    private static long tail(final DirectBuffer buffer, final int end, final int count)
    {
        if (end >= Long.BYTES)
        {
            return buffer.getLong(end - Long.BYTES, ByteOrder.LITTLE_ENDIAN) >>> (Long.SIZE - (count << 3));
        }
        long out = 0;
        for (int i = end - 1; i >= end - count; i--)
        {
            out = (out << 8) | (buffer.getByte(i) & 0xFFL);
        }
        return out;
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

    private int add(final DirectBuffer buffer, final int offset, final int length, final long word0,
        final long word1, final int hash, final int slot)
    {
        final int id = size + 1;
        if ((id + 1) * KEY_LONGS > keys.length)
        {
            keys = Arrays.copyOf(keys, keys.length * 2);
        }
        if (arenaLength + length > arena.length)
        {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaLength + length));
        }
        buffer.getBytes(offset, arena, arenaLength, length);
        final int at = id * KEY_LONGS;
        keys[at] = word0;
        keys[at + 1] = word1;
        keys[at + 2] = (long)arenaLength << 32 | length;
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
        slots[slot] = (long)hash << 32 | id;
        size = id;
        if (size * 2 > slots.length)
        {
            rehash();
        }
        return id;
    }

    private void rehash()
    {
        final long[] grown = new long[slots.length * 2];
        final int mask = grown.length - 1;
        for (final long entry : slots)
        {
            if (entry == 0)
            {
                continue;
            }
            int slot = (int)(entry >>> 32) & mask;
            while (grown[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }
            grown[slot] = entry;
        }
        slots = grown;
    }
}
