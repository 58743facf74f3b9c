package dev.tally.sql.rel;

import dev.tally.query.exec.QueryContext;
import dev.tally.query.exec.QueryException;
import dev.tally.query.exec.QueryResult;
import dev.tally.query.exec.RowStream;
import dev.tally.query.model.Aggregation;
import dev.tally.query.model.Expr;
import dev.tally.query.model.Filter;
import dev.tally.query.model.NativeQuery;
import dev.tally.query.model.VirtualColumn;
import dev.tally.storage.schema.Granularity;
import dev.tally.storage.schema.RowSchema;
import org.apache.calcite.DataContext;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.type.SqlTypeName;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one pushed query for generated code: binds placeholders from the statement's {@link DataContext}, runs the
 * native query on the engine over the table's current sources, and returns rows in the Java types Calcite expects
 * for the node's row type (BIGINT as Long, TIMESTAMP as epoch-millis Long, DECIMAL as BigDecimal...). Immutable and
 * shared by every execution of a cached statement.
 */
public final class TallyExecutor
{
    private final NativeTable table;
    private final QuerySpec spec;
    private final NativeQuery template;
    private final boolean hasBoundExpressions;
    private final List<Column> outputs;
    private final SqlTypeName[] types;

    TallyExecutor(final NativeTable table, final QuerySpec spec, final RelDataType rowType)
    {
        this.table = table;
        this.spec = spec;
        this.template = spec.template();
        this.hasBoundExpressions = hasBoundExpressions(template);
        this.outputs = spec.outputs();
        this.types = new SqlTypeName[outputs.size()];
        for (int i = 0; i < types.length; i++)
        {
            types[i] = rowType.getFieldList().get(i).getType().getSqlTypeName();
        }
    }

    /**
     * Rows as {@code Object[]}, or as the bare values when the node has one column. A scan without an order streams:
     * its rows are read a block at a time as the operator above asks for them, holding the table's sources until
     * they are all read or the enumerator is closed; anything else runs here and is handed out from memory. No row
     * limit applies to native results: only the statement's final result is capped.
     */
    public Enumerable<Object> execute(final DataContext root)
    {
        return execute(root, new Enumerable<?>[0]);
    }

    /** As {@link #execute(DataContext)}, with the rows (as arrays) of the subqueries the filter reads. */
    public Enumerable<Object> execute(final DataContext root, final Enumerable<?>[] subqueries)
    {
        if (!table.isCurrent())
        {
            throw new StalePlanException(table.name());
        }
        checkSketchReads();
        final boolean isCapped = ExecutionScope.isFinalResultCapped();
        final QueryContext context = isCapped ? ExecutionScope.current().withoutRowLimit() : ExecutionScope.current();
        final NativeQuery query = bind(root, subqueries, context);
        if (isCapped && query.type() == NativeQuery.Type.SCAN && query.orderBy().isEmpty())
        {
            return new AbstractEnumerable<>()
            {
                @Override
                public Enumerator<Object> enumerator()
                {
                    return new StreamEnumerator(query, context);
                }
            };
        }
        final QueryResult result;
        try (TableSources sources = table.acquire())
        {
            result = table.engine().run(query, table.rowSchema(), sources.sources(), context);
        }
        final RowConverter converter = new RowConverter(result.columnNames());
        final List<Object> rows = new ArrayList<>(result.rowCount());
        for (final Object[] in : result.rows())
        {
            rows.add(converter.convert(in));
        }
        return Linq4j.asEnumerable(rows);
    }

    /** A streamed scan's rows; takes the table's sources at the first row and lets them go at the end or close. */
    private final class StreamEnumerator implements Enumerator<Object>
    {
        private final NativeQuery query;
        private final QueryContext context;
        private TableSources sources;
        private java.util.Iterator<Object[]> rows;
        private RowConverter converter;
        private Object current;
        private boolean done;

        StreamEnumerator(final NativeQuery query, final QueryContext context)
        {
            this.query = query;
            this.context = context;
        }

        @Override
        public Object current()
        {
            return current;
        }

        @Override
        public boolean moveNext()
        {
            if (done)
            {
                return false;
            }
            if (rows == null)
            {
                sources = table.acquire();
                try
                {
                    final RowStream stream = table.engine().stream(query, table.rowSchema(), sources.sources(),
                        context);
                    rows = stream.rows();
                    converter = new RowConverter(stream.columnNames());
                }
                catch (final RuntimeException ex)
                {
                    close();
                    throw ex;
                }
            }
            try
            {
                if (rows.hasNext())
                {
                    current = converter.convert(rows.next());
                    return true;
                }
            }
            catch (final RuntimeException ex)
            {
                close();
                throw ex;
            }
            close();
            return false;
        }

