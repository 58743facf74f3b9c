package dev.tally.query.exec;

import dev.tally.storage.read.RowSource;
import dev.tally.storage.schema.RowSchema;
import dev.tally.storage.schema.ValueType;
import dev.tally.storage.segment.BlockScratch;
import dev.tally.storage.segment.SketchBlock;

/**
 * The decoded columns of the current block of one source, loaded lazily: a column is decoded at most once per block
 * however many filters and aggregations read it. Arrays are reused across blocks, sources and queries of the same
 * worker thread ({@link #forThread()}), so a query allocates nothing per row or block. Owned by one thread.
 */
final class BlockData
{
    private static final ThreadLocal<BlockData> PER_THREAD = ThreadLocal.withInitial(BlockData::new);

    private final BlockScratch scratch = new BlockScratch();
    private RowSource source;
    private int block = -1;
    private long stamp;
    private int rows;
    private int capacity;

    private long[] time = new long[0];
    private boolean timeLoaded;
    private int[][] ids = new int[0][];
    private boolean[] idsLoaded = new boolean[0];
    private long[][] longs = new long[0][];
    private double[][] doubles = new double[0][];
    private boolean[][] nulls = new boolean[0][];
    private boolean[] valuesLoaded = new boolean[0];
    private boolean[] nullsLoaded = new boolean[0];
    private boolean[] hasNulls = new boolean[0];
    private long[][] carried = new long[0][];
    private boolean[] carriedLoaded = new boolean[0];
    private boolean[] hasCarried = new boolean[0];
    private SketchBlock[] sketches = new SketchBlock[0];
    private BlockScratch[] sketchScratch = new BlockScratch[0];
    private int[] selection = new int[0];
    private int[] identity = new int[0];
    private byte[][] truth = new byte[0][];

    private BlockData()
    {
    }

    /** An instance of its own, for a reader that interleaves with others on one thread (a streamed scan). */
    static BlockData create()
    {
        return new BlockData();
    }

    /** This worker thread's instance. */
    static BlockData forThread()
    {
        return PER_THREAD.get();
    }

    /** Binds to a source: sizes the arrays for its blocks and columns. */
    BlockData bind(final RowSource source)
    {
        this.source = source;
        this.block = -1;
        this.stamp++;
        final RowSchema schema = source.schema();
        final int dimensions = schema.dimensions().size();
        final int metrics = schema.metrics().size();
        final int blockRows = source.blockRows();
        if (blockRows > capacity || ids.length < dimensions || longs.length < metrics)
        {
            capacity = Math.max(capacity, blockRows);
            time = new long[capacity];
            ids = new int[Math.max(ids.length, dimensions)][];
            idsLoaded = new boolean[ids.length];
            final int metricSlots = Math.max(longs.length, metrics);
            longs = new long[metricSlots][];
            doubles = new double[metricSlots][];
            nulls = new boolean[metricSlots][];
            valuesLoaded = new boolean[metricSlots];
            nullsLoaded = new boolean[metricSlots];
            hasNulls = new boolean[metricSlots];
            carried = new long[metricSlots][];
            carriedLoaded = new boolean[metricSlots];
            hasCarried = new boolean[metricSlots];
            sketches = new SketchBlock[metricSlots];
            sketchScratch = new BlockScratch[metricSlots];
            selection = new int[capacity];
            for (int i = 0; i < truth.length; i++)
            {
                truth[i] = new byte[capacity];
            }
        }
        for (int m = 0; m < metrics; m++)
        {
            hasNulls[m] = source.metric(m).hasNulls();
            hasCarried[m] = source.metric(m).hasCarried();
        }
        return this;
    }

    RowSource source()
    {
        return source;
    }

    /** Moves to block {@code block}: nothing is decoded until asked for. */
    void begin(final int block)
    {
        this.block = block;
        this.stamp++;
        this.rows = source.rowsInBlock(block);
        timeLoaded = false;
        java.util.Arrays.fill(idsLoaded, false);
        java.util.Arrays.fill(valuesLoaded, false);
        java.util.Arrays.fill(nullsLoaded, false);
        java.util.Arrays.fill(carriedLoaded, false);
    }

