package dev.tally.ingest.rollup;

import dev.tally.storage.read.DimensionReader;
import dev.tally.storage.read.MetricReader;
import dev.tally.storage.read.RowSource;
import dev.tally.storage.read.TimeReader;
import dev.tally.storage.read.UnindexedDimensionReader;
import dev.tally.storage.schema.ColumnSpec;
import dev.tally.storage.schema.MetricType;
import dev.tally.storage.schema.RowSchema;
import dev.tally.storage.schema.ValueType;
import dev.tally.storage.segment.BlockScratch;
import dev.tally.storage.segment.SketchBlock;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * The rows of a {@link LiveIndex} below the row count published when the view was taken, as a {@link RowSource}:
 * one chunk per block, ids in insertion order, no bitmaps. Safe to read from any thread while the writer appends
 * (see the memory-ordering note of {@link LiveIndex}).
 */
final class LiveView implements RowSource, TimeReader
{
    private final LiveIndex index;
    private final LiveIndex.Published state;
    private final int rows;
    private final long minTime;
    private final long maxTime;

    LiveView(final LiveIndex index, final LiveIndex.Published state)
    {
        this.index = index;
        this.state = state;
        this.rows = state.rowCount;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int b = 0, blocks = blockCount(); b < blocks; b++)
        {
            min = Math.min(min, index.chunkMinTime[b]);
            max = Math.max(max, index.chunkMaxTime[b]);
        }
        this.minTime = min;
        this.maxTime = max;
    }

    @Override
    public RowSchema schema()
    {
        return index.schema();
    }

    @Override
    public int rowCount()
    {
        return rows;
    }

    @Override
    public int blockRows()
    {
        return index.blockRows();
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
        // may be wider than the view's rows (later rows of the last chunk), which only makes pruning conservative
        return index.chunkMinTime[block];
    }

    @Override
    public long blockMax(final int block)
    {
        return index.chunkMaxTime[block];
    }

    @Override
    public int read(final int block, final long[] out, final BlockScratch scratch)
    {
        final int n = rowsInBlock(block);
        System.arraycopy(index.times[block], 0, out, 0, n);
        return n;
    }

    @Override
    public DimensionReader dimension(final int d)
    {
        return new Dimension(d);
    }

    @Override
    public MetricReader metric(final int m)
    {
        return new Metric(m);
    }

    @Override
    public String describe()
    {
        return "live index[" + index.name() + "] rows[" + rows + "]";
    }

    private final class Dimension implements UnindexedDimensionReader
    {
        private final int d;
        private final ColumnSpec spec;
        private final int idCount;
        private final String[] strings;
        private final long[] numerics;

        Dimension(final int d)
        {
            this.d = d;
            this.spec = index.schema().dimensions().get(d);
            this.idCount = state.idCounts[d];
            this.strings = state.strings[d];
            this.numerics = state.numerics[d];
        }

        @Override
        public ColumnSpec spec()
        {
            return spec;
        }

        @Override
        public int idCount()
        {
            return idCount;
        }

        @Override
        public String stringValue(final int id)
        {
            return id == NULL_ID ? null : strings[id];
        }

        @Override
        public long longValue(final int id)
        {
            return numerics[id];
        }

        @Override
        public double doubleValue(final int id)
        {
            return Double.longBitsToDouble(numerics[id]);
        }

        /** A linear scan: filters look a literal up once per query and source, dictionaries are small. */
        @Override
        public int idOf(final String value)
        {
            if (value == null)
            {
                return NULL_ID;
            }
            for (int id = 1; id < idCount; id++)
            {
                if (value.equals(strings[id]))
                {
                    return id;
                }
            }
            return -1;
        }

        @Override
        public int idOf(final long value)
        {
            for (int id = 1; id < idCount; id++)
            {
                if (numerics[id] == value)
                {
                    return id;
                }
            }
            return -1;
        }

        @Override
        public int idOf(final double value)
        {
            return idOf(Double.doubleToLongBits(value));
        }

        @Override
        public int readIds(final int block, final int[] out, final BlockScratch scratch)
        {
            final int n = rowsInBlock(block);
            System.arraycopy(index.dimensionIds[d][block], 0, out, 0, n);
            return n;
        }
    }

    private final class Metric implements MetricReader
    {
        private final int m;
        private final ColumnSpec spec;
        private final boolean hasInput;

        Metric(final int m)
        {
            this.m = m;
            this.spec = index.schema().metrics().get(m);
            this.hasInput = index.hasInput(m);
        }

        @Override
        public ColumnSpec spec()
        {
            return spec;
        }

        @Override
        public boolean hasNulls()
        {
            if (!hasInput)
            {
                return false;
            }
            for (int b = 0, blocks = blockCount(); b < blocks; b++)
            {
                final long[] carried = index.carried[m][b];
                for (int i = 0, n = rowsInBlock(b); i < n; i++)
                {
                    if (carried[i] == 0)
                    {
                        return true;
                    }
                }
            }
            return false;
        }

        @Override
        public int readNulls(final int block, final boolean[] out)
        {
            final int n = rowsInBlock(block);
            if (!hasInput)
            {
                for (int i = 0; i < n; i++)
                {
                    out[i] = false;
                }
                return n;
            }
            final long[] carried = index.carried[m][block];
            for (int i = 0; i < n; i++)
            {
                out[i] = carried[i] == 0;
            }
            return n;
        }

        /** The index counts the events of each row that carried a field; rolled rows may mix them. */
        @Override
        public boolean hasCarried()
        {
            return hasInput && spec.type() != ValueType.SKETCH;
        }

        @Override
        public int readCarried(final int block, final long[] out, final BlockScratch scratch)
        {
            if (!hasCarried())
            {
                return MetricReader.super.readCarried(block, out, scratch);
            }
            final int n = rowsInBlock(block);
            System.arraycopy(index.carried[m][block], 0, out, 0, n);
            return n;
        }

        @Override
        public long blockMin(final int block)
        {
            return spec.type() == ValueType.DOUBLE ? Double.doubleToRawLongBits(Double.NaN) : Long.MIN_VALUE;
        }

        @Override
        public long blockMax(final int block)
        {
            return spec.type() == ValueType.DOUBLE ? Double.doubleToRawLongBits(Double.NaN) : Long.MAX_VALUE;
        }

        @Override
        public int readLongs(final int block, final long[] out, final BlockScratch scratch)
        {
            checkType(ValueType.LONG);
            final int n = rowsInBlock(block);
            System.arraycopy(index.metricValues[m][block], 0, out, 0, n);
            return n;
        }

        @Override
        public int readDoubles(final int block, final double[] out, final BlockScratch scratch)
        {
            checkType(ValueType.DOUBLE);
            final int n = rowsInBlock(block);
            final long[] values = index.metricValues[m][block];
            for (int i = 0; i < n; i++)
            {
                out[i] = Double.longBitsToDouble(values[i]);
            }
            return n;
        }

        @Override
        public int readSketches(final int block, final SketchBlock out, final BlockScratch scratch)
        {
            checkType(ValueType.SKETCH);
            final int n = rowsInBlock(block);
            final Object[] chunk = index.sketches[m][block];
            final int[][] coupons = index.hllCoupons[m];
            final byte[][] values = new byte[n][];
            int bytes = 4 * (n + 1);
            for (int i = 0; i < n; i++)
            {
                values[i] = LiveIndex.serializeSketch(chunk, coupons, block, i);
                bytes += values[i] == null ? 0 : values[i].length;
            }
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[bytes]);
            int position = 4 * (n + 1);
            buffer.putInt(0, position, ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++)
            {
                if (values[i] != null)
                {
                    buffer.putBytes(position, values[i]);
                    position += values[i].length;
                }
                buffer.putInt(4 * (i + 1), position, ByteOrder.LITTLE_ENDIAN);
            }
            out.wrap(buffer, 0, bytes, n);
            return n;
        }

        private void checkType(final ValueType type)
        {
            if (spec.type() != type)
            {
                throw new UnsupportedOperationException("metric[" + spec.name() + "] of " +
                    (index.metricType(m) == MetricType.COUNT ? "count" : spec.type()) + " is not " + type);
            }
        }
    }
}
