package dev.tally.query.exec;

import dev.tally.query.model.Aggregation;
import dev.tally.query.model.Expr;
import dev.tally.query.model.Filter;
import dev.tally.query.model.Grouping;
import dev.tally.query.model.Interval;
import dev.tally.query.model.NativeQuery;
import dev.tally.storage.schema.MetricType;
import dev.tally.storage.schema.RowSchema;
import dev.tally.storage.schema.ValueType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A group-by query validated against the table's schema, with everything that does not depend on a source resolved
 * once: grouping and aggregation columns, output names and types, the time restriction and the residual filter.
 * Immutable; shared by the threads processing sources.
 */
final class GroupByPlan
{
    final NativeQuery query;
    final RowSchema schema;
    final QueryColumns columns;
    final List<Grouping> groupings;
    final ColumnRef[] groupingColumns;
    final List<Aggregation> aggregations;
    final ColumnRef[] aggregationColumns;
    /**
     * Per aggregation: the metrics its input combines per event where that cannot be answered from rolled rows
     * (then a rolled row, one holding more than one event, is an error); {@code null} where it can.
     */
    final List<List<String>> eventOnlyMetrics = new ArrayList<>();
    final List<Interval> intervals;
    final boolean selectsNothing;
    final Filter filter;
    final int countMetric;
    /** Whether the query is only MIN/MAX(__time) over every row: answered from the sources' time bounds. */
    final boolean isTimeBounds;
    final List<String> outputNames = new ArrayList<>();
    final List<QueryResult.ColumnType> outputTypes = new ArrayList<>();

    GroupByPlan(final NativeQuery query, final RowSchema schema)
    {
        this.query = query;
        this.schema = schema;
        this.columns = new QueryColumns(schema, query.virtualColumns());
        this.groupings = query.groupings();
        this.aggregations = query.aggregations();
        this.countMetric = ColumnRef.countMetric(schema);
        FilterCompiler.validate(query.filter(), columns);
        final TimeIntervals time = TimeIntervals.of(query.intervals(), query.filter());
        this.intervals = time.intervals();
        this.selectsNothing = time.isEmpty();
        this.filter = time.residual();

        final Set<String> names = new HashSet<>();
        groupingColumns = new ColumnRef[groupings.size()];
        for (int g = 0; g < groupings.size(); g++)
        {
            final Grouping grouping = groupings.get(g);
            if (grouping instanceof Grouping.Dimension dimension)
            {
                final ColumnRef column = columns.resolve(dimension.column());
                if (column.kind() == ColumnRef.Kind.METRIC || column.exprType() == null)
                {
                    throw invalid("cannot group by column[" + column.name() + "]: metrics are aggregated; group " +
                        "by dimensions, __time, time buckets and expressions");
                }
                groupingColumns[g] = column;
                output(names, grouping.name(), column.resultType());
            }
            else
            {
                output(names, grouping.name(), QueryResult.ColumnType.TIMESTAMP);
            }
        }
        aggregationColumns = new ColumnRef[aggregations.size()];
        for (int a = 0; a < aggregations.size(); a++)
        {
            final Aggregation aggregation = aggregations.get(a);
            final ColumnRef column = aggregation.column() == null ? null : columns.resolve(aggregation.column());
            aggregationColumns[a] = column;
            FilterCompiler.validate(aggregation.filter(), columns);
            output(names, aggregation.name(), outputType(aggregation, column));
            eventOnlyMetrics.add(eventOnly(aggregation, column));
        }
        if (query.having() != null)
        {
            ResultRows.validateHaving(query.having(), outputNames);
        }
        ResultRows.validateOrder(query.orderBy(), outputNames);
        boolean bounds = groupings.isEmpty() && filter == null && intervals.isEmpty() && !aggregations.isEmpty();
        for (int a = 0; a < aggregations.size(); a++)
        {
            final Aggregation aggregation = aggregations.get(a);
            bounds &= (aggregation.kind() == Aggregation.Kind.MIN || aggregation.kind() == Aggregation.Kind.MAX) &&
                aggregation.filter() == null && aggregationColumns[a].kind() == ColumnRef.Kind.TIME;
        }
        this.isTimeBounds = bounds;
    }

