package dev.tally.sql.fn;

import dev.tally.query.expr.StringFunctions;
import dev.tally.query.expr.TimeFunctions;
import dev.tally.sql.rel.ExecutionScope;

/**
 * What generated code calls for Druid's scalar functions, in Calcite's internal representations (TIMESTAMP as epoch
 * millis, the session runs in UTC). Boxed arguments may be NULL: an optional argument given as NULL takes its
 * default (origin none, zone the query's {@code sqlTimeZone}), a NULL value gives NULL. The bodies live in
 * {@code dev.tally.query.expr}, shared with the engine.
 */
public final class DruidFunctions
{
    private DruidFunctions()
    {
    }

    private static String zone(final String zone)
    {
        return zone != null ? zone : ExecutionScope.timeZone();
    }

    public static Long timeFloor(final Long millis, final String period)
    {
        return timeFloor(millis, period, null, null);
    }

    public static Long timeFloor(final Long millis, final String period, final Long origin)
    {
        return timeFloor(millis, period, origin, null);
    }

    public static Long timeFloor(final Long millis, final String period, final Long origin, final String zone)
    {
        return millis == null || period == null ? null : TimeFunctions.floor(millis, period, origin, zone(zone));
    }

    public static Long timeCeil(final Long millis, final String period)
    {
        return timeCeil(millis, period, null, null);
    }

    public static Long timeCeil(final Long millis, final String period, final Long origin)
    {
        return timeCeil(millis, period, origin, null);
    }

    public static Long timeCeil(final Long millis, final String period, final Long origin, final String zone)
    {
        return millis == null || period == null ? null : TimeFunctions.ceil(millis, period, origin, zone(zone));
    }

    public static Long timeShift(final Long millis, final String period, final Long step)
    {
        return timeShift(millis, period, step, null);
    }

    public static Long timeShift(final Long millis, final String period, final Long step, final String zone)
    {
        return millis == null || period == null || step == null ? null :
            TimeFunctions.shift(millis, period, step, zone(zone));
    }

    public static Long timeExtract(final Long millis)
    {
        return timeExtract(millis, "MILLISECOND", null);
    }

    public static Long timeExtract(final Long millis, final String unit)
    {
        return timeExtract(millis, unit, null);
    }

    public static Long timeExtract(final Long millis, final String unit, final String zone)
    {
        return millis == null || unit == null ? null : TimeFunctions.extract(millis, unit, zone(zone));
    }

    public static String timeFormat(final Long millis)
    {
        return timeFormat(millis, null, null);
    }

    public static String timeFormat(final Long millis, final String pattern)
    {
        return timeFormat(millis, pattern, null);
    }

    public static String timeFormat(final Long millis, final String pattern, final String zone)
    {
        return millis == null ? null : TimeFunctions.format(millis, pattern, zone(zone));
    }

    public static Long timeParse(final String text)
    {
        return timeParse(text, null, null);
    }

    public static Long timeParse(final String text, final String pattern)
    {
        return timeParse(text, pattern, null);
    }

    public static Long timeParse(final String text, final String pattern, final String zone)
    {
        return TimeFunctions.parse(text, pattern, zone(zone));
    }

    /** {@code DATE_TRUNC(unit, t)} in the query's time zone. */
    public static Long dateTrunc(final String unit, final Long millis)
    {
        return unit == null || millis == null ? null : TimeFunctions.truncate(unit, millis, zone(null));
    }

    /** {@code TIME_IN_INTERVAL(t, 'start/end')}: start inclusive, end exclusive, ISO-8601 instants. */
    public static Boolean timeInInterval(final Long millis, final String interval)
    {
        if (millis == null || interval == null)
        {
            return null;
        }
        final long[] bounds = interval(interval);
        return millis >= bounds[0] && millis < bounds[1];
    }

