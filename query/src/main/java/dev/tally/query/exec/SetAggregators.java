package dev.tally.query.exec;

import dev.tally.storage.read.DimensionReader;
import dev.tally.storage.schema.ValueType;
import dev.tally.storage.segment.SketchBlock;
import org.agrona.DirectBuffer;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.roaringbitmap.RoaringBitmap;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The aggregations whose state is a set or a sketch: exact and approximate distinct counts of a dimension (the
 * group's dictionary ids as a bitmap, turned into values once per group), MIN/MAX of a string dimension (by value
 * rank), union of HLL sketch metrics, and KLL quantiles of a numeric column or merged quantiles sketch metrics.
 */
final class SetAggregators
{
    static final int HLL_LG_K = 12;
    static final int KLL_K = 200;

    private SetAggregators()
    {
    }

    /** Distinct dimension ids per group; the partial is a value set (exact) or an HLL union (approximate). */
    static final class DistinctIds extends GroupAggregator
    {
        private final int dimension;
        private final DimensionReader reader;
        private final boolean isApproximate;
        private RoaringBitmap[] ids = new RoaringBitmap[0];

        DistinctIds(final int dimension, final DimensionReader reader, final boolean isApproximate)
        {
            this.dimension = dimension;
            this.reader = reader;
            this.isApproximate = isApproximate;
        }

        @Override
        void grow(final int groups)
        {
            if (groups > ids.length)
            {
                ids = Arrays.copyOf(ids, grownSize(ids.length, groups));
            }
        }

        @Override
        void add(final BlockData data, final int[] selection, final int count, final int[] groups,
            final long[] weights)
        {
            final int[] rowIds = data.ids(dimension);
            for (int i = 0; i < count; i++)
            {
                final int id = rowIds[selection[i]];
                if (id != DimensionReader.NULL_ID)
                {
                    RoaringBitmap set = ids[groups[i]];
                    if (set == null)
                    {
                        set = new RoaringBitmap();
                        ids[groups[i]] = set;
                    }
                    set.add(id);
                }
            }
        }

        @Override
        Object partial(final int group)
        {
            final RoaringBitmap set = ids[group];
            if (isApproximate)
            {
                final Union union = new Union(HLL_LG_K);
                if (set != null)
                {
                    final HllSketch sketch = new HllSketch(HLL_LG_K);
                    set.forEach((org.roaringbitmap.IntConsumer)id -> updateHll(sketch, reader, id));
                    union.update(sketch);
                }
                return union;
            }
            final Set<Object> values = new HashSet<>();
            if (set != null)
            {
                set.forEach((org.roaringbitmap.IntConsumer)id -> values.add(reader.value(id)));
            }
            return values;
        }
    }

    /** HLL updates use the value's natural type, as ingest-time sketches do. */
    static void updateHll(final HllSketch sketch, final DimensionReader reader, final int id)
    {
        switch (reader.type())
        {
            case STRING -> sketch.update(reader.stringValue(id));
            case LONG -> sketch.update(reader.longValue(id));
            default -> sketch.update(reader.doubleValue(id));
        }
    }

    /** MIN or MAX of a string dimension: the smallest or largest value rank per group, decoded at the end. */
    static final class StringMinMax extends GroupAggregator
    {
        private final int dimension;
        private final DimensionReader reader;
        private final boolean isMin;
        private final int[] rankOfId;
        private final int[] idOfRank;
        private int[] best = new int[0];

        StringMinMax(final int dimension, final DimensionReader reader, final boolean isMin)
        {
            this.dimension = dimension;
            this.reader = reader;
            this.isMin = isMin;
            final int idCount = reader.idCount();
            final Integer[] order = new Integer[idCount - 1];
            for (int i = 0; i < order.length; i++)
            {
                order[i] = i + 1;
            }
            if (!reader.isSorted())
            {
                Arrays.sort(order, (a, b) -> Values.compareStrings(reader.stringValue(a), reader.stringValue(b)));
            }
            rankOfId = new int[idCount];
            idOfRank = new int[idCount];
            for (int rank = 0; rank < order.length; rank++)
            {
                rankOfId[order[rank]] = rank + 1;
                idOfRank[rank + 1] = order[rank];
            }
        }

        @Override
        void grow(final int groups)
        {
            if (groups > best.length)
            {
                best = Arrays.copyOf(best, grownSize(best.length, groups));
            }
        }

        @Override
        void add(final BlockData data, final int[] selection, final int count, final int[] groups,
            final long[] weights)
        {
            final int[] ids = data.ids(dimension);
            for (int i = 0; i < count; i++)
            {
                final int rank = rankOfId[ids[selection[i]]];
                if (rank != 0)
                {
                    final int group = groups[i];
                    final int current = best[group];
                    if (current == 0 || (isMin ? rank < current : rank > current))
                    {
                        best[group] = rank;
                    }
                }
            }
        }

        @Override
        Object partial(final int group)
        {
            return best[group] == 0 ? null : reader.stringValue(idOfRank[best[group]]);
        }
    }

