package dev.tally.ingest.record;

import dev.tally.storage.schema.TimestampFormat;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * {@link EventParser}'s fast path, for the events nearly every source sends: one flat JSON object whose names and
 * strings are printable ASCII without escapes, whose numbers are short, and which is good (it has a timestamp in
 * range and every value fits its column). Such an event is read straight from its bytes into {@link EventValues}.
 * Jackson, for the same event, decodes every string to chars that the parser then encodes back to UTF-8 and looks
 * names up by String; here strings are copied as they are and names compared as bytes (IngestBenchmark.json
 * measures the difference).
 * <p>
 * The fast path never rejects: anything else (an escape, a byte outside printable ASCII, a nested value, a number of
 * more than {@value #MAX_DIGITS} digits or one whose double is not exact by one rounding, a literal where a number is
 * due, any syntax or value error) makes {@link #scan} return false, and the parser hands the whole event to jackson.
 * So whether an event is rejected, and why, is always decided by jackson's path; where the fast path accepts, it
 * produces exactly the values jackson's path produces (EventParserFastPathTest compares both on mutated events).
 */
final class FlatEventScanner
{
    /** Digits of a number the fast path reads; any 18-digit integer fits a long. */
    static final int MAX_DIGITS = 18;
    /** Digits of a mantissa that is exact as a double (below 2^53). */
    private static final int MAX_EXACT_DIGITS = 15;
    /** Powers of ten exact as doubles: m * 10^e and m / 10^e are then correctly rounded (one IEEE operation). */
    private static final double[] POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
        1e19, 1e20, 1e21, 1e22};
    /** Longest timestamp or numeric string converted (longer ones go to jackson). */
    private static final int MAX_TEXT = 64;
    private static final int REMEMBERED_FIELDS = 64;
    private static final int[] NO_TARGETS = new int[0];
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);

    private final byte[][] names;
    private final int[][] nameTargets;
    /** Index into {@link #names} of the name the last event had at each field position, or -1. */
    private final int[] expected = new int[REMEMBERED_FIELDS];
    private final int[] conversions;
    private final TimestampFormat timestampFormat;
    private final int maxValueBytes;
    private final EventValues values;
    private final char[] text = new char[MAX_TEXT];

    // the number last read by number()
    private boolean isNegative;
    private boolean isInteger;
    private long mantissa;
    private int digits;
    private int exponent10;

    /**
     * @param targets     field name → targets ({@code kind << 16 | index}), as the parser has them.
     * @param conversions per value slot, how the parser converts a value for its column.
     */
    FlatEventScanner(final Map<String, int[]> targets, final int[] conversions, final TimestampFormat timestampFormat,
        final int maxValueBytes, final EventValues values)
    {
        this.names = new byte[targets.size()][];
        this.nameTargets = new int[targets.size()][];
        int n = 0;
        for (final Map.Entry<String, int[]> entry : targets.entrySet())
        {
            names[n] = entry.getKey().getBytes(StandardCharsets.UTF_8);
            nameTargets[n] = entry.getValue();
            n++;
        }
        Arrays.fill(expected, -1);
        this.conversions = conversions;
        this.timestampFormat = timestampFormat;
        this.maxValueBytes = maxValueBytes;
        this.values = values;
    }

    /**
     * Reads the event {@code raw[offset, offset + length)} into the values (reset first).
     *
     * @return true if it is a good event of the kind the fast path takes; false otherwise (the values are then
     * partly written and the event must go to jackson).
     */
    boolean scan(final byte[] raw, final int offset, final int length)
    {
        values.reset();
        final int end = offset + length;
        int i = skipWhitespace(raw, offset, end);
        if (i >= end || raw[i] != '{')
        {
            return false;
        }
        i = skipWhitespace(raw, i + 1, end);
        if (i < end && raw[i] == '}')
        {
            i++;
        }
        else
        {
            int field = 0;
            while (true)
            {
                if (i >= end || raw[i] != '"')
                {
                    return false;
                }
                final int nameEnd = stringEnd(raw, i + 1, end);
                if (nameEnd < 0)
                {
                    return false;
                }
                final int[] targets = targetsOf(raw, i + 1, nameEnd - i - 1, field++);
                i = skipWhitespace(raw, nameEnd + 1, end);
                if (i >= end || raw[i] != ':')
                {
                    return false;
                }
                i = skipWhitespace(raw, i + 1, end);
                i = i < end ? value(raw, i, end, targets) : -1;
                if (i < 0)
                {
                    return false;
                }
                i = skipWhitespace(raw, i, end);
                if (i >= end)
                {
                    return false;
                }
                if (raw[i] == '}')
                {
                    i++;
                    break;
                }
                if (raw[i] != ',')
                {
                    return false;
                }
                i = skipWhitespace(raw, i + 1, end);
            }
        }
        return skipWhitespace(raw, i, end) == end && values.hasTimestamp &&
            TimestampParser.isInRange(values.timestamp);
    }

    /** Reads one value at {@code raw[i]} into its targets; returns the index after it, or -1 to decline. */
    private int value(final byte[] raw, final int i, final int end, final int[] targets)
    {
        final byte first = raw[i];
        if (first == '"')
        {
            final int close = stringEnd(raw, i + 1, end);
            if (close < 0 || close - i - 1 > maxValueBytes)
            {
                return -1;
            }
            for (final int target : targets)
            {
                if (!onString(raw, i + 1, close - i - 1, target))
                {
                    return -1;
                }
            }
            return close + 1;
        }
        if (first == '-' || (first >= '0' && first <= '9'))
        {
            final int numberEnd = number(raw, i, end);
            if (numberEnd < 0)
            {
                return -1;
            }
            for (final int target : targets)
            {
                if (!onNumber(raw, i, numberEnd - i, target))
                {
                    return -1;
                }
            }
            return numberEnd;
        }
        final byte[] literal = first == 'n' ? NULL : first == 't' ? TRUE : first == 'f' ? FALSE : null;
        if (literal == null || !startsWith(raw, i, end, literal))
        {
            return -1;
        }
        for (final int target : targets)
        {
            if (!onLiteral(raw, i, literal, target))
            {
                return -1;
            }
        }
        return i + literal.length;
    }

    private boolean onString(final byte[] raw, final int start, final int length, final int target)
    {
        final int index = target & 0xFFFF;
        if (target >>> 16 == EventParser.TARGET_TIMESTAMP)
        {
            if (length > MAX_TEXT)
            {
                return false;
            }
            final long millis = EventParser.timestampOfText(timestampFormat, chars(raw, start, length), 0, length);
            if (millis == TimestampParser.INVALID)
            {
                return false;
            }
            values.putTimestamp(millis);
            return true;
        }
        switch (conversions[index])
        {
            case EventParser.AS_STRING, EventParser.AS_ANY ->
            {
                putBytes(raw, start, length, index);
                return true;
            }
            case EventParser.AS_LONG ->
            {
                if (length > MAX_TEXT)
                {
                    return false;
                }
                final long value = EventParser.parseLong(chars(raw, start, length), 0, length);
                if (value == TimestampParser.INVALID)
                {
                    return false;
                }
                values.putLong(index, value);
                return true;
            }
            default ->
            {
                // a double given as a string: jackson's path reads it with Double.parseDouble
                return false;
            }
        }
    }

    private boolean onNumber(final byte[] raw, final int start, final int length, final int target)
    {
        final int index = target & 0xFFFF;
        if (target >>> 16 == EventParser.TARGET_TIMESTAMP)
        {
            if (timestampFormat == TimestampFormat.ISO || !isInteger)
            {
                return false;
            }
            final long millis = TimestampParser.fromLong(signedLong(), EventParser.unitMillis(timestampFormat));
            if (millis == TimestampParser.INVALID)
            {
                return false;
            }
            values.putTimestamp(millis);
            return true;
        }
        switch (conversions[index])
        {
            case EventParser.AS_STRING ->
            {
                // jackson's text of a number is the number as written
                putBytes(raw, start, length, index);
                return true;
            }
            case EventParser.AS_LONG ->
            {
                if (!isInteger)
                {
                    return false;
                }
                values.putLong(index, signedLong());
                return true;
            }
            case EventParser.AS_DOUBLE ->
            {
                return putDouble(index);
            }
            default ->
            {
                if (isInteger)
                {
                    values.putLong(index, signedLong());
                    return true;
                }
                return putDouble(index);
            }
        }
    }

    private boolean onLiteral(final byte[] raw, final int start, final byte[] literal, final int target)
    {
        final int index = target & 0xFFFF;
        final boolean isTimestamp = target >>> 16 == EventParser.TARGET_TIMESTAMP;
        if (literal == NULL)
        {
            if (isTimestamp)
            {
                values.hasTimestamp = false;
            }
            else
            {
                values.putNull(index);
            }
            return true;
        }
        if (isTimestamp || (conversions[index] != EventParser.AS_STRING && conversions[index] != EventParser.AS_ANY))
        {
            return false;
        }
        // jackson's text of true and false is the literal
        putBytes(raw, start, literal.length, index);
        return true;
    }

    /** A double, as jackson's path gives it: an integer through its long; a decimal only when exact by one rounding. */
    private boolean putDouble(final int index)
    {
        if (isInteger)
        {
            values.putDouble(index, (double)signedLong());
            return true;
        }
        if (digits > MAX_EXACT_DIGITS || exponent10 < -22 || exponent10 > 22)
        {
            return false;
        }
        final double magnitude = exponent10 >= 0 ? mantissa * POWERS_OF_TEN[exponent10] :
            mantissa / POWERS_OF_TEN[-exponent10];
        values.putDouble(index, isNegative ? -magnitude : magnitude);
        return true;
    }

    private long signedLong()
    {
        return isNegative ? -mantissa : mantissa;
    }

    /**
     * Reads a JSON number at {@code raw[i]} (strict grammar: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?})
     * of at most {@value #MAX_DIGITS} digits and a 3-digit exponent; returns the index after it, or -1.
     */
    private int number(final byte[] raw, final int i, final int end)
    {
        int j = i;
        isNegative = raw[j] == '-';
        if (isNegative && ++j >= end)
        {
            return -1;
        }
        isInteger = true;
        mantissa = 0;
        digits = 0;
        exponent10 = 0;
        if (raw[j] == '0')
        {
            j++;
            digits = 1;
            if (j < end && isDigit(raw[j]))
            {
                return -1;
            }
        }
        else
        {
            final int whole = j;
            j = digits(raw, j, end);
            if (j <= whole)
            {
                return -1;
            }
        }
        if (j < end && raw[j] == '.')
        {
            isInteger = false;
            final int fraction = j + 1;
            j = digits(raw, fraction, end);
            if (j <= fraction)
            {
                return -1;
            }
            exponent10 -= j - fraction;
        }
        if (j < end && (raw[j] == 'e' || raw[j] == 'E'))
        {
            isInteger = false;
            j++;
            final boolean isNegativeExponent = j < end && raw[j] == '-';
            if (j < end && (raw[j] == '-' || raw[j] == '+'))
            {
                j++;
            }
            final int exponentStart = j;
            int exponent = 0;
            while (j < end && isDigit(raw[j]) && j - exponentStart < 3)
            {
                exponent = exponent * 10 + raw[j++] - '0';
            }
            if (j == exponentStart || (j < end && isDigit(raw[j])))
            {
                return -1;
            }
            exponent10 += isNegativeExponent ? -exponent : exponent;
        }
        return j;
    }

    /** Adds the digits at {@code raw[i]} to the mantissa; returns the index after them, or -1 past {@link #MAX_DIGITS}. */
    private int digits(final byte[] raw, final int i, final int end)
    {
        int j = i;
        while (j < end && isDigit(raw[j]))
        {
            if (++digits > MAX_DIGITS)
            {
                return -1;
            }
            mantissa = mantissa * 10 + raw[j++] - '0';
        }
        return j;
    }

    private int[] targetsOf(final byte[] raw, final int start, final int length, final int field)
    {
        if (field < REMEMBERED_FIELDS)
        {
            final int guess = expected[field];
            if (guess >= 0 && isName(guess, raw, start, length))
            {
                return nameTargets[guess];
            }
        }
        for (int n = 0; n < names.length; n++)
        {
            if (isName(n, raw, start, length))
            {
                if (field < REMEMBERED_FIELDS)
                {
                    expected[field] = n;
                }
                return nameTargets[n];
            }
        }
        return NO_TARGETS;
    }

    private boolean isName(final int n, final byte[] raw, final int start, final int length)
    {
        final byte[] name = names[n];
        if (name.length != length)
        {
            return false;
        }
        // names are short: a plain loop beats Arrays.equals' vectorized set-up here
        for (int i = 0; i < length; i++)
        {
            if (name[i] != raw[start + i])
            {
                return false;
            }
        }
        return true;
    }

    private void putBytes(final byte[] raw, final int start, final int length, final int index)
    {
        final byte[] out = values.stringRoom(length);
        System.arraycopy(raw, start, out, values.stringsLength, length);
        values.endString(index, length);
    }

    private char[] chars(final byte[] raw, final int start, final int length)
    {
        final char[] chars = text;
        for (int i = 0; i < length; i++)
        {
            chars[i] = (char)raw[start + i];
        }
        return chars;
    }

    /**
     * Index of the closing quote of a string whose bytes start at {@code i}, or -1 at an escape, a control or
     * non-ASCII byte, or the end. Eight bytes at a time: in each little-endian word, the classic has-zero-byte and
     * has-byte-below tricks flag quotes, backslashes and controls, the top bit flags non-ASCII; a borrow can only
     * flag bytes above a truly flagged one, so the lowest flag is exact.
     */
    static int stringEnd(final byte[] raw, final int i, final int end)
    {
        int j = i;
        for (; j + Long.BYTES <= end; j += Long.BYTES)
        {
            final long word = (long)LONGS.get(raw, j);
            final long quotes = word ^ 0x2222_2222_2222_2222L;
            final long backslashes = word ^ 0x5C5C_5C5C_5C5C_5C5CL;
            final long flags = (((quotes - ONES) & ~quotes) | ((backslashes - ONES) & ~backslashes) |
                ((word - 0x2020_2020_2020_2020L) & ~word) | word) & HIGH_BITS;
            if (flags != 0)
            {
                final int at = j + (Long.numberOfTrailingZeros(flags) >>> 3);
                return raw[at] == '"' ? at : -1;
            }
        }
        for (; j < end; j++)
        {
            final byte b = raw[j];
            if (b == '"')
            {
                return j;
            }
            if (b < 0x20 || b == '\\')
            {
                // bytes from 0x80 up are negative: UTF-8 goes to jackson, which validates it
                return -1;
            }
        }
        return -1;
    }

    private static boolean startsWith(final byte[] raw, final int i, final int end, final byte[] literal)
    {
        return end - i >= literal.length && Arrays.equals(literal, 0, literal.length, raw, i, i + literal.length);
    }

    private static int skipWhitespace(final byte[] raw, final int i, final int end)
    {
        int j = i;
        while (j < end && (raw[j] == ' ' || raw[j] == '\n' || raw[j] == '\r' || raw[j] == '\t'))
        {
            j++;
        }
        return j;
    }

    private static boolean isDigit(final byte b)
    {
        return b >= '0' && b <= '9';
    }
}
