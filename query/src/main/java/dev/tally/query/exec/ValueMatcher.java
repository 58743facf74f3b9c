package dev.tally.query.exec;

import dev.tally.query.model.Filter;
import dev.tally.storage.schema.ValueType;
import org.agrona.collections.LongHashSet;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A leaf filter ({@code equals}, {@code in}, {@code range}, {@code like}, {@code regex}) compiled for one column type
 * into a test of one non-NULL value. Doubles compare numerically with {@code -0.0 == 0.0} and NaN above everything
 * (equal to itself). Immutable and thread-safe.
 */
final class ValueMatcher
{
    private final ValueType type;
    private final String column;
    private final Filter leaf;
    private final Set<String> strings;
    private final LongHashSet longs;
    private final double[] doubles;
    private final Pattern pattern;
    private final boolean isPrefixLike;
    private final String likePrefix;

    ValueMatcher(final Filter leaf, final String column, final ValueType type)
    {
        this.leaf = leaf;
        this.column = column;
        this.type = type;
        Set<String> stringSet = null;
        LongHashSet longSet = null;
        double[] doubleSet = null;
        Pattern compiled = null;
        String prefix = null;
        if (leaf instanceof Filter.Equals equals)
        {
            stringSet = new HashSet<>();
            longSet = new LongHashSet();
            doubleSet = collect(java.util.List.of(equals.value()), stringSet, longSet);
        }
        else if (leaf instanceof Filter.In in)
        {
            stringSet = new HashSet<>();
            longSet = new LongHashSet();
            doubleSet = collect(in.values(), stringSet, longSet);
        }
        else if (leaf instanceof Filter.Like like)
        {
            compiled = likePattern(like.pattern(), like.escape());
            prefix = pureLikePrefix(like.pattern(), like.escape());
        }
        else if (leaf instanceof Filter.Regex regex)
        {
            try
            {
                compiled = Pattern.compile(regex.pattern());
            }
            catch (final PatternSyntaxException ex)
            {
                throw new QueryException(QueryException.Kind.INVALID,
                    "bad regex[" + regex.pattern() + "] for column[" + column + "]: " + ex.getDescription());
            }
        }
        else if (!(leaf instanceof Filter.Range))
        {
            throw new IllegalArgumentException("not a value filter: " + leaf);
        }
        this.strings = stringSet;
        this.longs = longSet;
        this.doubles = doubleSet;
        this.pattern = compiled;
        this.isPrefixLike = prefix != null;
        this.likePrefix = prefix;
    }

    Filter leaf()
    {
        return leaf;
    }

    /** For {@code LIKE 'abc%'} (no other wildcard): the prefix; otherwise {@code null}. */
    String likePrefix()
    {
        return isPrefixLike ? likePrefix : null;
    }

    private double[] collect(final java.util.List<Object> values, final Set<String> stringSet,
        final LongHashSet longSet)
    {
        final double[] numbers = new double[values.size()];
        int count = 0;
        for (final Object value : values)
        {
            if (value == null)
            {
                continue; // x IN (NULL) is never true
            }
            switch (type)
            {
                case STRING -> stringSet.add(Values.toText(value));
                case LONG ->
                {
                    final double asDouble = Values.toDouble(value, column);
                    if (asDouble == Math.rint(asDouble) && !Double.isInfinite(asDouble))
                    {
                        longSet.add(value instanceof Long l ? (long)l : (long)asDouble);
                    }
                }
                default -> numbers[count++] = Values.toDouble(value, column);
            }
        }
        return java.util.Arrays.copyOf(numbers, count);
    }

    boolean matches(final String value)
    {
        if (pattern != null)
        {
            return leaf instanceof Filter.Like ? pattern.matcher(value).matches() : pattern.matcher(value).find();
        }
        if (strings != null)
        {
            return strings.contains(value);
        }
        final Filter.Range range = (Filter.Range)leaf;
        if (range.lower() != null)
        {
            final int cmp = Values.compareStrings(value, Values.toText(range.lower()));
            if (cmp < 0 || (cmp == 0 && !range.lowerInclusive()))
            {
                return false;
            }
        }
        if (range.upper() != null)
        {
            final int cmp = Values.compareStrings(value, Values.toText(range.upper()));
            return cmp < 0 || (cmp == 0 && range.upperInclusive());
        }
        return true;
    }

    boolean matches(final long value)
    {
        if (pattern != null)
        {
            return matches(Long.toString(value));
        }
        if (longs != null)
        {
            return longs.contains(value);
        }
        final Filter.Range range = (Filter.Range)leaf;
        if (range.lower() != null)
        {
            final double lower = Values.toDouble(range.lower(), column);
            final int cmp = compareLong(value, range.lower(), lower);
            if (cmp < 0 || (cmp == 0 && !range.lowerInclusive()))
            {
                return false;
            }
        }
        if (range.upper() != null)
        {
            final double upper = Values.toDouble(range.upper(), column);
            final int cmp = compareLong(value, range.upper(), upper);
            return cmp < 0 || (cmp == 0 && range.upperInclusive());
        }
        return true;
    }

    boolean matches(final double value)
    {
        if (pattern != null)
        {
            return matches(Values.toText(value));
        }
        if (doubles != null)
        {
            for (final double candidate : doubles)
            {
                if (compareDoubles(value, candidate) == 0)
                {
                    return true;
                }
            }
            return false;
        }
        final Filter.Range range = (Filter.Range)leaf;
        if (range.lower() != null)
        {
            final int cmp = compareDoubles(value, Values.toDouble(range.lower(), column));
            if (cmp < 0 || (cmp == 0 && !range.lowerInclusive()))
            {
                return false;
            }
        }
        if (range.upper() != null)
        {
            final int cmp = compareDoubles(value, Values.toDouble(range.upper(), column));
            return cmp < 0 || (cmp == 0 && range.upperInclusive());
        }
        return true;
    }

    /** Numeric order with -0.0 == 0.0 and NaN greatest. */
    static int compareDoubles(final double a, final double b)
    {
        return a == b ? 0 : Double.compare(a, b);
    }

    /** Compares a long with a bound given as an object (exact for integral bounds, numeric otherwise). */
    private int compareLong(final long value, final Object bound, final double boundAsDouble)
    {
        if (bound instanceof Long || bound instanceof Integer)
        {
            return Long.compare(value, ((Number)bound).longValue());
        }
        if (boundAsDouble == Math.rint(boundAsDouble) && Math.abs(boundAsDouble) < 9.0e15)
        {
            return Long.compare(value, (long)boundAsDouble);
        }
        return compareDoubles(value, boundAsDouble);
    }

    /** SQL LIKE as a whole-value regex: {@code %} any run, {@code _} one character, the escape makes either literal. */
    static Pattern likePattern(final String like, final Character escape)
    {
        return dev.tally.query.expr.StringFunctions.likePattern(like, escape);
    }

    /** {@code abc%} with no other wildcard or escape gives {@code abc}; anything else {@code null}. */
    private static String pureLikePrefix(final String like, final Character escape)
    {
        if (!like.endsWith("%") || like.length() < 2)
        {
            return null;
        }
        final String prefix = like.substring(0, like.length() - 1);
        if (prefix.indexOf('%') >= 0 || prefix.indexOf('_') >= 0 || (escape != null && prefix.indexOf(escape) >= 0))
        {
            return null;
        }
        return prefix;
    }
}
