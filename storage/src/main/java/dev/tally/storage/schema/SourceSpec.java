package dev.tally.storage.schema;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a table's events come from. For {@link SourceType#KAFKA}: the brokers, the topic and extra consumer
 * properties (passed to the Kafka client as given); for {@link SourceType#PUSH} all three are absent.
 */
public record SourceSpec(SourceType type, String bootstrapServers, String topic, Map<String, String> properties)
{
    public SourceSpec
    {
        Objects.requireNonNull(type, "type");
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties == null ? Map.of() : properties));
        if (type == SourceType.KAFKA && (isBlank(bootstrapServers) || isBlank(topic)))
        {
            throw new IllegalArgumentException(
                "kafka source needs bootstrapServers[" + bootstrapServers + "] and topic[" + topic + "]");
        }
        if (type == SourceType.PUSH && (bootstrapServers != null || topic != null || !properties.isEmpty()))
        {
            throw new IllegalArgumentException("push source takes no bootstrapServers, topic or properties");
        }
    }

    public static SourceSpec push()
    {
        return new SourceSpec(SourceType.PUSH, null, null, Map.of());
    }

    public static SourceSpec kafka(
        final String bootstrapServers, final String topic, final Map<String, String> properties)
    {
        return new SourceSpec(SourceType.KAFKA, bootstrapServers, topic, properties);
    }

    private static boolean isBlank(final String value)
    {
        return value == null || value.isBlank();
    }
}
