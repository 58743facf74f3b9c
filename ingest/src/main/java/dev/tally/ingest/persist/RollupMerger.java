package dev.tally.ingest.persist;

import dev.tally.ingest.rollup.LiveIndex;
import dev.tally.storage.read.DictionaryBuilder;
import dev.tally.storage.read.DimensionReader;
import dev.tally.storage.read.MetricReader;
import dev.tally.storage.read.RowBuffer;
import dev.tally.storage.read.RowSource;
import dev.tally.storage.schema.MetricType;
import dev.tally.storage.schema.RowSchema;
import dev.tally.storage.schema.TableSpec;
import dev.tally.storage.schema.ValueType;
import dev.tally.storage.segment.BlockScratch;
import dev.tally.storage.segment.SketchBlock;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

import java.util.Arrays;

/**
 * Merges the rows of several sources of one table (the segments of a time chunk) into one {@link RowBuffer} with
 * perfect rollup: rows with the same time and dimension values become one row whose metrics are combined as at
 * ingest (counts and sums add, minimums and maximums keep the extreme, sketches are unioned; NULL means no event
 * carried the field and contributes nothing). Tables that keep raw rows (rollup {@code NONE}, or no {@code count}
 * metric, as {@link LiveIndex} decides) are merged without combining anything. Input is read block by block into
 * reused arrays; memory grows with distinct rows only. Single-threaded.
 */
public final class RollupMerger
{
    private static final int NO_ROW = -1;

    private final RowSchema schema;
    private final boolean rollsUp;
    private final int dimensionCount;
    private final int metricCount;
    private final MetricType[] types;
    private final int countMetric;
    /** Output dictionaries: merged rows carry their ids. */
    private final DictionaryBuilder[] dictionaries;

    // merged rows, column by column
    private int rows;
    private long inputRows;
    private long[] times = new long[1024];
    private final int[][] ids;
    private final long[][] values;
    private final boolean[][] isSet;
    /** Per metric that reads a field, the events of each merged row that carried it; {@code null} for others. */
    private final long[][] carried;
    /** Per sketch metric: the bytes of a row's only sketch so far, or its {@link Union} / KLL sketch once merged. */
    private final Object[][] sketches;
    private int[] slots = new int[2048];

    // per block scratch
    private final BlockScratch scratch = new BlockScratch();
    /** Per sketch metric its own block and scratch: a sketch block is valid only until its scratch is reused. */
    private final SketchBlock[] sketchBlocks;
    private final BlockScratch[] sketchScratches;
    private long[] blockTimes = new long[0];
    private int[][] blockIds;
    private long[][] blockValues;
    private double[] blockDoubles = new double[0];
    private boolean[][] blockNulls;
    private long[][] blockCarried;
    private final int[] keyIds;

    public RollupMerger(final TableSpec spec)
    {
        this.schema = spec.rowSchema();
        this.dimensionCount = schema.dimensions().size();
        this.metricCount = schema.metrics().size();
        this.types = new MetricType[metricCount];
        int count = NO_ROW;
        for (int m = 0; m < metricCount; m++)
        {
            types[m] = spec.metrics().get(m).type();
            if (types[m] == MetricType.COUNT && count == NO_ROW)
            {
                count = m;
            }
        }
        this.countMetric = count;
        this.rollsUp = !spec.rollup().isNone() && count != NO_ROW;
        this.dictionaries = new DictionaryBuilder[dimensionCount];
        this.ids = new int[dimensionCount][times.length];
        for (int d = 0; d < dimensionCount; d++)
        {
            dictionaries[d] = new DictionaryBuilder(schema.dimensions().get(d).type());
        }
        this.values = new long[metricCount][times.length];
        this.isSet = new boolean[metricCount][times.length];
        this.carried = new long[metricCount][];
        for (int m = 0; m < metricCount; m++)
        {
            carried[m] = rollsUp && schema.mayCarry(m) ? new long[times.length] : null;
        }
        this.sketches = new Object[metricCount][];
        this.sketchBlocks = new SketchBlock[metricCount];
        this.sketchScratches = new BlockScratch[metricCount];
        for (int m = 0; m < metricCount; m++)
        {
            if (types[m].storageType() == ValueType.SKETCH)
            {
                sketches[m] = new Object[times.length];
                sketchBlocks[m] = new SketchBlock();
                sketchScratches[m] = new BlockScratch();
            }
        }
        this.blockIds = new int[dimensionCount][0];
        this.blockValues = new long[metricCount][0];
        this.blockNulls = new boolean[metricCount][0];
        this.blockCarried = new long[metricCount][0];
        this.keyIds = new int[dimensionCount];
        Arrays.fill(slots, NO_ROW);
    }

