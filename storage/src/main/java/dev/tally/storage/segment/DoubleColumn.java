package dev.tally.storage.segment;

import dev.tally.storage.schema.ColumnSpec;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;

/** A DOUBLE metric column of a segment; NULL rows read as 0. Thread-safe. */
public final class DoubleColumn extends MetricColumn
{
    DoubleColumn(final ColumnSpec spec, final ColumnBlocks blocks, final ImmutableRoaringBitmap nulls,
        final int blockRows)
    {
        super(spec, blocks, nulls, blockRows);
    }

    /** Smallest non-NULL value of the block; +infinity when all NULL, NaN when the block holds a NaN. */
    public double blockMinValue(final int block)
    {
        return Double.longBitsToDouble(blocks.min(block));
    }

    /** Largest non-NULL value of the block; -infinity when all NULL, NaN when the block holds a NaN. */
    public double blockMaxValue(final int block)
    {
        return Double.longBitsToDouble(blocks.max(block));
    }

    /** Copies block {@code block} into {@code out[0, rows)}; returns the row count. */
    public int read(final int block, final double[] out, final BlockScratch scratch)
    {
        blocks.load(block, scratch);
        final int rows = blocks.rows(block);
        scratch.doubles.get(scratch.offset >>> 3, out, 0, rows);
        return rows;
    }

    @Override
    public int readDoubles(final int block, final double[] out, final BlockScratch scratch)
    {
        return read(block, out, scratch);
    }
}
