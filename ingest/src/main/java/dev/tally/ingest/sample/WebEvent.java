package dev.tally.ingest.sample;

/**
 * One generated web-analytics event; a mutable holder that {@link WebEventGenerator#next(WebEvent)} refills, so
 * generating millions of events allocates nothing per event. Strings are interned constants of the generator.
 */
public final class WebEvent
{
    public long timestamp;
    public String country;
    public String device;
    public String os;
    public String browser;
    public String page;
    /** {@code null} for about 30 % of events. */
    public String referrer;
    public String userId;
    public double revenue;
    public long latencyMs;

    /** Appends the event as one JSON object (the shape Kafka and push ingest receive), ISO-8601 timestamp. */
    public StringBuilder appendJson(final StringBuilder out)
    {
        out.append("{\"ts\":\"").append(java.time.Instant.ofEpochMilli(timestamp)).append('"');
        appendField(out, "country", country);
        appendField(out, "device", device);
        appendField(out, "os", os);
        appendField(out, "browser", browser);
        appendField(out, "page", page);
        if (referrer != null)
        {
            appendField(out, "referrer", referrer);
        }
        appendField(out, "user_id", userId);
        out.append(",\"revenue\":").append(revenue);
        out.append(",\"latency_ms\":").append(latencyMs);
        return out.append('}');
    }

    private static void appendField(final StringBuilder out, final String name, final String value)
    {
        // generated values never need escaping: ASCII letters, digits, '/', '.', '-' and '_'
        out.append(",\"").append(name).append("\":\"").append(value).append('"');
    }
}
