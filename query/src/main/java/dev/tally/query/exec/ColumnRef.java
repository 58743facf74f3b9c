package dev.tally.query.exec;

import dev.tally.query.model.Expr;
import dev.tally.storage.schema.ColumnSpec;
import dev.tally.storage.schema.MetricType;
import dev.tally.storage.schema.RowSchema;
import dev.tally.storage.schema.ValueType;

import java.util.ArrayList;
import java.util.List;

/**
 * A column a query names, resolved by {@link QueryColumns}: {@code __time}, a dimension, a metric, or a virtual
 * column's expression. {@code exprType} is the type expressions see it as ({@code null} for sketches).
 */
record ColumnRef(String name, Kind kind, int index, ValueType type, MetricType metricType, Expr.Type exprType,
    Expr expression)
{
    enum Kind
    {
        TIME,
        DIMENSION,
        METRIC,
        EXPRESSION
    }

    /** A table column of {@code schema}. */
    static ColumnRef resolve(final RowSchema schema, final String name)
    {
        if (RowSchema.TIME_COLUMN.equals(name))
        {
            return new ColumnRef(name, Kind.TIME, -1, ValueType.LONG, null, Expr.Type.TIMESTAMP, null);
        }
        final int dimension = schema.dimensionIndex(name);
        if (dimension >= 0)
        {
            final ValueType type = schema.dimensions().get(dimension).type();
            return new ColumnRef(name, Kind.DIMENSION, dimension, type, null, exprType(type), null);
        }
        final int metric = schema.metricIndex(name);
        if (metric >= 0)
        {
            final ColumnSpec spec = schema.metrics().get(metric);
            return new ColumnRef(name, Kind.METRIC, metric, spec.type(), spec.metricType(), exprType(spec.type()),
                null);
        }
        return null;
    }

    /** A virtual column of type {@code type}. */
    static ColumnRef expression(final String name, final Expr expression, final Expr.Type type)
    {
        final ValueType stored = switch (type)
        {
            case STRING -> ValueType.STRING;
            case DOUBLE -> ValueType.DOUBLE;
            default -> ValueType.LONG;
        };
        return new ColumnRef(name, Kind.EXPRESSION, -1, stored, null, type, expression);
    }

    static Expr.Type exprType(final ValueType type)
    {
        return switch (type)
        {
            case STRING -> Expr.Type.STRING;
            case LONG -> Expr.Type.LONG;
            case DOUBLE -> Expr.Type.DOUBLE;
            case SKETCH -> null;
        };
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
        return exprType == Expr.Type.LONG || exprType == Expr.Type.DOUBLE;
    }

    /** The type of this column in a result. */
    QueryResult.ColumnType resultType()
    {
        if (exprType == null)
        {
            throw new QueryException(QueryException.Kind.INVALID, "sketch column[" + name + "] has no plain value");
        }
        return switch (exprType)
        {
            case STRING -> QueryResult.ColumnType.STRING;
            case LONG -> QueryResult.ColumnType.LONG;
            case DOUBLE -> QueryResult.ColumnType.DOUBLE;
            case TIMESTAMP -> QueryResult.ColumnType.TIMESTAMP;
            case BOOLEAN -> QueryResult.ColumnType.BOOLEAN;
        };
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
