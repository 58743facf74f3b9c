package dev.tally.ingest.rollup;

import dev.tally.ingest.record.EventRecord;
import dev.tally.ingest.record.EventRecordReader;
import dev.tally.storage.read.RowBuffer;
import dev.tally.storage.read.RowSource;
import dev.tally.storage.schema.ColumnSpec;
import dev.tally.storage.schema.Granularity;
import dev.tally.storage.schema.MetricSpec;
import dev.tally.storage.schema.MetricType;
import dev.tally.storage.schema.RowSchema;
import dev.tally.storage.schema.TableSpec;
import dev.tally.storage.schema.ValueType;
import org.agrona.DirectBuffer;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.kll.KllDoublesSketch;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * The in-memory rollup index of one table: rows keyed by (rollup bucket, dimension ids), found through a primitive
 * open-addressing hash, stored column by column in chunks of {@link #blockRows()} rows (one chunk is one block of
 * the {@link RowSource} views), with metrics combined per {@link MetricType} as events arrive. With rollup
 * {@code NONE}, or without a {@code count} metric (rolled rows could not say how many events they hold), every event
 * is its own row.
 * <p>
 * <b>Threads.</b> One writer thread (the table's {@link RollupWriter}) calls {@link #apply}, {@link #publish} and the
 * persist accessors; any number of query threads call {@link #view()} concurrently.
 * <p>
 * <b>Memory ordering.</b> The chunk directories are preallocated for {@link #maxRows()} rows and never replaced; a
 * chunk is allocated and stored in its directory slot before any row in it is published. The writer appends rows,
 * then {@link #publish()} builds an immutable {@link Published} (row count, per-dimension id counts and the
 * dictionaries' value arrays) and stores it in a {@code volatile} field: a release. A reader's {@link #view()} loads
 * that field (an acquire) and so sees every chunk reference, time, dimension id and dictionary value written before
 * the publish; rows at or above the published count and ids at or above the published id counts are never read.
 * Times and dimension ids of a row never change after it is appended. Metric values of published rows do change
 * when later events roll into them: each value is one aligned 64-bit array element written whole (atomic on the
 * 64-bit JVMs Tally runs on), so a reader sees either the old or the new value, never a torn one; a query running
 * while a batch is applied may therefore see part of that batch's events, but always all events published before it
 * began. Sketch metrics are mutable objects: the writer updates and readers serialize them under the sketch's
 * monitor, and a sketch is created and first updated under its monitor before its reference is stored. An HLL
 * metric's row that has seen one distinct value has no sketch yet, only that value's coupon (an int element, set
 * once from 0 and never changed after); a reader reads the sketch reference first and falls back to the coupon, so
 * it sees either state, never a half-built one.
 * <p>
 * AVG note: the index counts, per metric and row, the events that carried the field ({@link #carried}); NULL is
 * "no event carried it". The storage read interface exposes only NULL-ness, so the query engine divides by the
 * events of rows with a non-NULL value, which differs when a row mixes events with and without the field.
 */
public final class LiveIndex
{
    public static final int BLOCK_ROWS_DEFAULT = 8192;
    public static final int HLL_LG_K = 12;
    public static final int KLL_K = 200;

    private static final long NO_POSITION = Long.MIN_VALUE;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    /** What a view reads: immutable, published by one volatile write. */
    static final class Published
    {
        final int rowCount;
        final int[] idCounts;
        final String[][] strings;
        final long[][] numerics;

        Published(final int rowCount, final int[] idCounts, final String[][] strings, final long[][] numerics)
        {
            this.rowCount = rowCount;
            this.idCounts = idCounts;
            this.strings = strings;
            this.numerics = numerics;
        }
    }

    private final TableSpec spec;
    private final RowSchema schema;
    private final Granularity rollup;
    private final boolean rollsUp;
    private final int blockRows;
    private final int shift;
    private final int mask;
    private final int maxRows;
    private final int dimensionCount;
    private final int metricCount;
    private final LiveDictionary[] dictionaries;
    private final MetricType[] metricTypes;
    /** Record value index of each metric's input, or -1 for count. */
    private final int[] metricInputs;

    // chunked columns: [column][chunk][row in chunk]
    final long[][] times;
    final int[][][] dimensionIds;
    final long[][][] metricValues;
    final long[][][] carried;
    final Object[][][] sketches;
    /** Per HLL metric (null for others): the coupon of the row's first value while it has no sketch, else stale. */
    final int[][][] hllCoupons;
    final long[] chunkMinTime;
    final long[] chunkMaxTime;

    /** Row hash: an entry is 0 (free) or the row + 1 in its low bits and a tag of the key's hash in the rest. */
    private final int[] hashSlots;
    /** Entry bits holding the tag: those above the bits of {@code maxRows}. */
    private final int tagMask;
    private final int[] keyIds;
    // writer-only scratch of applyBatch: per record its offset, and (events) its time, key hash and dimension ids
    private int[] batchOffsets = new int[0];
    private long[] batchTimes = new long[0];
    private long[] batchHashes = new long[0];
    private int[] batchIds = new int[0];
    /** Sum of the slots applyBatch touched ahead, kept so the JIT cannot drop those loads. */
    private int prefetched;
    private byte[] sketchBytes = new byte[256];
    private ByteBuffer sketchInput = ByteBuffer.wrap(sketchBytes);

    private int rowCount;
    private long eventCount;
    private long[] positions = new long[0];
    private final long createdNanos = System.nanoTime();
    private volatile Published published;
    private final String name;

    /**
     * @param blockRows rows per chunk and per view block, a power of two.
     * @param maxRows   rows this index holds at most ({@link #hasRoom()} turns false there); memory for the hash and
     *                  the chunk directories is sized by it up front.
     */
    public LiveIndex(final TableSpec spec, final int blockRows, final int maxRows, final String name)
    {
        if (Integer.bitCount(blockRows) != 1 || maxRows < 1)
        {
            throw new IllegalArgumentException("blockRows[" + blockRows + "] must be a power of two and maxRows[" +
                maxRows + "] positive");
        }
        this.spec = spec;
        this.schema = spec.rowSchema();
        this.rollup = spec.rollup();
        this.name = name;
        boolean hasCount = false;
        for (final MetricSpec metric : spec.metrics())
        {
            hasCount |= metric.type() == MetricType.COUNT;
        }
        this.rollsUp = !rollup.isNone() && hasCount;
        this.blockRows = blockRows;
        this.shift = Integer.numberOfTrailingZeros(blockRows);
        this.mask = blockRows - 1;
        this.maxRows = maxRows;
        final int chunks = (maxRows + blockRows - 1) / blockRows;
        this.dimensionCount = schema.dimensions().size();
        this.metricCount = schema.metrics().size();
        this.dictionaries = new LiveDictionary[dimensionCount];
        for (int d = 0; d < dimensionCount; d++)
        {
            dictionaries[d] = new LiveDictionary(schema.dimensions().get(d).type());
        }
        this.metricTypes = new MetricType[metricCount];
        this.metricInputs = new int[metricCount];
        int input = dimensionCount;
        for (int m = 0; m < metricCount; m++)
        {
            metricTypes[m] = spec.metrics().get(m).type();
            metricInputs[m] = metricTypes[m].needsField() ? input++ : -1;
        }
        times = new long[chunks][];
        dimensionIds = new int[dimensionCount][chunks][];
        metricValues = new long[metricCount][][];
        carried = new long[metricCount][][];
        sketches = new Object[metricCount][][];
        hllCoupons = new int[metricCount][][];
        for (int m = 0; m < metricCount; m++)
        {
            if (metricTypes[m].storageType() == ValueType.SKETCH)
            {
                sketches[m] = new Object[chunks][];
                if (metricTypes[m] == MetricType.HLL_SKETCH)
                {
                    hllCoupons[m] = new int[chunks][];
                }
            }
            else
            {
                metricValues[m] = new long[chunks][];
            }
            if (metricInputs[m] >= 0)
            {
                carried[m] = new long[chunks][];
            }
        }
        chunkMinTime = new long[chunks];
        chunkMaxTime = new long[chunks];
        hashSlots = rollsUp ? new int[Integer.highestOneBit(Math.max(2, maxRows) * 2 - 1) * 2] : null;
        tagMask = -1 << (Integer.SIZE - Integer.numberOfLeadingZeros(maxRows));
        keyIds = new int[dimensionCount];
        published = publication();
    }

    public TableSpec spec()
    {
        return spec;
    }

    public RowSchema schema()
    {
        return schema;
    }

    public int blockRows()
    {
        return blockRows;
    }

    public int maxRows()
    {
        return maxRows;
    }

    /** Whether rows are rolled up (false: one row per event). */
    public boolean isRollingUp()
    {
        return rollsUp;
    }

    /** Whether one more event surely fits. Writer only. */
    public boolean hasRoom()
    {
        return rowCount < maxRows;
    }

    /** Rows appended (published or not). Writer, or anyone once the index is frozen. */
    public int rowCount()
    {
        return rowCount;
    }

    /** Events applied. Writer, or anyone once frozen. */
    public long eventCount()
    {
        return eventCount;
    }

    /** Nanos since this index was created ({@link System#nanoTime()} based), for the age limit. */
    public long ageNanos(final long nowNanos)
    {
        return nowNanos - createdNanos;
    }

    /** Rows a query sees now. */
    public int visibleRowCount()
    {
        return published.rowCount;
    }

    /**
     * Advances the record's partition position without applying its event: a re-stream re-read it, and it is
     * already stored. Writer only.
     */
    public void applyPositionOnly(final EventRecordReader record)
    {
        trackPosition(record.partition(), record.position());
    }

    /**
     * Applies one record: an event (rolled into its row, appending one if new) or a skipped record (only the
     * position advances). The caller checks {@link #hasRoom()} first. Writer only.
     */
    public void apply(final EventRecordReader record)
    {
        trackPosition(record.partition(), record.position());
        if (record.isSkipped())
        {
            return;
        }
        eventCount++;
        final long time = rollsUp ? rollup.bucketStart(record.timestamp()) : record.timestamp();
        for (int d = 0; d < dimensionCount; d++)
        {
            keyIds[d] = dimensionId(record, d);
        }
        final int row = rollsUp ? findOrAppend(time, keyHash(time, keyIds, 0), keyIds, 0) : append(time, keyIds, 0);
        combine(record, row);
    }

    /**
     * Whether {@link #applyBatch} can take a batch of {@code records} records: rows roll up, and even if every one
     * is a new row they fit (a batch never has to be split over two indexes, whose dictionaries differ). Writer only.
     */
    public boolean fitsBatch(final int records)
    {
        return rollsUp && records <= maxRows - rowCount;
    }

    /**
     * Applies the {@code records} records starting at {@code offset} of {@code buffer}, exactly as {@link #apply}
     * of each in turn would (same dictionary ids, rows, metric values and positions), but in three passes so the
     * row-hash cache misses overlap instead of following one another: first every record's dimension ids (in
     * record order, so ids are given as before) and key hash, then one load of each record's hash slot (independent
     * loads the CPU runs in parallel), then the probes, appends and metric updates in record order, now mostly
     * cache hits. The caller checks {@link #fitsBatch} first. Writer only.
     *
     * @return events applied (records that are not skipped).
     */
    public int applyBatch(final EventRecordReader record, final DirectBuffer buffer, final int offset,
        final int records)
    {
        ensureBatchCapacity(records);
        final int[] offsets = batchOffsets;
        final long[] times = batchTimes;
        final long[] hashes = batchHashes;
        final int[] ids = batchIds;
        int at = offset;
        for (int i = 0; i < records; i++)
        {
            offsets[i] = at;
            final int length = record.wrap(buffer, at);
            if (!record.isSkipped())
            {
                final long time = rollup.bucketStart(record.timestamp());
                final int base = i * dimensionCount;
                for (int d = 0; d < dimensionCount; d++)
                {
                    ids[base + d] = dimensionId(record, d);
                }
                times[i] = time;
                hashes[i] = keyHash(time, ids, base);
            }
            else
            {
                hashes[i] = 0;
            }
            at += length;
        }
        final int[] slots = hashSlots;
        final int slotMask = slots.length - 1;
        int touched = 0;
        for (int i = 0; i < records; i++)
        {
            touched += slots[slotOf(hashes[i]) & slotMask];
        }
        prefetched += touched;
        int events = 0;
        for (int i = 0; i < records; i++)
        {
            record.wrap(buffer, offsets[i]);
            trackPosition(record.partition(), record.position());
            if (record.isSkipped())
            {
                continue;
            }
            eventCount++;
            events++;
            combine(record, findOrAppend(times[i], hashes[i], ids, i * dimensionCount));
        }
        return events;
    }

    /** Makes every row appended so far visible to {@link #view()} (a release). Writer only. */
    public void publish()
    {
        final Published current = published;
        if (current.rowCount != rowCount || dictionariesGrew(current))
        {
            published = publication();
        }
    }

    /** A consistent read-only view of the rows published so far. Any thread. */
    public RowSource view()
    {
        return new LiveView(this, published);
    }

    /** Source partitions this index has positions for. Writer, or anyone once frozen. */
    public int partitionLimit()
    {
        return positions.length;
    }

    /** Position of the last record of {@code partition} applied, or {@link Long#MIN_VALUE} when none. */
    public long position(final int partition)
    {
        return partition < positions.length ? positions[partition] : NO_POSITION;
    }

    /**
     * Copies rows into {@code out} (for persisting a frozen index): times, dimension values, metric values (NULL
     * where no event carried the field), sketches serialized. Not for a live index.
     */
    public void copyRows(final int[] rows, final int count, final RowBuffer out)
    {
        final Published state = published;
        for (int i = 0; i < count; i++)
        {
            final int row = rows[i];
            final int chunk = row >>> shift;
            final int at = row & mask;
            out.row(times[chunk][at]);
            for (int d = 0; d < dimensionCount; d++)
            {
                final int id = dimensionIds[d][chunk][at];
                if (id == 0)
                {
                    out.nullDimension(d);
                    continue;
                }
                switch (dictionaries[d].type())
                {
                    case STRING -> out.dimension(d, state.strings[d][id]);
                    case LONG -> out.dimension(d, state.numerics[d][id]);
                    default -> out.dimension(d, Double.longBitsToDouble(state.numerics[d][id]));
                }
            }
            for (int m = 0; m < metricCount; m++)
            {
                if (metricInputs[m] >= 0 && carried[m][chunk][at] == 0)
                {
                    continue;
                }
                final ColumnSpec column = schema.metrics().get(m);
                switch (column.type())
                {
                    case LONG -> out.metric(m, metricValues[m][chunk][at]);
                    case DOUBLE -> out.metric(m, Double.longBitsToDouble(metricValues[m][chunk][at]));
                    default -> out.sketch(m, serializeSketch(sketches[m][chunk], hllCoupons[m], chunk, at));
                }
                if (metricInputs[m] >= 0 && column.type() != ValueType.SKETCH)
                {
                    out.carried(m, carried[m][chunk][at]);
                }
            }
            out.endRow();
        }
    }

    /** Time (rollup bucket start, or event time) of a row. */
    public long time(final int row)
    {
        return times[row >>> shift][row & mask];
    }

    /** Events in a row: its count metric, or 1 when rows are not rolled up. */
    public long events(final int row)
    {
        if (!rollsUp)
        {
            return 1;
        }
        for (int m = 0; m < metricCount; m++)
        {
            if (metricTypes[m] == MetricType.COUNT)
            {
                return metricValues[m][row >>> shift][row & mask];
            }
        }
        return 1;
    }

    /** Events of a row that carried metric {@code m}'s field (all events for count). */
    public long carried(final int m, final int row)
    {
        return metricInputs[m] < 0 ? events(row) : carried[m][row >>> shift][row & mask];
    }

    /**
     * The serialized sketch of a row: its sketch object if it has one, else (HLL) the image of its single coupon,
     * else null. Any thread: the sketch reference is read before the coupon, and the writer sets the coupon before
     * it stores a sketch and never changes it after, so every outcome is a state the row really had.
     */
    static byte[] serializeSketch(final Object[] chunk, final int[][] coupons, final int chunkIndex, final int at)
    {
        final Object sketch = chunk[at];
        if (sketch == null)
        {
            final int coupon = coupons == null ? 0 : coupons[chunkIndex][at];
            return coupon == 0 ? null : HllCoupon.compactImage(coupon);
        }
        synchronized (sketch)
        {
            return sketch instanceof HllSketch hll ? hll.toCompactByteArray() :
                ((KllDoublesSketch)sketch).toByteArray();
        }
    }

    LiveDictionary dictionary(final int d)
    {
        return dictionaries[d];
    }

    MetricType metricType(final int m)
    {
        return metricTypes[m];
    }

    boolean hasInput(final int m)
    {
        return metricInputs[m] >= 0;
    }

    int shift()
    {
        return shift;
    }

    String name()
    {
        return name;
    }

    private int dimensionId(final EventRecordReader record, final int d)
    {
        final byte tag = record.tag(d);
        if (tag == EventRecord.TAG_NULL)
        {
            return 0;
        }
        final LiveDictionary dictionary = dictionaries[d];
        if (tag == EventRecord.TAG_STRING)
        {
            return dictionary.idOf(record.buffer(), record.stringOffset(d), record.stringLength(d));
        }
        // the parser converts numeric dimensions to the column's type; canonical NaN keeps ids unique
        return dictionary.idOf(dictionary.type() == ValueType.DOUBLE ?
            Double.doubleToLongBits(record.doubleValue(d)) : record.longValue(d));
    }

    private long keyHash(final long time, final int[] ids, final int base)
    {
        long hash = time * GOLDEN;
        for (int d = 0; d < dimensionCount; d++)
        {
            hash = (hash ^ ids[base + d]) * GOLDEN;
        }
        return hash;
    }

    private static int slotOf(final long hash)
    {
        return (int)(hash ^ (hash >>> 32));
    }

    /**
     * The row of key (time, {@code ids[base, base + dimensionCount)}), appended if new. A slot whose tag differs
     * from the key's is passed without reading the row's columns (different cache lines each).
     */
    private int findOrAppend(final long time, final long hash, final int[] ids, final int base)
    {
        final int[] slots = hashSlots;
        final int slotMask = slots.length - 1;
        final int tag = (int)(hash >>> 32) & tagMask;
        int slot = slotOf(hash) & slotMask;
        while (true)
        {
            final int entry = slots[slot];
            if (entry == 0)
            {
                final int row = append(time, ids, base);
                slots[slot] = tag | (row + 1);
                return row;
            }
            if ((entry & tagMask) == tag)
            {
                final int row = (entry & ~tagMask) - 1;
                if (matches(row, time, ids, base))
                {
                    return row;
                }
            }
            slot = (slot + 1) & slotMask;
        }
    }

    private boolean matches(final int row, final long time, final int[] ids, final int base)
    {
        final int chunk = row >>> shift;
        final int at = row & mask;
        if (times[chunk][at] != time)
        {
            return false;
        }
        for (int d = 0; d < dimensionCount; d++)
        {
            if (dimensionIds[d][chunk][at] != ids[base + d])
            {
                return false;
            }
        }
        return true;
    }

    private void ensureBatchCapacity(final int records)
    {
        if (batchOffsets.length < records)
        {
            final int capacity = Math.max(records, batchOffsets.length * 2);
            batchOffsets = new int[capacity];
            batchTimes = new long[capacity];
            batchHashes = new long[capacity];
            batchIds = new int[capacity * dimensionCount];
        }
    }

    private int append(final long time, final int[] ids, final int base)
    {
        final int row = rowCount;
        final int chunk = row >>> shift;
        final int at = row & mask;
        if (at == 0)
        {
            allocateChunk(chunk);
            chunkMinTime[chunk] = time;
            chunkMaxTime[chunk] = time;
        }
        else
        {
            chunkMinTime[chunk] = Math.min(chunkMinTime[chunk], time);
            chunkMaxTime[chunk] = Math.max(chunkMaxTime[chunk], time);
        }
        times[chunk][at] = time;
        for (int d = 0; d < dimensionCount; d++)
        {
            dimensionIds[d][chunk][at] = ids[base + d];
        }
        rowCount = row + 1;
        return row;
    }

    private void allocateChunk(final int chunk)
    {
        // every array of the chunk exists before its slot is written, and the slots before any publish
        for (int d = 0; d < dimensionCount; d++)
        {
            dimensionIds[d][chunk] = new int[blockRows];
        }
        for (int m = 0; m < metricCount; m++)
        {
            if (sketches[m] != null)
            {
                sketches[m][chunk] = new Object[blockRows];
                if (hllCoupons[m] != null)
                {
                    hllCoupons[m][chunk] = new int[blockRows];
                }
            }
            else
            {
                metricValues[m][chunk] = new long[blockRows];
            }
            if (carried[m] != null)
            {
                carried[m][chunk] = new long[blockRows];
            }
        }
        times[chunk] = new long[blockRows];
    }

    private void combine(final EventRecordReader record, final int row)
    {
        final int chunk = row >>> shift;
        final int at = row & mask;
        for (int m = 0; m < metricCount; m++)
        {
            final MetricType type = metricTypes[m];
            final int input = metricInputs[m];
            if (input < 0)
            {
                metricValues[m][chunk][at]++;
                continue;
            }
            final byte tag = record.tag(input);
            if (tag == EventRecord.TAG_NULL)
            {
                continue;
            }
            final long[] carriedChunk = carried[m][chunk];
            final boolean isFirst = carriedChunk[at] == 0;
            switch (type)
            {
                case LONG_SUM -> metricValues[m][chunk][at] += record.longValue(input);
                case LONG_MIN ->
                {
                    final long value = record.longValue(input);
                    final long[] values = metricValues[m][chunk];
                    values[at] = isFirst ? value : Math.min(values[at], value);
                }
                case LONG_MAX ->
                {
                    final long value = record.longValue(input);
                    final long[] values = metricValues[m][chunk];
                    values[at] = isFirst ? value : Math.max(values[at], value);
                }
                case DOUBLE_SUM ->
                {
                    final long[] values = metricValues[m][chunk];
                    values[at] = Double.doubleToRawLongBits(
                        Double.longBitsToDouble(values[at]) + record.doubleValue(input));
                }
                case DOUBLE_MIN ->
                {
                    final double value = record.doubleValue(input);
                    final long[] values = metricValues[m][chunk];
                    values[at] = Double.doubleToRawLongBits(
                        isFirst ? value : Math.min(Double.longBitsToDouble(values[at]), value));
                }
                case DOUBLE_MAX ->
                {
                    final double value = record.doubleValue(input);
                    final long[] values = metricValues[m][chunk];
                    values[at] = Double.doubleToRawLongBits(
                        isFirst ? value : Math.max(Double.longBitsToDouble(values[at]), value));
                }
                case HLL_SKETCH -> updateHll(record, input, sketches[m][chunk], hllCoupons[m][chunk], at);
                case QUANTILES_SKETCH -> updateQuantiles(record, input, sketches[m][chunk], at);
                default -> throw new IllegalStateException("metric type " + type);
            }
            carriedChunk[at]++;
        }
    }

    /**
     * While a row has seen one distinct value it keeps only that value's coupon; the sketch is built (fully, under
     * its monitor) when a second distinct value arrives, and only then is its reference stored. An empty string is
     * no update for the library, but a row whose first value is one still gets its (empty) sketch, as before.
     */
    private void updateHll(final EventRecordReader record, final int input, final Object[] chunk,
        final int[] coupons, final int at)
    {
        final Object existing = chunk[at];
        if (existing != null)
        {
            synchronized (existing)
            {
                updateSketch((HllSketch)existing, record, input);
            }
            return;
        }
        final int coupon = coupon(record, input);
        final int first = coupons[at];
        final HllSketch sketch;
        if (coupon == 0)
        {
            if (first != 0)
            {
                return;
            }
            sketch = new HllSketch(HLL_LG_K);
        }
        else if (first == 0)
        {
            coupons[at] = coupon;
            return;
        }
        else if (coupon == first)
        {
            return;
        }
        else
        {
            sketch = HllCoupon.sketchOf(first);
        }
        synchronized (sketch)
        {
            updateSketch(sketch, record, input);
        }
        chunk[at] = sketch;
    }

    /** The coupon {@link HllSketch#update} would add for the field, or 0 for an empty string (no update). */
    private static int coupon(final EventRecordReader record, final int input)
    {
        final byte tag = record.tag(input);
        if (tag == EventRecord.TAG_STRING)
        {
            final int length = record.stringLength(input);
            return length == 0 ? 0 : HllCoupon.of(record.buffer(), record.stringOffset(input), length);
        }
        if (tag == EventRecord.TAG_LONG)
        {
            return HllCoupon.of(record.longValue(input));
        }
        return HllCoupon.of(record.doubleValue(input));
    }

    private void updateSketch(final HllSketch sketch, final EventRecordReader record, final int input)
    {
        final byte tag = record.tag(input);
        if (tag == EventRecord.TAG_STRING)
        {
            // same hash as HllSketch.update(String): the UTF-8 bytes
            final int length = record.stringLength(input);
            if (length > sketchBytes.length)
            {
                sketchBytes = new byte[Math.max(length, sketchBytes.length * 2)];
                sketchInput = ByteBuffer.wrap(sketchBytes);
            }
            record.buffer().getBytes(record.stringOffset(input), sketchBytes, 0, length);
            sketchInput.clear().limit(length);
            sketch.update(sketchInput);
        }
        else if (tag == EventRecord.TAG_LONG)
        {
            sketch.update(record.longValue(input));
        }
        else
        {
            sketch.update(record.doubleValue(input));
        }
    }

    private void updateQuantiles(final EventRecordReader record, final int input, final Object[] chunk, final int at)
    {
        KllDoublesSketch sketch = (KllDoublesSketch)chunk[at];
        final boolean isNew = sketch == null;
        if (isNew)
        {
            sketch = KllDoublesSketch.newHeapInstance(KLL_K);
        }
        synchronized (sketch)
        {
            sketch.update(record.doubleValue(input));
        }
        if (isNew)
        {
            chunk[at] = sketch;
        }
    }

    private void trackPosition(final int partition, final long position)
    {
        if (partition >= positions.length)
        {
            final int old = positions.length;
            positions = Arrays.copyOf(positions, partition + 1);
            Arrays.fill(positions, old, positions.length, NO_POSITION);
        }
        if (position > positions[partition])
        {
            positions[partition] = position;
        }
    }

    private boolean dictionariesGrew(final Published current)
    {
        for (int d = 0; d < dimensionCount; d++)
        {
            if (current.idCounts[d] != dictionaries[d].size() + 1)
            {
                return true;
            }
        }
        return false;
    }

    private Published publication()
    {
        final int[] idCounts = new int[dimensionCount];
        final String[][] strings = new String[dimensionCount][];
        final long[][] numerics = new long[dimensionCount][];
        for (int d = 0; d < dimensionCount; d++)
        {
            idCounts[d] = dictionaries[d].size() + 1;
            strings[d] = dictionaries[d].strings();
            numerics[d] = dictionaries[d].numerics();
        }
        return new Published(rowCount, idCounts, strings, numerics);
    }

    List<ColumnSpec> metricColumns()
    {
        return schema.metrics();
    }

    @Override
    public String toString()
    {
        return "live index[" + name + "] rows[" + published.rowCount + "]";
    }
}
