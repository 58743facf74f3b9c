package dev.tally.ingest.record;

import dev.tally.storage.schema.TableSpec;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventParserTest
{
    static final String SPEC = """
        {"name": "events", "timestamp": {"column": "ts", "format": "auto"},
         "dimensions": ["country", "device", {"name": "quantity", "type": "long"}],
         "metrics": [
           {"name": "count", "type": "count"},
           {"name": "revenue", "type": "doubleSum", "field": "revenue"},
           {"name": "latency_max", "type": "longMax", "field": "latency_ms"},
           {"name": "users", "type": "hllSketch", "field": "user_id"}],
         "rollup": "PT1M", "segmentGranularity": "PT1H", "source": {"type": "push"}}
        """;

    private final IngestErrors errors = new IngestErrors();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1 << 20]);
    private final EventRecordReader reader = new EventRecordReader();

    private EventParser parser(final String format)
    {
        return new EventParser(TableSpec.parse(SPEC.replace("\"auto\"", "\"" + format + "\"")), errors, 4096, 256);
    }

    private int parse(final EventParser parser, final String json, final long position)
    {
        final byte[] raw = json.getBytes(StandardCharsets.UTF_8);
        final int length = parser.parse(raw, 0, raw.length, 2, position, buffer, 0, buffer.capacity());
        assertThat(length).isPositive();
        reader.wrap(buffer, 0);
        assertThat(reader.length()).isEqualTo(length);
        return length;
    }

    @Test
    void parsesAnEventIntoARecord()
    {
        final EventParser parser = parser("auto");
        parse(parser, "{\"ts\":\"2026-01-01T12:00:01.5Z\",\"country\":\"DE\",\"extra\":{\"a\":[1,2,{}]}," +
            "\"quantity\":\"7\",\"revenue\":12.5,\"latency_ms\":80,\"user_id\":\"u1\"}", 42);
        assertThat(parser.lastError()).isNull();
        assertThat(reader.isSkipped()).isFalse();
        assertThat(reader.partition()).isEqualTo(2);
        assertThat(reader.position()).isEqualTo(42);
        assertThat(reader.timestamp()).isEqualTo(java.time.Instant.parse("2026-01-01T12:00:01.500Z").toEpochMilli());
        assertThat(reader.fieldCount()).isEqualTo(6);
        assertThat(reader.string(0)).isEqualTo("DE");
        assertThat(reader.tag(1)).isEqualTo(EventRecord.TAG_NULL);
        assertThat(reader.longValue(2)).isEqualTo(7);
        assertThat(reader.doubleValue(3)).isEqualTo(12.5);
        assertThat(reader.longValue(4)).isEqualTo(80);
        assertThat(reader.string(5)).isEqualTo("u1");
    }

    @Test
    void missingMetricInputsAndDimensionsAreNull()
    {
        final EventParser parser = parser("millis");
        parse(parser, "{\"ts\":1767268800000,\"device\":\"mobile\",\"country\":null}", 1);
        assertThat(reader.timestamp()).isEqualTo(1767268800000L);
        assertThat(reader.tag(0)).isEqualTo(EventRecord.TAG_NULL);
        assertThat(reader.string(1)).isEqualTo("mobile");
        for (int i = 2; i < 6; i++)
        {
            assertThat(reader.tag(i)).isEqualTo(EventRecord.TAG_NULL);
        }
    }

    @Test
    void timestampFormats()
    {
        final long expected = 1767268800000L;
        assertThat(timestamp("seconds", "1767268800")).isEqualTo(expected);
        assertThat(timestamp("seconds", "1767268800.25")).isEqualTo(expected + 250);
        assertThat(timestamp("seconds", "\"1767268800\"")).isEqualTo(expected);
        assertThat(timestamp("millis", "\"1767268800000\"")).isEqualTo(expected);
        assertThat(timestamp("iso", "\"2026-01-01T12:00:00Z\"")).isEqualTo(expected);
        assertThat(timestamp("iso", "\"2026-01-01T13:30:00+01:30\"")).isEqualTo(expected);
        assertThat(timestamp("iso", "\"2026-01-01T07:00-05:00\"")).isEqualTo(expected);
        assertThat(timestamp("iso", "\"2026-01-01 12:00:00.000\"")).isEqualTo(expected);
        assertThat(timestamp("iso", "\"2026-01-01\"")).isEqualTo(expected - 12 * 3_600_000L);
        assertThat(timestamp("auto", "1767268800000")).isEqualTo(expected);
        assertThat(timestamp("auto", "\"2026-01-01T12:00:00.123456Z\"")).isEqualTo(expected + 123);
        assertThat(timestamp("auto", "\"1767268800000\"")).isEqualTo(expected);
        assertThat(timestamp("iso", "\"1969-12-31T23:59:59.999Z\"")).isEqualTo(-1);
    }

    private long timestamp(final String format, final String value)
    {
        final EventParser parser = parser(format);
        parse(parser, "{\"ts\":" + value + "}", 0);
        assertThat(parser.lastError()).as(format + " " + value).isNull();
        return reader.timestamp();
    }

    @Test
    void badEventsAreCountedSampledAndSkippedWhileGoodOnesAroundThemParse()
    {
        final String good = "{\"ts\":\"2026-01-01T00:00:00Z\",\"country\":\"US\",\"revenue\":1.5}";
        final String deep = "{\"ts\":1,\"x\":" + "[".repeat(100) + "]".repeat(100) + "}";
        final String[][] corpus = {
            {"{\"ts\":\"2026-01-01T00:00:00Z\"", "TRUNCATED"},
            {"{\"ts\":\"2026-01-01T00:00:00Z\",\"country\":", "TRUNCATED"},
            {"{\"ts\":\"2026-01-01T00:00:00Z\",\"country\":\"U", "MALFORMED_JSON"},
            {"{\"ts\":\"2026-01-01T00:00:00Z\",\"extra\":{\"a\":[1,2", "TRUNCATED"},
            {"{\"ts\" \"2026\"}", "MALFORMED_JSON"},
            {"{ts:1}", "MALFORMED_JSON"},
            {"{\"ts\":1,}", "MALFORMED_JSON"},
            {"[1,2,3]", "NOT_AN_OBJECT"},
            {"\"just a string\"", "NOT_AN_OBJECT"},
            {"42", "NOT_AN_OBJECT"},
            {"null", "NOT_AN_OBJECT"},
            {"", "EMPTY"},
            {"   ", "EMPTY"},
            {"{\"ts\":1} {\"ts\":2}", "TRAILING_DATA"},
            {"{\"ts\":1} 12", "TRAILING_DATA"},
            {"{\"ts\":1}}", "TRAILING_DATA"},
            {"{\"ts\":1} x", "TRAILING_DATA"},
            {"{\"country\":\"US\"}", "MISSING_TIMESTAMP"},
            {"{\"ts\":null}", "MISSING_TIMESTAMP"},
            {"{\"ts\":\"yesterday\"}", "BAD_TIMESTAMP"},
            {"{\"ts\":\"2026-13-01T00:00:00Z\"}", "BAD_TIMESTAMP"},
            {"{\"ts\":\"2026-02-30T00:00:00Z\"}", "BAD_TIMESTAMP"},
            {"{\"ts\":\"2026-01-01T25:00:00Z\"}", "BAD_TIMESTAMP"},
            {"{\"ts\":true}", "BAD_TIMESTAMP"},
            {"{\"ts\":{\"a\":1}}", "WRONG_TYPE"},
            {"{\"ts\":99999999999999999999}", "TIMESTAMP_OUT_OF_RANGE"},
            {"{\"ts\":-99999999999999999}", "TIMESTAMP_OUT_OF_RANGE"},
            {"{\"ts\":1,\"revenue\":\"lots\"}", "WRONG_TYPE"},
            {"{\"ts\":1,\"revenue\":true}", "WRONG_TYPE"},
            {"{\"ts\":1,\"latency_ms\":[1]}", "WRONG_TYPE"},
            {"{\"ts\":1,\"quantity\":\"seven\"}", "WRONG_TYPE"},
            {"{\"ts\":1,\"quantity\":123456789012345678901234567890}", "WRONG_TYPE"},
            {"{\"ts\":1,\"country\":{\"code\":\"US\"}}", "WRONG_TYPE"},
            {"{\"ts\":1,\"country\":\"" + "x".repeat(300) + "\"}", "VALUE_TOO_LONG"},
            {"{\"ts\":1,\"pad\":\"" + "x".repeat(5000) + "\"}", "OVERSIZE"},
            {deep, "TOO_DEEP"},
            {"{\"ts\":1,\"country\":\"a\u0000b\"}", "MALFORMED_JSON"},
            {"{\"ts\":1,\u0000\"country\":\"US\"}", "MALFORMED_JSON"},
            {"{\"ts\":1,\"country\":\"\\x\"}", "MALFORMED_JSON"},
            {"{\"ts\":1,\"revenue\":1.5e}", "MALFORMED_JSON"},
            {"{\"ts\":1,\"revenue\":NaN}", "MALFORMED_JSON"},
            {"{'ts':1}", "MALFORMED_JSON"},
        };
        final EventParser parser = parser("auto");
        final List<byte[]> inputs = new ArrayList<>();
        for (final String[] bad : corpus)
        {
            inputs.add(good.getBytes(StandardCharsets.UTF_8));
            inputs.add(bad[0].getBytes(StandardCharsets.UTF_8));
        }
        inputs.add(good.getBytes(StandardCharsets.UTF_8));
        inputs.add(new byte[]{'{', '"', 't', 's', '"', ':', '1', ',', '"', 'c', 'o', 'u', 'n', 't', 'r', 'y', '"',
            ':', '"', (byte)0xC3, (byte)0x28, '"', '}'});
        inputs.add(new byte[]{'{', '"', 't', 's', '"', ':', '1', ',', '"', 'c', 'o', 'u', 'n', 't', 'r', 'y', '"',
            ':', '"', (byte)0xFF, '"', '}'});
        inputs.add(good.getBytes(StandardCharsets.UTF_8));

        int goodCount = 0;
        for (int i = 0; i < inputs.size(); i++)
        {
            final byte[] raw = inputs.get(i);
            final int length = parser.parse(raw, 0, raw.length, 0, i, buffer, 0, buffer.capacity());
            assertThat(length).isPositive();
            reader.wrap(buffer, 0);
            assertThat(reader.position()).isEqualTo(i);
            if (i % 2 == 0 && i < corpus.length * 2 + 1 || i == inputs.size() - 1)
            {
                assertThat(parser.lastError()).as("good event after " + (i > 0 ? new String(inputs.get(i - 1),
                    StandardCharsets.UTF_8) : "nothing")).isNull();
                assertThat(reader.isSkipped()).isFalse();
                assertThat(reader.string(0)).isEqualTo("US");
                goodCount++;
            }
            else
            {
                final String expected = i < corpus.length * 2 ? corpus[i / 2][1] : "MALFORMED_JSON";
                assertThat(parser.lastError()).as(new String(raw, StandardCharsets.UTF_8))
                    .isEqualTo(ParseError.valueOf(expected));
                assertThat(reader.isSkipped()).isTrue();
                assertThat(reader.length()).isEqualTo(EventRecord.HEADER_LENGTH);
            }
        }
        assertThat(goodCount).isEqualTo(corpus.length + 2);
        assertThat(errors.total()).isEqualTo(corpus.length + 2);
        assertThat(errors.counts()).containsEntry(ParseError.TRUNCATED, 3L).containsEntry(ParseError.WRONG_TYPE, 7L);
        assertThat(errors.samples()).hasSize(errors.sampleLimit());
        assertThat(errors.samples().get(errors.sampleLimit() - 1).offset()).isEqualTo(inputs.size() - 2);
    }

    @Test
    void recordThatDoesNotFitIsNotWrittenNorCounted()
    {
        final EventParser parser = parser("auto");
        final byte[] raw = "{\"ts\":1,\"country\":\"US\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(parser.parse(raw, 0, raw.length, 0, 0, buffer, 0, 16)).isZero();
        assertThat(parser.parse(raw, 0, raw.length, 0, 0, buffer, 0, 1024)).isPositive();
        assertThat(errors.total()).isZero();
    }
}
