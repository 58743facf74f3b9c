package dev.tally.query.expr;

import dev.tally.query.model.Expr;

import java.util.Arrays;

/**
 * The values of one expression (or input column) for a batch of rows, in primitive arrays reused from batch to
 * batch: LONG, TIMESTAMP and BOOLEAN (1 or 0) in {@link #longs}, DOUBLE in {@link #doubles}, STRING in
 * {@link #objects}. NULLs are flagged in {@link #nulls}, which is only read when {@link #hasNulls}. Owned by one
 * thread.
 */
public final class Vec
{
    public final Expr.Type type;
    public long[] longs = new long[0];
    public double[] doubles = new double[0];
    public Object[] objects = new Object[0];
    public boolean[] nulls = new boolean[0];
    public boolean hasNulls;
    public int size;

    public Vec(final Expr.Type type)
    {
        this.type = type;
    }

    /** Makes room for {@code rows} values, none NULL yet. */
    public Vec reset(final int rows)
    {
        if (type == Expr.Type.DOUBLE)
        {
            if (doubles.length < rows)
            {
                doubles = new double[grown(rows)];
            }
        }
        else if (type == Expr.Type.STRING)
        {
            if (objects.length < rows)
            {
                objects = new Object[grown(rows)];
            }
        }
        else if (longs.length < rows)
        {
            longs = new long[grown(rows)];
        }
        size = rows;
        hasNulls = false;
        return this;
    }

    private static int grown(final int rows)
    {
        return Math.max(rows, 64);
    }

    public void setNull(final int row)
    {
        if (!hasNulls)
        {
            if (nulls.length < size)
            {
                nulls = new boolean[Math.max(size, 64)];
            }
            else
            {
                Arrays.fill(nulls, 0, size, false);
            }
            hasNulls = true;
        }
        nulls[row] = true;
        if (type == Expr.Type.STRING)
        {
            objects[row] = null;
        }
    }

    public boolean isNull(final int row)
    {
        return hasNulls && nulls[row];
    }

    /** Row {@code row} as a Long, Double, String or Boolean, or null. Cold paths only. */
    public Object get(final int row)
    {
        if (isNull(row))
        {
            return null;
        }
        return switch (type)
        {
            case LONG, TIMESTAMP -> longs[row];
            case DOUBLE -> doubles[row];
            case STRING -> objects[row];
            case BOOLEAN -> longs[row] != 0;
        };
    }

    /** Row {@code row} of a numeric vector as a double. */
    public double asDouble(final int row)
    {
        return type == Expr.Type.DOUBLE ? doubles[row] : longs[row];
    }
}
