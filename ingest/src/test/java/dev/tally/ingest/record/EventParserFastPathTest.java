package dev.tally.ingest.record;

import dev.tally.storage.schema.TableSpec;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parser's fast path ({@link FlatEventScanner}) against jackson's path alone, on many generated events: good
 * ones with every kind of value in every column type, and broken ones (bad numbers, literals, escapes, non-ASCII,
 * nesting, odd whitespace, random byte edits and truncation). For every event both parsers must agree on the error
 * and write the very same record bytes, and the fast path must have taken a good share of them.
 */
class EventParserFastPathTest
{
    private static final String SPEC = """
        {"name": "events", "timestamp": {"column": "ts", "format": "FORMAT"},
         "dimensions": ["country", "device", {"name": "quantity", "type": "long"},
           {"name": "price", "type": "double"}],
         "metrics": [
           {"name": "count", "type": "count"},
           {"name": "revenue", "type": "doubleSum", "field": "revenue"},
           {"name": "latency_max", "type": "longMax", "field": "latency_ms"},
           {"name": "quantity_sum", "type": "longSum", "field": "quantity"},
           {"name": "users", "type": "hllSketch", "field": "user_id"},
           {"name": "latency", "type": "quantilesSketch", "field": "lat"}],
         "rollup": "PT1M", "segmentGranularity": "PT1H", "source": {"type": "push"}}
        """;
    private static final String[] FIELDS = {
        "ts", "country", "device", "quantity", "price", "revenue", "latency_ms", "user_id", "lat", "extra"};
    private static final String[] STRINGS = {
        "\"US\"", "\"\"", "\"a b\"", "\"DE\"", "\"\u00fc\"", "\"a\\\"b\"", "\"\\u0041\"", "\"x\u007fy\"", "\"12\"",
        "\"-3\"", "\"+4\"", "\"1.5\"", "\"2026-01-01T00:00:00Z\"", "\"2026-01-01 10:00:00.123+02:00\"",
        "\"2026-02-30T00:00:00Z\"", "\"1767225600\"", "\"1767225600.5\"", "\"abc", "\"tab\there\"",
        "\"" + "y".repeat(300) + "\"", "\"" + "z".repeat(256) + "\"", "\"\ud83d\ude00\""};
    private static final String[] NUMBERS = {
        "0", "-0", "1", "-1", "12", "007", "1.5", "-0.0", "0.1", "1e5", "1E-3", "1.7976931348623157e308", "2e308",
        "123456789012345678", "-123456789012345678", "1234567890123456789", "12345678901234567890", "0.30000000000000004",
        "3.14159265358979", "9007199254740993", "1e22", "1e23", "4.9e-324", "1.", ".5", "-", "1e", "1e+", "2.5e-22",
        "1767225600000", "1767225600", "1767225600.25", "253402300800000", "-62135596800001", "1e0005", "0e0",
        "123456789012345.6", "1234567890123456.7", "-5e-1", "00", "0.000000000000000000001"};
    private static final String[] LITERALS = {"true", "false", "null", "nul", "truex", "NaN", "Infinity"};
    private static final String[] NESTED = {"{}", "[]", "[1,2]", "{\"a\":{\"b\":1}}", "[{\"c\":\"d\"}]"};
    private static final String[] SPACES = {"", "", "", " ", "\n", "\t", "\r\n", "  ", "\u000b", "\u00a0"};
    private static final byte[] EDITS = "{}[]\":,\\ -+.eE0123456789tfnul\t\n\u007f".getBytes(StandardCharsets.ISO_8859_1);

    @ParameterizedTest
    @ValueSource(strings = {"iso", "millis", "seconds", "auto"})
    void fastPathGivesWhatJacksonGivesOrDeclines(final String format)
    {
        final TableSpec spec = TableSpec.parse(SPEC.replace("FORMAT", format));
        final EventParser fast = new EventParser(spec, new IngestErrors(), 4096, 256, true);
        final EventParser jackson = new EventParser(spec, new IngestErrors(), 4096, 256, false);
        final UnsafeBuffer fastOut = new UnsafeBuffer(new byte[1 << 16]);
        final UnsafeBuffer jacksonOut = new UnsafeBuffer(new byte[1 << 16]);
        final SplittableRandom random = new SplittableRandom(format.hashCode());
        final int events = 40_000;
        int good = 0;
        for (int i = 0; i < events; i++)
        {
            final byte[] raw = event(random, format, random.nextInt(3) == 0);
            final int fastLength = fast.parse(raw, 0, raw.length, 1, i, fastOut, 0, fastOut.capacity());
            final int jacksonLength = jackson.parse(raw, 0, raw.length, 1, i, jacksonOut, 0, jacksonOut.capacity());
            final String what = new String(raw, StandardCharsets.UTF_8);
            assertThat(fast.lastError()).as(what).isEqualTo(jackson.lastError());
            assertThat(fastLength).as(what).isEqualTo(jacksonLength);
            for (int b = 0; b < fastLength; b++)
            {
                if (fastOut.getByte(b) != jacksonOut.getByte(b))
                {
                    assertThat(hex(fastOut, fastLength)).as(what).isEqualTo(hex(jacksonOut, jacksonLength));
                }
            }
            good += jackson.lastError() == null ? 1 : 0;
        }
        assertThat(good).as("good events").isGreaterThan(events / 4);
        assertThat(fast.fastPathEvents()).as("events the fast path took").isGreaterThan(events / 5)
            .isLessThan(good);
    }

