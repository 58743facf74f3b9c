package dev.tally.query.exec;

import dev.tally.query.expr.Vec;
import dev.tally.query.model.Expr;
import org.agrona.collections.Object2IntHashMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One GROUP BY key over one source: writes a code per selected row (0 is NULL where the key can be NULL) and turns
 * a code back into the key's value. Codes are dictionary ids (dimensions, expressions over dimensions), time-bucket
 * numbers, or numbers given to values as they first occur (expressions over time or metrics). Owned by the thread
 * processing the source.
 */
abstract class GroupingKey
{
    /** Codes are below this, or -1 when they are numbered as values occur (bounded by the group limit then). */
    abstract long cardinality();

    /** Writes the code of row {@code selection[i]} into {@code codes[i]} for {@code i < count}. */
    abstract void codes(BlockData data, int[] selection, int count, int[] codes);

    abstract Object value(int code);

    /** The key of a column with dictionary ids: the ids themselves. */
    static final class Ids extends GroupingKey
    {
        final BlockColumn column;
        private Object[] decoded;

        Ids(final BlockColumn column)
        {
            this.column = column;
        }

        @Override
        long cardinality()
        {
            return column.idCount();
        }

        @Override
        void codes(final BlockData data, final int[] selection, final int count, final int[] codes)
        {
            final int[] ids = column.ids(data);
            for (int i = 0; i < count; i++)
            {
                codes[i] = ids[selection[i]];
            }
        }

        @Override
        Object value(final int code)
        {
            if (decoded == null)
            {
                decoded = new Object[column.idCount()];
            }
            Object value = decoded[code];
            if (value == null && code != 0)
            {
                value = column.valueOf(code);
                decoded[code] = value;
            }
            return value;
        }
    }

    /** {@code __time} floored to a period: bucket numbers from the source's first bucket. */
    static final class Buckets extends GroupingKey
    {
        private final TimeBuckets buckets;

        Buckets(final TimeBuckets buckets)
        {
            this.buckets = buckets;
        }

        @Override
        long cardinality()
        {
            return buckets.count();
        }

        @Override
        void codes(final BlockData data, final int[] selection, final int count, final int[] codes)
        {
            final long[] time = data.time();
            final TimeBuckets bucket = buckets;
            for (int i = 0; i < count; i++)
            {
                codes[i] = bucket.indexOf(time[selection[i]]);
            }
        }

        @Override
        Object value(final int code)
        {
            return buckets.start(code);
        }
    }

    /**
     * Any other column: values numbered as they first occur in the source (LONG, TIMESTAMP and BOOLEAN values and
     * DOUBLE bits in a primitive map, strings in an object map), NULL as 0.
     */
    static final class Values extends GroupingKey
    {
        private final BlockColumn column;
        private final QueryContext context;
        private final LongIntHashMap numbers = new LongIntHashMap(1024);
        private final Object2IntHashMap<String> strings = new Object2IntHashMap<>(-1);
        private long[] longs = new long[16];
        private final List<String> texts = new ArrayList<>();
        private int next = 1;
        private int minusOne;

        Values(final BlockColumn column, final QueryContext context)
        {
            this.column = column;
            this.context = context;
            texts.add(null);
        }

        @Override
        long cardinality()
        {
            return -1;
        }

        @Override
        void codes(final BlockData data, final int[] selection, final int count, final int[] codes)
        {
            final Vec values = column.values(data, selection, count);
            for (int i = 0; i < count; i++)
            {
                if (values.isNull(i))
                {
                    codes[i] = 0;
                    continue;
                }
                final int code;
                if (values.type == Expr.Type.STRING)
                {
                    final String text = (String)values.objects[i];
                    final int known = strings.getValue(text);
                    code = known >= 0 ? known : add(text, 0);
                    if (known < 0)
                    {
                        strings.put(text, code);
                    }
                }
                else
                {
                    final long bits = values.type == Expr.Type.DOUBLE ? doubleKey(values.doubles[i]) : values.longs[i];
                    if (bits == -1)
                    {
                        // the map's empty marker: the one value kept beside it
                        code = minusOne != 0 ? minusOne : (minusOne = add(null, bits));
                    }
                    else
                    {
                        final int found = numbers.getOrPut(bits, next);
                        code = found == next ? add(null, bits) : found;
                    }
                }
                codes[i] = code;
            }
        }

        private static long doubleKey(final double value)
        {
            return Double.doubleToLongBits(value == 0.0 ? 0.0 : value);
        }

        private int add(final String text, final long bits)
        {
            if (next > context.maxGroups())
            {
                throw context.tooManyGroups("of column[" + column.ref.name() + "]");
            }
            if (next == longs.length)
            {
                longs = Arrays.copyOf(longs, next * 2);
            }
            longs[next] = bits;
            texts.add(text);
            return next++;
        }

        @Override
        Object value(final int code)
        {
            if (code == 0)
            {
                return null;
            }
            return switch (column.type())
            {
                case STRING -> texts.get(code);
                case DOUBLE -> Double.longBitsToDouble(longs[code]);
                case BOOLEAN -> longs[code] != 0;
                default -> longs[code];
            };
        }
    }
}
