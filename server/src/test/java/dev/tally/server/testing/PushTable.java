package dev.tally.server.testing;

import dev.tally.ingest.sample.WebEvent;
import dev.tally.ingest.sample.WebEventGenerator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The web-analytics push table the server tests create, and generated events for it. */
public final class PushTable
{
    public static final long START = 1_767_225_600_000L; // 2026-01-01T00:00Z

    public static final String SPEC = """
        {"name": "web", "timestamp": {"column": "ts", "format": "iso"},
         "dimensions": ["country", "device", "os", "browser", "page"],
         "metrics": [
           {"name": "count", "type": "count"},
           {"name": "revenue", "type": "doubleSum", "field": "revenue"},
           {"name": "latency_max", "type": "longMax", "field": "latency_ms"},
           {"name": "latency_sum", "type": "longSum", "field": "latency_ms"},
           {"name": "users", "type": "hllSketch", "field": "user_id"}],
         "rollup": "PT1M", "segmentGranularity": "PT1H", "source": {"type": "push"}}
        """;

    /** Dashboard questions over {@code web}, each with the same question over DuckDB's raw events. */
    public static final String[][] QUERIES = {
        {"SELECT COUNT(*), SUM(revenue), MAX(latency_max), SUM(latency_sum) FROM web",
         "SELECT COUNT(*), SUM(revenue), MAX(latency_ms), SUM(latency_ms) FROM raw"},
        {"SELECT country, COUNT(*) AS n, SUM(revenue) FROM web GROUP BY country ORDER BY n DESC, country LIMIT 10",
         "SELECT country, COUNT(*) AS n, SUM(revenue) FROM raw GROUP BY country ORDER BY n DESC, country LIMIT 10"},
        {"SELECT TIME_FLOOR(__time, 'PT1H') AS h, COUNT(*) FROM web WHERE device = 'mobile' GROUP BY 1 ORDER BY 1",
         "SELECT date_trunc('hour', ts) AS h, COUNT(*) FROM raw WHERE device = 'mobile' GROUP BY 1 ORDER BY 1"},
        {"SELECT os, browser, MAX(latency_max) FROM web WHERE country IN ('US', 'DE') GROUP BY os, browser " +
         "HAVING COUNT(*) > 10 ORDER BY os, browser",
         "SELECT os, browser, MAX(latency_ms) FROM raw WHERE country IN ('US', 'DE') GROUP BY os, browser " +
         "HAVING COUNT(*) > 10 ORDER BY os, browser"},
        {"SELECT page, COUNT(*) FROM web WHERE page LIKE '/p%' GROUP BY page ORDER BY 2 DESC, page LIMIT 5",
         "SELECT page, COUNT(*) FROM raw WHERE page LIKE '/p%' GROUP BY page ORDER BY 2 DESC, page LIMIT 5"},
    };

    private PushTable()
    {
    }

    /** The spec with another table name. */
    public static String spec(final String name)
    {
        return SPEC.replace("\"name\": \"web\"", "\"name\": \"" + name + "\"");
    }

    /** {@code count} generated events over {@code windowMillis} from {@link #START}, one JSON object each. */
    public static List<String> events(final long seed, final long windowMillis, final int count)
    {
        final WebEventGenerator generator = new WebEventGenerator(seed, START, windowMillis, count);
        final WebEvent event = new WebEvent();
        final List<String> events = new ArrayList<>(count);
        final StringBuilder text = new StringBuilder();
        while (generator.hasNext())
        {
            generator.next(event);
            text.setLength(0);
            events.add(event.appendJson(text).toString());
        }
        return events;
    }

    public static byte[] ndjson(final List<String> events)
    {
        return (String.join("\n", events) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