        @Override
        public void reset()
        {
            throw new UnsupportedOperationException("a streamed scan is read once");
        }

        @Override
        public void close()
        {
            done = true;
            current = null;
            if (sources != null)
            {
                sources.close();
                sources = null;
            }
        }
    }

    /** Native rows into the node's rows: output columns picked, time floors and literals applied, Calcite types. */
    private final class RowConverter
    {
        private final int[] sourceIndex = new int[outputs.size()];
        private final Granularity[] floors = new Granularity[outputs.size()];
        private final ZoneId[] zones = new ZoneId[outputs.size()];
        private final boolean isScalar = outputs.size() == 1;

        RowConverter(final List<String> names)
        {
            for (int i = 0; i < sourceIndex.length; i++)
            {
                final Column column = outputs.get(i);
                sourceIndex[i] = column instanceof Column.Field field ? names.indexOf(field.name()) :
                    column instanceof Column.TimeFloor ? names.indexOf(RowSchema.TIME_COLUMN) : -1;
                if (column instanceof Column.TimeFloor floor)
                {
                    floors[i] = Granularity.parse(floor.period());
                    zones[i] = floor.zone() == null ? null : ZoneId.of(floor.zone());
                }
            }
        }

        Object convert(final Object[] in)
        {
            final Object[] out = new Object[sourceIndex.length];
            for (int i = 0; i < out.length; i++)
            {
                final Column column = outputs.get(i);
                Object value;
                if (column instanceof Column.Literal literal)
                {
                    value = literal.value();
                }
                else
                {
                    value = sourceIndex[i] < 0 ? null : in[sourceIndex[i]];
                    if (floors[i] != null && value != null)
                    {
                        final long time = (Long)value;
                        value = zones[i] == null ? floors[i].bucketStart(time) : floors[i].bucketStart(time, zones[i]);
                    }
                    else if (value == null && column instanceof Column.Field field && field.zeroIfNull())
                    {
                        value = 0L;
                    }
                }
                out[i] = internal(value, types[i]);
            }
            return isScalar ? out[0] : out;
        }
    }

    /**
     * A sketch has no plain value: {@code SELECT *} shows it as NULL, but any other read of it outside a pushed
     * approximate aggregation (say COUNT(DISTINCT users) that Calcite would compute over NULLs) is an error, not a
     * silently wrong answer.
     */
    private void checkSketchReads()
    {
        if (spec.isAggregated() || readsEveryColumn())
        {
            return;
        }
        for (final Column column : outputs)
        {
            if (column instanceof Column.Field field && spec.isSketch(field.name()))
            {
                throw new QueryException(QueryException.Kind.INVALID, "sketch column[" + field.name() + "] can " +
                    "only be read by APPROX_COUNT_DISTINCT (hllSketch) or APPROX_QUANTILE (quantilesSketch) " +
                    "aggregating the table directly");
            }
        }
    }

    /** SELECT * (and the event-count rewrite of it): every table column is an output. */
    private boolean readsEveryColumn()
    {
        final java.util.Set<String> read = new java.util.HashSet<>();
        for (final Column column : outputs)
        {
            if (column instanceof Column.Field field)
            {
                read.add(field.name());
            }
        }
        return table.rowSchema().columns().stream().allMatch(c -> read.contains(c.name()));
    }

    private NativeQuery bind(final DataContext root, final Enumerable<?>[] subqueries, final QueryContext context)
    {
        final Object limit = spec.limit();
        final Object offset = spec.offset();
        final boolean needsBinding = !(limit instanceof Long) || !(offset instanceof Long) || hasBoundExpressions ||
            hasPlaceholder(template.filter()) || hasPlaceholder(template.having());
        if (!needsBinding)
        {
            return template;
        }
        final Binding binding = new Binding(root, subqueries, context);
        final List<VirtualColumn> virtualColumns = new ArrayList<>();
        for (final VirtualColumn column : template.virtualColumns())
        {
            virtualColumns.add(new VirtualColumn(column.name(), bind(column.expression(), binding)));
        }
        final List<Aggregation> aggregations = new ArrayList<>();
        for (final Aggregation a : template.aggregations())
        {
            aggregations.add(a.filter() == null ? a :
                new Aggregation(a.kind(), a.column(), a.name(), a.parameter(), bind(a.filter(), binding)));
        }
        return new NativeQuery(template.type(), template.table(), template.intervals(), virtualColumns,
            bind(template.filter(), binding), template.groupings(), aggregations,
            bind(template.having(), binding), template.columns(), template.orderBy(),
            (Long)bindValue(limit, binding.root), (Long)bindValue(offset, binding.root));
    }

