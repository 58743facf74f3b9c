package dev.tally.query.expr;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** SQL's {@code TIMESTAMPADD} and {@code TIMESTAMPDIFF} in UTC: whole units, months keeping the day where it exists. */
public final class TimeArithmetic
{
    private TimeArithmetic()
    {
    }

    public static long add(final String unit, final long count, final long millis)
    {
        final ZonedDateTime time = Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC);
        return time.plus(count * multiplier(unit), chronoUnit(unit)).toInstant().toEpochMilli();
    }

    public static long difference(final String unit, final long from, final long to)
    {
        final ZonedDateTime start = Instant.ofEpochMilli(from).atZone(ZoneOffset.UTC);
        final ZonedDateTime end = Instant.ofEpochMilli(to).atZone(ZoneOffset.UTC);
        return chronoUnit(unit).between(start, end) / multiplier(unit);
    }

    private static long multiplier(final String unit)
    {
        return switch (unit.toUpperCase(Locale.ROOT))
        {
            case "QUARTER" -> 3;
            default -> 1;
        };
    }

    private static ChronoUnit chronoUnit(final String unit)
    {
        return switch (unit.toUpperCase(Locale.ROOT))
        {
            case "MILLISECOND", "FRAC_SECOND", "MICROSECOND" -> ChronoUnit.MILLIS;
            case "SECOND" -> ChronoUnit.SECONDS;
            case "MINUTE" -> ChronoUnit.MINUTES;
            case "HOUR" -> ChronoUnit.HOURS;
            case "DAY" -> ChronoUnit.DAYS;
            case "WEEK" -> ChronoUnit.WEEKS;
            case "MONTH", "QUARTER" -> ChronoUnit.MONTHS;
            case "YEAR" -> ChronoUnit.YEARS;
            default -> throw new IllegalArgumentException("time unit[" + unit + "] is not one of MILLISECOND, " +
                "SECOND, MINUTE, HOUR, DAY, WEEK, MONTH, QUARTER, YEAR");
        };
    }
}
