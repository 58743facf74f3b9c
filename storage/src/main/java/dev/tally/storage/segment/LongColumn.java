package dev.tally.storage.segment;

import dev.tally.storage.codec.BitPacking;
import dev.tally.storage.schema.ColumnSpec;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;

/**
 * A LONG metric column of a segment, frame-of-reference bit-packed per block so scans need no LZ4 for small values;
 * NULL rows read as the block minimum (check {@link #readNulls}). Thread-safe.
 */
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
        final int width = blocks.width(block);
        if (width == SegmentLayout.PLAIN_LONG_WIDTH)
        {
            scratch.longs.get(scratch.offset >>> 3, out, 0, rows);
            return rows;
        }
        final long min = blocks.min(block);
        // an all-NULL block (min above max) was packed from 0
        final long base = min > blocks.max(block) ? 0 : min;
        BitPacking.unpack(scratch.source, scratch.offset, rows, width, base, out);
        return rows;
    }

    @Override
    public int readLongs(final int block, final long[] out, final BlockScratch scratch)
    {
        return read(block, out, scratch);
    }
}
