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

    /**
     * Distinct values per group of a dimension or expression; the partial is a value set (exact) or an HLL union
     * (approximate). A column with dictionary ids keeps each group's ids as a bitmap, turned into values once per
     * group; another keeps values.
     */
    static final class Distinct extends GroupAggregator
    {
        private final BlockColumn column;
        private final boolean isApproximate;
        private RoaringBitmap[] ids = new RoaringBitmap[0];
        private Object[] states = new Object[0];

        Distinct(final BlockColumn column, final boolean isApproximate)
        {
            this.column = column;
            this.isApproximate = isApproximate;
        }

        @Override
        void grow(final int groups)
        {
            if (groups > ids.length)
            {
                final int size = grownSize(ids.length, groups);
                ids = Arrays.copyOf(ids, size);
                states = Arrays.copyOf(states, size);
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        void add(final BlockData data, final int[] selection, final int count, final int[] groups,
            final long[] weights)
        {
            if (column.hasIds())
            {
                final int[] rowIds = column.ids(data);
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
                return;
            }
            final dev.tally.query.expr.Vec values = column.values(data, selection, count);
            for (int i = 0; i < count; i++)
            {
                final Object value = values.get(i);
                if (value == null)
                {
                    continue;
                }
                final int group = groups[i];
                if (isApproximate)
                {
                    if (states[group] == null)
                    {
                        states[group] = new HllSketch(HLL_LG_K);
                    }
                    updateHll((HllSketch)states[group], value);
                }
                else
                {
                    if (states[group] == null)
                    {
                        states[group] = new HashSet<>();
                    }
                    ((Set<Object>)states[group]).add(value);
                }
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        Object partial(final int group)
        {
            final RoaringBitmap set = ids[group];
            if (isApproximate)
            {
                final Union union = new Union(HLL_LG_K);
                HllSketch sketch = (HllSketch)states[group];
                if (set != null)
                {
                    final HllSketch fromIds = sketch != null ? sketch : new HllSketch(HLL_LG_K);
                    set.forEach((org.roaringbitmap.IntConsumer)id -> updateHll(fromIds, column.valueOf(id)));
                    sketch = fromIds;
                }
                if (sketch != null)
                {
                    union.update(sketch);
                }
                return union;
            }
            final Set<Object> values = states[group] == null ? new HashSet<>() : (Set<Object>)states[group];
            if (set != null)
            {
                set.forEach((org.roaringbitmap.IntConsumer)id -> values.add(column.valueOf(id)));
            }
            return values;
        }
    }

    /** HLL updates use the value's natural type, as ingest-time sketches do. */
    static void updateHll(final HllSketch sketch, final Object value)
    {
        if (value instanceof String text)
        {
            sketch.update(text);
        }
        else if (value instanceof Double number)
        {
            sketch.update(number);
        }
        else if (value instanceof Boolean bool)
        {
            sketch.update(bool ? 1L : 0L);
        }
        else
        {
            sketch.update(((Number)value).longValue());
        }
    }

    /**
     * MIN or MAX of a string column: over dictionary ids, the smallest or largest value rank per group, decoded at
     * the end; over other values (an expression over time or metrics), the best string itself.
     */
    static final class StringMinMax extends GroupAggregator
    {
        private final BlockColumn column;
        private final boolean isMin;
        private final int[] rankOfId;
        private final int[] idOfRank;
        private int[] best = new int[0];
        private String[] bestValues = new String[0];

        StringMinMax(final BlockColumn column, final boolean isMin)
        {
            this.column = column;
            this.isMin = isMin;
            if (!column.hasIds())
            {
                rankOfId = null;
                idOfRank = null;
                return;
            }
            final int idCount = column.idCount();
            final Integer[] order = new Integer[idCount - 1];
            for (int i = 0; i < order.length; i++)
            {
                order[i] = i + 1;
            }
            final boolean isSorted = column instanceof BlockColumn.Dimension dimension && dimension.reader.isSorted();
            if (!isSorted)
            {
                Arrays.sort(order, (a, b) -> Values.compareStrings((String)column.valueOf(a),
                    (String)column.valueOf(b)));
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
                bestValues = rankOfId != null ? bestValues : Arrays.copyOf(bestValues, best.length);
            }
        }

        @Override
        void add(final BlockData data, final int[] selection, final int count, final int[] groups,
            final long[] weights)
        {
            if (rankOfId == null)
            {
                final dev.tally.query.expr.Vec values = column.values(data, selection, count);
                for (int i = 0; i < count; i++)
                {
                    if (!values.isNull(i))
                    {
                        final String value = (String)values.objects[i];
                        final String current = bestValues[groups[i]];
                        final int cmp = current == null ? 0 : Values.compareStrings(value, current);
                        if (current == null || (isMin ? cmp < 0 : cmp > 0))
                        {
                            bestValues[groups[i]] = value;
                        }
                    }
                }
                return;
            }
            final int[] ids = column.ids(data);
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
            if (rankOfId == null)
            {
                return bestValues[group];
            }
            return best[group] == 0 ? null : column.valueOf(idOfRank[best[group]]);
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
            final dev.tally.query.expr.Vec values = input.block.values(data, selection, count);
            for (int i = 0; i < count; i++)
            {
                if (!values.isNull(i))
                {
                    // a per-event value stands for each of the row's events
                    final long weight = input.isPerEvent && weights != null ? weights[selection[i]] : 1;
                    sketch(groups[i]).update(values.asDouble(i), weight);
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
