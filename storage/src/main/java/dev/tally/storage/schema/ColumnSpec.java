package dev.tally.storage.schema;

import java.util.Objects;

/**
 * One stored column other than {@code __time}: a dimension (nullable, dictionary-encoded) or a metric (aggregated at
 * ingest). For metrics {@code metricType} names the rollup aggregation; for dimensions it is {@code null}.
 */
public record ColumnSpec(String name, ColumnKind kind, ValueType type, MetricType metricType)
{
    public ColumnSpec
    {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(type, "type");
        if (kind == ColumnKind.DIMENSION && (type == ValueType.SKETCH || metricType != null))
        {
            throw new IllegalArgumentException("dimension[" + name + "] must be STRING, LONG or DOUBLE");
        }
        if (kind == ColumnKind.METRIC && (metricType == null || metricType.storageType() != type))
        {
            throw new IllegalArgumentException("metric[" + name + "] type[" + type + "] does not match " + metricType);
        }
    }

    public static ColumnSpec dimension(final String name, final ValueType type)
    {
        return new ColumnSpec(name, ColumnKind.DIMENSION, type, null);
    }

    public static ColumnSpec metric(final String name, final MetricType metricType)
    {
        return new ColumnSpec(name, ColumnKind.METRIC, metricType.storageType(), metricType);
    }

    public boolean isDimension()
    {
        return kind == ColumnKind.DIMENSION;
    }
}