    /** Rows read from the sources so far. */
    public long inputRows()
    {
        return inputRows;
    }

    /** Distinct rows so far. */
    public int rowCount()
    {
        return rows;
    }

    /** Events in the merged rows: the sum of the count metric, or the rows when rows are raw events. */
    public long events()
    {
        if (!rollsUp)
        {
            return rows;
        }
        long events = 0;
        for (int r = 0; r < rows; r++)
        {
            events += values[countMetric][r];
        }
        return events;
    }

    /** Reads every row of {@code source} into the merge. */
    public void add(final RowSource source)
    {
        final int[][] remaps = new int[dimensionCount][];
        for (int d = 0; d < dimensionCount; d++)
        {
            remaps[d] = remap(source.dimension(d), dictionaries[d]);
        }
        final MetricReader[] metrics = new MetricReader[metricCount];
        final boolean[] hasNulls = new boolean[metricCount];
        for (int m = 0; m < metricCount; m++)
        {
            metrics[m] = source.metric(m);
            hasNulls[m] = metrics[m].hasNulls();
        }
        ensureBlockCapacity(source.blockRows());
        for (int block = 0, blocks = source.blockCount(); block < blocks; block++)
        {
            final int n = source.time().read(block, blockTimes, scratch);
            for (int d = 0; d < dimensionCount; d++)
            {
                source.dimension(d).readIds(block, blockIds[d], scratch);
            }
            for (int m = 0; m < metricCount; m++)
            {
                readMetric(metrics[m], m, block, n, hasNulls[m]);
            }
            for (int m = 0; m < metricCount; m++)
            {
                readCarried(metrics[m], m, block, n);
            }
            for (int i = 0; i < n; i++)
            {
                for (int d = 0; d < dimensionCount; d++)
                {
                    keyIds[d] = remaps[d][blockIds[d][i]];
                }
                final int row = rollsUp ? findOrAppend(blockTimes[i]) : append(blockTimes[i]);
                for (int m = 0; m < metricCount; m++)
                {
                    if (!blockNulls[m][i])
                    {
                        combine(m, row, i);
                        if (carried[m] != null)
                        {
                            carried[m][row] += blockCarried[m][i];
                        }
                    }
                }
            }
            inputRows += n;
        }
    }

    /** The merged rows, in no particular order (the segment writer sorts them). */
    public RowBuffer toRowBuffer()
    {
        final RowBuffer out = new RowBuffer(schema);
        for (int r = 0; r < rows; r++)
        {
            out.row(times[r]);
            for (int d = 0; d < dimensionCount; d++)
            {
                final int id = ids[d][r];
                if (id == DimensionReader.NULL_ID)
                {
                    continue;
                }
                final DictionaryBuilder dictionary = dictionaries[d];
                switch (dictionary.type())
                {
                    case STRING -> out.dimension(d, dictionary.string(id));
                    case LONG -> out.dimension(d, dictionary.numeric(id));
                    default -> out.dimension(d, Double.longBitsToDouble(dictionary.numeric(id)));
                }
            }
            for (int m = 0; m < metricCount; m++)
            {
                if (!isSet[m][r])
                {
                    continue;
                }
                switch (types[m].storageType())
                {
                    case LONG -> out.metric(m, values[m][r]);
                    case DOUBLE -> out.metric(m, Double.longBitsToDouble(values[m][r]));
                    default -> out.sketch(m, sketchBytes(types[m], sketches[m][r]));
                }
                if (carried[m] != null)
                {
                    out.carried(m, carried[m][r]);
                }
            }
            out.endRow();
        }
        return out;
    }

