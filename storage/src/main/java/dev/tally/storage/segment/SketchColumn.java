package dev.tally.storage.segment;

import dev.tally.storage.schema.ColumnSpec;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;

import java.nio.ByteOrder;

/** A sketch metric column: opaque serialized sketches, one per row (NULL rows are empty). Thread-safe. */
public final class SketchColumn extends MetricColumn
{
    SketchColumn(final ColumnSpec spec, final ColumnBlocks blocks, final ImmutableRoaringBitmap nulls,
        final int blockRows)
    {
        super(spec, blocks, nulls, blockRows);
    }

    /** Points {@code out} at block {@code block}'s values; returns the row count. */
    public int read(final int block, final SketchBlock out, final BlockScratch scratch)
    {
        blocks.load(block, scratch);
        final int rows = blocks.rows(block);
        int previous = 4 * (rows + 1);
        if (scratch.source.getInt(scratch.offset, ByteOrder.LITTLE_ENDIAN) != previous)
        {
            throw blocks.corrupt(block, "sketch offsets do not start after the offset table");
        }
        for (int i = 1; i <= rows; i++)
        {
            final int offset = scratch.source.getInt(scratch.offset + 4 * i, ByteOrder.LITTLE_ENDIAN);
            if (offset < previous || offset > scratch.length)
            {
                throw blocks.corrupt(block, "sketch offset[" + i + "] out of order or range[" + offset + "]");
            }
            previous = offset;
        }
        out.wrap(scratch.source, scratch.offset, scratch.length, rows);
        return rows;
    }

    @Override
    public int readSketches(final int block, final SketchBlock out, final BlockScratch scratch)
    {
        return read(block, out, scratch);
    }
}
