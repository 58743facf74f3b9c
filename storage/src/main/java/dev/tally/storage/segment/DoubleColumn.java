package dev.tally.storage.segment;

import dev.tally.storage.schema.ColumnSpec;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;

/** A double metric column of a segment; NULL rows read as 0 and are listed by {@link #nulls()}. Thread-safe. */
public final class DoubleColumn
{
    private final ColumnSpec spec;
    private final ColumnBlocks blocks;
    private final ImmutableRoaringBitmap nulls;

    DoubleColumn(final ColumnSpec spec, final ColumnBlocks blocks, final ImmutableRoaringBitmap nulls)
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

    /** Smallest non-NULL value of the block; +infinity when the block is all NULL, NaN if it holds a NaN. */
    public double blockMin(final int block)
    {
        return Double.longBitsToDouble(blocks.min(block));
    }

    /** Largest non-NULL value of the block; -infinity when the block is all NULL, NaN if it holds a NaN. */
    public double blockMax(final int block)
    {
        return Double.longBitsToDouble(blocks.max(block));
    }

    public boolean isCompressed(final int block)
    {
        return blocks.isCompressed(block);
    }

    /** Copies block {@code block} into {@code out[0, rows)}; returns the row count. */
    public int read(final int block, final double[] out, final BlockScratch scratch)
    {
        blocks.load(block, scratch);
        final int rows = blocks.rows(block);
        scratch.doubles.get(scratch.offset >>> 3, out, 0, rows);
        return rows;
    }
}