    /** Changes with every block and binding: what a column caching per-block work compares. */
    long stamp()
    {
        return stamp;
    }

    /** Row offsets {@code 0, 1, 2...}: the selection of every row of a block. */
    int[] identity()
    {
        if (identity.length < capacity)
        {
            identity = new int[capacity];
            for (int i = 0; i < capacity; i++)
            {
                identity[i] = i;
            }
        }
        return identity;
    }

    int block()
    {
        return block;
    }

    int rows()
    {
        return rows;
    }

    /** A selection vector of row offsets within the block, owned by the caller for this block. */
    int[] selection()
    {
        return selection;
    }

    /** Truth scratch number {@code slot} (one per filter node). */
    byte[] truth(final int slot)
    {
        if (slot >= truth.length)
        {
            final byte[][] grown = java.util.Arrays.copyOf(truth, slot + 4);
            for (int i = truth.length; i < grown.length; i++)
            {
                grown[i] = new byte[capacity];
            }
            truth = grown;
        }
        return truth[slot];
    }

    long[] time()
    {
        if (!timeLoaded)
        {
            source.time().read(block, time, scratch);
            timeLoaded = true;
        }
        return time;
    }

    int[] ids(final int dimension)
    {
        if (!idsLoaded[dimension])
        {
            if (ids[dimension] == null || ids[dimension].length < capacity)
            {
                ids[dimension] = new int[capacity];
            }
            source.dimension(dimension).readIds(block, ids[dimension], scratch);
            idsLoaded[dimension] = true;
        }
        return ids[dimension];
    }

    long[] longs(final int metric)
    {
        if (!valuesLoaded[metric])
        {
            if (longs[metric] == null || longs[metric].length < capacity)
            {
                longs[metric] = new long[capacity];
            }
            source.metric(metric).readLongs(block, longs[metric], scratch);
            valuesLoaded[metric] = true;
        }
        return longs[metric];
    }

    double[] doubles(final int metric)
    {
        if (!valuesLoaded[metric])
        {
            if (doubles[metric] == null || doubles[metric].length < capacity)
            {
                doubles[metric] = new double[capacity];
            }
            source.metric(metric).readDoubles(block, doubles[metric], scratch);
            valuesLoaded[metric] = true;
        }
        return doubles[metric];
    }

    SketchBlock sketches(final int metric)
    {
        if (!valuesLoaded[metric])
        {
            if (sketches[metric] == null)
            {
                sketches[metric] = new SketchBlock();
                sketchScratch[metric] = new BlockScratch();
            }
            // a sketch block points into its scratch rather than being copied: one scratch per sketch column
            source.metric(metric).readSketches(block, sketches[metric], sketchScratch[metric]);
            valuesLoaded[metric] = true;
        }
        return sketches[metric];
    }

    /** Per-row NULL flags of a metric, or {@code null} when the metric has no NULLs in this source. */
    boolean[] nulls(final int metric)
    {
        if (!hasNulls[metric])
        {
            return null;
        }
        if (!nullsLoaded[metric])
        {
            if (nulls[metric] == null || nulls[metric].length < capacity)
            {
                nulls[metric] = new boolean[capacity];
            }
            source.metric(metric).readNulls(block, nulls[metric]);
            nullsLoaded[metric] = true;
        }
        return nulls[metric];
    }

    /**
     * Per row, the events that carried a metric's field, or {@code null} when the source does not count them (then
     * every event of a non-NULL row carried it).
     */
    long[] carried(final int metric)
    {
        if (!hasCarried[metric])
        {
            return null;
        }
        if (!carriedLoaded[metric])
        {
            if (carried[metric] == null || carried[metric].length < capacity)
            {
                carried[metric] = new long[capacity];
            }
            source.metric(metric).readCarried(block, carried[metric], scratch);
            carriedLoaded[metric] = true;
        }
        return carried[metric];
    }

    /** Reads a numeric metric as doubles regardless of its type (for comparisons and quantiles). */
    double metricAsDouble(final int metric, final ValueType type, final int row)
    {
        return type == ValueType.LONG ? longs(metric)[row] : doubles(metric)[row];
    }
}
