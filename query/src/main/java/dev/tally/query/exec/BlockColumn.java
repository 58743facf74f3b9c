package dev.tally.query.exec;

import dev.tally.query.expr.ExprCompiler;
import dev.tally.query.expr.ExprNode;
import dev.tally.query.expr.Vec;
import dev.tally.query.model.Expr;
import dev.tally.storage.read.DimensionReader;
import dev.tally.storage.read.RowSource;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One column of one source as the engine reads it, whatever it is: {@code __time}, a metric, a dimension, or an
 * expression. Every column yields the values of a block's selected rows as a {@link Vec}; columns with a dictionary
 * (dimensions, and expressions over dimensions alone, evaluated once per dictionary id or id tuple into a derived
 * dictionary) also yield per-row ids, so that filters and group-bys on them run on ids as on a plain dimension.
 * Bound once per source ({@link SourceColumns}); owned by the thread processing the source.
 */
abstract class BlockColumn
{
    /**
     * Expressions over several dimensions whose id tuples number at most this are evaluated per tuple, not per row
     * (over one dimension always per id).
     */
    static final int TUPLE_LIMIT = 1 << 16;

    final ColumnRef ref;

    BlockColumn(final ColumnRef ref)
    {
        this.ref = ref;
    }

    Expr.Type type()
    {
        return ref.exprType();
    }

    /** Whether the column has dictionary ids ({@link #ids}, {@link #idCount}, {@link #valueOf}). */
    boolean hasIds()
    {
        return false;
    }

    /** Ids of the block's rows {@code [0, rows)}; id 0 is NULL. */
    int[] ids(final BlockData data)
    {
        throw new UnsupportedOperationException("column[" + ref.name() + "] has no dictionary");
    }

    int idCount()
    {
        throw new UnsupportedOperationException("column[" + ref.name() + "] has no dictionary");
    }

    /** The value of an id: String, Long, Double, Boolean, or null. */
    Object valueOf(final int id)
    {
        throw new UnsupportedOperationException("column[" + ref.name() + "] has no dictionary");
    }

    /** Every id's value, id 0 NULL (only where {@link #hasIds()}). */
    Vec dictionary()
    {
        throw new UnsupportedOperationException("column[" + ref.name() + "] has no dictionary");
    }

    /** The values of rows {@code selection[0, count)} of the current block, in selection order; valid until the next call. */
    abstract Vec values(BlockData data, int[] selection, int count);

    // ------------------------------------------------------------------ table columns

    static final class Time extends BlockColumn
    {
        private final Vec out = new Vec(Expr.Type.TIMESTAMP);

        Time(final ColumnRef ref)
        {
            super(ref);
        }

        @Override
        Vec values(final BlockData data, final int[] selection, final int count)
        {
            final long[] time = data.time();
            out.reset(count);
            final long[] values = out.longs;
            for (int i = 0; i < count; i++)
            {
                values[i] = time[selection[i]];
            }
            return out;
        }
    }

    static final class Metric extends BlockColumn
    {
        private final Vec out;

        Metric(final ColumnRef ref)
        {
            super(ref);
            this.out = new Vec(ref.exprType());
        }

        @Override
        Vec values(final BlockData data, final int[] selection, final int count)
        {
            final int metric = ref.index();
            out.reset(count);
            if (out.type == Expr.Type.DOUBLE)
            {
                final double[] in = data.doubles(metric);
                for (int i = 0; i < count; i++)
                {
                    out.doubles[i] = in[selection[i]];
                }
            }
            else
            {
                final long[] in = data.longs(metric);
                for (int i = 0; i < count; i++)
                {
                    out.longs[i] = in[selection[i]];
                }
            }
            final boolean[] nulls = data.nulls(metric);
            if (nulls != null)
            {
                for (int i = 0; i < count; i++)
                {
                    if (nulls[selection[i]])
                    {
                        out.setNull(i);
                    }
                }
            }
            return out;
        }
    }

