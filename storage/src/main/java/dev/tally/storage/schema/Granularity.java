package dev.tally.storage.schema;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A time bucket size: an ISO-8601 period ({@code PT1M}, {@code PT1H}, {@code P1D}, {@code P1W}, {@code P1M},
 * {@code P3M}, {@code P1Y}) or {@link #NONE} (raw rows, i.e. millisecond buckets).
 * <p>
 * Three shapes are supported, never mixed in one period:
 * <ul>
 *     <li>time only ({@code PT…H…M…S}, whole milliseconds): fixed length, aligned to the epoch;</li>
 *     <li>days or weeks ({@code P…D}, {@code P…W}): fixed length in UTC; periods that are a whole number of weeks
 *     start on Monday (ISO weeks), other day periods are aligned to the epoch;</li>
 *     <li>months or years ({@code P…Y…M}): calendar periods aligned to January 1970.</li>
 * </ul>
 * In UTC the fixed shapes bucket with one division and no allocation, since they run per row on ingest and query hot
 * paths; months and years use allocation-free civil-date arithmetic. Time periods of whole days are day periods
 * ({@code PT24H} is {@code P1D}).
 * <p>
 * The {@link ZoneId} variants bucket by local wall time (java.time, for query-time bucketing; callers on per-row paths
 * should keep the current bucket's range and only call again once a time leaves it). A boundary is an instant whose
 * local time is aligned (for day-based periods only its first occurrence, so a day starts at local midnight even on DST
 * days and never splits), or the first instant after a DST gap that swallowed an aligned local time. Sub-day periods
 * are aligned to local wall time, so a repeated hour in autumn is two buckets and the skipped hour in spring none.
 * <p>
 * Instances are immutable and thread-safe. Supported epoch millis are those a {@link java.time.Instant} can hold
 * minus a bucket; behaviour outside that range is undefined.
 */
public final class Granularity
{
    public static final long SECOND_MILLIS = 1000L;
    public static final long MINUTE_MILLIS = 60 * SECOND_MILLIS;
    public static final long HOUR_MILLIS = 60 * MINUTE_MILLIS;
    public static final long DAY_MILLIS = 24 * HOUR_MILLIS;
    public static final long WEEK_MILLIS = 7 * DAY_MILLIS;

    /** Monday 1970-01-05, the origin of week-multiple periods. */
    private static final long WEEK_ORIGIN_MILLIS = 4 * DAY_MILLIS;
    private static final String NONE_TEXT = "NONE";
    /** Upper bound on any length, so arithmetic near the supported epoch range cannot overflow. */
    private static final long MAX_MILLIS = 1000L * 365 * DAY_MILLIS;
    private static final int MAX_MONTHS = 12 * 1000;
    private static final Pattern ISO_PERIOD = Pattern.compile(
        "P(?:(\\d+)Y)?(?:(\\d+)M)?(?:(\\d+)W)?(?:(\\d+)D)?" +
        "(?:T(?:(\\d+)H)?(?:(\\d+)M)?(?:(\\d+)(?:[.,](\\d{1,3}))?S)?)?");

    /** No bucketing: every millisecond is its own bucket, so rows keep their exact time. */
    public static final Granularity NONE = new Granularity(NONE_TEXT, 1, 0, 0);
    public static final Granularity MINUTE = parse("PT1M");
    public static final Granularity HOUR = parse("PT1H");
    public static final Granularity DAY = parse("P1D");

    private final String text;
    /** Length for fixed periods, 0 for calendar periods. */
    private final long durationMillis;
    /** Fixed periods only: {@code floorMod(origin, durationMillis)}, the offset of bucket starts from the epoch. */
    private final long originRemainder;
    /** Calendar periods only: length in months, 0 for fixed periods. */
    private final int months;

    private Granularity(final String text, final long durationMillis, final long originMillis, final int months)
    {
        this.text = text;
        this.durationMillis = durationMillis;
        this.originRemainder = durationMillis > 0 ? Math.floorMod(originMillis, durationMillis) : 0;
        this.months = months;
    }

    /**
     * Parse an ISO-8601 period; {@code NONE} is rejected.
     *
     * @throws IllegalArgumentException {@code bad period[...]: reason} if the text is not a supported period.
     */
    public static Granularity parse(final String text)
    {
        return parse(text, false);
    }

    /**
     * Parse an ISO-8601 period, or {@code NONE} (any case) when {@code allowNone}.
     *
     * @throws IllegalArgumentException {@code bad period[...]: reason} if the text is not a supported period.
     */
    public static Granularity parse(final String text, final boolean allowNone)
    {
        if (text == null)
        {
            throw new IllegalArgumentException("bad period[null]: expected an ISO-8601 period such as PT1M or P1D");
        }
        if (NONE_TEXT.equalsIgnoreCase(text))
        {
            if (!allowNone)
            {
                throw new IllegalArgumentException("bad period[" + text + "]: NONE is not allowed here");
            }
            return NONE;
        }

        final String upper = text.toUpperCase(Locale.ROOT);
        final Matcher matcher = ISO_PERIOD.matcher(upper);
        if (upper.length() < 2 || upper.endsWith("T") || !matcher.matches())
        {
            throw new IllegalArgumentException(
                "bad period[" + text + "]: expected an ISO-8601 period such as PT1M, PT1H, P1D, P1W, P1M or P1Y");
        }

        final long years = number(text, matcher.group(1));
        final long monthCount = number(text, matcher.group(2));
        final long weeks = number(text, matcher.group(3));
        final long days = number(text, matcher.group(4));
        final long hours = number(text, matcher.group(5));
        final long minutes = number(text, matcher.group(6));
        final long seconds = number(text, matcher.group(7));
        final String fraction = matcher.group(8);
        final long fractionMillis = fraction == null ? 0 : Long.parseLong((fraction + "00").substring(0, 3));

        final boolean hasCalendar = matcher.group(1) != null || matcher.group(2) != null;
        final boolean hasDays = matcher.group(3) != null || matcher.group(4) != null;
        final boolean hasTime = matcher.group(5) != null || matcher.group(6) != null || matcher.group(7) != null;
        if ((hasCalendar ? 1 : 0) + (hasDays ? 1 : 0) + (hasTime ? 1 : 0) != 1)
        {
            throw new IllegalArgumentException("bad period[" + text +
                "]: use exactly one of years/months (P1Y2M), days/weeks (P7D, P1W) or time (PT1H30M)");
        }

        if (hasCalendar)
        {
            final long totalMonths = checkedLength(text, years * 12 + monthCount, MAX_MONTHS);
            return calendar((int)totalMonths);
        }
        if (hasDays)
        {
            final long totalDays = checkedLength(text, weeks * 7 + days, MAX_MILLIS / DAY_MILLIS);
            return days(totalDays);
        }
        final long millis = hours * HOUR_MILLIS + minutes * MINUTE_MILLIS + seconds * SECOND_MILLIS + fractionMillis;
        return time(checkedLength(text, millis, MAX_MILLIS));
    }

    /** A fixed period, e.g. {@code ofMillis(90_000)} is {@code PT1M30S}; whole days are day periods (P1D). */
    public static Granularity ofMillis(final long millis)
    {
        if (millis <= 0 || millis > MAX_MILLIS)
        {
            throw new IllegalArgumentException("bad period length[" + millis + "ms]: must be in 1.." + MAX_MILLIS);
        }
        return time(millis);
    }

    private static long number(final String text, final String digits)
    {
        if (digits == null)
        {
            return 0;
        }
        // More than 12 digits cannot be a supported length in any unit, and would risk overflow when combined.
        if (digits.length() > 12)
        {
            throw new IllegalArgumentException("bad period[" + text + "]: number[" + digits + "] is too large");
        }
        return Long.parseLong(digits);
    }

    private static long checkedLength(final String text, final long length, final long max)
    {
        if (length <= 0)
        {
            throw new IllegalArgumentException("bad period[" + text + "]: must be longer than zero");
        }
        if (length > max)
        {
            throw new IllegalArgumentException("bad period[" + text + "]: must not be longer than 1000 years");
        }
        return length;
    }

    private static Granularity calendar(final int totalMonths)
    {
        final int years = totalMonths / 12;
        final int rest = totalMonths % 12;
        final String text = "P" + (years > 0 ? years + "Y" : "") + (rest > 0 ? rest + "M" : "");
        return new Granularity(text, 0, 0, totalMonths);
    }

    private static Granularity days(final long totalDays)
    {
        final long millis = totalDays * DAY_MILLIS;
        final long origin = millis % WEEK_MILLIS == 0 ? WEEK_ORIGIN_MILLIS : 0;
        return new Granularity("P" + totalDays + "D", millis, origin, 0);
    }

    private static Granularity time(final long millis)
    {
        if (millis % DAY_MILLIS == 0)
        {
            return days(millis / DAY_MILLIS);
        }
        final StringBuilder text = new StringBuilder("PT");
        final long hours = millis / HOUR_MILLIS;
        final long minutes = (millis % HOUR_MILLIS) / MINUTE_MILLIS;
        final long secondMillis = millis % MINUTE_MILLIS;
        if (hours > 0)
        {
            text.append(hours).append('H');
        }
        if (minutes > 0)
        {
            text.append(minutes).append('M');
        }
        if (secondMillis > 0)
        {
            text.append(secondMillis / SECOND_MILLIS);
            final long fraction = secondMillis % SECOND_MILLIS;
            if (fraction > 0)
            {
                final String digits = String.valueOf(1000 + fraction).substring(1);
                text.append('.').append(digits.replaceAll("0+$", ""));
            }
            text.append('S');
        }
        return new Granularity(text.toString(), millis, 0, 0);
    }

    public boolean isNone()
    {
        return this == NONE;
    }

    /** Whether every bucket has the same length in UTC ({@link #NONE}, time, day and week periods). */
    public boolean isFixed()
    {
        return durationMillis > 0;
    }

    /**
     * Length of a bucket in UTC; 1 for {@link #NONE}.
     *
     * @throws IllegalStateException for month and year periods.
     */
    public long durationMillis()
    {
        if (durationMillis == 0)
        {
            throw new IllegalStateException("period[" + text + "] is a calendar period with no fixed length");
        }
        return durationMillis;
    }

    /** Length in months of a calendar period, 0 for fixed periods. */
    public int months()
    {
        return months;
    }

    /**
     * Whether every bucket of {@code coarser} is exactly a union of buckets of this granularity in UTC, e.g.
     * {@code PT5M} divides {@code PT1H} and {@code P1M}, {@code PT7M} divides neither. {@link #NONE} divides all.
     */
    public boolean divides(final Granularity coarser)
    {
        if (this == NONE)
        {
            return true;
        }
        if (coarser.isFixed())
        {
            return isFixed() &&
                coarser.durationMillis % durationMillis == 0 &&
                (coarser.originRemainder - originRemainder) % durationMillis == 0;
        }
        if (isFixed())
        {
            return durationMillis <= DAY_MILLIS && DAY_MILLIS % durationMillis == 0;
        }
        return coarser.months % months == 0;
    }

    /** Start of the UTC bucket holding {@code epochMillis} (floor). Allocation-free. */
    public long bucketStart(final long epochMillis)
    {
        if (durationMillis > 0)
        {
            final long remainder = Math.floorMod(epochMillis - originRemainder, durationMillis);
            return epochMillis - remainder;
        }
        return calendarBucketStart(epochMillis);
    }

    /** Start of the UTC bucket after the one starting at {@code bucketStart}. Allocation-free. */
    public long nextBucketStart(final long bucketStart)
    {
        if (durationMillis > 0)
        {
            return bucketStart + durationMillis;
        }
        final long monthIndex = monthIndex(Math.floorDiv(bucketStart, DAY_MILLIS));
        return firstDayOfMonth(Math.floorDiv(monthIndex, months) * months + months) * DAY_MILLIS;
    }

    /** Start of the bucket holding {@code epochMillis} in local wall time of {@code zone} (floor). */
    public long bucketStart(final long epochMillis, final ZoneId zone)
    {
        if (this == NONE || isUtc(zone))
        {
            return bucketStart(epochMillis);
        }

        final ZoneRules rules = zone.getRules();
        final long localStart = bucketStart(epochMillis + offsetMillis(rules, epochMillis));

        // A boundary at or before epochMillis: the aligned local time under one of its valid offsets (the first
        // occurrence for day-based periods), or the end of the DST gap that swallowed it. Transitions between it and
        // epochMillis can hide later boundaries, so walk forward from it.
        final LocalDateTime localDateTime = toLocalDateTime(localStart);
        final List<ZoneOffset> validOffsets = rules.getValidOffsets(localDateTime);
        long start = Long.MIN_VALUE;
        if (validOffsets.isEmpty())
        {
            start = rules.getTransition(localDateTime).getInstant().toEpochMilli();
        }
        for (int i = 0; i < validOffsets.size(); i++)
        {
            final long candidate = localStart - validOffsets.get(i).getTotalSeconds() * SECOND_MILLIS;
            // Day-based periods start at the first occurrence of an aligned local time, sub-day ones at the latest.
            final boolean isPreferred =
                start == Long.MIN_VALUE || (isDayBased() ? candidate < start : candidate > start);
            if (candidate <= epochMillis && isPreferred)
            {
                start = candidate;
            }
        }
        if (start > epochMillis || start == Long.MIN_VALUE)
        {
            throw new IllegalStateException("no bucket start for time[" + epochMillis + "] zone[" + zone + "]");
        }

        for (long next = nextBucketStart(start, zone); next <= epochMillis; next = nextBucketStart(start, zone))
        {
            start = next;
        }
        return start;
    }

    /** Start of the bucket after the one starting at {@code bucketStart}, in local wall time of {@code zone}. */
    public long nextBucketStart(final long bucketStart, final ZoneId zone)
    {
        if (this == NONE || isUtc(zone))
        {
            return nextBucketStart(bucketStart);
        }

        final ZoneRules rules = zone.getRules();
        long from = bucketStart;
        boolean fromIsCandidate = false;
        while (true)
        {
            // Between transitions the offset is constant, so the first aligned local time after 'from' is one bucket
            // on; if a transition comes first, continue from the transition instant under the new offset.
            final long offset = offsetMillis(rules, from);
            final long local = from + offset;
            final long localStart = bucketStart(local);
            if (fromIsCandidate && localStart == local)
            {
                return from;
            }
            final long localNext = nextBucketStart(localStart);
            final long candidate = localNext - offset;
            final ZoneOffsetTransition transition = rules.nextTransition(Instant.ofEpochMilli(from));
            if (transition == null)
            {
                return candidate;
            }
            final long transitionMillis = transition.getInstant().toEpochMilli();
            if (candidate < transitionMillis)
            {
                return candidate;
            }
            if (transition.isGap())
            {
                if (localNext < toLocalMillis(transition.getDateTimeAfter()))
                {
                    return transitionMillis;
                }
                from = transitionMillis;
            }
            else
            {
                // An overlap repeats local times: sub-day periods get a bucket for each occurrence (a repeated hour
                // is two hours), day-based periods only for the first, so a day never splits at a repeated midnight.
                from = isDayBased() ? transitionMillis + transition.getDuration().abs().toMillis() : transitionMillis;
            }
            fromIsCandidate = true;
        }
    }

    /** Whether buckets are whole local days (days, weeks, months, years), as opposed to parts of a day. */
    private boolean isDayBased()
    {
        return months > 0 || (durationMillis >= DAY_MILLIS && durationMillis % DAY_MILLIS == 0);
    }

    private long calendarBucketStart(final long epochMillis)
    {
        final long monthIndex = monthIndex(Math.floorDiv(epochMillis, DAY_MILLIS));
        return firstDayOfMonth(Math.floorDiv(monthIndex, months) * months) * DAY_MILLIS;
    }

    private static boolean isUtc(final ZoneId zone)
    {
        return zone == ZoneOffset.UTC || zone.normalized().equals(ZoneOffset.UTC);
    }

    private static long offsetMillis(final ZoneRules rules, final long epochMillis)
    {
        if (rules.isFixedOffset())
        {
            return rules.getOffset(Instant.EPOCH).getTotalSeconds() * SECOND_MILLIS;
        }
        return rules.getOffset(Instant.ofEpochMilli(epochMillis)).getTotalSeconds() * SECOND_MILLIS;
    }

    private static LocalDateTime toLocalDateTime(final long localMillis)
    {
        return LocalDateTime.ofEpochSecond(
            Math.floorDiv(localMillis, SECOND_MILLIS),
            (int)Math.floorMod(localMillis, SECOND_MILLIS) * 1_000_000,
            ZoneOffset.UTC);
    }

    private static long toLocalMillis(final LocalDateTime localDateTime)
    {
        return localDateTime.toEpochSecond(ZoneOffset.UTC) * SECOND_MILLIS + localDateTime.getNano() / 1_000_000;
    }

    /**
     * Months since 1970-01 of the civil date {@code epochDay} (days since 1970-01-01), after Howard Hinnant's
     * {@code civil_from_days}: proleptic Gregorian, allocation-free.
     */
    static long monthIndex(final long epochDay)
    {
        final long z = epochDay + 719_468;
        final long era = Math.floorDiv(z, 146_097);
        final long dayOfEra = z - era * 146_097;
        final long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        final long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        final long shiftedMonth = (5 * dayOfYear + 2) / 153; // 0 = March
        final long month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
        final long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        return (year - 1970) * 12 + month - 1;
    }

    /** Epoch day of the first day of the month {@code monthIndex} months after 1970-01 ({@code days_from_civil}). */
    static long firstDayOfMonth(final long monthIndex)
    {
        final long month = Math.floorMod(monthIndex, 12) + 1;
        final long year = 1970 + Math.floorDiv(monthIndex, 12) - (month <= 2 ? 1 : 0);
        final long era = Math.floorDiv(year, 400);
        final long yearOfEra = year - era * 400;
        final long dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5;
        final long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    public boolean equals(final Object other)
    {
        return this == other || (other instanceof Granularity && text.equals(((Granularity)other).text));
    }

    public int hashCode()
    {
        return text.hashCode();
    }

    /** The canonical ISO text, e.g. {@code PT1H30M}, {@code P7D} (also for {@code P1W}), {@code P1Y6M}, or NONE. */
    public String toString()
    {
        return text;
    }
}
