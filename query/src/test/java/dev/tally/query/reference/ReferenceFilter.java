package dev.tally.query.reference;

import dev.tally.query.model.Filter;

import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Evaluates a {@link Filter} on one row with SQL's three-valued logic: {@code TRUE}, {@code FALSE}, or {@code null}
 * for UNKNOWN. Comparisons with a NULL value are UNKNOWN, {@code IS NULL} never is, NOT keeps UNKNOWN, AND and OR
 * follow Kleene's tables.
 */
public final class ReferenceFilter
{
    private ReferenceFilter()
    {
    }

    /** Whether a row passes: only TRUE passes. */
    public static boolean passes(final Filter filter, final Function<String, Object> cellOf)
    {
        return filter == null || Boolean.TRUE.equals(test(filter, cellOf));
    }

    public static Boolean test(final Filter filter, final Function<String, Object> cellOf)
    {
        if (filter instanceof Filter.Equals equals)
        {
            final Object value = cellOf.apply(equals.column());
            return value == null ? null : ReferenceValues.compare(value, equals.value()) == 0;
        }
        if (filter instanceof Filter.In in)
        {
            final Object value = cellOf.apply(in.column());
            if (value == null)
            {
                return null;
            }
            for (final Object candidate : in.values())
            {
                if (ReferenceValues.compare(value, candidate) == 0)
                {
                    return true;
                }
            }
            return false;
        }
        if (filter instanceof Filter.Range range)
        {
            final Object value = cellOf.apply(range.column());
            if (value == null)
            {
                return null;
            }
            if (range.lower() != null)
            {
                final int side = ReferenceValues.compare(value, range.lower());
                if (side < 0 || (side == 0 && !range.lowerInclusive()))
                {
                    return false;
                }
            }
            if (range.upper() != null)
            {
                final int side = ReferenceValues.compare(value, range.upper());
                if (side > 0 || (side == 0 && !range.upperInclusive()))
                {
                    return false;
                }
            }
            return true;
        }
        if (filter instanceof Filter.Like like)
        {
            final Object value = cellOf.apply(like.column());
            return value == null ? null : likePattern(like.pattern(), like.escape()).matcher(text(value)).matches();
        }
        if (filter instanceof Filter.Regex regex)
        {
            final Object value = cellOf.apply(regex.column());
            return value == null ? null : Pattern.compile(regex.pattern()).matcher(text(value)).find();
        }
        if (filter instanceof Filter.IsNull isNull)
        {
            return cellOf.apply(isNull.column()) == null;
        }
        if (filter instanceof Filter.And and)
        {
            Boolean result = true;
            for (final Filter child : and.filters())
            {
                final Boolean value = test(child, cellOf);
                if (Boolean.FALSE.equals(value))
                {
                    return false;
                }
                if (value == null)
                {
                    result = null;
                }
            }
            return result;
        }
        if (filter instanceof Filter.Or or)
        {
            Boolean result = false;
            for (final Filter child : or.filters())
            {
                final Boolean value = test(child, cellOf);
                if (Boolean.TRUE.equals(value))
                {
                    return true;
                }
                if (value == null)
                {
                    result = null;
                }
            }
            return result;
        }
        if (filter instanceof Filter.Not not)
        {
            final Boolean value = test(not.filter(), cellOf);
            return value == null ? null : !value;
        }
        return ((Filter.Constant)filter).value();
    }

    private static String text(final Object value)
    {
        return value instanceof String text ? text : String.valueOf(value);
    }

    /** SQL LIKE as a whole-value Java regex: {@code %} any run of characters, {@code _} one code point. */
    public static Pattern likePattern(final String pattern, final Character escape)
    {
        final StringBuilder regex = new StringBuilder();
        final int[] codePoints = pattern.codePoints().toArray();
        for (int i = 0; i < codePoints.length; i++)
        {
            final int c = codePoints[i];
            if (escape != null && c == escape && i + 1 < codePoints.length)
            {
                regex.append(Pattern.quote(new String(Character.toChars(codePoints[++i]))));
            }
            else if (c == '%')
            {
                regex.append(".*");
            }
            else if (c == '_')
            {
                regex.append('.');
            }
            else
            {
                regex.append(Pattern.quote(new String(Character.toChars(c))));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