    /**
     * An expression with the values known only at execution in place: a {@code ?} parameter as a literal of its
     * type, {@code CURRENT_TIMESTAMP} and {@code CURRENT_DATE} as the statement's time (UTC).
     */
    private static Expr bind(final Expr expr, final Binding binding)
    {
        if (!(expr instanceof Expr.Call call))
        {
            return expr;
        }
        switch (call.function())
        {
            case ExprTranslator.CURRENT_TIMESTAMP, ExprTranslator.CURRENT_DATE ->
            {
                final long now = DataContext.Variable.CURRENT_TIMESTAMP.get(binding.root());
                return new Expr.Literal(call.function().equals(ExprTranslator.CURRENT_DATE) ?
                    Math.floorDiv(now, 86_400_000L) * 86_400_000L : now, Expr.Type.TIMESTAMP);
            }
            case ExprTranslator.PARAMETER ->
            {
                final int index = ((Number)((Expr.Literal)call.args().get(0)).value()).intValue();
                final Expr.Type type = Expr.Type.valueOf((String)((Expr.Literal)call.args().get(1)).value());
                final Object raw = binding.root().get("?" + index);
                final Placeholder.ValueKind kind = switch (type)
                {
                    case STRING -> Placeholder.ValueKind.STRING;
                    case DOUBLE -> Placeholder.ValueKind.DOUBLE;
                    case TIMESTAMP -> Placeholder.ValueKind.TIME;
                    default -> Placeholder.ValueKind.LONG;
                };
                return new Expr.Literal(raw == null ? null : type == Expr.Type.BOOLEAN ?
                    (Object)Boolean.valueOf(raw.toString()) : bindValue(new Placeholder.Param(index, kind),
                    binding.root()), type);
            }
            default ->
            {
                final List<Expr> args = new ArrayList<>(call.args().size());
                for (final Expr arg : call.args())
                {
                    args.add(bind(arg, binding));
                }
                return new Expr.Call(call.function(), args);
            }
        }
    }

    /** Whether some expression of the query holds a value known only at execution. */
    private static boolean hasBoundExpressions(final NativeQuery query)
    {
        // the engine has no function of these names: they can only be the translator's markers
        final String json = query.toJson();
        return json.contains('"' + ExprTranslator.PARAMETER + '"') ||
            json.contains('"' + ExprTranslator.CURRENT_TIMESTAMP + '"') ||
            json.contains('"' + ExprTranslator.CURRENT_DATE + '"');
    }

    /** What placeholders are bound from in one execution. */
    private record Binding(DataContext root, Enumerable<?>[] subqueries, QueryContext context)
    {
    }

    private static boolean hasPlaceholder(final Filter filter)
    {
        if (filter == null)
        {
            return false;
        }
        if (filter instanceof Filter.And and)
        {
            return and.filters().stream().anyMatch(TallyExecutor::hasPlaceholder);
        }
        if (filter instanceof Filter.Or or)
        {
            return or.filters().stream().anyMatch(TallyExecutor::hasPlaceholder);
        }
        if (filter instanceof Filter.Not not)
        {
            return hasPlaceholder(not.filter());
        }
        if (filter instanceof Filter.Equals equals)
        {
            return equals.value() instanceof Placeholder;
        }
        if (filter instanceof Filter.Range range)
        {
            return range.lower() instanceof Placeholder || range.upper() instanceof Placeholder;
        }
        if (filter instanceof Filter.In in)
        {
            return in.values().stream().anyMatch(Placeholder.class::isInstance);
        }
        return false;
    }

    private static Filter bind(final Filter filter, final Binding binding)
    {
        final DataContext root = binding.root();
        if (filter == null)
        {
            return null;
        }
        if (filter instanceof Filter.And and)
        {
            return new Filter.And(and.filters().stream().map(f -> bind(f, binding)).toList());
        }
        if (filter instanceof Filter.Or or)
        {
            return new Filter.Or(or.filters().stream().map(f -> bind(f, binding)).toList());
        }
        if (filter instanceof Filter.Not not)
        {
            return new Filter.Not(bind(not.filter(), binding));
        }
        if (filter instanceof Filter.Equals equals)
        {
            return new Filter.Equals(equals.column(), bindValue(equals.value(), root));
        }
        if (filter instanceof Filter.Range range)
        {
            return new Filter.Range(range.column(), bindValue(range.lower(), root), range.lowerInclusive(),
                bindValue(range.upper(), root), range.upperInclusive());
        }
        if (filter instanceof Filter.In in && in.values().size() == 1 &&
            in.values().get(0) instanceof Placeholder.Subquery subquery)
        {
            return new Filter.In(in.column(), subqueryValues(subquery, binding));
        }
        if (filter instanceof Filter.Expression expression)
        {
            return new Filter.Expression(bind(expression.expression(), binding));
        }
        return filter;
    }

