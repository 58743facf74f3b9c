package dev.tally.sql.fn;

import dev.tally.storage.schema.Granularity;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/**
 * The bodies of Tally's time functions, called by generated code with Calcite's internal TIMESTAMP representation
 * (epoch millis, the connection runs in UTC). The same periods are what the rules push into native time buckets,
 * through {@link #periodOfUnit(String)}, so a query computes the same buckets whether it is pushed or not.
 */
public final class TimeFunctions
{
    private TimeFunctions()
    {
    }

    /** {@code TIME_FLOOR(ts, 'PT5M')}: the start of the ISO period's bucket holding {@code millis}, in UTC. */
    public static long timeFloor(final long millis, final String period)
    {
        return granularity(period).bucketStart(millis);
    }

    /** {@code TIME_FLOOR(ts, 'P1D', 'Europe/Berlin')}: the bucket start in a time zone. */
    public static long timeFloor(final long millis, final String period, final String zone)
    {
        return granularity(period).bucketStart(millis, zone(zone));
    }

    /** {@code DATE_TRUNC('hour', ts)}; {@code week} starts on Monday (ISO), as in PostgreSQL and DuckDB. */
    public static long dateTrunc(final String unit, final long millis)
    {
        final String lower = unit.toLowerCase(Locale.ROOT);
        if ("week".equals(lower))
        {
            final LocalDateTime time = LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
            return time.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                .toInstant(ZoneOffset.UTC).toEpochMilli();
        }
        if ("second".equals(lower))
        {
            return Math.floorDiv(millis, 1000L) * 1000L;
        }
        if ("millisecond".equals(lower) || "milliseconds".equals(lower))
        {
            return millis;
        }
        final String period = periodOfUnit(lower);
        if (period == null)
        {
            throw new IllegalArgumentException("DATE_TRUNC unit[" + unit + "] is not one of millisecond, second, " +
                "minute, hour, day, week, month, quarter, year");
        }
        return Granularity.parse(period).bucketStart(millis);
    }

    /** The ISO period a unit floors to (minute to year, no week), or {@code null}. */
    public static String periodOfUnit(final String unit)
    {
        return switch (unit.toLowerCase(Locale.ROOT))
        {
            case "minute" -> "PT1M";
            case "hour" -> "PT1H";
            case "day" -> "P1D";
            case "month" -> "P1M";
            case "quarter" -> "P3M";
            case "year" -> "P1Y";
            default -> null;
        };
    }

    /** {@code REGEXP_LIKE(value, pattern)}: a Java regex found anywhere in the value (the native Regex filter). */
    public static boolean regexpLike(final String value, final String pattern)
    {
        return java.util.regex.Pattern.compile(pattern).matcher(value).find();
    }

    static Granularity granularity(final String period)
    {
        try
        {
            return Granularity.parse(period);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("TIME_FLOOR period[" + period + "] is not an ISO period such as " +
                "PT5M, PT1H, P1D: " + ex.getMessage(), ex);
        }
    }

    static ZoneId zone(final String zone)
    {
        try
        {
            return ZoneId.of(zone);
        }
        catch (final RuntimeException ex)
        {
            throw new IllegalArgumentException("time zone[" + zone + "] is not an IANA zone id", ex);
        }
    }
}
