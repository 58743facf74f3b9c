package dev.tally.query.expr;

import dev.tally.query.model.Expr;

import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * A compiled expression: evaluates a whole batch of rows into a {@link Vec} it owns and reuses, a primitive loop per
 * operator. Made by {@link ExprCompiler}; owned by one thread.
 */
public abstract class ExprNode
{
    /** The input columns of one batch, in the slots {@link ExprCompiler.Compiled#columns()} gives. */
    public interface Batch
    {
        int size();

        Vec column(int slot);
    }

    public final Expr.Type type;
    final Vec out;

    ExprNode(final Expr.Type type)
    {
        this.type = type;
        this.out = new Vec(type);
    }

    /** The values of the batch's rows; valid until the next call. */
    public abstract Vec eval(Batch batch);

    /** Whether the node is a constant (then {@link #eval} ignores the batch's columns). */
    boolean isConstant()
    {
        return false;
    }

    // ------------------------------------------------------------------ leaves

    static final class Constant extends ExprNode
    {
        private final Object value;
        private int filled = -1;

        Constant(final Expr.Type type, final Object value)
        {
            super(type);
            this.value = value;
        }

        @Override
        boolean isConstant()
        {
            return true;
        }

        Object value()
        {
            return value;
        }

        @Override
        public Vec eval(final Batch batch)
        {
            final int rows = batch.size();
            if (rows <= filled)
            {
                out.size = rows;
                return out;
            }
            out.reset(rows);
            if (value == null)
            {
                for (int i = 0; i < rows; i++)
                {
                    out.setNull(i);
                }
            }
            else
            {
                switch (type)
                {
                    case DOUBLE -> Arrays.fill(out.doubles, 0, rows, ((Number)value).doubleValue());
                    case STRING -> Arrays.fill(out.objects, 0, rows, value);
                    case BOOLEAN -> Arrays.fill(out.longs, 0, rows, (Boolean)value ? 1 : 0);
                    default -> Arrays.fill(out.longs, 0, rows, ((Number)value).longValue());
                }
            }
            filled = rows;
            return out;
        }
    }

    static final class Input extends ExprNode
    {
        private final int slot;

        Input(final Expr.Type type, final int slot)
        {
            super(type);
            this.slot = slot;
        }

        @Override
        public Vec eval(final Batch batch)
        {
            return batch.column(slot);
        }
    }

    // ------------------------------------------------------------------ arithmetic

    /** Both operands LONG (or TIMESTAMP); {@code nullOnZero}: a zero right operand gives NULL (division, modulo). */
    static final class LongArithmetic extends ExprNode
    {
        private final ExprNode left;
        private final ExprNode right;
        private final LongBinaryOperator op;
        private final Op kind;
        private final boolean nullOnZero;

        LongArithmetic(final Expr.Type type, final ExprNode left, final ExprNode right, final LongBinaryOperator op,
            final Op kind, final boolean nullOnZero)
        {
            super(type);
            this.left = left;
            this.right = right;
            this.op = op;
            this.kind = kind;
            this.nullOnZero = nullOnZero;
        }

        @Override
        public Vec eval(final Batch batch)
        {
            final Vec a = left.eval(batch);
            final Vec b = right.eval(batch);
            final int rows = batch.size();
            out.reset(rows);
            final long[] x = a.longs;
            final long[] y = b.longs;
            final long[] z = out.longs;
            if (!a.hasNulls && !b.hasNulls && !nullOnZero)
            {
                switch (kind)
                {
                    case ADD -> add(x, y, z, rows);
                    case SUBTRACT -> subtract(x, y, z, rows);
                    case MULTIPLY -> multiply(x, y, z, rows);
                    default ->
                    {
                        for (int i = 0; i < rows; i++)
                        {
                            z[i] = op.applyAsLong(x[i], y[i]);
                        }
                    }
                }
                return out;
            }
            for (int i = 0; i < rows; i++)
            {
                if (a.isNull(i) || b.isNull(i) || nullOnZero && y[i] == 0)
                {
                    out.setNull(i);
                }
                else
                {
                    z[i] = op.applyAsLong(x[i], y[i]);
                }
            }
            return out;
        }
    }

