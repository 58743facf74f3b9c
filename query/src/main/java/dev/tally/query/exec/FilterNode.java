package dev.tally.query.exec;

import dev.tally.storage.read.DimensionReader;
import dev.tally.storage.schema.ValueType;
import org.roaringbitmap.buffer.BufferFastAggregation;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;
import org.roaringbitmap.buffer.MutableRoaringBitmap;

import java.util.ArrayList;
import java.util.List;

/**
 * A filter compiled for one source. Every node evaluates a block into per-row truth bytes ({@link Truth}); trees
 * whose leaves are all dimension filters over a source with bitmap indexes also evaluate to a pair of bitmaps (rows
 * TRUE, rows UNKNOWN) with the same three-valued algebra, so selective filters never touch the column data.
 */
abstract class FilterNode
{
    /** Which {@link BlockData#truth(int)} scratch this node writes. */
    final int slot;

    FilterNode(final int slot)
    {
        this.slot = slot;
    }

    /** Writes the truth of rows {@code [0, rows)} of the current block into {@code data.truth(slot)}. */
    abstract void evaluate(BlockData data, int rows);

    abstract boolean isBitmapCapable();

    /** Rows TRUE and rows UNKNOWN over {@code [0, rowCount)}; only when {@link #isBitmapCapable()}. */
    abstract MutableRoaringBitmap[] bitmaps(int rowCount);

    /**
     * A filter on a column with dictionary ids (a dimension, or an expression over dimensions): the truth of each id
     * was computed once for the source. Over a stored dimension with bitmap indexes it also has bitmaps.
     */
    static final class DimensionLeaf extends FilterNode
    {
        private final BlockColumn column;
        private final DimensionReader reader;
        private final byte[] idTruth;

        DimensionLeaf(final int slot, final BlockColumn column, final byte[] idTruth)
        {
            super(slot);
            this.column = column;
            this.reader = column instanceof BlockColumn.Dimension dimension ? dimension.reader : null;
            this.idTruth = idTruth;
        }

        @Override
        void evaluate(final BlockData data, final int rows)
        {
            final int[] ids = column.ids(data);
            final byte[] out = data.truth(slot);
            final byte[] truth = idTruth;
            for (int i = 0; i < rows; i++)
            {
                out[i] = truth[ids[i]];
            }
        }

        @Override
        boolean isBitmapCapable()
        {
            return reader != null && reader.hasBitmaps();
        }

        @Override
        MutableRoaringBitmap[] bitmaps(final int rowCount)
        {
            int trueIds = 0;
            for (final byte value : idTruth)
            {
                trueIds += value == Truth.TRUE ? 1 : 0;
            }
            final MutableRoaringBitmap unknown = new MutableRoaringBitmap();
            final List<ImmutableRoaringBitmap> unknownParts = new ArrayList<>();
            for (int id = 0; id < idTruth.length; id++)
            {
                if (idTruth[id] == Truth.UNKNOWN)
                {
                    unknownParts.add(reader.bitmap(id));
                }
            }
            if (!unknownParts.isEmpty())
            {
                unknown.or(BufferFastAggregation.or(unknownParts.iterator()));
            }
            final boolean viaComplement = trueIds > idTruth.length / 2;
            final List<ImmutableRoaringBitmap> parts = new ArrayList<>();
            for (int id = 0; id < idTruth.length; id++)
            {
                final byte wanted = viaComplement ? Truth.FALSE : Truth.TRUE;
                if (idTruth[id] == wanted)
                {
                    parts.add(reader.bitmap(id));
                }
            }
            final MutableRoaringBitmap union = parts.isEmpty() ? new MutableRoaringBitmap() :
                BufferFastAggregation.or(parts.iterator());
            if (!viaComplement)
            {
                return new MutableRoaringBitmap[] {union, unknown};
            }
            final MutableRoaringBitmap all = new MutableRoaringBitmap();
            all.add(0L, rowCount);
            all.andNot(union);
            all.andNot(unknown);
            return new MutableRoaringBitmap[] {all, unknown};
        }
    }

    /** A filter on a metric or on {@code __time}, evaluated on the decoded values; NULL metrics are UNKNOWN. */
    static final class ValueLeaf extends FilterNode
    {
        private final ColumnRef column;
        private final ValueMatcher matcher;