    /** A stored dimension: its ids, and its values decoded once per id as rows ask for them. */
    static final class Dimension extends BlockColumn
    {
        final DimensionReader reader;
        private final Vec decoded;
        private final boolean[] isDecoded;
        private final Vec out;

        Dimension(final ColumnRef ref, final DimensionReader reader)
        {
            super(ref);
            this.reader = reader;
            this.decoded = new Vec(ref.exprType()).reset(reader.idCount());
            this.isDecoded = new boolean[reader.idCount()];
            this.decoded.setNull(DimensionReader.NULL_ID);
            this.isDecoded[DimensionReader.NULL_ID] = true;
            this.out = new Vec(ref.exprType());
        }

        @Override
        boolean hasIds()
        {
            return true;
        }

        @Override
        int[] ids(final BlockData data)
        {
            return data.ids(ref.index());
        }

        @Override
        int idCount()
        {
            return reader.idCount();
        }

        @Override
        Object valueOf(final int id)
        {
            return reader.value(id);
        }

        private void decode(final int id)
        {
            switch (decoded.type)
            {
                case STRING -> decoded.objects[id] = reader.stringValue(id);
                case DOUBLE -> decoded.doubles[id] = reader.doubleValue(id);
                default -> decoded.longs[id] = reader.longValue(id);
            }
            isDecoded[id] = true;
        }

        @Override
        Vec dictionary()
        {
            for (int id = 1; id < isDecoded.length; id++)
            {
                if (!isDecoded[id])
                {
                    decode(id);
                }
            }
            return decoded;
        }

        @Override
        Vec values(final BlockData data, final int[] selection, final int count)
        {
            final int[] ids = data.ids(ref.index());
            out.reset(count);
            for (int i = 0; i < count; i++)
            {
                final int id = ids[selection[i]];
                if (id == DimensionReader.NULL_ID)
                {
                    out.setNull(i);
                    continue;
                }
                if (!isDecoded[id])
                {
                    decode(id);
                }
                switch (out.type)
                {
                    case STRING -> out.objects[i] = decoded.objects[id];
                    case DOUBLE -> out.doubles[i] = decoded.doubles[id];
                    default -> out.longs[i] = decoded.longs[id];
                }
            }
            return out;
        }
    }

    // ------------------------------------------------------------------ expressions

    /**
     * A virtual column (or a filter's expression). Over dimensions alone with few enough id tuples it is evaluated
     * once per tuple into a derived dictionary (distinct values, NULL id 0) and each row's id is looked up from its
     * input ids; otherwise it is evaluated a block at a time over the inputs' values.
     */
    static final class Expression extends BlockColumn implements ExprNode.Batch
    {
        private final ExprNode root;
        private final BlockColumn[] inputs;
        private final Vec[] batchColumns;
        private int batchSize;
        private final boolean isDictionary;
        private final long[] strides;
        private int[] tupleToId;
        private Vec derived;
        private int[] rowIds = new int[0];
        private long rowIdsStamp = -1;
        private final Vec out;

        Expression(final ColumnRef ref, final ExprCompiler.Compiled compiled, final BlockColumn[] inputs)
        {
            super(ref);
            this.root = compiled.root();
            this.inputs = inputs;
            this.batchColumns = new Vec[inputs.length];
            this.out = new Vec(compiled.type());
            long tuples = 1;
            boolean dictionary = true;
            for (final BlockColumn input : inputs)
            {
                dictionary &= input.hasIds();
                tuples = dictionary ? tuples * input.idCount() : tuples;
            }
            // over one dimension, its ids are never more than its rows: evaluating each id once costs at most as much
            // as evaluating each row, however large the dictionary
            dictionary &= tuples <= TUPLE_LIMIT || inputs.length == 1;
            this.isDictionary = dictionary;
            this.strides = new long[inputs.length];
            long stride = 1;
            for (int j = 0; j < inputs.length && dictionary; j++)
            {
                strides[j] = stride;
                stride *= inputs[j].idCount();
            }
        }

