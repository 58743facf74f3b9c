package dev.tally.storage.segment;

import dev.tally.storage.schema.ColumnSpec;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;

/** A long metric column of a segment; NULL rows read as 0 and are listed by {@link #nulls()}. Thread-safe. */
public final class LongColumn
{
    private final ColumnSpec spec;
    private final ColumnBlocks blocks;
    private final ImmutableRoaringBitmap nulls;

    LongColumn(final ColumnSpec spec, final ColumnBlocks blocks, final ImmutableRoaringBitmap nulls)
    {
        this.spec = spec;
        this.blocks = blocks;
        this.nulls = nulls;
    }

    public ColumnSpec spec()
    {
        return spec;
    }

    /** Rows whose value is NULL (empty for most columns). */
    public ImmutableRoaringBitmap nulls()
    {
        return nulls;
    }

    /** Smallest non-NULL value of the block; {@code Long.MAX_VALUE} when the block is all NULL. */
    public long blockMin(final int block)
    {
        return blocks.min(block);
    }

    /** Largest non-NULL value of the block; {@code Long.MIN_VALUE} when the block is all NULL. */
    public long blockMax(final int block)
    {
        return blocks.max(block);
    }

    public boolean isCompressed(final int block)
    {
        return blocks.isCompressed(block);
    }

    /** Copies block {@code block} into {@code out[0, rows)}; returns the row count. */
    public int read(final int block, final long[] out, final BlockScratch scratch)
    {
        blocks.load(block, scratch);
        final int rows = blocks.rows(block);
        scratch.longs.get(scratch.offset >>> 3, out, 0, rows);
        return rows;
    }
}
