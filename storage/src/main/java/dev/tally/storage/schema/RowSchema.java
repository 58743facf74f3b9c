package dev.tally.storage.schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The physical layout of rows in a segment or live index: the implicit {@code __time} column, then dimensions in
 * sort-key order, then metrics. Names are unique and never start with {@code __}.
 */
public record RowSchema(List<ColumnSpec> dimensions, List<ColumnSpec> metrics)
{
    public static final String TIME_COLUMN = "__time";

    public RowSchema
    {
        dimensions = List.copyOf(dimensions);
        metrics = List.copyOf(metrics);
        final Set<String> seen = new HashSet<>();
        seen.add(TIME_COLUMN);
        for (final ColumnSpec column : dimensions)
        {
            checkColumn(column, ColumnKind.DIMENSION, seen);
        }
        for (final ColumnSpec column : metrics)
        {
            checkColumn(column, ColumnKind.METRIC, seen);
        }
    }

    private static void checkColumn(final ColumnSpec column, final ColumnKind kind, final Set<String> seen)
    {
        if (column.kind() != kind)
        {
            throw new IllegalArgumentException("column[" + column.name() + "] is not a " + kind);
        }
        if (column.name().isEmpty() || column.name().startsWith("__"))
        {
            throw new IllegalArgumentException(
                "column name[" + column.name() + "] is empty or reserved (starts with __)");
        }
        if (!seen.add(column.name()))
        {
            throw new IllegalArgumentException("duplicate column[" + column.name() + "]");
        }
    }

    /** All stored columns except time: dimensions first, then metrics. */
    public List<ColumnSpec> columns()
    {
        final List<ColumnSpec> all = new ArrayList<>(dimensions.size() + metrics.size());
        all.addAll(dimensions);
        all.addAll(metrics);
        return all;
    }

    public int dimensionIndex(final String name)
    {
        for (int i = 0; i < dimensions.size(); i++)
        {
            if (dimensions.get(i).name().equals(name))
            {
                return i;
            }
        }
        return -1;
    }

    public int metricIndex(final String name)
    {
        for (int i = 0; i < metrics.size(); i++)
        {
            if (metrics.get(i).name().equals(name))
            {
                return i;
            }
        }
        return -1;
    }

    /** The metric whose value is a rolled row's events (the first {@code count}), or -1 when rows are events. */
    public int countMetricIndex()
    {
        for (int i = 0; i < metrics.size(); i++)
        {
            if (metrics.get(i).metricType() == MetricType.COUNT)
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether a metric's rolled rows may mix events with and without its field, so that a row's events are not
     * those that carried it: a metric read from a field (not {@code count}), outside sketches.
     */
    public boolean mayCarry(final int m)
    {
        final ColumnSpec metric = metrics.get(m);
        return metric.metricType() != MetricType.COUNT && metric.type() != ValueType.SKETCH;
    }
}
