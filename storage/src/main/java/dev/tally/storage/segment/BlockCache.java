package dev.tally.storage.segment;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.LongBuffer;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded, process-wide cache of decoded LZ4 blocks, least recently used first out: LZ4 decodes at 1-3 GB/s while
 * memory streams at ~27 GB/s, so a dashboard's repeated queries read hot blocks decoded. Blocks stored raw are
 * never cached (they are read in place from the mapped file). Budget in bytes from {@link #BUDGET_PROP_NAME}
 * (default {@link #BUDGET_DEFAULT}); 0 disables caching. Thread-safe; one short lock per block load.
 */
public final class BlockCache
{
    public static final String BUDGET_PROP_NAME = "tally.blockCache.bytes";
    public static final long BUDGET_DEFAULT = 256L << 20;

    static final BlockCache SHARED = new BlockCache(Long.getLong(BUDGET_PROP_NAME, BUDGET_DEFAULT));

    /** A decoded block: its bytes and the typed views the column readers bulk-copy from. */
    static final class Entry
    {
        final UnsafeBuffer bytes;
        final LongBuffer longs;
        final DoubleBuffer doubles;
        final int length;

        Entry(final ByteBuffer decoded, final int length)
        {
            this.bytes = new UnsafeBuffer(decoded, 0, length);
            this.longs = decoded.duplicate().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
            this.doubles = decoded.duplicate().order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
            this.length = length;
        }
    }

    private record Key(ColumnBlocks column, int block)
    {
        @Override
        public boolean equals(final Object other)
        {
            return other instanceof Key key && key.column == column && key.block == block;
        }

        @Override
        public int hashCode()
        {
            return System.identityHashCode(column) * 31 + block;
        }
    }

    private final long budget;
    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(1024, 0.75f, true);
    private long used;
    private long hits;
    private long misses;

    BlockCache(final long budget)
    {
        this.budget = budget;
    }

    boolean isEnabled()
    {
        return budget > 0;
    }

    synchronized Entry get(final ColumnBlocks column, final int block)
    {
        final Entry entry = entries.get(new Key(column, block));
        if (entry == null)
        {
            misses++;
        }
        else
        {
            hits++;
        }
        return entry;
    }

    synchronized void put(final ColumnBlocks column, final int block, final Entry entry)
    {
        if (entry.length > budget / 4)
        {
            return;
        }
        final Entry previous = entries.put(new Key(column, block), entry);
        used += entry.length - (previous == null ? 0 : previous.length);
        final Iterator<Map.Entry<Key, Entry>> eldest = entries.entrySet().iterator();
        while (used > budget && eldest.hasNext())
        {
            used -= eldest.next().getValue().length;
            eldest.remove();
        }
    }

    /** Drops every block of a closing segment. */
    synchronized void evict(final Segment segment)
    {
        final Iterator<Map.Entry<Key, Entry>> iterator = entries.entrySet().iterator();
        while (iterator.hasNext())
        {
            final Map.Entry<Key, Entry> next = iterator.next();
            if (next.getKey().column.segment() == segment)
            {
                used -= next.getValue().length;
                iterator.remove();
            }
        }
    }

    /** Bytes held, hits and misses since start, for metrics. */
    public static long[] stats()
    {
        synchronized (SHARED)
        {
            return new long[] {SHARED.used, SHARED.hits, SHARED.misses};
        }
    }
}
