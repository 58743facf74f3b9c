package dev.tally.ingest.testing;

import dev.tally.ingest.record.ParseError;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A corpus of bad events, each with the reason it must be rejected for, for the table spec {@link #SPEC}. */
public final class BadEvents
{
    public static final String SPEC = """
        {"name": "events", "timestamp": {"column": "ts", "format": "auto"},
         "dimensions": ["country", "device", {"name": "quantity", "type": "long"}],
         "metrics": [
           {"name": "count", "type": "count"},
           {"name": "revenue", "type": "doubleSum", "field": "revenue"},
           {"name": "latency_max", "type": "longMax", "field": "latency_ms"},
           {"name": "users", "type": "hllSketch", "field": "user_id"}],
         "rollup": "PT1M", "segmentGranularity": "PT1H", "source": {"type": "push"}}
        """;

    /** A good event of {@link #SPEC}: country US, revenue 1.5. */
    public static final String GOOD = "{\"ts\":\"2026-01-01T00:00:00Z\",\"country\":\"US\",\"revenue\":1.5}";

    /** One bad event. */
    public record BadEvent(byte[] raw, ParseError reason)
    {
        @Override
        public String toString()
        {
            return reason + " " + new String(raw, StandardCharsets.UTF_8);
        }
    }

    /** The corpus for a parser with these limits. */
    public static List<BadEvent> corpus(final int maxEventBytes, final int maxValueBytes)
    {
        final String deep = "{\"ts\":1,\"x\":" + "[".repeat(100) + "]".repeat(100) + "}";
        final String[][] corpus = {
            {"{\"ts\":\"2026-01-01T00:00:00Z\"", "TRUNCATED"},
            {"{\"ts\":\"2026-01-01T00:00:00Z\",\"country\":", "TRUNCATED"},
            {"{\"ts\":\"2026-01-01T00:00:00Z\",\"country\":\"U", "TRUNCATED"},
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
            {"{\"ts\":1,\"country\":\"" + "x".repeat(maxValueBytes + 1) + "\"}", "VALUE_TOO_LONG"},
            {"{\"ts\":1,\"pad\":\"" + "x".repeat(maxEventBytes) + "\"}", "OVERSIZE"},
            {deep, "TOO_DEEP"},
            {"{\"ts\":1,\"country\":\"a\u0000b\"}", "MALFORMED_JSON"},
            {"{\"ts\":1,\u0000\"country\":\"US\"}", "MALFORMED_JSON"},
            {"{\"ts\":1,\"country\":\"\\x\"}", "MALFORMED_JSON"},
            {"{\"ts\":1,\"revenue\":1.5e}", "MALFORMED_JSON"},
            {"{\"ts\":1,\"revenue\":NaN}", "MALFORMED_JSON"},
            {"{'ts':1}", "MALFORMED_JSON"},
        };
        final List<BadEvent> events = new ArrayList<>();
        for (final String[] entry : corpus)
        {
            events.add(new BadEvent(entry[0].getBytes(StandardCharsets.UTF_8), ParseError.valueOf(entry[1])));
        }
        // invalid UTF-8: a bad continuation byte, and a byte that never starts a character
        events.add(new BadEvent(utf8Broken(new byte[]{(byte)0xC3, (byte)0x28}), ParseError.MALFORMED_JSON));
        events.add(new BadEvent(utf8Broken(new byte[]{(byte)0xFF}), ParseError.MALFORMED_JSON));
        return events;
    }

    private static byte[] utf8Broken(final byte[] middle)
    {
        final byte[] head = "{\"ts\":1,\"country\":\"".getBytes(StandardCharsets.UTF_8);
        final byte[] raw = new byte[head.length + middle.length + 2];
        System.arraycopy(head, 0, raw, 0, head.length);
        System.arraycopy(middle, 0, raw, head.length, middle.length);
        raw[raw.length - 2] = '"';
        raw[raw.length - 1] = '}';
        return raw;
    }

    private BadEvents()
    {
    }
}
