package dev.tally.storage.schema;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Where a table's events come from. */
public enum SourceType
{
    /** Consumed from a Kafka topic. */
    KAFKA("kafka"),
    /** Pushed over HTTP as NDJSON and journaled before they are acknowledged. */
    PUSH("push");

    private final String jsonName;

    SourceType(final String jsonName)
    {
        this.jsonName = jsonName;
    }

    /** Name used in table spec JSON, e.g. {@code kafka}. */
    public String jsonName()
    {
        return jsonName;
    }

    public static Optional<SourceType> fromJsonName(final String name)
    {
        for (final SourceType type : values())
        {
            if (type.jsonName.equals(name))
            {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    public static String jsonNames()
    {
        return Arrays.stream(values()).map(SourceType::jsonName).collect(Collectors.joining(", "));
    }
}