    @Test
    void stringEndFindsTheClosingQuoteOrDeclinesAsAByteLoopWould()
    {
        final byte[] alphabet = {'"', '\\', 0x00, 0x1F, 0x20, 0x21, 0x7F, (byte)0x80, (byte)0xC3, (byte)0xFF};
        final SplittableRandom random = new SplittableRandom(7);
        for (int n = 0; n < 200_000; n++)
        {
            final byte[] raw = new byte[random.nextInt(40)];
            for (int i = 0; i < raw.length; i++)
            {
                raw[i] = random.nextInt(8) == 0 ? alphabet[random.nextInt(alphabet.length)] :
                    (byte)(' ' + random.nextInt(95));
            }
            final int start = raw.length == 0 ? 0 : random.nextInt(raw.length);
            int expected = -1;
            for (int i = start; i < raw.length; i++)
            {
                if (raw[i] == '"')
                {
                    expected = i;
                    break;
                }
                if (raw[i] < 0x20 || raw[i] == '\\')
                {
                    break;
                }
            }
            assertThat(FlatEventScanner.stringEnd(raw, start, raw.length)).as(java.util.Arrays.toString(raw))
                .isEqualTo(expected);
        }
    }

    private static byte[] event(final SplittableRandom random, final String format, final boolean isOdd)
    {
        final List<String> fields = new ArrayList<>();
        fields.add("ts");
        for (final String field : FIELDS)
        {
            if (random.nextInt(3) > 0 && !field.equals("ts"))
            {
                fields.add(field);
            }
        }
        if (random.nextInt(20) == 0)
        {
            fields.add(FIELDS[random.nextInt(FIELDS.length)]);
        }
        if (random.nextInt(4) == 0)
        {
            Collections.shuffle(fields, new java.util.Random(random.nextLong()));
        }
        final StringBuilder json = new StringBuilder().append(space(random, isOdd)).append('{');
        for (int f = 0; f < fields.size(); f++)
        {
            if (f > 0)
            {
                json.append(space(random, isOdd)).append(',');
            }
            json.append(space(random, isOdd)).append('"').append(fields.get(f)).append('"').append(space(random, isOdd)).append(':')
                .append(space(random, isOdd)).append(value(random, fields.get(f), format, isOdd));
        }
        json.append(space(random, isOdd)).append('}').append(space(random, isOdd));
        byte[] raw = json.toString().getBytes(StandardCharsets.UTF_8);
        final int edit = isOdd ? random.nextInt(6) : 6;
        if (edit == 0)
        {
            raw[random.nextInt(raw.length)] = EDITS[random.nextInt(EDITS.length)];
        }
        else if (edit == 1)
        {
            raw = java.util.Arrays.copyOf(raw, random.nextInt(raw.length));
        }
        return raw;
    }

    private static String value(
        final SplittableRandom random, final String field, final String format, final boolean isOdd)
    {
        if (!isOdd || random.nextInt(10) < 6)
        {
            // mostly what a well-behaved producer sends
            return switch (field)
            {
                case "ts" -> format.equals("iso") || (format.equals("auto") && random.nextBoolean()) ?
                    "\"2026-01-0" + (1 + random.nextInt(9)) + "T1" + random.nextInt(10) + ":3" + random.nextInt(10) +
                        ":00." + random.nextInt(1000) + "Z\"" :
                    format.equals("seconds") ? String.valueOf(1_767_225_600L + random.nextInt(86_400)) :
                        String.valueOf(1_767_225_600_000L + random.nextInt(86_400_000));
                case "quantity", "latency_ms" -> String.valueOf(random.nextInt(1000) - 10);
                case "price", "revenue", "lat" -> random.nextInt(3) == 0 ? "0" :
                    (random.nextInt(100_000) / 100.0) + "";
                default -> "\"v" + random.nextInt(50) + "\"";
            };
        }
        return switch (random.nextInt(5))
        {
            case 0, 1 -> STRINGS[random.nextInt(STRINGS.length)];
            case 2 -> NUMBERS[random.nextInt(NUMBERS.length)];
            case 3 -> LITERALS[random.nextInt(LITERALS.length)];
            default -> NESTED[random.nextInt(NESTED.length)];
        };
    }

    private static String space(final SplittableRandom random, final boolean isOdd)
    {
        // the last two are not JSON whitespace
        return random.nextInt(6) == 0 ? SPACES[random.nextInt(isOdd ? SPACES.length : SPACES.length - 2)] : "";
    }

    private static String hex(final UnsafeBuffer buffer, final int length)
    {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            text.append(String.format("%02x", buffer.getByte(i)));
        }
        return text.toString();
    }
}
