package dev.tally.ingest.record;

/**
 * Allocation-free conversion of event timestamps to epoch millis. ISO-8601 text is read from a char range:
 * {@code YYYY-MM-DD}, optionally followed by {@code T} (or a space) and {@code HH:MM[:SS[.fraction]]}, and an offset
 * {@code Z}, {@code +HH:MM}, {@code +HHMM} or {@code +HH}; no offset means UTC. Fractions beyond millis are
 * truncated. Results outside years 1 to 9999 are out of range.
 */
public final class TimestampParser
{
    /** 0001-01-01T00:00:00Z. */
    public static final long MIN_MILLIS = -62_135_596_800_000L;
    /** 9999-12-31T23:59:59.999Z. */
    public static final long MAX_MILLIS = 253_402_300_799_999L;
    /** Returned when text is not a timestamp. */
    public static final long INVALID = Long.MIN_VALUE;

    private TimestampParser()
    {
    }

    public static boolean isInRange(final long millis)
    {
        return millis >= MIN_MILLIS && millis <= MAX_MILLIS;
    }

    /** Epoch millis of ISO-8601 text {@code chars[offset, offset + length)}, or {@link #INVALID}. */
    public static long parseIso(final char[] chars, final int offset, final int length)
    {
        final int end = offset + length;
        int i = offset;
        if (length < 10 || chars[i + 4] != '-' || chars[i + 7] != '-')
        {
            return INVALID;
        }
        final int year = digits(chars, i, 4);
        final int month = digits(chars, i + 5, 2);
        final int day = digits(chars, i + 8, 2);
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
        {
            return INVALID;
        }
        i += 10;
        int hour = 0;
        int minute = 0;
        int second = 0;
        int millis = 0;
        if (i < end && (chars[i] == 'T' || chars[i] == 't' || chars[i] == ' '))
        {
            if (end - i < 6 || chars[i + 3] != ':')
            {
                return INVALID;
            }
            hour = digits(chars, i + 1, 2);
            minute = digits(chars, i + 4, 2);
            i += 6;
            if (i < end && chars[i] == ':')
            {
                if (end - i < 3)
                {
                    return INVALID;
                }
                second = digits(chars, i + 1, 2);
                i += 3;
                if (i < end && (chars[i] == '.' || chars[i] == ','))
                {
                    i++;
                    int scale = 100;
                    final int fractionStart = i;
                    while (i < end && chars[i] >= '0' && chars[i] <= '9')
                    {
                        millis += (chars[i] - '0') * scale;
                        scale /= 10;
                        i++;
                    }
                    if (i == fractionStart)
                    {
                        return INVALID;
                    }
                }
            }
            if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59)
            {
                return INVALID;
            }
        }
        int offsetMinutes = 0;
        if (i < end)
        {
            final char sign = chars[i];
            if ((sign == 'Z' || sign == 'z') && i + 1 == end)
            {
                i++;
            }
            else if (sign == '+' || sign == '-')
            {
                final int rest = end - i - 1;
                int offsetHours;
                int offsetMins = 0;
                if (rest == 2)
                {
                    offsetHours = digits(chars, i + 1, 2);
                }
                else if (rest == 4)
                {
                    offsetHours = digits(chars, i + 1, 2);
                    offsetMins = digits(chars, i + 3, 2);
                }
                else if (rest == 5 && chars[i + 3] == ':')
                {
                    offsetHours = digits(chars, i + 1, 2);
                    offsetMins = digits(chars, i + 4, 2);
                }
                else
                {
                    return INVALID;
                }
                if (offsetHours < 0 || offsetHours > 18 || offsetMins < 0 || offsetMins > 59)
                {
                    return INVALID;
                }
                offsetMinutes = (sign == '+' ? 1 : -1) * (offsetHours * 60 + offsetMins);
                i = end;
            }
            else
            {
                return INVALID;
            }
        }
        if (i != end)
        {
            return INVALID;
        }
        final long days = epochDay(year, month, day);
        return ((days * 24 + hour) * 60 + minute - offsetMinutes) * 60_000L + second * 1000L + millis;
    }

    /**
     * Epoch millis of a decimal number in {@code chars} scaled by {@code unitMillis} (1 for millis, 1000 for
     * seconds), or {@link #INVALID}. Fractions are allowed and truncated toward negative infinity below a milli.
     */
    public static long parseNumber(final char[] chars, final int offset, final int length, final long unitMillis)
    {
        final int end = offset + length;
        int i = offset;
        boolean negative = false;
        if (i < end && (chars[i] == '-' || chars[i] == '+'))
        {
            negative = chars[i] == '-';
            i++;
        }
        final int digitsStart = i;
        long whole = 0;
        while (i < end && chars[i] >= '0' && chars[i] <= '9')
        {
            if (whole > 1_000_000_000_000_000L)
            {
                return INVALID;
            }
            whole = whole * 10 + (chars[i] - '0');
            i++;
        }
        long fractionMillis = 0;
        boolean hasFraction = false;
        if (i < end && chars[i] == '.')
        {
            i++;
            long scale = unitMillis * 100;
            while (i < end && chars[i] >= '0' && chars[i] <= '9')
            {
                // unitMillis / 10, / 100 ... of the digit, in units of 1/1000 millis
                fractionMillis += (chars[i] - '0') * scale;
                scale /= 10;
                hasFraction = true;
                i++;
            }
        }
        if (i != end || (i == digitsStart && !hasFraction) || whole > Long.MAX_VALUE / unitMillis / 2)
        {
            return INVALID;
        }
        final long thousandths = whole * unitMillis * 1000 + fractionMillis;
        final long signed = negative ? -thousandths : thousandths;
        return Math.floorDiv(signed, 1000);
    }

    /** Epoch millis of a JSON floating-point number in {@code unitMillis}, or {@link #INVALID}. */
    public static long fromDouble(final double value, final long unitMillis)
    {
        final double millis = Math.floor(value * unitMillis);
        if (Double.isNaN(millis) || millis < MIN_MILLIS || millis > MAX_MILLIS)
        {
            return INVALID;
        }
        return (long)millis;
    }

    /** Epoch millis of a JSON integer in {@code unitMillis}, or {@link #INVALID} on overflow. */
    public static long fromLong(final long value, final long unitMillis)
    {
        if (value > MAX_MILLIS / unitMillis + 1 || value < MIN_MILLIS / unitMillis - 1)
        {
            return INVALID;
        }
        return value * unitMillis;
    }

    private static int digits(final char[] chars, final int offset, final int count)
    {
        int value = 0;
        for (int i = offset; i < offset + count; i++)
        {
            final char c = chars[i];
            if (c < '0' || c > '9')
            {
                return -1_000_000;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static int daysInMonth(final int year, final int month)
    {
        return switch (month)
        {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
    static long epochDay(final int year, final int month, final int day)
    {
        final int y = month <= 2 ? year - 1 : year;
        final int era = Math.floorDiv(y, 400);
        final int yearOfEra = y - era * 400;
        final int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        final int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468;
    }
}