    /**
     * An ISO-8601 interval as {@code [start, end)} epoch milliseconds: {@code start/end}, {@code start/period} or
     * {@code period/end}; an error naming it otherwise.
     */
    public static long[] interval(final String interval)
    {
        final int slash = interval.indexOf('/');
        final String first = slash < 0 ? "" : interval.substring(0, slash).trim();
        final String second = slash < 0 ? "" : interval.substring(slash + 1).trim();
        Long start = first.startsWith("P") ? null : TimeFunctions.parse(first, null, null);
        Long end = second.startsWith("P") ? null : TimeFunctions.parse(second, null, null);
        try
        {
            // start/period and period/end, as ISO-8601 and Druid allow
            if (start != null && end == null && second.startsWith("P"))
            {
                end = TimeFunctions.shift(start, second, 1, null);
            }
            else if (start == null && end != null && first.startsWith("P"))
            {
                start = TimeFunctions.shift(end, first, -1, null);
            }
        }
        catch (final IllegalArgumentException ex)
        {
            start = null;
        }
        if (start == null || end == null)
        {
            throw new IllegalArgumentException("TIME_IN_INTERVAL interval[" + interval + "] is not an ISO-8601 " +
                "interval such as 2026-01-01T00:00Z/2026-01-02T00:00Z or 2026-01-01/P1D");
        }
        return new long[] {start, end};
    }

    public static Long millisToTimestamp(final Long millis)
    {
        return millis;
    }

    public static Long timestampToMillis(final Long millis)
    {
        return millis;
    }

    public static String regexpExtract(final String value, final String pattern)
    {
        return regexpExtract(value, pattern, 0);
    }

    public static String regexpExtract(final String value, final String pattern, final Integer group)
    {
        return value == null || pattern == null || group == null ? null :
            StringFunctions.regexpExtract(value, pattern, group);
    }

    public static String lpad(final String value, final Integer length)
    {
        return lpad(value, length, " ");
    }

    public static String lpad(final String value, final Integer length, final String chars)
    {
        return value == null || length == null || chars == null ? null : StringFunctions.lpad(value, length, chars);
    }

    public static String rpad(final String value, final Integer length)
    {
        return rpad(value, length, " ");
    }

    public static String rpad(final String value, final Integer length, final String chars)
    {
        return value == null || length == null || chars == null ? null : StringFunctions.rpad(value, length, chars);
    }

    public static String btrim(final String value)
    {
        return btrim(value, " ");
    }

    public static String btrim(final String value, final String chars)
    {
        return value == null || chars == null ? null : StringFunctions.trim(value, chars, true, true);
    }

    public static String ltrim(final String value)
    {
        return ltrim(value, " ");
    }

    public static String ltrim(final String value, final String chars)
    {
        return value == null || chars == null ? null : StringFunctions.trim(value, chars, true, false);
    }

    public static String rtrim(final String value)
    {
        return rtrim(value, " ");
    }

    public static String rtrim(final String value, final String chars)
    {
        return value == null || chars == null ? null : StringFunctions.trim(value, chars, false, true);
    }

    public static Long parseLong(final String value)
    {
        return parseLong(value, 10);
    }

    public static Long parseLong(final String value, final Integer radix)
    {
        return value == null || radix == null ? null : StringFunctions.parseLong(value, radix);
    }

    public static String stringFormat(final String pattern)
    {
        return format(pattern);
    }

    public static String stringFormat(final String pattern, final String a)
    {
        return format(pattern, a);
    }

    public static String stringFormat(final String pattern, final String a, final String b)
    {
        return format(pattern, a, b);
    }

    public static String stringFormat(final String pattern, final String a, final String b, final String c)
    {
        return format(pattern, a, b, c);
    }

    public static String stringFormat(final String pattern, final String a, final String b, final String c,
        final String d)
    {
        return format(pattern, a, b, c, d);
    }

    public static String stringFormat(final String pattern, final String a, final String b, final String c,
        final String d, final String e)
    {
        return format(pattern, a, b, c, d, e);
    }

    public static String stringFormat(final String pattern, final String a, final String b, final String c,
        final String d, final String e, final String f)
    {
        return format(pattern, a, b, c, d, e, f);
    }

    /** {@code STRING_FORMAT(pattern, ...)}: a NULL argument prints as {@code null}, as in Druid. */
    private static String format(final String pattern, final String... args)
    {
        return pattern == null ? null : StringFunctions.format(pattern, args);
    }
}