    /** The arithmetic operators with a loop of their own each (a lambda per row would not inline). */
    enum Op
    {
        ADD, SUBTRACT, MULTIPLY, DIVIDE, MODULO, OTHER
    }

    static final class DoubleArithmetic extends ExprNode
    {
        private final ExprNode left;
        private final ExprNode right;
        private final DoubleBinaryOperator op;
        private final Op kind;
        private final boolean nullOnZero;

        DoubleArithmetic(final ExprNode left, final ExprNode right, final DoubleBinaryOperator op, final Op kind,
            final boolean nullOnZero)
        {
            super(Expr.Type.DOUBLE);
            this.left = left;
            this.right = right;
            this.op = op;
            this.kind = kind;
            this.nullOnZero = nullOnZero;
        }

        @Override
        public Vec eval(final Batch batch)
        {
            final Vec a = left.eval(batch);
            final Vec b = right.eval(batch);
            final int rows = batch.size();
            out.reset(rows);
            final double[] x = a.doubles;
            final double[] y = b.doubles;
            final double[] z = out.doubles;
            if (!a.hasNulls && !b.hasNulls && !nullOnZero)
            {
                switch (kind)
                {
                    case ADD -> add(x, y, z, rows);
                    case SUBTRACT -> subtract(x, y, z, rows);
                    case MULTIPLY -> multiply(x, y, z, rows);
                    default ->
                    {
                        for (int i = 0; i < rows; i++)
                        {
                            z[i] = op.applyAsDouble(x[i], y[i]);
                        }
                    }
                }
                return out;
            }
            for (int i = 0; i < rows; i++)
            {
                if (a.isNull(i) || b.isNull(i) || nullOnZero && y[i] == 0)
                {
                    out.setNull(i);
                }
                else
                {
                    z[i] = op.applyAsDouble(x[i], y[i]);
                }
            }
            return out;
        }
    }

    private static void add(final double[] x, final double[] y, final double[] z, final int rows)
    {
        for (int i = 0; i < rows; i++)
        {
            z[i] = x[i] + y[i];
        }
    }

    private static void subtract(final double[] x, final double[] y, final double[] z, final int rows)
    {
        for (int i = 0; i < rows; i++)
        {
            z[i] = x[i] - y[i];
        }
    }

    private static void multiply(final double[] x, final double[] y, final double[] z, final int rows)
    {
        for (int i = 0; i < rows; i++)
        {
            z[i] = x[i] * y[i];
        }
    }

    private static void add(final long[] x, final long[] y, final long[] z, final int rows)
    {
        for (int i = 0; i < rows; i++)
        {
            z[i] = x[i] + y[i];
        }
    }

    private static void subtract(final long[] x, final long[] y, final long[] z, final int rows)
    {
        for (int i = 0; i < rows; i++)
        {
            z[i] = x[i] - y[i];
        }
    }

    private static void multiply(final long[] x, final long[] y, final long[] z, final int rows)
    {
        for (int i = 0; i < rows; i++)
        {
            z[i] = x[i] * y[i];
        }
    }

    /** A LONG-valued function of one LONG/TIMESTAMP; repeats of the previous input reuse its answer (time columns). */
    static final class LongFunction extends ExprNode
    {
        private final ExprNode input;
        private final LongUnaryOperator function;

        LongFunction(final Expr.Type type, final ExprNode input, final LongUnaryOperator function)
        {
            super(type);
            this.input = input;
            this.function = function;
        }

        @Override
        public Vec eval(final Batch batch)
        {
            final Vec a = input.eval(batch);
            final int rows = batch.size();
            out.reset(rows);
            final long[] x = a.longs;
            final long[] z = out.longs;
            long last = 0;
            long answer = 0;
            boolean known = false;
            for (int i = 0; i < rows; i++)
            {
                if (a.isNull(i))
                {
                    out.setNull(i);
                    continue;
                }
                final long value = x[i];
                if (!known || value != last)
                {
                    answer = function.applyAsLong(value);
                    last = value;
                    known = true;
                }
                z[i] = answer;
            }
            return out;
        }
    }