    /** Union of an HLL sketch metric's per-row sketches. */
    static final class HllMerge extends GroupAggregator
    {
        private final int metric;
        private Union[] unions = new Union[0];
        /** Where a block held off the heap is copied to be read as sketch memory; reused. */
        private byte[] blockBytes = new byte[0];

        HllMerge(final int metric)
        {
            this.metric = metric;
        }

        @Override
        void grow(final int groups)
        {
            if (groups > unions.length)
            {
                unions = Arrays.copyOf(unions, grownSize(unions.length, groups));
            }
        }

        @Override
        void add(final BlockData data, final int[] selection, final int count, final int[] groups,
            final long[] weights)
        {
            final SketchBlock sketches = data.sketches(metric);
            Memory block = null;
            for (int i = 0; i < count; i++)
            {
                final int row = selection[i];
                final int length = sketches.length(row);
                if (length == 0)
                {
                    continue;
                }
                Union union = unions[groups[i]];
                if (union == null)
                {
                    union = new Union(HLL_LG_K);
                    unions[groups[i]] = union;
                }
                if (block == null)
                {
                    block = blockMemory(sketches);
                }
                // read in place: no per-row copy and no heap sketch (the union copies what it keeps)
                union.update(HllSketch.wrap(block.region(sketches.offset(row), length)));
            }
        }

        /** The block's bytes as read-only sketch memory: its own array when on the heap, else one bulk copy. */
        private Memory blockMemory(final SketchBlock sketches)
        {
            final DirectBuffer buffer = sketches.buffer();
            final int size = buffer.capacity();
            if (buffer.byteArray() != null)
            {
                return Memory.wrap(buffer.byteArray(), buffer.wrapAdjustment(), size, ByteOrder.LITTLE_ENDIAN);
            }
            if (blockBytes.length < size)
            {
                blockBytes = new byte[Math.max(size, 2 * blockBytes.length)];
            }
            buffer.getBytes(0, blockBytes, 0, size);
            return Memory.wrap(blockBytes, 0, size, ByteOrder.LITTLE_ENDIAN);
        }

        @Override
        Object partial(final int group)
        {
            return unions[group] == null ? new Union(HLL_LG_K) : unions[group];
        }
    }

    /** KLL sketch of a numeric column's values (dimension values weighted by events), or merged sketch metrics. */
    static final class Quantiles extends GroupAggregator
    {
        private final NumericAggregators.Input input;
        private final int sketchMetric;
        private KllDoublesSketch[] sketches = new KllDoublesSketch[0];

        /** @param sketchMetric a quantiles sketch metric to merge, or -1 to sketch {@code input}'s values. */
        Quantiles(final NumericAggregators.Input input, final int sketchMetric)
        {
            this.input = input;
            this.sketchMetric = sketchMetric;
        }

        @Override
        void grow(final int groups)
        {
            if (groups > sketches.length)
            {
                sketches = Arrays.copyOf(sketches, grownSize(sketches.length, groups));
            }
        }

        private KllDoublesSketch sketch(final int group)
        {
            KllDoublesSketch sketch = sketches[group];
            if (sketch == null)
            {
                sketch = KllDoublesSketch.newHeapInstance(KLL_K);
                sketches[group] = sketch;
            }
            return sketch;
        }

        @Override
        void add(final BlockData data, final int[] selection, final int count, final int[] groups,
            final long[] weights)
        {
            if (sketchMetric >= 0)
            {
                final SketchBlock block = data.sketches(sketchMetric);
                for (int i = 0; i < count; i++)
                {
                    final int row = selection[i];
                    if (block.length(row) > 0)
                    {
                        sketch(groups[i]).merge(KllDoublesSketch.heapify(Memory.wrap(block.copy(row))));
                    }
                }
                return;
            }
            final ColumnRef column = input.column;
            if (input.isDimension())
            {
                final int[] ids = data.ids(column.index());
                for (int i = 0; i < count; i++)
                {
                    final int row = selection[i];
                    final int id = ids[row];
                    if (id != DimensionReader.NULL_ID)
                    {
                        final double value = input.isLong() ? input.idLongs[id] : input.idDoubles[id];
                        sketch(groups[i]).update(value, weights == null ? 1 : weights[row]);
                    }
                }
                return;
            }
            final boolean[] nulls = data.nulls(column.index());
            final boolean isLong = column.type() == ValueType.LONG;
            final long[] longs = isLong ? data.longs(column.index()) : null;
            final double[] doubles = isLong ? null : data.doubles(column.index());
            for (int i = 0; i < count; i++)
            {
                final int row = selection[i];
                if (nulls == null || !nulls[row])
                {
                    sketch(groups[i]).update(isLong ? longs[row] : doubles[row]);
                }
            }
        }

        @Override
        Object partial(final int group)
        {
            return sketches[group] == null ? KllDoublesSketch.newHeapInstance(KLL_K) : sketches[group];
        }
    }
}
