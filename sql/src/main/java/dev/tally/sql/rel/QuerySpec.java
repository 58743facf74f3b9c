package dev.tally.sql.rel;

import dev.tally.query.model.Aggregation;
import dev.tally.query.model.Expr;
import dev.tally.query.model.VirtualColumn;
import dev.tally.query.model.Filter;
import dev.tally.query.model.Grouping;
import dev.tally.query.model.NativeQuery;
import dev.tally.query.model.OrderBy;
import dev.tally.storage.schema.ColumnSpec;
import dev.tally.storage.schema.RowSchema;
import dev.tally.storage.schema.ValueType;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a {@link TallyQueryRel} has absorbed so far, immutable: a filter, then either a projection of table columns
 * (the scan phase) or groupings and aggregations with a having filter (the aggregate phase), then an order, limit and
 * offset, and the output columns the node returns. Each rule returns a new spec with one more operator; the native
 * query is derived from it ({@link #template()}), with {@link Placeholder}s bound at execution.
 */
public final class QuerySpec
{
    private final String table;
    private final RowSchema schema;
    private final List<Column> outputs;
    private final Filter filter;
    private final boolean aggregated;
    private final List<Grouping> groupings;
    private final List<Aggregation> aggregations;
    private final Filter having;
    private final List<OrderBy> orderBy;
    private final boolean sorted;
    private final Object limit;
    private final Object offset;
    private final int absorbed;
    private final boolean countsEvents;
    /** Expressions the outputs compute, by virtual column name, and their types. */
    private final List<VirtualColumn> virtualColumns;
    private final Map<String, Expr.Type> virtualTypes;
    /** {@link #describe()}, computed once: the planner asks for digests often and JSON is not free. */
    private String description;

    private QuerySpec(final String table, final RowSchema schema, final List<Column> outputs, final Filter filter,
        final boolean aggregated, final List<Grouping> groupings, final List<Aggregation> aggregations,
        final Filter having, final List<OrderBy> orderBy, final boolean sorted, final Object limit,
        final Object offset, final int absorbed, final boolean countsEvents, final List<VirtualColumn> virtualColumns,
        final Map<String, Expr.Type> virtualTypes)
    {
        this.table = table;
        this.schema = schema;
        this.outputs = List.copyOf(outputs);
        this.filter = filter;
        this.aggregated = aggregated;
        this.groupings = List.copyOf(groupings);
        this.aggregations = List.copyOf(aggregations);
        this.having = having;
        this.orderBy = List.copyOf(orderBy);
        this.sorted = sorted;
        this.limit = limit;
        this.offset = offset;
        this.absorbed = absorbed;
        this.countsEvents = countsEvents;
        this.virtualColumns = List.copyOf(virtualColumns);
        this.virtualTypes = Map.copyOf(virtualTypes);
    }

    /** Every column of the table, nothing absorbed. */
    public static QuerySpec scan(final NativeTable table)
    {
        final List<Column> outputs = new ArrayList<>();
        outputs.add(new Column.Field(RowSchema.TIME_COLUMN, false));
        for (final ColumnSpec column : table.rowSchema().columns())
        {
            outputs.add(new Column.Field(column.name(), false));
        }
        return new QuerySpec(table.name(), table.rowSchema(), outputs, null, false, List.of(), List.of(), null,
            List.of(), false, -1L, 0L, 0, false, List.of(), Map.of());
    }

    public String table()
    {
        return table;
    }

    public RowSchema schema()
    {
        return schema;
    }

    public List<Column> outputs()
    {
        return outputs;
    }

    public boolean isAggregated()
    {
        return aggregated;
    }

    public boolean isSorted()
    {
        return sorted;
    }

    public List<OrderBy> orderBy()
    {
        return orderBy;
    }

    public Object limit()
    {
        return limit;
    }

    public Object offset()
    {
        return offset;
    }

    public Filter filter()
    {
        return filter;
    }

    /** Operators absorbed; each one makes the node cheaper, so the planner prefers the most pushed plan. */
    public int absorbed()
    {
        return absorbed;
    }

    public boolean hasLimit()
    {
        return !(limit instanceof Long value) || value >= 0;
    }

    public QuerySpec withFilter(final Filter more)
    {
        final Filter combined = filter == null ? more : Filter.and(filter, more);
        return new QuerySpec(table, schema, outputs, combined, aggregated, groupings, aggregations, having, orderBy,
            sorted, limit, offset, absorbed + 1, countsEvents, virtualColumns, virtualTypes);
    }

    public QuerySpec withHaving(final Filter more)
    {
        final Filter combined = having == null ? more : Filter.and(having, more);
        return new QuerySpec(table, schema, outputs, filter, aggregated, groupings, aggregations, combined, orderBy,
            sorted, limit, offset, absorbed + 1, countsEvents, virtualColumns, virtualTypes);
    }

    /** Outputs that may read new virtual columns ({@code added}, with their types). */
    public QuerySpec withProjection(final List<Column> newOutputs, final List<VirtualColumn> added,
        final Map<String, Expr.Type> addedTypes)
    {
        final List<VirtualColumn> columns = new ArrayList<>(virtualColumns);
        columns.addAll(added);
        final Map<String, Expr.Type> types = new java.util.HashMap<>(virtualTypes);
        types.putAll(addedTypes);
        return new QuerySpec(table, schema, newOutputs, filter, aggregated, groupings, aggregations, having, orderBy,
            sorted, limit, offset, absorbed + 1, countsEvents, columns, types);
    }

    /** The expression of a virtual column of this spec, or {@code null} when {@code name} is none. */
    public Expr virtualExpression(final String name)
    {
        for (final VirtualColumn column : virtualColumns)
        {
            if (column.name().equals(name))
            {
                return column.expression();
            }
        }
        return null;
    }

    /** Whether an output column is a metric or an expression that reads one (its value is already a rolled sum). */
    public boolean readsMetric(final String name)
    {
        final Expr expression = virtualExpression(name);
        if (expression == null)
        {
            return schema.metricIndex(name) >= 0;
        }
        return dev.tally.query.expr.ExprCompiler.columnsOf(expression).stream().anyMatch(this::readsMetric);
    }

    /**
     * The name of a virtual column computing {@code expression}, or {@code null} when none does. Absorbing a projection
     * reuses it: a new name for the same expression would make a new plan node each time the planner matched that
     * projection again, without end.
     */
    public String virtualNamed(final Expr expression)
    {
        for (final VirtualColumn column : virtualColumns)
        {
            if (column.expression().equals(expression))
            {
                return column.name();
            }
        }
        return null;
    }

    /** The type of a virtual column, or {@code null} when {@code name} is none. */
    public Expr.Type virtualType(final String name)
    {
        return virtualTypes.get(name);
    }

    /** A name for the next virtual column: {@code __v} and a number, reserved names no table column has. */
    public String nextVirtualName(final int offset)
    {
        return "__v" + (virtualColumns.size() + offset);
    }

    public QuerySpec withOutputs(final List<Column> newOutputs)
    {
        return new QuerySpec(table, schema, newOutputs, filter, aggregated, groupings, aggregations, having, orderBy,
            sorted, limit, offset, absorbed + 1, countsEvents, virtualColumns, virtualTypes);
    }

    /**
     * Outputs that end with the table's event-count metric, for a Calcite aggregate above that counts events by
     * summing it. Much cheaper than the plain spec, so the planner never keeps the plan that counts rolled rows.
     */
    public QuerySpec withEventCount(final List<Column> newOutputs)
    {
        return new QuerySpec(table, schema, newOutputs, filter, aggregated, groupings, aggregations, having, orderBy,
            sorted, limit, offset, absorbed + 3, true, virtualColumns, virtualTypes);
    }

    /** Whether a Calcite aggregate above sums the event-count output (then the native query does not aggregate). */
    public boolean countsEvents()
    {
        return countsEvents;
    }

    public QuerySpec withAggregate(final List<Grouping> newGroupings, final List<Aggregation> newAggregations,
        final List<Column> newOutputs)
    {
        return new QuerySpec(table, schema, newOutputs, filter, true, newGroupings, newAggregations, null, orderBy,
            sorted, limit, offset, absorbed + 1, countsEvents, virtualColumns, virtualTypes);
    }

    public QuerySpec withSort(final List<OrderBy> order, final Object newLimit, final Object newOffset)
    {
        return new QuerySpec(table, schema, outputs, filter, aggregated, groupings, aggregations, having, order,
            true, newLimit, newOffset, absorbed + 1, countsEvents, virtualColumns, virtualTypes);
    }

    /** Whether the table column is a sketch (never scanned; readable only through approximate aggregations). */
    public boolean isSketch(final String column)
    {
        final int metric = schema.metricIndex(column);
        return metric >= 0 && schema.metrics().get(metric).type() == ValueType.SKETCH;
    }

    /** The native query, with placeholders in filters; a placeholder limit or offset is left out (-1, 0). */
    public NativeQuery template()
    {
        final long nativeLimit = limit instanceof Long value ? value : -1;
        final long nativeOffset = offset instanceof Long value ? value : 0;
        if (aggregated)
        {
            return new NativeQuery(NativeQuery.Type.GROUP_BY, table, List.of(), virtualColumns, filter, groupings,
                aggregations, having, List.of(), orderBy, nativeLimit, nativeOffset);
        }
        return new NativeQuery(NativeQuery.Type.SCAN, table, List.of(), virtualColumns, filter, List.of(), List.of(),
            null, scanColumns(), orderBy, nativeLimit, nativeOffset);
    }

    /** The table columns a scan reads: those the outputs and the order need, never a sketch. */
    List<String> scanColumns()
    {
        final Set<String> columns = new LinkedHashSet<>();
        for (final Column column : outputs)
        {
            if (column instanceof Column.Field field && !isSketch(field.name()))
            {
                columns.add(field.name());
            }
            else if (column instanceof Column.TimeFloor)
            {
                columns.add(RowSchema.TIME_COLUMN);
            }
        }
        for (final OrderBy order : orderBy)
        {
            columns.add(order.column());
        }
        if (columns.isEmpty())
        {
            columns.add(RowSchema.TIME_COLUMN);
        }
        return new ArrayList<>(columns);
    }

    /** The native query as JSON, plus what is not in it: placeholder limit/offset and the output columns. */
    public String describe()
    {
        if (description == null)
        {
            description = buildDescription();
        }
        return description;
    }

    private String buildDescription()
    {
        final StringBuilder text = new StringBuilder(template().toJson());
        if (!(limit instanceof Long))
        {
            text.append(", limit=").append(limit);
        }
        if (!(offset instanceof Long))
        {
            text.append(", offset=").append(offset);
        }
        return text.append(", outputs=").append(outputs).append(countsEvents ? ", countsEvents" : "").toString();
    }

    @Override
    public String toString()
    {
        return describe();
    }
}
