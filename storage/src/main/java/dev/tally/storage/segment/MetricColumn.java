package dev.tally.storage.segment;

import dev.tally.storage.read.MetricReader;
import dev.tally.storage.schema.ColumnSpec;
import org.roaringbitmap.PeekableIntIterator;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;

/**
 * What the metric columns of a segment share: the block table, the NULL bitmap and block statistics. Each subclass
 * supports the one read of its type; the others throw. Thread-safe.
 */
public abstract class MetricColumn implements MetricReader
{
    final ColumnSpec spec;
    final ColumnBlocks blocks;
    private final ImmutableRoaringBitmap nulls;
    private final int blockRows;
    /** The events of each row that carried the field, where the segment stores them (format version 2). */
    private LongColumn carried;

    MetricColumn(final ColumnSpec spec, final ColumnBlocks blocks, final ImmutableRoaringBitmap nulls,
        final int blockRows)
    {
        this.spec = spec;
        this.blocks = blocks;
        this.nulls = nulls;
        this.blockRows = blockRows;
    }

    @Override
    public ColumnSpec spec()
    {
        return spec;
    }

    /** Rows whose value is NULL (empty for most columns), read in place. */
    public ImmutableRoaringBitmap nulls()
    {
        return nulls;
    }

    @Override
    public boolean hasNulls()
    {
        return !nulls.isEmpty();
    }

    @Override
    public int readNulls(final int block, final boolean[] out)
    {
        final int rows = blocks.rows(block);
        java.util.Arrays.fill(out, 0, rows, false);
        if (!nulls.isEmpty())
        {
            final int first = block * blockRows;
            final PeekableIntIterator iterator = nulls.getIntIterator();
            iterator.advanceIfNeeded(first);
            while (iterator.hasNext())
            {
                final int row = iterator.peekNext() - first;
                if (row >= rows)
                {
                    break;
                }
                out[row] = true;
                iterator.next();
            }
        }
        return rows;
    }

    /**
     * Smallest non-NULL value of the block (for DOUBLE columns the raw bits of the double); LONG: {@code
     * Long.MAX_VALUE} when all NULL; DOUBLE: +infinity when all NULL, NaN when the block holds a NaN.
     */
    @Override
    public long blockMin(final int block)
    {
        return blocks.min(block);
    }

    /** Largest non-NULL value of the block, like {@link #blockMin(int)}. */
    @Override
    public long blockMax(final int block)
    {
        return blocks.max(block);
    }

    public boolean isCompressed(final int block)
    {
        return blocks.isCompressed(block);
    }

    @Override
    public int readLongs(final int block, final long[] out, final BlockScratch scratch)
    {
        throw wrongType("LONG");
    }

    @Override
    public int readDoubles(final int block, final double[] out, final BlockScratch scratch)
    {
        throw wrongType("DOUBLE");
    }

    @Override
    public int readSketches(final int block, final SketchBlock out, final BlockScratch scratch)
    {
        throw wrongType("SKETCH");
    }

    /** Attaches the carried counts while the segment opens. */
    void carried(final LongColumn column)
    {
        this.carried = column;
    }

    @Override
    public boolean hasCarried()
    {
        return carried != null;
    }

    @Override
    public int readCarried(final int block, final long[] out, final BlockScratch scratch)
    {
        if (carried == null)
        {
            return MetricReader.super.readCarried(block, out, scratch);
        }
        return carried.read(block, out, scratch);
    }

    private UnsupportedOperationException wrongType(final String type)
    {
        return new UnsupportedOperationException("metric[" + spec.name() + "] is " + spec.type() + ", not " + type);
    }
}
