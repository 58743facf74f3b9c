package dev.tally.query.reference;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** How the contract compares values: strings by unsigned UTF-8 bytes, numbers numerically, NaN above everything. */
public final class ReferenceValues
{
    private ReferenceValues()
    {
    }

    public static int compareUtf8(final String left, final String right)
    {
        return Arrays.compareUnsigned(left.getBytes(StandardCharsets.UTF_8), right.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Compares a column value with a filter constant or another value of the column. Strings compare with strings
     * (a non-string constant by its text); numbers compare numerically, a string constant parsed as a number.
     */
    public static int compare(final Object value, final Object other)
    {
        if (value instanceof String text)
        {
            return compareUtf8(text, String.valueOf(other));
        }
        return compareNumbers((Number)value, toNumber(other));
    }

    public static int compareNumbers(final Number left, final Number right)
    {
        if (isIntegral(left) && isIntegral(right))
        {
            return Long.compare(left.longValue(), right.longValue());
        }
        return Double.compare(left.doubleValue(), right.doubleValue());
    }

    public static Number toNumber(final Object constant)
    {
        if (constant instanceof Number number)
        {
            return number;
        }
        final String text = String.valueOf(constant).trim();
        try
        {
            return Long.parseLong(text);
        }
        catch (final NumberFormatException ex)
        {
            return Double.parseDouble(text);
        }
    }

    private static boolean isIntegral(final Number number)
    {
        return number instanceof Long || number instanceof Integer || number instanceof Short ||
            number instanceof Byte;
    }
}
