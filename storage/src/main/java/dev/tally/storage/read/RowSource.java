package dev.tally.storage.read;

import dev.tally.storage.schema.RowSchema;

/**
 * What the query engine reads: a fixed set of rows seen block by block, either a mapped segment or a snapshot of an
 * in-memory (live or frozen) rollup index. A view never changes while a query uses it: a live index hands out a view
 * bounded by the row count visible when the query started. Dictionary ids are local to one source; results are
 * merged across sources on values.
 */
public interface RowSource
{
    RowSchema schema();

    /** Rows in this view. */
    int rowCount();

    /** Rows per block; every block but the last is full. */
    int blockRows();

    default int blockCount()
    {
        return (int)((rowCount() + (long)blockRows() - 1) / blockRows());
    }

    default int rowsInBlock(final int block)
    {
        return Math.min(blockRows(), rowCount() - block * blockRows());
    }

    /** Smallest {@code __time} of the rows (any value when empty). */
    long minTime();

    /** Largest {@code __time} of the rows (any value when empty). */
    long maxTime();

    TimeReader time();

    DimensionReader dimension(int index);

    MetricReader metric(int index);

    /** A short description for errors and EXPLAIN (file name, or "live index of table t"). */
    String describe();
}
