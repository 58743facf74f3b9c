package dev.tally.query.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;
import java.util.Objects;

/**
 * The engine's query: a plain value that round-trips through JSON (for logs and EXPLAIN). Two forms:
 * <ul>
 *   <li>{@link Type#GROUP_BY}: filter, then group by {@code groupings} (none: one global row, even over no input),
 *   compute {@code aggregations}, keep groups passing {@code having} (a filter over output columns), order, and
 *   apply offset and limit. Output columns: groupings, then aggregations, in order.</li>
 *   <li>{@link Type#SCAN}: filter, then project {@code columns} (all when empty, {@code __time} first), order (by
 *   output columns; usually {@code __time}), offset and limit.</li>
 * </ul>
 * {@code intervals} restrict {@code __time} (half-open; empty means all time). {@code virtualColumns} name expressions
 * that the rest of the query reads like table columns. {@code limit} -1 means none.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NativeQuery(
    Type type,
    String table,
    List<Interval> intervals,
    List<VirtualColumn> virtualColumns,
    Filter filter,
    List<Grouping> groupings,
    List<Aggregation> aggregations,
    Filter having,
    List<String> columns,
    List<OrderBy> orderBy,
    long limit,
    long offset)
{
    private static final ObjectMapper JSON = new ObjectMapper()
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
        .configure(DeserializationFeature.USE_LONG_FOR_INTS, true);

    public enum Type
    {
        GROUP_BY,
        SCAN
    }

    public NativeQuery
    {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(table, "table");
        intervals = intervals == null ? List.of() : List.copyOf(intervals);
        virtualColumns = virtualColumns == null ? List.of() : List.copyOf(virtualColumns);
        groupings = groupings == null ? List.of() : List.copyOf(groupings);
        aggregations = aggregations == null ? List.of() : List.copyOf(aggregations);
        columns = columns == null ? List.of() : List.copyOf(columns);
        orderBy = orderBy == null ? List.of() : List.copyOf(orderBy);
        if (limit < -1 || offset < 0)
        {
            throw new IllegalArgumentException("limit[" + limit + "] or offset[" + offset + "] negative");
        }
        if (type == Type.SCAN && (!groupings.isEmpty() || !aggregations.isEmpty() || having != null))
        {
            throw new IllegalArgumentException("a scan has no groupings, aggregations or having");
        }
        if (type == Type.GROUP_BY && !columns.isEmpty())
        {
            throw new IllegalArgumentException("a group-by has no scan columns");
        }
    }

    /** The same query with other virtual columns. */
    public NativeQuery withVirtualColumns(final List<VirtualColumn> columns)
    {
        return new NativeQuery(type, table, intervals, columns, filter, groupings, aggregations, having, this.columns,
            orderBy, limit, offset);
    }

    public static Builder groupBy(final String table)
    {
        return new Builder(Type.GROUP_BY, table);
    }

    public static Builder scan(final String table)
    {
        return new Builder(Type.SCAN, table);
    }

    public String toJson()
    {
        try
        {
            return JSON.writeValueAsString(this);
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalStateException("query does not serialize: " + ex.getMessage(), ex);
        }
    }

    public static NativeQuery fromJson(final String json)
    {
        try
        {
            return JSON.readValue(json, NativeQuery.class);
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalArgumentException("bad native query JSON: " + ex.getOriginalMessage(), ex);
        }
    }

    /** Fluent construction for code and tests. */
    public static final class Builder
    {
        private final Type type;
        private final String table;
        private List<Interval> intervals = List.of();
        private List<VirtualColumn> virtualColumns = List.of();
        private Filter filter;
        private List<Grouping> groupings = List.of();
        private List<Aggregation> aggregations = List.of();
        private Filter having;
        private List<String> columns = List.of();
        private List<OrderBy> orderBy = List.of();
        private long limit = -1;
        private long offset;

        private Builder(final Type type, final String table)
        {
            this.type = type;
            this.table = table;
        }

        public Builder intervals(final Interval... intervals)
        {
            this.intervals = List.of(intervals);
            return this;
        }

        public Builder virtualColumns(final VirtualColumn... virtualColumns)
        {
            this.virtualColumns = List.of(virtualColumns);
            return this;
        }

        public Builder filter(final Filter filter)
        {
            this.filter = filter;
            return this;
        }

        public Builder groupings(final Grouping... groupings)
        {
            this.groupings = List.of(groupings);
            return this;
        }

        public Builder aggregations(final Aggregation... aggregations)
        {
            this.aggregations = List.of(aggregations);
            return this;
        }

        public Builder having(final Filter having)
        {
            this.having = having;
            return this;
        }

        public Builder columns(final String... columns)
        {
            this.columns = List.of(columns);
            return this;
        }

        public Builder orderBy(final OrderBy... orderBy)
        {
            this.orderBy = List.of(orderBy);
            return this;
        }

        public Builder limit(final long limit)
        {
            this.limit = limit;
            return this;
        }

        public Builder offset(final long offset)
        {
            this.offset = offset;
            return this;
        }

        public NativeQuery build()
        {
            return new NativeQuery(type, table, intervals, virtualColumns, filter, groupings, aggregations, having, columns, orderBy,
                limit, offset);
        }
    }
}
