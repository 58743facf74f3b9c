package dev.tally.storage.read;

import dev.tally.storage.schema.ColumnSpec;
import dev.tally.storage.schema.RowSchema;
import dev.tally.storage.schema.ValueType;
import dev.tally.storage.segment.BlockScratch;
import dev.tally.storage.segment.SketchBlock;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Rows appended in any order, held column by column in primitive arrays with insertion-order dictionaries: what a
 * {@link dev.tally.storage.segment.SegmentWriter} sorts and writes, and, through {@link #view(int)}, a
 * {@link RowSource} the query engine reads directly (unsorted ids, no bitmaps), as it will read a live index.
 * Single-threaded: do not append while a view is being read.
 *
 * <pre>
 *   rows.row(time).dimension(0, "US").nullDimension(1).metric(0, 1L).metric(1, 2.5).endRow();
 * </pre>
 * Dimensions not set in a row are NULL; metrics not set are NULL.
 */
public final class RowBuffer
{
    private final RowSchema schema;
    private final int dimensionCount;
    private final int metricCount;
    private final DictionaryBuilder[] dictionaries;
    private long[] times = new long[1024];
    private final int[][] dimensionIds;
    private final long[][] metricValues;
    private final byte[][][] sketchValues;
    private final long[][] metricNulls;
    /** Per metric, the events of each row that carried its field; {@code null} until a row sets one. */
    private final long[][] carried;
    private int rowCount;
    private boolean inRow;

    public RowBuffer(final RowSchema schema)
    {
        this.schema = schema;
        this.dimensionCount = schema.dimensions().size();
        this.metricCount = schema.metrics().size();
        this.dictionaries = new DictionaryBuilder[dimensionCount];
        this.dimensionIds = new int[dimensionCount][times.length];
        for (int d = 0; d < dimensionCount; d++)
        {
            dictionaries[d] = new DictionaryBuilder(schema.dimensions().get(d).type());
        }
        this.metricValues = new long[metricCount][];
        this.sketchValues = new byte[metricCount][][];
        this.metricNulls = new long[metricCount][times.length / 64 + 1];
        this.carried = new long[metricCount][];
        for (int m = 0; m < metricCount; m++)
        {
            if (schema.metrics().get(m).type() == ValueType.SKETCH)
            {
                sketchValues[m] = new byte[times.length][];
            }
            else
            {
                metricValues[m] = new long[times.length];
            }
        }
    }

    public RowSchema schema()
    {
        return schema;
    }

    /** Completed rows. */
    public int rowCount()
    {
        return rowCount;
    }

    /** Starts a row at {@code time} (epoch millis); every column starts NULL. */
    public RowBuffer row(final long time)
    {
        if (inRow)
        {
            throw new IllegalStateException("row started before endRow()");
        }
        if (rowCount == times.length)
        {
            grow();
        }
        inRow = true;
        times[rowCount] = time;
        for (int d = 0; d < dimensionCount; d++)
        {
            dimensionIds[d][rowCount] = 0;
        }
        for (int m = 0; m < metricCount; m++)
        {
            metricNulls[m][rowCount >>> 6] |= 1L << rowCount;
            if (carried[m] != null)
            {
                carried[m][rowCount] = -1L;
            }
        }
        return this;
    }

    public RowBuffer dimension(final int index, final String value)
    {
        checkDimension(index, ValueType.STRING);
        dimensionIds[index][rowCount] = dictionaries[index].idOf(value);
        return this;
    }

    public RowBuffer dimension(final int index, final long value)
    {
        checkDimension(index, ValueType.LONG);
        dimensionIds[index][rowCount] = dictionaries[index].idOf(value);
        return this;
    }

    public RowBuffer dimension(final int index, final double value)
    {
        checkDimension(index, ValueType.DOUBLE);
        dimensionIds[index][rowCount] = dictionaries[index].idOf(Double.doubleToLongBits(value));
        return this;
    }

    public RowBuffer nullDimension(final int index)
    {
        checkRow();
        dimensionIds[index][rowCount] = 0;
        return this;
    }

    public RowBuffer metric(final int index, final long value)
    {
        checkMetric(index, ValueType.LONG);
        metricValues[index][rowCount] = value;
        metricNulls[index][rowCount >>> 6] &= ~(1L << rowCount);
        return this;
    }

    public RowBuffer metric(final int index, final double value)
    {
        checkMetric(index, ValueType.DOUBLE);
        metricValues[index][rowCount] = Double.doubleToRawLongBits(value);
        metricNulls[index][rowCount >>> 6] &= ~(1L << rowCount);
        return this;
    }

    public RowBuffer sketch(final int index, final byte[] value)
    {
        checkMetric(index, ValueType.SKETCH);
        sketchValues[index][rowCount] = value;
        if (value != null)
        {
            metricNulls[index][rowCount >>> 6] &= ~(1L << rowCount);
        }
        return this;
    }

    /**
     * Sets how many of the row's events carried metric {@code index}'s field, where that may differ from all of
     * them (a rolled row mixing events with and without it); rows that set none count as all their events.
     */
    public RowBuffer carried(final int index, final long events)
    {
        checkRow();
        if (carried[index] == null)
        {
            carried[index] = new long[times.length];
            Arrays.fill(carried[index], -1L);
        }
        carried[index][rowCount] = events;
        return this;
    }

    /** Whether some row set a carried count for metric {@code m}. */
    public boolean hasCarried(final int m)
    {
        return carried[m] != null;
    }

    /**
     * The events of {@code row} that carried metric {@code m}'s field: as set, else 0 when it is NULL, else all the
     * row's events (its count metric, 1 without one).
     */
    public long carried(final int m, final int row)
    {
        final long set = carried[m] == null ? -1L : carried[m][row];
        if (set >= 0)
        {
            return set;
        }
        if (isNull(m, row))
        {
            return 0;
        }
        final int count = schema.countMetricIndex();
        return count < 0 ? 1 : metricValues[count][row];
    }

    public void endRow()
    {
        checkRow();
        inRow = false;
        rowCount++;
    }

    /** Whether a row is open (started, not ended). */
    public boolean isInRow()
    {
        return inRow;
    }

    public long time(final int row)
    {
        return times[row];
    }

    /** Insertion id of dimension {@code d} in {@code row}; 0 is NULL. */
    public int dimensionId(final int d, final int row)
    {
        return dimensionIds[d][row];
    }

    public DictionaryBuilder dictionary(final int d)
    {
        return dictionaries[d];
    }

    /** A LONG metric's value, or a DOUBLE metric's raw bits; 0 when NULL. */
    public long metricBits(final int m, final int row)
    {
        return isNull(m, row) ? 0 : metricValues[m][row];
    }

    public byte[] sketch(final int m, final int row)
    {
        return sketchValues[m][row];
    }

    public boolean isNull(final int m, final int row)
    {
        return (metricNulls[m][row >>> 6] & (1L << row)) != 0;
    }

    /** A read-only view of the rows appended so far, in insertion order, in blocks of {@code blockRows}. */
    public RowSource view(final int blockRows)
    {
        return new View(rowCount, blockRows);
    }

    private void grow()
    {
        final int capacity = times.length * 2;
        times = Arrays.copyOf(times, capacity);
        for (int d = 0; d < dimensionCount; d++)
        {
            dimensionIds[d] = Arrays.copyOf(dimensionIds[d], capacity);
        }
        for (int m = 0; m < metricCount; m++)
        {
            if (metricValues[m] != null)
            {
                metricValues[m] = Arrays.copyOf(metricValues[m], capacity);
            }
            else
            {
                sketchValues[m] = Arrays.copyOf(sketchValues[m], capacity);
            }
            metricNulls[m] = Arrays.copyOf(metricNulls[m], capacity / 64 + 1);
            if (carried[m] != null)
            {
                final int old = carried[m].length;
                carried[m] = Arrays.copyOf(carried[m], capacity);
                Arrays.fill(carried[m], old, capacity, -1L);
            }
        }
    }

    private void checkRow()
    {
        if (!inRow)
        {
            throw new IllegalStateException("no row started: call row(time) first");
        }
    }

    private void checkDimension(final int index, final ValueType type)
    {
        checkRow();
        if (dictionaries[index].type() != type)
        {
            throw new IllegalArgumentException("dimension[" + schema.dimensions().get(index).name() + "] is " +
                dictionaries[index].type() + ", not " + type);
        }
    }

    private void checkMetric(final int index, final ValueType type)
    {
        checkRow();
        if (schema.metrics().get(index).type() != type)
        {
            throw new IllegalArgumentException("metric[" + schema.metrics().get(index).name() + "] is " +
                schema.metrics().get(index).type() + ", not " + type);
        }
    }

    /** Rows {@code [0, rows)} of the buffer as a {@link RowSource}; block statistics computed once. */
    private final class View implements RowSource, TimeReader
    {
        private final int rows;
        private final int blockRows;
        private final long[] timeMin;
        private final long[] timeMax;
        private long minTime = Long.MAX_VALUE;
        private long maxTime = Long.MIN_VALUE;

        View(final int rows, final int blockRows)
        {
            if (blockRows < 1)
            {
                throw new IllegalArgumentException("blockRows[" + blockRows + "] < 1");
            }
            this.rows = rows;
            this.blockRows = blockRows;
            final int blocks = blockCount();
            timeMin = new long[blocks];
            timeMax = new long[blocks];
            for (int b = 0; b < blocks; b++)
            {
                long min = Long.MAX_VALUE;
                long max = Long.MIN_VALUE;
                for (int r = b * blockRows, end = r + rowsInBlock(b); r < end; r++)
                {
                    min = Math.min(min, times[r]);
                    max = Math.max(max, times[r]);
                }
                timeMin[b] = min;
                timeMax[b] = max;
                minTime = Math.min(minTime, min);
                maxTime = Math.max(maxTime, max);
            }
        }

        @Override
        public RowSchema schema()
        {
            return schema;
        }

        @Override
        public int rowCount()
        {
            return rows;
        }

        @Override
        public int blockRows()
        {
            return blockRows;
        }

        @Override
        public long minTime()
        {
            return minTime;
        }

        @Override
        public long maxTime()
        {
            return maxTime;
        }

        @Override
        public TimeReader time()
        {
            return this;
        }

        @Override
        public long blockMin(final int block)
        {
            return timeMin[block];
        }

        @Override
        public long blockMax(final int block)
        {
            return timeMax[block];
        }

        @Override
        public int read(final int block, final long[] out, final BlockScratch scratch)
        {
            final int n = rowsInBlock(block);
            System.arraycopy(times, block * blockRows, out, 0, n);
            return n;
        }

        @Override
        public DimensionReader dimension(final int index)
        {
            return new DimensionView(this, index);
        }

        @Override
        public MetricReader metric(final int index)
        {
            return new MetricView(this, index);
        }

        @Override
        public String describe()
        {
            return "in-memory rows[" + rows + "]";
        }
    }

    private final class DimensionView implements UnindexedDimensionReader
    {
        private final View view;
        private final int index;
        private final DictionaryBuilder dictionary;
        private final int idCount;

        DimensionView(final View view, final int index)
        {
            this.view = view;
            this.index = index;
            this.dictionary = dictionaries[index];
            this.idCount = dictionary.size() + 1;
        }

        @Override
        public ColumnSpec spec()
        {
            return schema.dimensions().get(index);
        }

        @Override
        public int idCount()
        {
            return idCount;
        }

        @Override
        public String stringValue(final int id)
        {
            return id == NULL_ID ? null : dictionary.string(id);
        }

        @Override
        public long longValue(final int id)
        {
            return dictionary.numeric(id);
        }

        @Override
        public double doubleValue(final int id)
        {
            return Double.longBitsToDouble(dictionary.numeric(id));
        }

        @Override
        public int idOf(final String value)
        {
            return visible(dictionary.find(value));
        }

        @Override
        public int idOf(final long value)
        {
            return visible(dictionary.find(value));
        }

        @Override
        public int idOf(final double value)
        {
            return visible(dictionary.find(Double.doubleToLongBits(value)));
        }

        private int visible(final int id)
        {
            return id < idCount ? id : -1;
        }

        @Override
        public int readIds(final int block, final int[] out, final BlockScratch scratch)
        {
            final int n = view.rowsInBlock(block);
            System.arraycopy(dimensionIds[index], block * view.blockRows, out, 0, n);
            return n;
        }
    }

    private final class MetricView implements MetricReader
    {
        private final View view;
        private final int index;

        MetricView(final View view, final int index)
        {
            this.view = view;
            this.index = index;
        }

        @Override
        public ColumnSpec spec()
        {
            return schema.metrics().get(index);
        }

        @Override
        public boolean hasNulls()
        {
            for (int r = 0; r < view.rows; r++)
            {
                if (isNull(index, r))
                {
                    return true;
                }
            }
            return false;
        }

        @Override
        public int readNulls(final int block, final boolean[] out)
        {
            final int n = view.rowsInBlock(block);
            final int first = block * view.blockRows;
            for (int i = 0; i < n; i++)
            {
                out[i] = isNull(index, first + i);
            }
            return n;
        }

        @Override
        public long blockMin(final int block)
        {
            return spec().type() == ValueType.DOUBLE ? Double.doubleToRawLongBits(Double.NaN) : Long.MIN_VALUE;
        }

        @Override
        public long blockMax(final int block)
        {
            return spec().type() == ValueType.DOUBLE ? Double.doubleToRawLongBits(Double.NaN) : Long.MAX_VALUE;
        }

        @Override
        public int readLongs(final int block, final long[] out, final BlockScratch scratch)
        {
            checkType(ValueType.LONG);
            final int n = view.rowsInBlock(block);
            final int first = block * view.blockRows;
            for (int i = 0; i < n; i++)
            {
                out[i] = metricBits(index, first + i);
            }
            return n;
        }

        @Override
        public int readDoubles(final int block, final double[] out, final BlockScratch scratch)
        {
            checkType(ValueType.DOUBLE);
            final int n = view.rowsInBlock(block);
            final int first = block * view.blockRows;
            for (int i = 0; i < n; i++)
            {
                out[i] = Double.longBitsToDouble(metricBits(index, first + i));
            }
            return n;
        }

        @Override
        public boolean hasCarried()
        {
            return RowBuffer.this.hasCarried(index);
        }

        @Override
        public int readCarried(final int block, final long[] out, final BlockScratch scratch)
        {
            final int n = view.rowsInBlock(block);
            final int first = block * view.blockRows;
            for (int i = 0; i < n; i++)
            {
                out[i] = carried(index, first + i);
            }
            return n;
        }

        @Override
        public int readSketches(final int block, final SketchBlock out, final BlockScratch scratch)
        {
            checkType(ValueType.SKETCH);
            final int n = view.rowsInBlock(block);
            final int first = block * view.blockRows;
            int bytes = 4 * (n + 1);
            for (int i = 0; i < n; i++)
            {
                final byte[] value = sketchValues[index][first + i];
                bytes += value == null ? 0 : value.length;
            }
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[bytes]);
            int position = 4 * (n + 1);
            buffer.putInt(0, position, ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++)
            {
                final byte[] value = sketchValues[index][first + i];
                if (value != null)
                {
                    buffer.putBytes(position, value);
                    position += value.length;
                }
                buffer.putInt(4 * (i + 1), position, ByteOrder.LITTLE_ENDIAN);
            }
            out.wrap(buffer, 0, bytes, n);
            return n;
        }

        private void checkType(final ValueType type)
        {
            if (spec().type() != type)
            {
                throw new UnsupportedOperationException("metric[" + spec().name() + "] is " + spec().type() +
                    ", not " + type);
            }
        }
    }
}
