package dev.tally.storage.schema;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** How the timestamp field of an incoming event is encoded. */
public enum TimestampFormat
{
    /** ISO-8601 text, e.g. {@code 2026-01-01T12:00:00Z}; a missing offset means UTC. */
    ISO("iso"),
    /** Epoch milliseconds as a number or numeric string. */
    MILLIS("millis"),
    /** Epoch seconds as a number or numeric string, fractions allowed. */
    SECONDS("seconds"),
    /** ISO text for strings; numbers are milliseconds. */
    AUTO("auto");

    private final String jsonName;

    TimestampFormat(final String jsonName)
    {
        this.jsonName = jsonName;
    }

    /** Name used in table spec JSON, e.g. {@code millis}. */
    public String jsonName()
    {
        return jsonName;
    }

    public static Optional<TimestampFormat> fromJsonName(final String name)
    {
        for (final TimestampFormat format : values())
        {
            if (format.jsonName.equals(name))
            {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    public static String jsonNames()
    {
        return Arrays.stream(values()).map(TimestampFormat::jsonName).collect(Collectors.joining(", "));
    }
}
