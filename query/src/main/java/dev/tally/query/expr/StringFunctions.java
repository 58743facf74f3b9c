package dev.tally.query.expr;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Druid's string functions that standard SQL lacks. Strict: the SQL layer answers NULL for a NULL argument before
 * calling these. Lengths and positions count UTF-16 chars, as Druid's do. Regular expressions are Java's, compiled
 * once per pattern.
 */
public final class StringFunctions
{
    private static final int CACHE_LIMIT = 1024;
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    private StringFunctions()
    {
    }

    /** {@code REGEXP_LIKE(value, pattern)}: the pattern found anywhere in the value. */
    public static boolean regexpLike(final String value, final String pattern)
    {
        return pattern(pattern, "REGEXP_LIKE").matcher(value).find();
    }

    /** {@code REGEXP_EXTRACT(value, pattern[, group])}: the group of the first match, or NULL when none matches. */
    public static String regexpExtract(final String value, final String pattern, final int group)
    {
        final Matcher matcher = pattern(pattern, "REGEXP_EXTRACT").matcher(value);
        if (!matcher.find())
        {
            return null;
        }
        if (group < 0 || group > matcher.groupCount())
        {
            throw new IllegalArgumentException("REGEXP_EXTRACT group[" + group + "] is not in 0.." +
                matcher.groupCount() + " for pattern[" + pattern + "]");
        }
        return matcher.group(group);
    }

    /** {@code REGEXP_REPLACE(value, pattern, replacement)}: every match replaced; {@code $1} names a group. */
    public static String regexpReplace(final String value, final String pattern, final String replacement)
    {
        return pattern(pattern, "REGEXP_REPLACE").matcher(value).replaceAll(replacement);
    }

    /** {@code STRPOS(value, search)}: 1-based index of the first occurrence, 0 when absent. */
    public static int strpos(final String value, final String search)
    {
        return value.indexOf(search) + 1;
    }

    /** {@code CONTAINS_STRING(value, search)}. */
    public static boolean contains(final String value, final String search)
    {
        return value.contains(search);
    }

    /** {@code ICONTAINS_STRING(value, search)}: ignoring case. */
    public static boolean containsIgnoreCase(final String value, final String search)
    {
        return value.toLowerCase(Locale.ROOT).contains(search.toLowerCase(Locale.ROOT));
    }

    /** {@code LEFT(value, n)}: the first n chars. */
    public static String left(final String value, final int n)
    {
        checkLength(n, "LEFT");
        return value.length() <= n ? value : value.substring(0, n);
    }

    /** {@code RIGHT(value, n)}: the last n chars. */
    public static String right(final String value, final int n)
    {
        checkLength(n, "RIGHT");
        return value.length() <= n ? value : value.substring(value.length() - n);
    }

    /** {@code LPAD(value, length[, chars])}: padded on the left (or cut) to {@code length}; chars default space. */
    public static String lpad(final String value, final int length, final String chars)
    {
        return pad(value, length, chars, true);
    }

    /** {@code RPAD(value, length[, chars])}. */
    public static String rpad(final String value, final int length, final String chars)
    {
        return pad(value, length, chars, false);
    }

    private static String pad(final String value, final int length, final String chars, final boolean isLeft)
    {
        checkLength(length, isLeft ? "LPAD" : "RPAD");
        if (value.length() >= length)
        {
            return value.substring(0, length);
        }
        if (chars.isEmpty())
        {
            return value;
        }
        final StringBuilder padding = new StringBuilder(length);
        while (padding.length() < length - value.length())
        {
            padding.append(chars);
        }
        padding.setLength(length - value.length());
        return isLeft ? padding + value : value + padding;
    }

    /** {@code REPEAT(value, n)}: NULL-free; n below 1 gives the empty string. */
    public static String repeat(final String value, final int n)
    {
        if ((long)value.length() * Math.max(0, n) > 10_000_000L)
        {
            throw new IllegalArgumentException("REPEAT would build a string of more than 10,000,000 chars");
        }
        return n <= 0 ? "" : value.repeat(n);
    }