        ValueLeaf(final int slot, final ColumnRef column, final ValueMatcher matcher)
        {
            super(slot);
            this.column = column;
            this.matcher = matcher;
        }

        @Override
        void evaluate(final BlockData data, final int rows)
        {
            final byte[] out = data.truth(slot);
            if (column.kind() == ColumnRef.Kind.TIME)
            {
                final long[] time = data.time();
                for (int i = 0; i < rows; i++)
                {
                    out[i] = Truth.of(matcher.matches(time[i]));
                }
                return;
            }
            final int metric = column.index();
            final boolean[] nulls = data.nulls(metric);
            if (column.type() == ValueType.LONG)
            {
                final long[] values = data.longs(metric);
                for (int i = 0; i < rows; i++)
                {
                    out[i] = nulls != null && nulls[i] ? Truth.UNKNOWN : Truth.of(matcher.matches(values[i]));
                }
            }
            else
            {
                final double[] values = data.doubles(metric);
                for (int i = 0; i < rows; i++)
                {
                    out[i] = nulls != null && nulls[i] ? Truth.UNKNOWN : Truth.of(matcher.matches(values[i]));
                }
            }
        }

        @Override
        boolean isBitmapCapable()
        {
            return false;
        }

        @Override
        MutableRoaringBitmap[] bitmaps(final int rowCount)
        {
            throw new UnsupportedOperationException("value filters have no bitmaps");
        }
    }

    /**
     * A filter on a column without dictionary ids (an expression over time or metrics), evaluated on its values:
     * a value leaf's test, {@code IS NULL}, or a BOOLEAN expression's own truth.
     */
    static final class VectorLeaf extends FilterNode
    {
        enum Test
        {
            MATCH,
            IS_NULL,
            IS_TRUE
        }

        private final BlockColumn column;
        private final ValueMatcher matcher;
        private final Test test;

        VectorLeaf(final int slot, final BlockColumn column, final ValueMatcher matcher, final Test test)
        {
            super(slot);
            this.column = column;
            this.matcher = matcher;
            this.test = test;
        }

        @Override
        void evaluate(final BlockData data, final int rows)
        {
            final dev.tally.query.expr.Vec values = column.values(data, data.identity(), rows);
            final byte[] out = data.truth(slot);
            for (int i = 0; i < rows; i++)
            {
                final boolean isNull = values.isNull(i);
                if (test == Test.IS_NULL)
                {
                    out[i] = Truth.of(isNull);
                }
                else if (isNull)
                {
                    out[i] = Truth.UNKNOWN;
                }
                else if (test == Test.IS_TRUE)
                {
                    out[i] = Truth.of(values.longs[i] != 0);
                }
                else
                {
                    out[i] = Truth.of(switch (values.type)
                    {
                        case STRING -> matcher.matches((String)values.objects[i]);
                        case DOUBLE -> matcher.matches(values.doubles[i]);
                        default -> matcher.matches(values.longs[i]);
                    });
                }
            }
        }

        @Override
        boolean isBitmapCapable()
        {
            return false;
        }

        @Override
        MutableRoaringBitmap[] bitmaps(final int rowCount)
        {
            throw new UnsupportedOperationException("expression filters have no bitmaps");
        }
    }

    /** {@code IS NULL} on a metric (dimension NULL tests are dimension leaves). */
    static final class MetricIsNull extends FilterNode
    {
        private final int metric;

        MetricIsNull(final int slot, final int metric)
        {
            super(slot);
            this.metric = metric;
        }

        @Override
        void evaluate(final BlockData data, final int rows)
        {
            final boolean[] nulls = data.nulls(metric);
            final byte[] out = data.truth(slot);
            for (int i = 0; i < rows; i++)
            {
                out[i] = Truth.of(nulls != null && nulls[i]);
            }
        }

        @Override
        boolean isBitmapCapable()
        {
            return false;
        }

        @Override
        MutableRoaringBitmap[] bitmaps(final int rowCount)
        {
            throw new UnsupportedOperationException("metric null tests have no bitmaps");
        }
    }

    static final class Constant extends FilterNode
    {
        private final byte value;

        Constant(final int slot, final byte value)
        {
            super(slot);
            this.value = value;
        }

        @Override
        void evaluate(final BlockData data, final int rows)
        {
            java.util.Arrays.fill(data.truth(slot), 0, rows, value);
        }