        @Override
        public int size()
        {
            return batchSize;
        }

        @Override
        public Vec column(final int slot)
        {
            return batchColumns[slot];
        }

        @Override
        Expr.Type type()
        {
            return root.type;
        }

        @Override
        boolean hasIds()
        {
            return isDictionary;
        }

        @Override
        int idCount()
        {
            build();
            return derived.size;
        }

        @Override
        Object valueOf(final int id)
        {
            build();
            return derived.get(id);
        }

        @Override
        Vec dictionary()
        {
            build();
            return derived;
        }

        /** Evaluates the expression once per id tuple and numbers its distinct values. */
        private void build()
        {
            if (derived != null)
            {
                return;
            }
            int tuples = 1;
            for (final BlockColumn input : inputs)
            {
                tuples *= input.idCount();
            }
            final int[] tupleIds = new int[tuples];
            for (int j = 0; j < inputs.length; j++)
            {
                final int idCount = inputs[j].idCount();
                for (int t = 0; t < tuples; t++)
                {
                    tupleIds[t] = (int)((t / strides[j]) % idCount);
                }
                final Vec dictionary = inputs[j].dictionary();
                final Vec column = new Vec(dictionary.type).reset(tuples);
                for (int t = 0; t < tuples; t++)
                {
                    copy(dictionary, tupleIds[t], column, t);
                }
                batchColumns[j] = column;
            }
            batchSize = tuples;
            final Vec values = root.eval(this);
            tupleToId = new int[tuples];
            final Map<Object, Integer> ids = new HashMap<>();
            derived = new Vec(values.type).reset(tuples + 1);
            derived.setNull(0);
            int next = 1;
            for (int t = 0; t < tuples; t++)
            {
                final Object value = values.get(t);
                if (value == null)
                {
                    continue;
                }
                Integer id = ids.get(key(value));
                if (id == null)
                {
                    id = next++;
                    ids.put(key(value), id);
                    copy(values, t, derived, id);
                }
                tupleToId[t] = id;
            }
            derived.size = next;
            Arrays.fill(batchColumns, null);
        }

        /** -0.0 and 0.0 are one value. */
        private static Object key(final Object value)
        {
            return value instanceof Double d && d == 0.0 ? (Object)0.0 : value;
        }

        private static void copy(final Vec from, final int at, final Vec to, final int into)
        {
            if (from.isNull(at))
            {
                to.setNull(into);
                return;
            }
            switch (to.type)
            {
                case STRING -> to.objects[into] = from.objects[at];
                case DOUBLE -> to.doubles[into] = from.doubles[at];
                default -> to.longs[into] = from.longs[at];
            }
        }

        @Override
        int[] ids(final BlockData data)
        {
            build();
            if (rowIdsStamp == data.stamp())
            {
                return rowIds;
            }
            final int rows = data.rows();
            if (rowIds.length < rows)
            {
                rowIds = new int[Math.max(rows, data.source().blockRows())];
            }
            if (inputs.length == 0)
            {
                Arrays.fill(rowIds, 0, rows, tupleToId[0]);
            }
            else if (inputs.length == 1)
            {
                final int[] in = inputs[0].ids(data);
                final int[] map = tupleToId;
                for (int i = 0; i < rows; i++)
                {
                    rowIds[i] = map[in[i]];
                }
            }
            else
            {
                Arrays.fill(rowIds, 0, rows, 0);
                for (int j = 0; j < inputs.length; j++)
                {
                    final int[] in = inputs[j].ids(data);
                    final int stride = (int)strides[j];
                    for (int i = 0; i < rows; i++)
                    {
                        rowIds[i] += in[i] * stride;
                    }
                }
                for (int i = 0; i < rows; i++)
                {
                    rowIds[i] = tupleToId[rowIds[i]];
                }
            }
            rowIdsStamp = data.stamp();
            return rowIds;
        }

