package dev.tally.storage.segment;

import dev.tally.storage.read.TimeReader;
import dev.tally.storage.codec.BitPacking;

/** The {@code __time} column of a segment: epoch millis, non-decreasing, delta-encoded per block. Thread-safe. */
public final class TimeColumn implements TimeReader
{
    private final ColumnBlocks blocks;

    TimeColumn(final ColumnBlocks blocks)
    {
        this.blocks = blocks;
    }

    /** First (smallest) time of the block. */
    @Override
    public long blockMin(final int block)
    {
        return blocks.min(block);
    }

    /** Last (largest) time of the block. */
    @Override
    public long blockMax(final int block)
    {
        return blocks.max(block);
    }

    /**
     * Decodes block {@code block} into {@code out[0, rows)}.
     *
     * @return the block's row count.
     */
    @Override
    public int read(final int block, final long[] out, final BlockScratch scratch)
    {
        blocks.load(block, scratch);
        final int width = blocks.width(block);
        final int rows = blocks.rows(block);
        if (width == SegmentLayout.PLAIN_LONG_WIDTH)
        {
            scratch.longs.get(scratch.offset >>> 3, out, 0, rows);
            return rows;
        }
        BitPacking.unpack(scratch.source, scratch.offset, rows, width, out);
        long time = blocks.min(block);
        for (int i = 0; i < rows; i++)
        {
            time += out[i];
            out[i] = time;
        }
        if (rows > 0 && time != blocks.max(block))
        {
            throw blocks.corrupt(block, "decoded times end at[" + time + "], block max is " + blocks.max(block));
        }
        return rows;
    }
}
