package dev.tally.query.exec;

import dev.tally.storage.schema.ColumnSpec;
import dev.tally.storage.schema.MetricType;
import dev.tally.storage.schema.RowSchema;
import dev.tally.storage.schema.ValueType;

import java.util.ArrayList;
import java.util.List;

/** A column a query names, resolved against the table's schema: {@code __time}, a dimension, or a metric. */
record ColumnRef(String name, Kind kind, int index, ValueType type, MetricType metricType)
{
    enum Kind
    {
        TIME,
        DIMENSION,
        METRIC
    }

    static ColumnRef resolve(final RowSchema schema, final String name)
    {
        if (RowSchema.TIME_COLUMN.equals(name))
        {
            return new ColumnRef(name, Kind.TIME, -1, ValueType.LONG, null);
        }
        final int dimension = schema.dimensionIndex(name);
        if (dimension >= 0)
        {
            return new ColumnRef(name, Kind.DIMENSION, dimension, schema.dimensions().get(dimension).type(), null);
        }
        final int metric = schema.metricIndex(name);
        if (metric >= 0)
        {
            final ColumnSpec spec = schema.metrics().get(metric);
            return new ColumnRef(name, Kind.METRIC, metric, spec.type(), spec.metricType());
        }
        throw new QueryException(QueryException.Kind.INVALID,
            "unknown column[" + name + "]; columns are " + columnNames(schema));
    }

    static List<String> columnNames(final RowSchema schema)
    {
        final List<String> names = new ArrayList<>();
        names.add(RowSchema.TIME_COLUMN);
        for (final ColumnSpec column : schema.columns())
        {
            names.add(column.name());
        }
        return names;
    }

    boolean isNumeric()
    {
        return type == ValueType.LONG || type == ValueType.DOUBLE;
    }

    /** Index of the schema's first COUNT metric (the rollup's event count), or -1 when rows are single events. */
    static int countMetric(final RowSchema schema)
    {
        for (int m = 0; m < schema.metrics().size(); m++)
        {
            if (schema.metrics().get(m).metricType() == MetricType.COUNT)
            {
                return m;
            }
        }
        return -1;
    }
}