    static final class DoubleFunction extends ExprNode
    {
        private final ExprNode input;
        private final DoubleUnaryOperator function;

        DoubleFunction(final ExprNode input, final DoubleUnaryOperator function)
        {
            super(Expr.Type.DOUBLE);
            this.input = input;
            this.function = function;
        }

        @Override
        public Vec eval(final Batch batch)
        {
            final Vec a = input.eval(batch);
            final int rows = batch.size();
            out.reset(rows);
            for (int i = 0; i < rows; i++)
            {
                if (a.isNull(i))
                {
                    out.setNull(i);
                }
                else
                {
                    final double value = function.applyAsDouble(a.doubles[i]);
                    if (Double.isNaN(value) && !Double.isNaN(a.doubles[i]))
                    {
                        // SQRT(-1), LN(0): NULL as in Druid, rather than a NaN no client prints alike
                        out.setNull(i);
                    }
                    else
                    {
                        out.doubles[i] = value;
                    }
                }
            }
            return out;
        }
    }

    /**
     * Any function of boxed arguments: for strings (objects already) and the rarer functions. {@code strict}: a NULL
     * argument gives NULL without calling it. The function returns null for NULL.
     */
    static final class ObjectFunction extends ExprNode
    {
        interface Body
        {
            Object apply(Object[] args);
        }

        private final ExprNode[] inputs;
        private final Body body;
        private final boolean strict;
        private final Object[] args;
        private final Vec[] vectors;

        ObjectFunction(final Expr.Type type, final ExprNode[] inputs, final boolean strict, final Body body)
        {
            super(type);
            this.inputs = inputs;
            this.body = body;
            this.strict = strict;
            this.args = new Object[inputs.length];
            this.vectors = new Vec[inputs.length];
        }

        @Override
        public Vec eval(final Batch batch)
        {
            for (int a = 0; a < inputs.length; a++)
            {
                vectors[a] = inputs[a].eval(batch);
            }
            final int rows = batch.size();
            out.reset(rows);
            rows:
            for (int i = 0; i < rows; i++)
            {
                for (int a = 0; a < inputs.length; a++)
                {
                    args[a] = vectors[a].get(i);
                    if (strict && args[a] == null)
                    {
                        out.setNull(i);
                        continue rows;
                    }
                }
                set(out, i, body.apply(args));
            }
            return out;
        }
    }

    /** Stores a boxed value into row {@code i} of {@code out}, converting a number to the vector's type. */
    static void set(final Vec out, final int i, final Object value)
    {
        if (value == null)
        {
            out.setNull(i);
            return;
        }
        switch (out.type)
        {
            case DOUBLE -> out.doubles[i] = ((Number)value).doubleValue();
            case STRING -> out.objects[i] = value.toString();
            case BOOLEAN -> out.longs[i] = (Boolean)value ? 1 : 0;
            default -> out.longs[i] = ((Number)value).longValue();
        }
    }

    // ------------------------------------------------------------------ comparison and logic

    /** {@code left op right} over operands of one type (numbers compared as LONG or DOUBLE, strings by code point). */
    static final class Compare extends ExprNode
    {
        enum Op
        {
            EQ, NE, LT, LE, GT, GE;

            boolean test(final int cmp)
            {
                return switch (this)
                {
                    case EQ -> cmp == 0;
                    case NE -> cmp != 0;
                    case LT -> cmp < 0;
                    case LE -> cmp <= 0;
                    case GT -> cmp > 0;
                    case GE -> cmp >= 0;
                };
            }
        }

        private final ExprNode left;
        private final ExprNode right;
        private final Op op;

        Compare(final ExprNode left, final ExprNode right, final Op op)
        {
            super(Expr.Type.BOOLEAN);
            this.left = left;
            this.right = right;
            this.op = op;
        }

