package dev.tally.query.expr;

import dev.tally.storage.schema.Granularity;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalAdjusters;
import java.time.temporal.TemporalQueries;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Druid's time functions over epoch milliseconds (a SQL {@code TIMESTAMP} is UTC milliseconds everywhere in Tally).
 * Periods are ISO-8601 ({@code PT15M}, {@code P1D}, {@code P1W}, {@code P3M}); a {@code null} zone means UTC; an
 * {@code origin} anchors period buckets as in Druid's {@code TIME_FLOOR(expr, period, origin, timezone)}. Patterns
 * are Joda-style as Druid reads them (see {@link #formatter}). Arguments that cannot be read (a bad period, zone or
 * unit) throw {@link IllegalArgumentException} naming the function and the value; a string {@code TIME_PARSE}
 * cannot read is {@code null}, as in Druid.
 */
public final class TimeFunctions
{
    /** Druid's default {@code TIME_FORMAT} output, ISO-8601 with milliseconds: {@code 2026-01-02T03:04:05.000Z}. */
    private static final DateTimeFormatter ISO_OUTPUT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX",
        Locale.ROOT);
    /** English names (Joda's default), ISO weeks (Monday, four days) for {@code w} and {@code x} as Joda reads them. */
    private static final Locale PATTERN_LOCALE = Locale.forLanguageTag("en-US-u-rg-dezzzz");
    private static final int CACHE_LIMIT = 1024;
    private static final Map<String, Granularity> PERIODS = new ConcurrentHashMap<>();
    private static final Map<String, ZoneId> ZONES = new ConcurrentHashMap<>();
    private static final Map<String, DateTimeFormatter> FORMATTERS = new ConcurrentHashMap<>();

    private TimeFunctions()
    {
    }

    // ------------------------------------------------------------------ floor, ceil, shift

    /** {@code TIME_FLOOR(t, period)} in UTC. */
    public static long floor(final long millis, final String period)
    {
        return period(period, "TIME_FLOOR").bucketStart(millis);
    }

    /**
     * {@code TIME_FLOOR(t, period, origin, zone)}: the start of the bucket holding {@code millis}; buckets are the
     * period's local-time buckets in {@code zone}, or with an {@code origin} the instants origin + k × period.
     */
    public static long floor(final long millis, final String period, final Long origin, final String zone)
    {
        final Granularity granularity = period(period, "TIME_FLOOR");
        final ZoneId zoneId = zone(zone);
        if (origin == null)
        {
            return granularity.bucketStart(millis, zoneId);
        }
        if (granularity.isFixed() && granularity.durationMillis() % Granularity.DAY_MILLIS != 0)
        {
            // sub-day periods are fixed lengths of time: the zone does not move their boundaries
            final long length = granularity.durationMillis();
            return origin + Math.floorDiv(millis - origin, length) * length;
        }
        final ZonedDateTime start = Instant.ofEpochMilli(origin).atZone(zoneId);
        final ZonedDateTime time = Instant.ofEpochMilli(millis).atZone(zoneId);
        long steps = granularity.isFixed() ?
            ChronoUnit.DAYS.between(start.toLocalDateTime(), time.toLocalDateTime()) /
                (granularity.durationMillis() / Granularity.DAY_MILLIS) :
            ChronoUnit.MONTHS.between(start.toLocalDateTime(), time.toLocalDateTime()) / granularity.months();
        ZonedDateTime bucket = step(start, granularity, steps);
        // between() truncates toward zero: settle on the last boundary at or before the time
        while (bucket.toInstant().toEpochMilli() > millis)
        {
            bucket = step(start, granularity, --steps);
        }
        while (step(start, granularity, steps + 1).toInstant().toEpochMilli() <= millis)
        {
            bucket = step(start, granularity, ++steps);
        }
        return bucket.toInstant().toEpochMilli();
    }

    /** {@code TIME_CEIL(t, period[, origin[, zone]])}: {@code t} itself on a boundary, else the next boundary. */
    public static long ceil(final long millis, final String period, final Long origin, final String zone)
    {
        final long floor = floor(millis, period, origin, zone);
        if (floor == millis)
        {
            return millis;
        }
        final Granularity granularity = period(period, "TIME_CEIL");
        if (origin == null)
        {
            return granularity.nextBucketStart(floor, zone(zone));
        }
        return shift(floor, period, 1, zone);
    }

    /** {@code TIME_SHIFT(t, period, step[, zone])}: {@code t} moved by {@code step} periods in local time of the zone. */
    public static long shift(final long millis, final String period, final long step, final String zone)
    {
        final Granularity granularity = period(period, "TIME_SHIFT");
        if (granularity.isFixed() && granularity.durationMillis() % Granularity.DAY_MILLIS != 0)
        {
            return millis + Math.multiplyExact(granularity.durationMillis(), step);
        }
        return step(Instant.ofEpochMilli(millis).atZone(zone(zone)), granularity, step).toInstant().toEpochMilli();
    }

    private static ZonedDateTime step(final ZonedDateTime from, final Granularity granularity, final long steps)
    {
        return granularity.isFixed() ?
            from.plusDays(steps * (granularity.durationMillis() / Granularity.DAY_MILLIS)) :
            from.plusMonths(steps * granularity.months());
    }

    // ------------------------------------------------------------------ truncate, extract

    /**
     * {@code DATE_TRUNC(unit, t)}: milliseconds to millennium; {@code week} starts on Monday (ISO), as in Druid,
     * PostgreSQL and DuckDB.
     */
    public static long truncate(final String unit, final long millis, final String zone)
    {
        final String lower = unit.toLowerCase(Locale.ROOT);
        final ZoneId zoneId = zone(zone);
        switch (lower)
        {
            case "millisecond", "milliseconds" ->
            {
                return millis;
            }
            case "second", "seconds" ->
            {
                return Math.floorDiv(millis, 1000L) * 1000L;
            }
            case "week", "weeks" ->
            {
                return Instant.ofEpochMilli(millis).atZone(zoneId).truncatedTo(ChronoUnit.DAYS)
                    .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toInstant().toEpochMilli();
            }
            case "decade", "decades", "century", "centuries", "millennium", "millennia" ->
            {
                final ZonedDateTime time = Instant.ofEpochMilli(millis).atZone(zoneId);
                final int span = lower.startsWith("decade") ? 10 : lower.startsWith("centur") ? 100 : 1000;
                // PostgreSQL's and Druid's: a century starts in a year ending in 01 (2001), a decade in 0 (2020)
                final int year = span == 10 ? Math.floorDiv(time.getYear(), 10) * 10 :
                    Math.floorDiv(time.getYear() - 1, span) * span + 1;
                return LocalDate.of(year, 1, 1).atStartOfDay(zoneId).toInstant().toEpochMilli();
            }
            default ->
            {
                final String period = periodOfUnit(lower);
                if (period == null)
                {
                    throw new IllegalArgumentException("DATE_TRUNC unit[" + unit + "] is not one of millisecond, " +
                        "second, minute, hour, day, week, month, quarter, year, decade, century, millennium");
                }
                return period(period, "DATE_TRUNC").bucketStart(millis, zoneId);
            }
        }
    }

    /** The ISO period a unit floors to (minute to year; weeks start on Monday), or {@code null}. */
    public static String periodOfUnit(final String unit)
    {
        return switch (unit.toLowerCase(Locale.ROOT))
        {
            case "minute", "minutes" -> "PT1M";
            case "hour", "hours" -> "PT1H";
            case "day", "days" -> "P1D";
            case "week", "weeks" -> "P1W";
            case "month", "months" -> "P1M";
            case "quarter", "quarters" -> "P3M";
            case "year", "years" -> "P1Y";
            default -> null;
        };
    }

    /**
     * {@code TIME_EXTRACT(t, unit[, zone])}, Druid's units: {@code EPOCH} (seconds), {@code MILLISECOND},
     * {@code SECOND}, {@code MINUTE}, {@code HOUR}, {@code DAY} (of month), {@code DOW} and {@code ISODOW} (1 Monday
     * to 7 Sunday), {@code DOY}, {@code WEEK} (ISO week of the year), {@code MONTH}, {@code QUARTER}, {@code YEAR},
     * {@code ISOYEAR}, {@code DECADE}, {@code CENTURY}, {@code MILLENNIUM}.
     */
    public static long extract(final long millis, final String unit, final String zone)
    {
        final String upper = unit.toUpperCase(Locale.ROOT);
        if ("EPOCH".equals(upper))
        {
            return Math.floorDiv(millis, 1000L);
        }
        final ZonedDateTime time = Instant.ofEpochMilli(millis).atZone(zone(zone));
        return switch (upper)
        {
            case "MILLISECOND", "MILLISECONDS" -> time.get(ChronoField.MILLI_OF_SECOND);
            case "SECOND" -> time.getSecond();
            case "MINUTE" -> time.getMinute();
            case "HOUR" -> time.getHour();
            case "DAY" -> time.getDayOfMonth();
            case "DOW", "ISODOW" -> time.getDayOfWeek().getValue();
            case "DOY" -> time.getDayOfYear();
            case "WEEK" -> time.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            case "MONTH" -> time.getMonthValue();
            case "QUARTER" -> time.get(IsoFields.QUARTER_OF_YEAR);
            case "YEAR" -> time.getYear();
            case "ISOYEAR" -> time.get(IsoFields.WEEK_BASED_YEAR);
            case "DECADE" -> Math.floorDiv(time.getYear(), 10);
            case "CENTURY" -> Math.floorDiv(time.getYear() - 1, 100) + 1;
            case "MILLENNIUM" -> Math.floorDiv(time.getYear() - 1, 1000) + 1;
            default -> throw new IllegalArgumentException("TIME_EXTRACT unit[" + unit + "] is not one of EPOCH, " +
                "MILLISECOND, SECOND, MINUTE, HOUR, DAY, DOW, ISODOW, DOY, WEEK, MONTH, QUARTER, YEAR, ISOYEAR, " +
                "DECADE, CENTURY, MILLENNIUM");
        };
    }

    // ------------------------------------------------------------------ format, parse

    /** {@code TIME_FORMAT(t[, pattern[, zone]])}; without a pattern ISO-8601 with milliseconds. */
    public static String format(final long millis, final String pattern, final String zone)
    {
        final ZonedDateTime time = Instant.ofEpochMilli(millis).atZone(zone(zone));
        return (pattern == null ? ISO_OUTPUT : formatter(pattern)).format(time);
    }

    /**
     * {@code TIME_PARSE(text[, pattern[, zone]])}: epoch millis, or {@code null} when the text does not parse. Without
     * a pattern, ISO-8601 as Druid reads it: a date, optionally {@code T} (or a space) and a time with optional
     * seconds and fraction, optionally {@code Z} or an offset; a time without an offset is local time in the zone.
     */
    public static Long parse(final String text, final String pattern, final String zone)
    {
        if (text == null)
        {
            return null;
        }
        final ZoneId zoneId = zone(zone);
        try
        {
            if (pattern == null)
            {
                return parseIso(text.trim(), zoneId);
            }
            return toMillis(formatter(pattern).parse(text), zoneId);
        }
        catch (final java.time.DateTimeException ex)
        {
            return null;
        }
    }

    private static Long parseIso(final String text, final ZoneId zone)
    {
        if (text.length() <= 10)
        {
            return LocalDate.parse(text).atStartOfDay(zone).toInstant().toEpochMilli();
        }
        final String normalized = text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
        final TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parse(normalized);
        return toMillis(parsed, zone);
    }

    private static long toMillis(final TemporalAccessor parsed, final ZoneId zone)
    {
        if (parsed.isSupported(ChronoField.INSTANT_SECONDS))
        {
            return Instant.from(parsed).toEpochMilli();
        }
        final LocalDate date = parsed.query(TemporalQueries.localDate());
        if (date == null)
        {
            throw new java.time.DateTimeException("no date in the text");
        }
        final LocalTime time = parsed.query(TemporalQueries.localTime());
        final ZoneId parsedZone = parsed.query(TemporalQueries.zone());
        final LocalDateTime local = time == null ? date.atStartOfDay() : date.atTime(time);
        return local.atZone(parsedZone != null ? parsedZone : zone).toInstant().toEpochMilli();
    }

    /**
     * A formatter for a Joda-style pattern as Druid's time functions take them. Joda and java.time agree on the usual
     * letters ({@code yyyy MM dd HH mm ss SSS EEE MMM a}); where they differ this reads the Joda meaning: {@code Y}
     * is the year of era ({@code y}), {@code x} the ISO week-based year and {@code w} its week, {@code ZZ} an offset
     * with a colon, {@code ZZZ} the zone id.
     */
    static DateTimeFormatter formatter(final String pattern)
    {
        return cached(FORMATTERS, pattern, p ->
        {
            try
            {
                return DateTimeFormatter.ofPattern(fromJoda(p), PATTERN_LOCALE);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException("time pattern[" + p + "] cannot be read: " + ex.getMessage(), ex);
            }
        });
    }

    static String fromJoda(final String pattern)
    {
        final StringBuilder out = new StringBuilder(pattern.length() + 4);
        int i = 0;
        while (i < pattern.length())
        {
            final char c = pattern.charAt(i);
            if (c == '\'')
            {
                final int end = pattern.indexOf('\'', i + 1);
                final int stop = end < 0 ? pattern.length() : end + 1;
                out.append(pattern, i, stop);
                i = stop;
                continue;
            }
            int run = 1;
            while (i + run < pattern.length() && pattern.charAt(i + run) == c)
            {
                run++;
            }
            final String letters = pattern.substring(i, i + run);
            out.append(switch (c)
            {
                case 'Y' -> "y".repeat(run);
                case 'x' -> "Y".repeat(run);
                case 'Z' -> run == 1 ? "xx" : run == 2 ? "xxx" : "VV";
                default -> letters;
            });
            i += run;
        }
        return out.toString();
    }

    // ------------------------------------------------------------------ arguments

    public static Granularity period(final String period, final String function)
    {
        if (period == null)
        {
            throw new IllegalArgumentException(function + " period must not be NULL");
        }
        return cached(PERIODS, period, p ->
        {
            try
            {
                return Granularity.parse(p);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException(function + " period[" + p + "] is not an ISO-8601 period such " +
                    "as PT5M, PT1H, P1D, P1W, P1M: " + ex.getMessage(), ex);
            }
        });
    }

    /** The zone of an IANA id or offset ({@code America/New_York}, {@code +05:30}); {@code null} is UTC. */
    public static ZoneId zone(final String zone)
    {
        if (zone == null)
        {
            return ZoneOffset.UTC;
        }
        return cached(ZONES, zone, z ->
        {
            try
            {
                return ZoneId.of(z);
            }
            catch (final RuntimeException ex)
            {
                throw new IllegalArgumentException("time zone[" + z + "] is not an IANA zone id or offset", ex);
            }
        });
    }

    private static <T> T cached(final Map<String, T> cache, final String key, final Function<String, T> make)
    {
        final T hit = cache.get(key);
        if (hit != null)
        {
            return hit;
        }
        final T made = make.apply(key);
        if (cache.size() >= CACHE_LIMIT)
        {
            cache.clear();
        }
        cache.put(key, made);
        return made;
    }
}
