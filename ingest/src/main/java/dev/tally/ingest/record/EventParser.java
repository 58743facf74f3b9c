package dev.tally.ingest.record;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import dev.tally.storage.schema.DimensionSpec;
import dev.tally.storage.schema.MetricSpec;
import dev.tally.storage.schema.MetricType;
import dev.tally.storage.schema.TableSpec;
import dev.tally.storage.schema.TimestampFormat;
import dev.tally.storage.schema.ValueType;
import org.agrona.MutableDirectBuffer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one JSON event into an {@link EventRecord} per a table spec, with jackson-core's streaming parser: one parser
 * reads event after event straight from the caller's bytes (see {@code EventInput}), field names come back
 * canonicalized (and are matched by reference against the field order of the previous event before any map lookup),
 * values are read from the parser's char buffer and encoded straight into the record, and doubles go through
 * jackson's fast double parser, so a good event allocates nothing. Flat events of printable ASCII, nearly all in
 * practice, take a faster path first ({@link FlatEventScanner}), which gives the same values or declines, in which
 * case jackson reads the event.
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

    static final int TARGET_TIMESTAMP = 0;
    static final int TARGET_DIMENSION = 1;
    static final int TARGET_METRIC = 2;

    /** How a value is converted for its column. */
    static final int AS_STRING = 0;
    static final int AS_LONG = 1;
    static final int AS_DOUBLE = 2;
    /** Strings, longs and doubles kept as they come (HLL sketch inputs). */
    static final int AS_ANY = 3;

    /** Field positions remembered for the same-order fast path of field lookup. */
    private static final int REMEMBERED_FIELDS = 64;
    private static final int[] UNKNOWN_FIELD = new int[0];

    private final JsonFactory factory = JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
    private final IngestErrors errors;
    private final TimestampFormat timestampFormat;
    private final int maxEventBytes;
    private final int maxValueBytes;
    /** Field name → targets, each {@code kind << 16 | index}. */
    private final Map<String, int[]> targets = new HashMap<>();
    private final int dimensionCount;
    private final int valueCount;
    private final int[] conversions;

    private final EventInput input = new EventInput();
    private final TrailingBytes trailing = new TrailingBytes();
    private JsonParser parser;
    /** The n-th field name of the last event (a canonical String, compared by reference) and its targets. */
    private final String[] fieldNames = new String[REMEMBERED_FIELDS];
    private final int[][] fieldTargets = new int[REMEMBERED_FIELDS][];

    private final EventValues values;
    /** The fast path for flat ASCII events, or null (tests compare with jackson's path alone). */
    private final FlatEventScanner scanner;
    private ParseError lastError;
    private long fastPathEvents;

    public EventParser(final TableSpec spec, final IngestErrors errors)
    {
        this(spec, errors, MAX_EVENT_BYTES_DEFAULT, MAX_VALUE_BYTES_DEFAULT);
    }

    public EventParser(
        final TableSpec spec, final IngestErrors errors, final int maxEventBytes, final int maxValueBytes)
    {
        this(spec, errors, maxEventBytes, maxValueBytes, true);
    }

    /** @param hasFastPath whether flat ASCII events take {@link FlatEventScanner} (false: jackson reads every event). */
    EventParser(final TableSpec spec, final IngestErrors errors, final int maxEventBytes, final int maxValueBytes,
        final boolean hasFastPath)
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
        values = new EventValues(count);
        scanner = hasFastPath ? new FlatEventScanner(targets, conversions, timestampFormat, maxValueBytes, values) : null;
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

    /** Events read by the fast path so far. */
    long fastPathEvents()
    {
        return fastPathEvents;
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
        final int recordLength = values.recordLength();
        if (dstLimit - dstOffset < recordLength)
        {
            return 0;
        }
        values.writeRecord(partition, position, dst, dstOffset, recordLength);
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

    private ParseError parseEvent(final byte[] raw, final int offset, final int length)
    {
        if (length > maxEventBytes)
        {
            return ParseError.OVERSIZE;
        }
        if (scanner != null && scanner.scan(raw, offset, length))
        {
            fastPathEvents++;
            return null;
        }
        if (isBlank(raw, offset, length))
        {
            return ParseError.EMPTY;
        }
        values.reset();
        input.serve(raw, offset, length);
        try
        {
            JsonToken token = parser.nextToken();
            if (token != JsonToken.START_OBJECT)
            {
                return ParseError.NOT_AN_OBJECT;
            }
            int field = 0;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME)
            {
                final int[] fieldTargets = targetsOf(parser.currentName(), field++);
                token = parser.nextToken();
                if (fieldTargets == UNKNOWN_FIELD)
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
            if (token != JsonToken.END_OBJECT)
            {
                return ParseError.MALFORMED_JSON;
            }
            if (!isAtEnd())
            {
                return ParseError.TRAILING_DATA;
            }
        }
        catch (final JsonEOFException ex)
        {
            // the event ended inside a value or an object
            return ParseError.TRUNCATED;
        }
        catch (final IOException | RuntimeException ex)
        {
            // jackson reports malformed input (bad syntax, invalid UTF-8, control characters) by exception
            return ParseError.MALFORMED_JSON;
        }
        if (!values.hasTimestamp)
        {
            return ParseError.MISSING_TIMESTAMP;
        }
        if (!TimestampParser.isInRange(values.timestamp))
        {
            return ParseError.TIMESTAMP_OUT_OF_RANGE;
        }
        return null;
    }

    /**
     * The targets of the {@code field}-th field of an event: events of one source usually name their fields in the
     * same order, and the parser hands out one canonical String per name, so a reference compare with the name the
     * last event had at that place mostly saves the map lookup.
     */
    private int[] targetsOf(final String name, final int field)
    {
        if (field >= REMEMBERED_FIELDS)
        {
            return targets.getOrDefault(name, UNKNOWN_FIELD);
        }
        if (fieldNames[field] != name)
        {
            fieldNames[field] = name;
            fieldTargets[field] = targets.getOrDefault(name, UNKNOWN_FIELD);
        }
        return fieldTargets[field];
    }

    /** Whether nothing but whitespace follows the event's object (in the parser's buffer and still unread). */
    private boolean isAtEnd() throws IOException
    {
        trailing.isBlank = true;
        parser.releaseBuffered(trailing);
        return trailing.isBlank & input.skipRestIfBlank();
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
            if (token == null)
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
            values.putNull(index);
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
            values.hasTimestamp = false;
            return null;
        }
        final long unit = unitMillis(timestampFormat);
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
            millis = timestampOfText(timestampFormat, parser.getTextCharacters(), parser.getTextOffset(),
                parser.getTextLength());
            if (millis == TimestampParser.INVALID)
            {
                return ParseError.BAD_TIMESTAMP;
            }
        }
        else
        {
            return ParseError.BAD_TIMESTAMP;
        }
        values.putTimestamp(millis);
        return null;
    }

    /** Epoch millis of a timestamp given as a JSON string, per the table's format, or {@link TimestampParser#INVALID}. */
    static long timestampOfText(final TimestampFormat format, final char[] chars, final int start, final int length)
    {
        if (format == TimestampFormat.ISO)
        {
            return TimestampParser.parseIso(chars, start, length);
        }
        if (format == TimestampFormat.AUTO)
        {
            final long millis = TimestampParser.parseIso(chars, start, length);
            return millis != TimestampParser.INVALID ? millis : TimestampParser.parseNumber(chars, start, length, 1);
        }
        return TimestampParser.parseNumber(chars, start, length, unitMillis(format));
    }

    static long unitMillis(final TimestampFormat format)
    {
        return format == TimestampFormat.SECONDS ? 1000 : 1;
    }

    private ParseError putString(final int index) throws IOException
    {
        final char[] chars = parser.getTextCharacters();
        final int start = parser.getTextOffset();
        final int length = parser.getTextLength();
        final int end = start + length;
        final byte[] out = values.stringRoom(3 * length);
        final int utf8Start = values.stringsLength;
        int at = utf8Start;
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
        final int utf8Length = at - utf8Start;
        if (utf8Length > maxValueBytes)
        {
            return ParseError.VALUE_TOO_LONG;
        }
        values.endString(index, utf8Length);
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
        values.putLong(index, value);
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
        values.putDouble(index, value);
        return null;
    }

    private ParseError putAny(final JsonToken token, final int index) throws IOException
    {
        if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER)
        {
            values.putLong(index, parser.getLongValue());
            return null;
        }
        if (token == JsonToken.VALUE_NUMBER_FLOAT)
        {
            return putDouble(token, index);
        }
        return putString(index);
    }

    static long parseLong(final char[] chars, final int offset, final int length)
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
            if (!isJsonWhitespace(raw[i]))
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
            input.serveEncodingProbe();
            parser = factory.createParser(input);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot create a JSON parser", ex);
        }
    }

    private static boolean isJsonWhitespace(final int b)
    {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    /**
     * What the one long-lived jackson parser reads: the current event's bytes, then end of input. A well-formed
     * event ends with its object's closing brace, so the parser never asks for more and can go on to the next event
     * (handed over by {@link #serve}); one that asks for more is truncated, sees end of input and is replaced. No
     * copy is made: the parser reads straight from the caller's array.
     */
    private static final class EventInput extends InputStream
    {
        /** Whitespace for jackson's encoding detection, which reads four bytes when a parser is made. */
        private static final byte[] PROBE = {' ', ' ', ' ', ' '};

        private byte[] bytes = PROBE;
        private int at;
        private int end;

        void serve(final byte[] raw, final int offset, final int length)
        {
            bytes = raw;
            at = offset;
            end = offset + length;
        }

        void serveEncodingProbe()
        {
            serve(PROBE, 0, PROBE.length);
        }

        /** Whether the unread rest is whitespace; marks it read either way. */
        boolean skipRestIfBlank()
        {
            final byte[] bytes = this.bytes;
            boolean isBlank = true;
            for (int i = at; i < end; i++)
            {
                isBlank &= isJsonWhitespace(bytes[i]);
            }
            at = end;
            return isBlank;
        }

        @Override
        public int read()
        {
            return at < end ? bytes[at++] & 0xFF : -1;
        }

        @Override
        public int read(final byte[] dst, final int offset, final int length)
        {
            if (at >= end)
            {
                return -1;
            }
            final int count = Math.min(length, end - at);
            System.arraycopy(bytes, at, dst, offset, count);
            at += count;
            return count;
        }
    }

    /** Receives what the parser buffered past the event's object; it must be whitespace. */
    private static final class TrailingBytes extends OutputStream
    {
        boolean isBlank;

        @Override
        public void write(final int b)
        {
            isBlank &= isJsonWhitespace(b);
        }

        @Override
        public void write(final byte[] b, final int offset, final int length)
        {
            for (int i = offset; i < offset + length; i++)
            {
                isBlank &= isJsonWhitespace(b[i]);
            }
        }
    }
}
