package dev.tally.query.exec;

import dev.tally.query.expr.ExprCompiler;
import dev.tally.query.expr.ExprNode;

/**
 * Comparison and coercion of plain result values (String, Long, Double, null) with the engine's ordering: strings
 * by code point (the same order as their UTF-8 bytes, and as segment dictionaries), numbers numerically, doubles as
 * {@link Double#compare}.
 */
final class Values
{
    private Values()
    {
    }

    /** Compares two non-null values of the same kind (numbers of different kinds compare numerically). */
    static int compare(final Object a, final Object b)
    {
        return ExprCompiler.compareValues(a, b);
    }

    /** Code point order, equal to unsigned UTF-8 byte order. */
    static int compareStrings(final String a, final String b)
    {
        return ExprNode.compareStrings(a, b);
    }

    /** A filter constant as a long for a LONG column; throws when it is not an integral number. */
    static long toLong(final Object value, final String column)
    {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte)
        {
            return ((Number)value).longValue();
        }
        if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue()))
        {
            return number.longValue();
        }
        if (value instanceof String text)
        {
            try
            {
                return Long.parseLong(text.trim());
            }
            catch (final NumberFormatException ignored)
            {
                // fall through to the error
            }
        }
        throw new QueryException(QueryException.Kind.INVALID,
            "value[" + value + "] is not a whole number for column[" + column + "]");
    }

    static double toDouble(final Object value, final String column)
    {
        if (value instanceof Number number)
        {
            return number.doubleValue();
        }
        if (value instanceof String text)
        {
            try
            {
                return Double.parseDouble(text.trim());
            }
            catch (final NumberFormatException ignored)
            {
                // fall through to the error
            }
        }
        throw new QueryException(QueryException.Kind.INVALID,
            "value[" + value + "] is not a number for column[" + column + "]");
    }

    static String toText(final Object value)
    {
        return value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d) ?
            String.valueOf(d.longValue()) : String.valueOf(value);
    }
}