        @Override
        public Vec eval(final Batch batch)
        {
            final Vec a = left.eval(batch);
            final Vec b = right.eval(batch);
            final int rows = batch.size();
            out.reset(rows);
            final long[] z = out.longs;
            final Expr.Type operands = a.type;
            for (int i = 0; i < rows; i++)
            {
                if (a.isNull(i) || b.isNull(i))
                {
                    out.setNull(i);
                    continue;
                }
                final int cmp = switch (operands)
                {
                    case DOUBLE -> a.doubles[i] == b.doubles[i] ? 0 : Double.compare(a.doubles[i], b.doubles[i]);
                    case STRING -> compareStrings((String)a.objects[i], (String)b.objects[i]);
                    default -> Long.compare(a.longs[i], b.longs[i]);
                };
                z[i] = op.test(cmp) ? 1 : 0;
            }
            return out;
        }
    }

    /** Strings in code point order (the order of their UTF-8 bytes, as dictionaries sort). */
    public static int compareStrings(final String a, final String b)
    {
        final int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++)
        {
            final char x = a.charAt(i);
            final char y = b.charAt(i);
            if (x != y)
            {
                if (Character.isSurrogate(x) || Character.isSurrogate(y))
                {
                    return Integer.compare(a.codePointAt(i), b.codePointAt(i));
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }

    /** AND ({@code isAnd}) or OR of BOOLEAN operands, three-valued. */
    static final class Junction extends ExprNode
    {
        private final ExprNode[] operands;
        private final boolean isAnd;

        Junction(final ExprNode[] operands, final boolean isAnd)
        {
            super(Expr.Type.BOOLEAN);
            this.operands = operands;
            this.isAnd = isAnd;
        }

        @Override
        public Vec eval(final Batch batch)
        {
            final int rows = batch.size();
            // truth as 0 false, 1 true, 2 unknown, folded with Kleene's tables
            final Vec first = operands[0].eval(batch);
            out.reset(rows);
            final long[] z = out.longs;
            for (int i = 0; i < rows; i++)
            {
                z[i] = first.isNull(i) ? 2 : first.longs[i];
            }
            for (int o = 1; o < operands.length; o++)
            {
                final Vec next = operands[o].eval(batch);
                for (int i = 0; i < rows; i++)
                {
                    final long v = next.isNull(i) ? 2 : next.longs[i];
                    final long u = z[i];
                    if (isAnd)
                    {
                        z[i] = u == 0 || v == 0 ? 0 : u == 2 || v == 2 ? 2 : 1;
                    }
                    else
                    {
                        z[i] = u == 1 || v == 1 ? 1 : u == 2 || v == 2 ? 2 : 0;
                    }
                }
            }
            for (int i = 0; i < rows; i++)
            {
                if (z[i] == 2)
                {
                    out.setNull(i);
                }
            }
            return out;
        }
    }

    /** NOT, IS [NOT] NULL, IS [NOT] TRUE/FALSE. */
    static final class Test extends ExprNode
    {
        enum Kind
        {
            NOT, IS_NULL, IS_NOT_NULL, IS_TRUE, IS_NOT_TRUE, IS_FALSE, IS_NOT_FALSE
        }

        private final ExprNode input;
        private final Kind kind;

        Test(final ExprNode input, final Kind kind)
        {
            super(Expr.Type.BOOLEAN);
            this.input = input;
            this.kind = kind;
        }

        @Override
        public Vec eval(final Batch batch)
        {
            final Vec a = input.eval(batch);
            final int rows = batch.size();
            out.reset(rows);
            final long[] z = out.longs;
            for (int i = 0; i < rows; i++)
            {
                final boolean isNull = a.isNull(i);
                final boolean isTrue = !isNull && a.type == Expr.Type.BOOLEAN && a.longs[i] != 0;
                switch (kind)
                {
                    case NOT ->
                    {
                        if (isNull)
                        {
                            out.setNull(i);
                        }
                        else
                        {
                            z[i] = isTrue ? 0 : 1;
                        }
                    }
                    case IS_NULL -> z[i] = isNull ? 1 : 0;
                    case IS_NOT_NULL -> z[i] = isNull ? 0 : 1;
                    case IS_TRUE -> z[i] = isTrue ? 1 : 0;
                    case IS_NOT_TRUE -> z[i] = isTrue ? 0 : 1;
                    case IS_FALSE -> z[i] = !isNull && !isTrue ? 1 : 0;
                    default -> z[i] = !isNull && !isTrue ? 0 : 1;
                }
            }
            return out;
        }
    }

    /** {@code CASE WHEN c1 THEN v1 ... ELSE e END} over branches of the output's type (ELSE NULL when absent). */
    static final class Case extends ExprNode
    {
        private final ExprNode[] conditions;
        private final ExprNode[] values;
        private final ExprNode otherwise;
        private final Vec[] conditionVectors;
        private final Vec[] valueVectors;

        Case(final Expr.Type type, final ExprNode[] conditions, final ExprNode[] values, final ExprNode otherwise)
        {
            super(type);
            this.conditions = conditions;
            this.values = values;
            this.otherwise = otherwise;
            this.conditionVectors = new Vec[conditions.length];
            this.valueVectors = new Vec[values.length + 1];
        }

        @Override
        public Vec eval(final Batch batch)
        {
            for (int c = 0; c < conditions.length; c++)
            {
                conditionVectors[c] = conditions[c].eval(batch);
                valueVectors[c] = values[c].eval(batch);
            }
            valueVectors[values.length] = otherwise.eval(batch);
            final int rows = batch.size();
            out.reset(rows);
            for (int i = 0; i < rows; i++)
            {
                int branch = conditions.length;
                for (int c = 0; c < conditions.length; c++)
                {
                    final Vec condition = conditionVectors[c];
                    if (!condition.isNull(i) && condition.longs[i] != 0)
                    {
                        branch = c;
                        break;
                    }
                }
                copy(valueVectors[branch], i, out);
            }
            return out;
        }
    }

    /** The first non-NULL operand. */
    static final class Coalesce extends ExprNode
    {
        private final ExprNode[] operands;
        private final Vec[] vectors;

        Coalesce(final Expr.Type type, final ExprNode[] operands)
        {
            super(type);
            this.operands = operands;
            this.vectors = new Vec[operands.length];
        }

        @Override
        public Vec eval(final Batch batch)
        {
            for (int o = 0; o < operands.length; o++)
            {
                vectors[o] = operands[o].eval(batch);
            }
            final int rows = batch.size();
            out.reset(rows);
            for (int i = 0; i < rows; i++)
            {
                int pick = operands.length - 1;
                for (int o = 0; o < operands.length; o++)
                {
                    if (!vectors[o].isNull(i))
                    {
                        pick = o;
                        break;
                    }
                }
                copy(vectors[pick], i, out);
            }
            return out;
        }
    }

    static void copy(final Vec from, final int i, final Vec to)
    {
        if (from.isNull(i))
        {
            to.setNull(i);
            return;
        }
        switch (to.type)
        {
            case DOUBLE -> to.doubles[i] = from.doubles[i];
            case STRING -> to.objects[i] = from.objects[i];
            default -> to.longs[i] = from.longs[i];
        }
    }

    /** Converts LONG, TIMESTAMP or BOOLEAN to DOUBLE (the numeric widening the compiler inserts). */
    static final class ToDouble extends ExprNode
    {
        private final ExprNode input;

        ToDouble(final ExprNode input)
        {
            super(Expr.Type.DOUBLE);
            this.input = input;
        }

        @Override
        public Vec eval(final Batch batch)
        {
            final Vec a = input.eval(batch);
            final int rows = batch.size();
            out.reset(rows);
            for (int i = 0; i < rows; i++)
            {
                if (a.isNull(i))
                {
                    out.setNull(i);
                }
                else
                {
                    out.doubles[i] = a.longs[i];
                }
            }
            return out;
        }
    }

    /** Reinterprets LONG as TIMESTAMP or BOOLEAN as LONG and back: the same longs under another type. */
    static final class Retype extends ExprNode
    {
        private final ExprNode input;

        Retype(final Expr.Type type, final ExprNode input)
        {
            super(type);
            this.input = input;
        }

        @Override
        public Vec eval(final Batch batch)
        {
            final Vec a = input.eval(batch);
            final int rows = batch.size();
            out.reset(rows);
            System.arraycopy(a.longs, 0, out.longs, 0, rows);
            if (a.hasNulls)
            {
                for (int i = 0; i < rows; i++)
                {
                    if (a.nulls[i])
                    {
                        out.setNull(i);
                    }
                }
            }
            return out;
        }
    }
}
