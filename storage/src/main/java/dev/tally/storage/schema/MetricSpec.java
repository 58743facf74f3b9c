package dev.tally.storage.schema;

import java.util.Objects;

/**
 * A metric of a table: the rollup aggregation {@code type} applied at ingest to the input {@code field} (absent for
 * {@code count}, which counts events), stored as column {@code name}.
 */
public record MetricSpec(String name, MetricType type, String field)
{
    public MetricSpec
    {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (type.needsField() && (field == null || field.isEmpty()))
        {
            throw new IllegalArgumentException("metric[" + name + "] of type[" + type.jsonName() + "] needs a field");
        }
        if (!type.needsField() && field != null)
        {
            throw new IllegalArgumentException("metric[" + name + "] of type[" + type.jsonName() + "] takes no field");
        }
    }

    /** A {@code count} metric: the number of events rolled into each row. */
    public static MetricSpec count(final String name)
    {
        return new MetricSpec(name, MetricType.COUNT, null);
    }

    public ColumnSpec toColumnSpec()
    {
        return ColumnSpec.metric(name, type);
    }
}