    /**
     * The distinct non-NULL values a subquery gives for the semi-join's key, read now (the subquery runs before the
     * native query); at most {@code maxGroups} of them.
     */
    private static List<Object> subqueryValues(final Placeholder.Subquery subquery, final Binding binding)
    {
        final java.util.Set<Object> values = new java.util.LinkedHashSet<>();
        for (final Object row : binding.subqueries()[subquery.input()])
        {
            final Object raw = row instanceof Object[] array ? array[subquery.column()] : row;
            if (raw == null)
            {
                continue;
            }
            values.add(switch (subquery.kind())
            {
                case STRING -> raw.toString();
                case DOUBLE -> ((Number)raw).doubleValue();
                case TIME -> raw instanceof java.util.Date date ? date.getTime() : ((Number)raw).longValue();
                default -> ((Number)raw).longValue();
            });
            if (values.size() > binding.context().maxGroups())
            {
                throw binding.context().tooManyHeldRows("IN (subquery) read as a filter");
            }
        }
        return new ArrayList<>(values);
    }

    private static Object bindValue(final Object value, final DataContext root)
    {
        if (value instanceof Placeholder.Now now)
        {
            final Long current = DataContext.Variable.CURRENT_TIMESTAMP.get(root);
            return now.at(current);
        }
        if (!(value instanceof Placeholder.Param param))
        {
            return value;
        }
        final Object raw = root.get("?" + param.index());
        if (raw == null)
        {
            throw new QueryException(QueryException.Kind.INVALID, "parameter[" + (param.index() + 1) + "] is NULL " +
                "where a value is compared; use IS NULL to test for NULL");
        }
        return switch (param.kind())
        {
            case STRING -> raw.toString();
            case DOUBLE -> number(raw, param).doubleValue();
            case TIME -> raw instanceof java.util.Date date ? date.getTime() : number(raw, param).longValue();
            case LONG, COUNT ->
            {
                final Number number = number(raw, param);
                if (number.doubleValue() != Math.rint(number.doubleValue()))
                {
                    throw new QueryException(QueryException.Kind.INVALID,
                        "parameter[" + (param.index() + 1) + "] value[" + raw + "] is not a whole number");
                }
                if (param.kind() == Placeholder.ValueKind.COUNT && number.longValue() < 0)
                {
                    throw new QueryException(QueryException.Kind.INVALID,
                        "parameter[" + (param.index() + 1) + "] value[" + raw + "] is negative for LIMIT/OFFSET");
                }
                yield number.longValue();
            }
        };
    }

    private static Number number(final Object raw, final Placeholder.Param param)
    {
        if (raw instanceof Number number)
        {
            return number;
        }
        try
        {
            return new BigDecimal(raw.toString().trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new QueryException(QueryException.Kind.INVALID,
                "parameter[" + (param.index() + 1) + "] value[" + raw + "] is not a number");
        }
    }

    /** A native value in the Java class Calcite's generated code expects for {@code type}. */
    static Object internal(final Object value, final SqlTypeName type)
    {
        if (value == null)
        {
            return null;
        }
        return switch (type)
        {
            case BIGINT, TIMESTAMP -> ((Number)value).longValue();
            // a day's bucket start (CAST(__time AS DATE)) as Calcite's DATE, days since the epoch
            case DATE -> (int)Math.floorDiv(((Number)value).longValue(), 86_400_000L);
            case INTEGER -> ((Number)value).intValue();
            case SMALLINT -> ((Number)value).shortValue();
            case TINYINT -> ((Number)value).byteValue();
            case DOUBLE, FLOAT -> ((Number)value).doubleValue();
            case REAL -> ((Number)value).floatValue();
            case DECIMAL -> value instanceof BigDecimal decimal ? decimal :
                value instanceof Double || value instanceof Float ?
                    BigDecimal.valueOf(((Number)value).doubleValue()) : BigDecimal.valueOf(((Number)value).longValue());
            case CHAR, VARCHAR -> value.toString();
            case VARBINARY, BINARY -> value instanceof byte[] bytes ? new ByteString(bytes) : value;
            default -> value;
        };
    }
}
