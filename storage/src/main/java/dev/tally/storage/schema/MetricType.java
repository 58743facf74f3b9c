package dev.tally.storage.schema;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The aggregations a table may apply to its metrics at ingest (rollup), with the JSON name used in table specs and
 * the physical type the rolled-up value is stored as.
 */
public enum MetricType
{
    COUNT("count", ValueType.LONG, false),
    LONG_SUM("longSum", ValueType.LONG, true),
    DOUBLE_SUM("doubleSum", ValueType.DOUBLE, true),
    LONG_MIN("longMin", ValueType.LONG, true),
    LONG_MAX("longMax", ValueType.LONG, true),
    DOUBLE_MIN("doubleMin", ValueType.DOUBLE, true),
    DOUBLE_MAX("doubleMax", ValueType.DOUBLE, true),
    HLL_SKETCH("hllSketch", ValueType.SKETCH, true),
    QUANTILES_SKETCH("quantilesSketch", ValueType.SKETCH, true);

    private final String jsonName;
    private final ValueType storageType;
    private final boolean needsField;

    MetricType(final String jsonName, final ValueType storageType, final boolean needsField)
    {
        this.jsonName = jsonName;
        this.storageType = storageType;
        this.needsField = needsField;
    }

    /** Name used in table spec JSON, e.g. {@code doubleSum}. */
    public String jsonName()
    {
        return jsonName;
    }

    public ValueType storageType()
    {
        return storageType;
    }

    /** Whether the metric reads an input field of the event ({@code count} does not). */
    public boolean needsField()
    {
        return needsField;
    }

    public static Optional<MetricType> fromJsonName(final String name)
    {
        for (final MetricType type : values())
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
        return Arrays.stream(values()).map(MetricType::jsonName).collect(Collectors.joining(", "));
    }
}
