package dev.tally.ingest.record;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import dev.tally.storage.schema.DimensionSpec;
import dev.tally.storage.schema.MetricSpec;
import dev.tally.storage.schema.MetricType;
import dev.tally.storage.schema.TableSpec;
import dev.tally.storage.schema.TimestampFormat;
import dev.tally.storage.schema.ValueType;
import org.agrona.MutableDirectBuffer;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one JSON event into an {@link EventRecord} per a table spec, with jackson-core's non-blocking parser: one
 * parser is fed event after event (each copied into a reused buffer and terminated by a newline), field names come
 * back canonicalized, values are read from the parser's char buffer and encoded straight into the record, so a good
 * event allocates nothing (doubles given as text are the exception: jackson parses them through a String).
 * <p>
 * Unknown fields are skipped, missing dimensions are NULL, missing metric inputs are NULL (they contribute nothing).
 * Bad input never throws: the parser writes a {@link EventRecord#FLAG_SKIPPED skipped} record in the event's place
 * (its position must still advance), counts the reason in {@link IngestErrors} and keeps a sample; only then is a
 * fresh jackson parser made, because a failed one cannot be trusted. Single-threaded: one per source thread.
 */
public final class EventParser
{
    public static final int MAX_EVENT_BYTES_DEFAULT = 64 * 1024;
    public static final int MAX_VALUE_BYTES_DEFAULT = 8 * 1024;
    public static final int MAX_DEPTH = 32;

    private static final int TARGET_TIMESTAMP = 0;
    private static final int TARGET_DIMENSION = 1;
    private static final int TARGET_METRIC = 2;

    /** How a value is converted for its column. */
    private static final int AS_STRING = 0;
    private static final int AS_LONG = 1;
    private static final int AS_DOUBLE = 2;
    /** Strings, longs and doubles kept as they come (HLL sketch inputs). */
    private static final int AS_ANY = 3;

    private final JsonFactory factory = JsonFactory.builder().build();
    private final IngestErrors errors;
    private final TimestampFormat timestampFormat;
    private final int maxEventBytes;
    private final int maxValueBytes;
    /** Field name → targets, each {@code kind << 16 | index}. */
    private final Map<String, int[]> targets = new HashMap<>();
    private final int dimensionCount;
    private final int valueCount;
    private final int[] conversions;

    private JsonParser parser;
    private ByteArrayFeeder feeder;
    private byte[] input = new byte[1024];

    // per event scratch, one slot per value (dimensions, then metric inputs)
    private final byte[] tags;
    private final long[] numbers;
    private final int[] stringStarts;
    private final int[] stringLengths;
    private byte[] strings = new byte[1024];
    private int stringsLength;
    private long timestamp;
    private boolean hasTimestamp;
    private ParseError lastError;

    public EventParser(final TableSpec spec, final IngestErrors errors)
    {
        this(spec, errors, MAX_EVENT_BYTES_DEFAULT, MAX_VALUE_BYTES_DEFAULT);
    }

    public EventParser(
        final TableSpec spec, final IngestErrors errors, final int maxEventBytes, final int maxValueBytes)
    {
        this.errors = errors;
        this.timestampFormat = spec.timestamp().format();
        this.maxEventBytes = maxEventBytes;
        this.maxValueBytes = maxValueBytes;
        addTarget(spec.timestamp().column(), TARGET_TIMESTAMP, 0);
        final List<DimensionSpec> dimensions = spec.dimensions();
        dimensionCount = dimensions.size();
        int count = dimensionCount;
        for (final MetricSpec metric : spec.metrics())
        {
            count += metric.type().needsField() ? 1 : 0;
        }
        valueCount = count;
        conversions = new int[count];
        for (int d = 0; d < dimensionCount; d++)
        {
            addTarget(dimensions.get(d).name(), TARGET_DIMENSION, d);
            conversions[d] = conversionOf(dimensions.get(d).type());
        }
        int slot = dimensionCount;
        for (final MetricSpec metric : spec.metrics())
        {
            if (metric.type().needsField())
            {
                addTarget(metric.field(), TARGET_METRIC, slot);
                conversions[slot] = metric.type() == MetricType.HLL_SKETCH ? AS_ANY :
                    conversionOf(metric.type() == MetricType.QUANTILES_SKETCH ? ValueType.DOUBLE :
                    metric.type().storageType());
                slot++;
            }
        }
        tags = new byte[count];
        numbers = new long[count];
        stringStarts = new int[count];
        stringLengths = new int[count];
        newParser();
    }

    /** Values per record: dimensions, then one per metric that reads a field. */
    /** Counts, samples and dead-letters an event rejected before parsing (e.g. its stored copy is damaged). */
    public void reject(final ParseError reason, final byte[] raw, final int offset, final int length,
        final int partition, final long position)
    {
        errors.onRejected(reason, raw, offset, length, partition, position);
    }

    public int valueCount()
    {
        return valueCount;
    }

    /** The largest record {@link #parse} writes; a batch buffer must hold at least one. */
    public int maxRecordLength()
    {
        return EventRecord.align(EventRecord.HEADER_LENGTH +
            valueCount * (EventRecord.TAG_LENGTH + EventRecord.STRING_LENGTH_LENGTH + maxValueBytes));
    }

    /** Why the last event given to {@link #parse} was rejected, or {@code null} if it was not. */
    public ParseError lastError()
    {
        return lastError;
    }

    /**
     * Parses the event {@code raw[offset, offset + length)} from source position ({@code partition},
     * {@code position}) and writes its record (or a skipped record, see {@link #lastError()}) at
     * {@code dst[dstOffset, dstLimit)}.
     *
     * @return bytes written (a multiple of {@link EventRecord#ALIGNMENT}), or 0 if the record does not fit: nothing
     * was written or counted, so flush the batch and call again.
     */
    public int parse(
        final byte[] raw, final int offset, final int length, final int partition, final long position,
        final MutableDirectBuffer dst, final int dstOffset, final int dstLimit)
    {
        final ParseError error = parseEvent(raw, offset, length);
        if (error != null)
        {
            newParser();
            if (dstLimit - dstOffset < EventRecord.skippedLength())
            {
                return 0;
            }
            lastError = error;
            errors.onRejected(error, raw, offset, length, partition, position);
            return writeSkipped(partition, position, dst, dstOffset);
        }
        lastError = null;
        final int recordLength = recordLength();
        if (dstLimit - dstOffset < recordLength)
        {
            return 0;
        }
        dst.putInt(dstOffset + EventRecord.LENGTH_OFFSET, recordLength);
        dst.putInt(dstOffset + EventRecord.PARTITION_OFFSET, partition);
        dst.putLong(dstOffset + EventRecord.OFFSET_OFFSET, position);
        dst.putLong(dstOffset + EventRecord.TIMESTAMP_OFFSET, timestamp);
        dst.putInt(dstOffset + EventRecord.FLAGS_OFFSET, 0);
        dst.putInt(dstOffset + EventRecord.FIELD_COUNT_OFFSET, valueCount);
        int at = dstOffset + EventRecord.HEADER_LENGTH;
        for (int i = 0; i < valueCount; i++)
        {
            final byte tag = tags[i];
            dst.putByte(at, tag);
            at += EventRecord.TAG_LENGTH;
            if (tag == EventRecord.TAG_LONG || tag == EventRecord.TAG_DOUBLE)
            {
                dst.putLong(at, numbers[i]);
                at += 8;
            }
            else if (tag == EventRecord.TAG_STRING)
            {
                dst.putInt(at, stringLengths[i]);
                dst.putBytes(at + EventRecord.STRING_LENGTH_LENGTH, strings, stringStarts[i], stringLengths[i]);
                at += EventRecord.STRING_LENGTH_LENGTH + stringLengths[i];
            }
        }
        return recordLength;
    }

    /** Writes a skipped record for a position whose event never reached the parser (e.g. a null Kafka value). */
    public static int writeSkipped(
        final int partition, final long position, final MutableDirectBuffer dst, final int dstOffset)
    {
        dst.putInt(dstOffset + EventRecord.LENGTH_OFFSET, EventRecord.HEADER_LENGTH);
        dst.putInt(dstOffset + EventRecord.PARTITION_OFFSET, partition);
        dst.putLong(dstOffset + EventRecord.OFFSET_OFFSET, position);
        dst.putLong(dstOffset + EventRecord.TIMESTAMP_OFFSET, 0);
        dst.putInt(dstOffset + EventRecord.FLAGS_OFFSET, EventRecord.FLAG_SKIPPED);
        dst.putInt(dstOffset + EventRecord.FIELD_COUNT_OFFSET, 0);
        return EventRecord.HEADER_LENGTH;
    }

    private int recordLength()
    {
        int length = EventRecord.HEADER_LENGTH;
        for (int i = 0; i < valueCount; i++)
        {
            final byte tag = tags[i];
            length += EventRecord.TAG_LENGTH + (tag == EventRecord.TAG_LONG || tag == EventRecord.TAG_DOUBLE ? 8 :
                tag == EventRecord.TAG_STRING ? EventRecord.STRING_LENGTH_LENGTH + stringLengths[i] : 0);
        }
        return EventRecord.align(length);
    }

    private ParseError parseEvent(final byte[] raw, final int offset, final int length)
    {
        if (length > maxEventBytes)
        {
            return ParseError.OVERSIZE;
        }
        Arrays.fill(tags, EventRecord.TAG_NULL);
        stringsLength = 0;
        hasTimestamp = false;
        if (input.length < length + 1)
        {
            input = new byte[Math.max(length + 1, input.length * 2)];
        }
        System.arraycopy(raw, offset, input, 0, length);
        input[length] = '\n';
        try
        {
            feeder.feedInput(input, 0, length + 1);
            JsonToken token = parser.nextToken();
            if (token == JsonToken.NOT_AVAILABLE)
            {
                return isBlank(raw, offset, length) ? ParseError.EMPTY : ParseError.TRUNCATED;
            }
            if (token != JsonToken.START_OBJECT)
            {
                return ParseError.NOT_AN_OBJECT;
            }
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME)
            {
                final int[] fieldTargets = targets.get(parser.currentName());
                token = parser.nextToken();
                if (token == JsonToken.NOT_AVAILABLE)
                {
                    return ParseError.TRUNCATED;
                }
                if (fieldTargets == null)
                {
                    final ParseError skipError = skipValue(token);
                    if (skipError != null)
                    {
                        return skipError;
                    }
                    continue;
                }
                for (final int target : fieldTargets)
                {
                    final ParseError valueError = onValue(token, target >>> 16, target & 0xFFFF);
                    if (valueError != null)
                    {
                        return valueError;
                    }
                }
            }
            if (token == JsonToken.NOT_AVAILABLE)
            {
                return ParseError.TRUNCATED;
            }
            if (token != JsonToken.END_OBJECT)
            {
                return ParseError.MALFORMED_JSON;
            }
            if (!isAtEnd())
            {
                return ParseError.TRAILING_DATA;
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            // jackson reports malformed input (bad syntax, invalid UTF-8, control characters) by exception
            return ParseError.MALFORMED_JSON;
        }
        if (!hasTimestamp)
        {
            return ParseError.MISSING_TIMESTAMP;
        }
        if (!TimestampParser.isInRange(timestamp))
        {
            return ParseError.TIMESTAMP_OUT_OF_RANGE;
        }
        return null;
    }

    /** Whether nothing but whitespace follows the event's object. */
    private boolean isAtEnd()
    {
        try
        {
            return parser.nextToken() == JsonToken.NOT_AVAILABLE;
        }
        catch (final IOException | RuntimeException ex)
        {
            return false;
        }
    }

    private ParseError skipValue(final JsonToken first) throws IOException
    {
        if (first != JsonToken.START_OBJECT && first != JsonToken.START_ARRAY)
        {
            return null;
        }
        int depth = 1;
        while (depth > 0)
        {
            final JsonToken token = parser.nextToken();
            if (token == JsonToken.NOT_AVAILABLE || token == null)
            {
                return ParseError.TRUNCATED;
            }
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY)
            {
                if (++depth > MAX_DEPTH)
                {
                    return ParseError.TOO_DEEP;
                }
            }
            else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY)
            {
                depth--;
            }
        }
        return null;
    }

    private ParseError onValue(final JsonToken token, final int kind, final int index) throws IOException
    {
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY)
        {
            return ParseError.WRONG_TYPE;
        }
        if (kind == TARGET_TIMESTAMP)
        {
            return onTimestamp(token);
        }
        if (token == JsonToken.VALUE_NULL)
        {
            tags[index] = EventRecord.TAG_NULL;
            return null;
        }
        return switch (conversions[index])
        {
            case AS_STRING -> putString(index);
            case AS_LONG -> putLong(token, index);
            case AS_DOUBLE -> putDouble(token, index);
            default -> putAny(token, index);
        };
    }

    private ParseError onTimestamp(final JsonToken token) throws IOException
    {
        if (token == JsonToken.VALUE_NULL)
        {
            hasTimestamp = false;
            return null;
        }
        final long unit = timestampFormat == TimestampFormat.SECONDS ? 1000 : 1;
        long millis;
        if (token == JsonToken.VALUE_NUMBER_INT)
        {
            if (timestampFormat == TimestampFormat.ISO)
            {
                return ParseError.BAD_TIMESTAMP;
            }
            if (parser.getNumberType() != JsonParser.NumberType.INT &&
                parser.getNumberType() != JsonParser.NumberType.LONG)
            {
                return ParseError.TIMESTAMP_OUT_OF_RANGE;
            }
            millis = TimestampParser.fromLong(parser.getLongValue(), unit);
            if (millis == TimestampParser.INVALID)
            {
                return ParseError.TIMESTAMP_OUT_OF_RANGE;
            }
        }
        else if (token == JsonToken.VALUE_NUMBER_FLOAT)
        {
            if (timestampFormat == TimestampFormat.ISO)
            {
                return ParseError.BAD_TIMESTAMP;
            }
            millis = TimestampParser.fromDouble(parser.getDoubleValue(), unit);
            if (millis == TimestampParser.INVALID)
            {
                return ParseError.TIMESTAMP_OUT_OF_RANGE;
            }
        }
        else if (token == JsonToken.VALUE_STRING)
        {
            final char[] chars = parser.getTextCharacters();
            final int start = parser.getTextOffset();
            final int length = parser.getTextLength();
            if (timestampFormat == TimestampFormat.ISO)
            {
                millis = TimestampParser.parseIso(chars, start, length);
            }
            else if (timestampFormat == TimestampFormat.AUTO)
            {
                millis = TimestampParser.parseIso(chars, start, length);
                if (millis == TimestampParser.INVALID)
                {
                    millis = TimestampParser.parseNumber(chars, start, length, 1);
                }
            }
            else
            {
                millis = TimestampParser.parseNumber(chars, start, length, unit);
            }
            if (millis == TimestampParser.INVALID)
            {
                return ParseError.BAD_TIMESTAMP;
            }
        }
        else
        {
            return ParseError.BAD_TIMESTAMP;
        }
        timestamp = millis;
        hasTimestamp = true;
        return null;
    }

    private ParseError putString(final int index) throws IOException
    {
        final char[] chars = parser.getTextCharacters();
        final int start = parser.getTextOffset();
        final int length = parser.getTextLength();
        final int end = start + length;
        if (stringsLength + 3 * length > strings.length)
        {
            strings = Arrays.copyOf(strings, Math.max(strings.length * 2, stringsLength + 3 * length));
        }
        final byte[] out = strings;
        int at = stringsLength;
        for (int i = start; i < end; i++)
        {
            final char c = chars[i];
            if (c < 0x80)
            {
                out[at++] = (byte)c;
            }
            else if (c < 0x800)
            {
                out[at++] = (byte)(0xC0 | (c >> 6));
                out[at++] = (byte)(0x80 | (c & 0x3F));
            }
            else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(chars[i + 1]))
            {
                final int codePoint = Character.toCodePoint(c, chars[++i]);
                out[at++] = (byte)(0xF0 | (codePoint >> 18));
                out[at++] = (byte)(0x80 | ((codePoint >> 12) & 0x3F));
                out[at++] = (byte)(0x80 | ((codePoint >> 6) & 0x3F));
                out[at++] = (byte)(0x80 | (codePoint & 0x3F));
            }
            else if (Character.isSurrogate(c))
            {
                // an unpaired surrogate (legal in JSON escapes) has no UTF-8 form; String.getBytes writes '?' too
                out[at++] = '?';
            }
            else
            {
                out[at++] = (byte)(0xE0 | (c >> 12));
                out[at++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                out[at++] = (byte)(0x80 | (c & 0x3F));
            }
        }
        final int utf8Length = at - stringsLength;
        if (utf8Length > maxValueBytes)
        {
            return ParseError.VALUE_TOO_LONG;
        }
        tags[index] = EventRecord.TAG_STRING;
        stringStarts[index] = stringsLength;
        stringLengths[index] = utf8Length;
        stringsLength = at;
        return null;
    }

    private ParseError putLong(final JsonToken token, final int index) throws IOException
    {
        final long value;
        if (token == JsonToken.VALUE_NUMBER_INT)
        {
            if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER)
            {
                return ParseError.WRONG_TYPE;
            }
            value = parser.getLongValue();
        }
        else if (token == JsonToken.VALUE_NUMBER_FLOAT)
        {
            final double number = parser.getDoubleValue();
            if (!(number >= Long.MIN_VALUE && number <= Long.MAX_VALUE))
            {
                return ParseError.WRONG_TYPE;
            }
            value = (long)number;
        }
        else if (token == JsonToken.VALUE_STRING)
        {
            final long parsed = parseLong(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
            if (parsed == TimestampParser.INVALID)
            {
                return ParseError.WRONG_TYPE;
            }
            value = parsed;
        }
        else
        {
            return ParseError.WRONG_TYPE;
        }
        tags[index] = EventRecord.TAG_LONG;
        numbers[index] = value;
        return null;
    }

    private ParseError putDouble(final JsonToken token, final int index) throws IOException
    {
        final double value;
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT)
        {
            value = parser.getDoubleValue();
        }
        else if (token == JsonToken.VALUE_STRING)
        {
            try
            {
                value = Double.parseDouble(parser.getText());
            }
            catch (final NumberFormatException ex)
            {
                return ParseError.WRONG_TYPE;
            }
        }
        else
        {
            return ParseError.WRONG_TYPE;
        }
        if (!Double.isFinite(value))
        {
            return ParseError.WRONG_TYPE;
        }
        tags[index] = EventRecord.TAG_DOUBLE;
        numbers[index] = Double.doubleToRawLongBits(value);
        return null;
    }

    private ParseError putAny(final JsonToken token, final int index) throws IOException
    {
        if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER)
        {
            tags[index] = EventRecord.TAG_LONG;
            numbers[index] = parser.getLongValue();
            return null;
        }
        if (token == JsonToken.VALUE_NUMBER_FLOAT)
        {
            return putDouble(token, index);
        }
        return putString(index);
    }

    private static long parseLong(final char[] chars, final int offset, final int length)
    {
        int i = offset;
        final int end = offset + length;
        final boolean negative = i < end && chars[i] == '-';
        if (negative || (i < end && chars[i] == '+'))
        {
            i++;
        }
        if (i == end || end - i > 18)
        {
            return TimestampParser.INVALID;
        }
        long value = 0;
        for (; i < end; i++)
        {
            final char c = chars[i];
            if (c < '0' || c > '9')
            {
                return TimestampParser.INVALID;
            }
            value = value * 10 + (c - '0');
        }
        return negative ? -value : value;
    }

    private static boolean isBlank(final byte[] raw, final int offset, final int length)
    {
        for (int i = offset; i < offset + length; i++)
        {
            final byte b = raw[i];
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r')
            {
                return false;
            }
        }
        return true;
    }

    private static int conversionOf(final ValueType type)
    {
        return switch (type)
        {
            case LONG -> AS_LONG;
            case DOUBLE -> AS_DOUBLE;
            default -> AS_STRING;
        };
    }

    private void addTarget(final String field, final int kind, final int index)
    {
        final int target = kind << 16 | index;
        final int[] existing = targets.get(field);
        if (existing == null)
        {
            targets.put(field, new int[]{target});
        }
        else
        {
            final int[] more = Arrays.copyOf(existing, existing.length + 1);
            more[existing.length] = target;
            targets.put(field, more);
        }
    }

    private void newParser()
    {
        try
        {
            if (parser != null)
            {
                parser.close();
            }
            parser = factory.createNonBlockingByteArrayParser();
            feeder = (ByteArrayFeeder)parser.getNonBlockingInputFeeder();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot create a JSON parser", ex);
        }
    }
}
