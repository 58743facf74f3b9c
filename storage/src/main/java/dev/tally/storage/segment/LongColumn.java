package dev.tally.storage.segment;

import dev.tally.storage.schema.ColumnSpec;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;

/** A LONG metric column of a segment; NULL rows read as 0. Thread-safe. */
public final class LongColumn extends MetricColumn
{
    LongColumn(final ColumnSpec spec, final ColumnBlocks blocks, final ImmutableRoaringBitmap nulls,
        final int blockRows)
    {
        super(spec, blocks, nulls, blockRows);
    }

    /** Copies block {@code block} into {@code out[0, rows)}; returns the row count. */
    public int read(final int block, final long[] out, final BlockScratch scratch)
    {
        blocks.load(block, scratch);
        final int rows = blocks.rows(block);
        scratch.longs.get(scratch.offset >>> 3, out, 0, rows);
        return rows;
    }

    @Override
    public int readLongs(final int block, final long[] out, final BlockScratch scratch)
    {
        return read(block, out, scratch);
    }
}