    private static int[] remap(final DimensionReader dimension, final DictionaryBuilder out)
    {
        final int[] remap = new int[dimension.idCount()];
        for (int id = 1; id < remap.length; id++)
        {
            remap[id] = switch (out.type())
            {
                case STRING -> out.idOf(dimension.stringValue(id));
                case LONG -> out.idOf(dimension.longValue(id));
                default -> out.idOf(Double.doubleToLongBits(dimension.doubleValue(id)));
            };
        }
        return remap;
    }

    private void readMetric(final MetricReader metric, final int m, final int block, final int n,
        final boolean hasNulls)
    {
        if (hasNulls)
        {
            metric.readNulls(block, blockNulls[m]);
        }
        else
        {
            Arrays.fill(blockNulls[m], 0, n, false);
        }
        switch (types[m].storageType())
        {
            case LONG -> metric.readLongs(block, blockValues[m], scratch);
            case DOUBLE ->
            {
                metric.readDoubles(block, blockDoubles, scratch);
                final long[] bits = blockValues[m];
                for (int i = 0; i < n; i++)
                {
                    bits[i] = Double.doubleToRawLongBits(blockDoubles[i]);
                }
            }
            default -> metric.readSketches(block, sketchBlocks[m], sketchScratches[m]);
        }
    }

    /**
     * The events of each row of the block that carried metric {@code m}'s field: as the source counts them, else
     * every event of a non-NULL row (the count metric, already read).
     */
    private void readCarried(final MetricReader metric, final int m, final int block, final int n)
    {
        if (carried[m] == null)
        {
            return;
        }
        if (metric.hasCarried())
        {
            metric.readCarried(block, blockCarried[m], scratch);
            return;
        }
        final long[] events = blockValues[countMetric];
        for (int i = 0; i < n; i++)
        {
            blockCarried[m][i] = blockNulls[m][i] ? 0 : events[i];
        }
    }

    private void combine(final int m, final int row, final int i)
    {
        final long[] merged = values[m];
        final boolean isFirst = !isSet[m][row];
        isSet[m][row] = true;
        switch (types[m])
        {
            case COUNT, LONG_SUM -> merged[row] += blockValues[m][i];
            case LONG_MIN -> merged[row] = isFirst ? blockValues[m][i] : Math.min(merged[row], blockValues[m][i]);
            case LONG_MAX -> merged[row] = isFirst ? blockValues[m][i] : Math.max(merged[row], blockValues[m][i]);
            case DOUBLE_SUM -> merged[row] = Double.doubleToRawLongBits(
                Double.longBitsToDouble(merged[row]) + Double.longBitsToDouble(blockValues[m][i]));
            case DOUBLE_MIN -> merged[row] = isFirst ? blockValues[m][i] : Double.doubleToRawLongBits(Math.min(
                Double.longBitsToDouble(merged[row]), Double.longBitsToDouble(blockValues[m][i])));
            case DOUBLE_MAX -> merged[row] = isFirst ? blockValues[m][i] : Double.doubleToRawLongBits(Math.max(
                Double.longBitsToDouble(merged[row]), Double.longBitsToDouble(blockValues[m][i])));
            case HLL_SKETCH, QUANTILES_SKETCH -> combineSketch(m, row, i);
            default -> throw new IllegalStateException("metric type " + types[m]);
        }
    }

    /** A row's first sketch stays bytes; a second one turns it into a union (HLL) or a merged KLL sketch. */
    private void combineSketch(final int m, final int row, final int i)
    {
        final byte[] bytes = sketchBlocks[m].copy(i);
        final Object existing = sketches[m][row];
        if (existing == null)
        {
            sketches[m][row] = bytes;
            return;
        }
        if (types[m] == MetricType.HLL_SKETCH)
        {
            final Union union;
            if (existing instanceof Union u)
            {
                union = u;
            }
            else
            {
                union = new Union(LiveIndex.HLL_LG_K);
                union.update(HllSketch.heapify(Memory.wrap((byte[])existing)));
                sketches[m][row] = union;
            }
            union.update(HllSketch.heapify(Memory.wrap(bytes)));
        }
        else
        {
            final KllDoublesSketch sketch;
            if (existing instanceof KllDoublesSketch kll)
            {
                sketch = kll;
            }
            else
            {
                sketch = KllDoublesSketch.heapify(Memory.wrap((byte[])existing));
                sketches[m][row] = sketch;
            }
            sketch.merge(KllDoublesSketch.heapify(Memory.wrap(bytes)));
        }
    }