        @Override
        boolean isBitmapCapable()
        {
            return true;
        }

        @Override
        MutableRoaringBitmap[] bitmaps(final int rowCount)
        {
            final MutableRoaringBitmap all = new MutableRoaringBitmap();
            if (value == Truth.TRUE)
            {
                all.add(0L, rowCount);
                return new MutableRoaringBitmap[] {all, new MutableRoaringBitmap()};
            }
            if (value == Truth.UNKNOWN)
            {
                all.add(0L, rowCount);
                return new MutableRoaringBitmap[] {new MutableRoaringBitmap(), all};
            }
            return new MutableRoaringBitmap[] {all, new MutableRoaringBitmap()};
        }
    }

    static final class Not extends FilterNode
    {
        private final FilterNode child;

        Not(final int slot, final FilterNode child)
        {
            super(slot);
            this.child = child;
        }

        @Override
        void evaluate(final BlockData data, final int rows)
        {
            child.evaluate(data, rows);
            final byte[] in = data.truth(child.slot);
            final byte[] out = data.truth(slot);
            for (int i = 0; i < rows; i++)
            {
                out[i] = Truth.not(in[i]);
            }
        }

        @Override
        boolean isBitmapCapable()
        {
            return child.isBitmapCapable();
        }

        @Override
        MutableRoaringBitmap[] bitmaps(final int rowCount)
        {
            final MutableRoaringBitmap[] inner = child.bitmaps(rowCount);
            final MutableRoaringBitmap falseRows = new MutableRoaringBitmap();
            falseRows.add(0L, rowCount);
            falseRows.andNot(inner[0]);
            falseRows.andNot(inner[1]);
            return new MutableRoaringBitmap[] {falseRows, inner[1]};
        }
    }

    /** AND ({@code isAnd}) or OR of children, with Kleene logic. */
    static final class Junction extends FilterNode
    {
        private final boolean isAnd;
        private final FilterNode[] children;

        Junction(final int slot, final boolean isAnd, final FilterNode[] children)
        {
            super(slot);
            this.isAnd = isAnd;
            this.children = children;
        }

        @Override
        void evaluate(final BlockData data, final int rows)
        {
            final byte[] out = data.truth(slot);
            java.util.Arrays.fill(out, 0, rows, isAnd ? Truth.TRUE : Truth.FALSE);
            for (final FilterNode child : children)
            {
                child.evaluate(data, rows);
                final byte[] in = data.truth(child.slot);
                if (isAnd)
                {
                    for (int i = 0; i < rows; i++)
                    {
                        out[i] = Truth.and(out[i], in[i]);
                    }
                }
                else
                {
                    for (int i = 0; i < rows; i++)
                    {
                        out[i] = Truth.or(out[i], in[i]);
                    }
                }
            }
        }

        @Override
        boolean isBitmapCapable()
        {
            for (final FilterNode child : children)
            {
                if (!child.isBitmapCapable())
                {
                    return false;
                }
            }
            return true;
        }

        @Override
        MutableRoaringBitmap[] bitmaps(final int rowCount)
        {
            MutableRoaringBitmap trueRows = null;
            MutableRoaringBitmap unknownRows = null;
            for (final FilterNode child : children)
            {
                final MutableRoaringBitmap[] next = child.bitmaps(rowCount);
                if (trueRows == null)
                {
                    trueRows = next[0];
                    unknownRows = next[1];
                }
                else if (isAnd)
                {
                    // U = (U1 and (T2 or U2)) or (U2 and T1); T = T1 and T2
                    final MutableRoaringBitmap t2OrU2 = MutableRoaringBitmap.or(next[0], next[1]);
                    final MutableRoaringBitmap unknown = MutableRoaringBitmap.and(unknownRows, t2OrU2);
                    unknown.or(MutableRoaringBitmap.and(next[1], trueRows));
                    trueRows.and(next[0]);
                    unknownRows = unknown;
                }
                else
                {
                    // T = T1 or T2; U = (U1 or U2) minus T
                    trueRows.or(next[0]);
                    unknownRows.or(next[1]);
                    unknownRows.andNot(trueRows);
                }
            }
            if (trueRows == null)
            {
                return new Constant(slot, isAnd ? Truth.TRUE : Truth.FALSE).bitmaps(rowCount);
            }
            return new MutableRoaringBitmap[] {trueRows, unknownRows};
        }
    }
}
