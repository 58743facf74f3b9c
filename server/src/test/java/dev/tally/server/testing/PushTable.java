package dev.tally.server.testing;

import dev.tally.ingest.sample.WebEvent;
import dev.tally.ingest.sample.WebEventGenerator;
import dev.tally.server.quickstart.Quickstart;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The web-analytics push table the server tests create (the quickstart's table, pushed), and generated events. */
public final class PushTable
{
    public static final long START = 1_767_225_600_000L; // 2026-01-01T00:00Z

    public static final String SPEC = spec("web");

    private PushTable()
    {
    }

    /** The same table under another name. */
    public static String spec(final String name)
    {
        return Quickstart.webEventsSpec(name, "{\"type\": \"push\"}");
    }

    /** The same table with another name, consuming {@code topic} instead of pushed events. */
    public static String kafkaSpec(final String name, final String bootstrapServers, final String topic)
    {
        return Quickstart.webEventsSpec(name, "{\"type\": \"kafka\", \"bootstrapServers\": \"" + bootstrapServers +
            "\", \"topic\": \"" + topic + "\"}");
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