    private static byte[] sketchBytes(final MetricType type, final Object sketch)
    {
        if (sketch instanceof byte[] bytes)
        {
            return bytes;
        }
        if (sketch instanceof Union union)
        {
            return union.getResult(TgtHllType.HLL_4).toCompactByteArray();
        }
        return ((KllDoublesSketch)sketch).toByteArray();
    }

    private int findOrAppend(final long time)
    {
        if (rows * 2 >= slots.length)
        {
            rehash();
        }
        final int mask = slots.length - 1;
        int slot = hash(time, keyIds) & mask;
        while (true)
        {
            final int row = slots[slot];
            if (row == NO_ROW)
            {
                final int appended = append(time);
                slots[slot] = appended;
                return appended;
            }
            if (matches(row, time))
            {
                return row;
            }
            slot = (slot + 1) & mask;
        }
    }

    private boolean matches(final int row, final long time)
    {
        if (times[row] != time)
        {
            return false;
        }
        for (int d = 0; d < dimensionCount; d++)
        {
            if (ids[d][row] != keyIds[d])
            {
                return false;
            }
        }
        return true;
    }

    private int append(final long time)
    {
        if (rows == times.length)
        {
            grow();
        }
        times[rows] = time;
        for (int d = 0; d < dimensionCount; d++)
        {
            ids[d][rows] = keyIds[d];
        }
        return rows++;
    }

    private void rehash()
    {
        slots = new int[slots.length * 2];
        Arrays.fill(slots, NO_ROW);
        final int mask = slots.length - 1;
        final int[] key = new int[dimensionCount];
        for (int row = 0; row < rows; row++)
        {
            for (int d = 0; d < dimensionCount; d++)
            {
                key[d] = ids[d][row];
            }
            int slot = hash(times[row], key) & mask;
            while (slots[slot] != NO_ROW)
            {
                slot = (slot + 1) & mask;
            }
            slots[slot] = row;
        }
    }

    private static int hash(final long time, final int[] key)
    {
        long hash = time * 0x9E3779B97F4A7C15L;
        for (final int id : key)
        {
            hash = (hash ^ id) * 0x9E3779B97F4A7C15L;
        }
        return (int)(hash ^ (hash >>> 32));
    }

    private void grow()
    {
        final int capacity = times.length * 2;
        times = Arrays.copyOf(times, capacity);
        for (int d = 0; d < dimensionCount; d++)
        {
            ids[d] = Arrays.copyOf(ids[d], capacity);
        }
        for (int m = 0; m < metricCount; m++)
        {
            values[m] = Arrays.copyOf(values[m], capacity);
            isSet[m] = Arrays.copyOf(isSet[m], capacity);
            if (carried[m] != null)
            {
                carried[m] = Arrays.copyOf(carried[m], capacity);
            }
            if (sketches[m] != null)
            {
                sketches[m] = Arrays.copyOf(sketches[m], capacity);
            }
        }
    }

    private void ensureBlockCapacity(final int blockRows)
    {
        if (blockTimes.length >= blockRows)
        {
            return;
        }
        blockTimes = new long[blockRows];
        blockDoubles = new double[blockRows];
        for (int d = 0; d < dimensionCount; d++)
        {
            blockIds[d] = new int[blockRows];
        }
        for (int m = 0; m < metricCount; m++)
        {
            blockValues[m] = new long[blockRows];
            blockNulls[m] = new boolean[blockRows];
            blockCarried[m] = new long[blockRows];
        }
    }
}
