package dev.tally.ingest.record;

import dev.tally.ingest.testing.BadEvents;
import dev.tally.storage.schema.TableSpec;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventParserTest
{
    static final String SPEC = BadEvents.SPEC;


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
        final List<BadEvents.BadEvent> corpus = BadEvents.corpus(4096, 256);
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(30);
        final byte[] good = BadEvents.GOOD.getBytes(StandardCharsets.UTF_8);
        final EventParser parser = parser("auto");
        int position = 0;
        for (final BadEvents.BadEvent bad : corpus)
        {
            for (final byte[] raw : new byte[][]{good, bad.raw()})
            {
                final int length = parser.parse(raw, 0, raw.length, 0, position, buffer, 0, buffer.capacity());
                assertThat(length).isPositive();
                reader.wrap(buffer, 0);
                assertThat(reader.position()).isEqualTo(position++);
                if (raw == good)
                {
                    assertThat(parser.lastError()).as("good event after " + bad).isNull();
                    assertThat(reader.isSkipped()).isFalse();
                    assertThat(reader.string(0)).isEqualTo("US");
                }
                else
                {
                    assertThat(parser.lastError()).as(bad.toString()).isEqualTo(bad.reason());
                    assertThat(reader.isSkipped()).isTrue();
                    assertThat(reader.length()).isEqualTo(EventRecord.HEADER_LENGTH);
                }
            }
        }
        assertThat(errors.total()).isEqualTo(corpus.size());
        assertThat(errors.counts()).containsEntry(ParseError.TRUNCATED, 4L).containsEntry(ParseError.WRONG_TYPE, 7L);
        assertThat(errors.samples()).hasSize(errors.sampleLimit());
        assertThat(errors.samples().get(errors.sampleLimit() - 1).offset()).isEqualTo(position - 1);
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