    /** {@code REVERSE(value)}, by code point (a surrogate pair stays whole). */
    public static String reverse(final String value)
    {
        return new StringBuilder(value).reverse().toString();
    }

    /** {@code BTRIM/LTRIM/RTRIM(value[, chars])}: every char in {@code chars} removed from the chosen ends. */
    public static String trim(final String value, final String chars, final boolean isLeading, final boolean isTrailing)
    {
        int start = 0;
        int end = value.length();
        while (isLeading && start < end && chars.indexOf(value.charAt(start)) >= 0)
        {
            start++;
        }
        while (isTrailing && end > start && chars.indexOf(value.charAt(end - 1)) >= 0)
        {
            end--;
        }
        return value.substring(start, end);
    }

    /**
     * {@code STRING_FORMAT(pattern, args...)}: Java's {@link String#format} as Druid's; arguments arrive as strings
     * (SQL casts them), and a numeric conversion such as {@code %d} or {@code %.2f} reads its argument as a number.
     */
    public static String format(final String pattern, final String... args)
    {
        try
        {
            return String.format(Locale.ROOT, pattern, (Object[])args);
        }
        catch (final java.util.IllegalFormatConversionException ex)
        {
            final Object[] numbers = new Object[args.length];
            for (int i = 0; i < args.length; i++)
            {
                numbers[i] = number(args[i]);
            }
            try
            {
                return String.format(Locale.ROOT, pattern, numbers);
            }
            catch (final java.util.IllegalFormatException again)
            {
                throw new IllegalArgumentException("STRING_FORMAT pattern[" + pattern + "] does not fit its " +
                    "arguments: " + again.getMessage(), again);
            }
        }
        catch (final java.util.IllegalFormatException ex)
        {
            throw new IllegalArgumentException("STRING_FORMAT pattern[" + pattern + "] does not fit its arguments: " +
                ex.getMessage(), ex);
        }
    }

    private static Object number(final String text)
    {
        if (text == null)
        {
            return null;
        }
        try
        {
            return Long.parseLong(text.trim());
        }
        catch (final NumberFormatException notLong)
        {
            try
            {
                return Double.parseDouble(text.trim());
            }
            catch (final NumberFormatException notDouble)
            {
                return text;
            }
        }
    }

    /** {@code PARSE_LONG(value[, radix])}: NULL when the text is not a number in that radix. */
    public static Long parseLong(final String value, final int radix)
    {
        try
        {
            return Long.parseLong(value.trim(), radix);
        }
        catch (final NumberFormatException ex)
        {
            return null;
        }
    }

    private static void checkLength(final int n, final String function)
    {
        if (n < 0)
        {
            throw new IllegalArgumentException(function + " length[" + n + "] must not be negative");
        }
    }

    static Pattern pattern(final String pattern, final String function)
    {
        final Pattern hit = PATTERNS.get(pattern);
        if (hit != null)
        {
            return hit;
        }
        final Pattern compiled;
        try
        {
            compiled = Pattern.compile(pattern);
        }
        catch (final PatternSyntaxException ex)
        {
            throw new IllegalArgumentException(function + " pattern[" + pattern + "] is not a regular expression: " +
                ex.getDescription(), ex);
        }
        if (PATTERNS.size() >= CACHE_LIMIT)
        {
            PATTERNS.clear();
        }
        PATTERNS.put(pattern, compiled);
        return compiled;
    }

    /** SQL {@code LIKE} as a regex matching the whole value: {@code %}, {@code _}, an optional escape. */
    public static Pattern likePattern(final String like, final Character escape)
    {
        // By code point: quoting the halves of a surrogate pair apart would never match the pair.
        final StringBuilder regex = new StringBuilder();
        final int[] codePoints = like.codePoints().toArray();
        for (int i = 0; i < codePoints.length; i++)
        {
            final int c = codePoints[i];
            if (escape != null && c == escape && i + 1 < codePoints.length)
            {
                regex.append(Pattern.quote(Character.toString(codePoints[++i])));
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
                regex.append(Pattern.quote(Character.toString(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
