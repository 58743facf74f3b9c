package dev.tally.storage.read;

import dev.tally.storage.schema.ColumnSpec;
import dev.tally.storage.segment.BlockScratch;
import dev.tally.storage.segment.SketchBlock;

/**
 * Block-at-a-time access to one metric. Only the read matching the metric's type is supported; the others throw.
 * NULL rows (no event of the row carried the field) read as an unspecified value and are reported by
 * {@link #readNulls}.
 */
public interface MetricReader
{
    ColumnSpec spec();

    /** Whether any row is NULL. */
    boolean hasNulls();

    /** Sets {@code out[i]} to whether row {@code i} of the block is NULL; returns the row count. */
    int readNulls(int block, boolean[] out);

    /** Block minimum of a LONG metric, or the raw bits of a DOUBLE metric's minimum. */
    long blockMin(int block);

    long blockMax(int block);

    int readLongs(int block, long[] out, BlockScratch scratch);

    int readDoubles(int block, double[] out, BlockScratch scratch);

    int readSketches(int block, SketchBlock out, BlockScratch scratch);

    /**
     * Whether the source counts, per row, the events that carried the metric's field ({@link #readCarried}). Without
     * it every event of a non-NULL row carried it: true of raw rows, and of rolled rows whose events all had the field
     * or none did. A rolled row that mixes both needs the count for {@code COUNT(x)} and {@code AVG(x)}.
     */
    default boolean hasCarried()
    {
        return false;
    }

    /** Sets {@code out[i]} to the events of row {@code i} that carried the field; returns the row count. */
    default int readCarried(final int block, final long[] out, final BlockScratch scratch)
    {
        throw new UnsupportedOperationException("metric[" + spec().name() + "] has no carried counts");
    }
}