        @Override
        Vec values(final BlockData data, final int[] selection, final int count)
        {
            if (isDictionary)
            {
                final int[] ids = ids(data);
                out.reset(count);
                for (int i = 0; i < count; i++)
                {
                    copy(derived, ids[selection[i]], out, i);
                }
                return out;
            }
            for (int j = 0; j < inputs.length; j++)
            {
                batchColumns[j] = inputs[j].values(data, selection, count);
            }
            batchSize = count;
            return root.eval(this);
        }
    }

    /** The columns of one query over one source, bound as they are first asked for. */
    static final class SourceColumns
    {
        private final QueryColumns columns;
        private final RowSource source;
        private final Map<String, BlockColumn> bound = new HashMap<>();

        SourceColumns(final QueryColumns columns, final RowSource source)
        {
            this.columns = columns;
            this.source = source;
        }

        RowSource source()
        {
            return source;
        }

        QueryColumns columns()
        {
            return columns;
        }

        BlockColumn get(final String name)
        {
            final BlockColumn known = bound.get(name);
            if (known != null)
            {
                return known;
            }
            final ColumnRef ref = columns.resolve(name);
            final BlockColumn column = switch (ref.kind())
            {
                case TIME -> new Time(ref);
                case METRIC -> new Metric(ref);
                case DIMENSION -> new Dimension(ref, source.dimension(ref.index()));
                case EXPRESSION -> expression(ref, ref.expression());
            };
            bound.put(name, column);
            return column;
        }

        /** An unnamed expression (a filter's) over the query's columns. */
        BlockColumn expression(final Expr expression)
        {
            final Expr.Type type = columns.typeOf(expression);
            return expression(ColumnRef.expression("expression", expression, type), expression);
        }

        private BlockColumn expression(final ColumnRef ref, final Expr expression)
        {
            // over time or metrics the expression is computed per row; its parts over dimensions alone are still
            // computed once per dictionary id, and read per row through the ids
            final Map<String, Expr.Type> hoisted = new HashMap<>();
            final Expr rewritten = isOverDimensions(expression) ? expression : hoist(expression, hoisted);
            final ExprCompiler.Compiled compiled;
            try
            {
                compiled = ExprCompiler.compile(rewritten, name ->
                    hoisted.containsKey(name) ? hoisted.get(name) : columns.typeOf(name));
            }
            catch (final IllegalArgumentException ex)
            {
                throw QueryColumns.invalid(ex.getMessage());
            }
            final BlockColumn[] inputs = new BlockColumn[compiled.columns().size()];
            for (int j = 0; j < inputs.length; j++)
            {
                inputs[j] = get(compiled.columns().get(j));
            }
            return new Expression(ref, compiled, inputs);
        }

        /** Whether the expression reads dimensions and nothing else (then it has a derived dictionary). */
        private boolean isOverDimensions(final Expr expression)
        {
            final java.util.Set<String> read = ExprCompiler.columnsOf(expression);
            return !read.isEmpty() && read.stream().allMatch(name -> columns.tableColumns(name).stream()
                .allMatch(c -> c.kind() == ColumnRef.Kind.DIMENSION));
        }

        /** {@code expression} with each largest call over dimensions alone replaced by a column of its own. */
        private Expr hoist(final Expr expression, final Map<String, Expr.Type> hoisted)
        {
            if (!(expression instanceof Expr.Call call))
            {
                return expression;
            }
            if (isOverDimensions(call))
            {
                final String name = "$dimensions" + bound.size();
                final Expr.Type type = columns.typeOf(call);
                bound.put(name, expression(ColumnRef.expression(name, call, type), call));
                hoisted.put(name, type);
                return Expr.column(name);
            }
            final java.util.List<Expr> args = new java.util.ArrayList<>(call.args().size());
            for (final Expr arg : call.args())
            {
                args.add(hoist(arg, hoisted));
            }
            return new Expr.Call(call.function(), args);
        }
    }
}