    /** The metrics an aggregation's input combines per event where rolled rows cannot answer it, or null. */
    private List<String> eventOnly(final Aggregation aggregation, final ColumnRef column)
    {
        if (column == null || column.kind() != ColumnRef.Kind.EXPRESSION || countMetric < 0)
        {
            return null;
        }
        final boolean exact = switch (aggregation.kind())
        {
            case SUM, AVG -> columns.isSummableOverRolledRows(column.name());
            case MIN, MAX, APPROX_QUANTILE -> columns.isPerEvent(column.name());
            default -> true;
        };
        return exact ? null : columns.metricsRead(column.name());
    }

    private void output(final Set<String> names, final String name, final QueryResult.ColumnType type)
    {
        if (!names.add(name))
        {
            throw invalid("duplicate output column[" + name + "]");
        }
        outputNames.add(name);
        outputTypes.add(type);
    }

    private static QueryResult.ColumnType outputType(final Aggregation aggregation, final ColumnRef column)
    {
        final String what = aggregation.kind() + "(" + (column == null ? "*" : column.name()) + ")";
        final boolean hasValues = column != null && column.exprType() != null;
        final boolean isTime = column != null && column.kind() == ColumnRef.Kind.TIME;
        return switch (aggregation.kind())
        {
            case COUNT, COUNT_DISTINCT, APPROX_COUNT_DISTINCT ->
            {
                if (aggregation.kind() == Aggregation.Kind.COUNT_DISTINCT && (!hasValues ||
                    column.kind() == ColumnRef.Kind.METRIC || isTime))
                {
                    throw invalid(what + ": exact distinct counts apply to dimensions and expressions");
                }
                if (aggregation.kind() == Aggregation.Kind.APPROX_COUNT_DISTINCT &&
                    column.metricType() != MetricType.HLL_SKETCH &&
                    (!hasValues || column.kind() == ColumnRef.Kind.METRIC || isTime))
                {
                    throw invalid(what + ": applies to dimensions, expressions and hllSketch metrics");
                }
                yield QueryResult.ColumnType.LONG;
            }
            case SUM, AVG ->
            {
                if (!column.isNumeric() || isTime)
                {
                    throw invalid(what + ": column[" + column.name() + "] is " +
                        (column.exprType() == null ? column.type() : column.exprType()) + ", not numeric");
                }
                yield aggregation.kind() == Aggregation.Kind.AVG || column.exprType() == Expr.Type.DOUBLE ?
                    QueryResult.ColumnType.DOUBLE : QueryResult.ColumnType.LONG;
            }
            case MIN, MAX ->
            {
                if (!hasValues || column.exprType() == Expr.Type.BOOLEAN)
                {
                    throw invalid(what + ": not supported on column[" + column.name() + "]");
                }
                if (column.type() == ValueType.STRING && column.kind() == ColumnRef.Kind.METRIC)
                {
                    throw invalid(what + ": not supported");
                }
                // MIN/MAX(__time): the first and last event time (over rolled rows: the first and last rollup bucket)
                yield column.resultType();
            }
            case APPROX_QUANTILE ->
            {
                if (!(column.isNumeric() && !isTime) && column.metricType() != MetricType.QUANTILES_SKETCH)
                {
                    throw invalid(what + ": applies to numeric columns and quantilesSketch metrics");
                }
                yield QueryResult.ColumnType.DOUBLE;
            }
        };
    }

    static QueryResult.ColumnType type(final ValueType type)
    {
        return switch (type)
        {
            case STRING -> QueryResult.ColumnType.STRING;
            case LONG -> QueryResult.ColumnType.LONG;
            case DOUBLE -> QueryResult.ColumnType.DOUBLE;
            case SKETCH -> throw invalid("sketch columns have no plain value");
        };
    }

    static QueryException invalid(final String message)
    {
        return new QueryException(QueryException.Kind.INVALID, message);
    }
}
