package dev.tally.query.exec;

import dev.tally.query.expr.ExprCompiler;
import dev.tally.query.model.Expr;
import dev.tally.query.model.VirtualColumn;
import dev.tally.storage.schema.MetricType;
import dev.tally.storage.schema.RowSchema;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The columns one query can name: the table's ({@code __time}, dimensions, metrics) and its virtual columns, each
 * resolved once, typed, and checked (unknown names, cycles, functions applied to the wrong types). Immutable after
 * construction; shared by the threads processing sources.
 */
final class QueryColumns implements ExprCompiler.Columns
{
    final RowSchema schema;
    private final Map<String, VirtualColumn> virtual = new HashMap<>();
    private final Map<String, ColumnRef> resolved = new HashMap<>();
    private final Set<String> resolving = new HashSet<>();

    QueryColumns(final RowSchema schema, final List<VirtualColumn> virtualColumns)
    {
        this.schema = schema;
        for (final VirtualColumn column : virtualColumns)
        {
            if (ColumnRef.resolve(schema, column.name()) != null)
            {
                throw invalid("virtual column[" + column.name() + "] has the name of a table column");
            }
            if (virtual.put(column.name(), column) != null)
            {
                throw invalid("duplicate virtual column[" + column.name() + "]");
            }
        }
        for (final VirtualColumn column : virtualColumns)
        {
            resolve(column.name());
        }
    }

    /** The column named {@code name}; an INVALID error naming the columns there are when none is. */
    ColumnRef resolve(final String name)
    {
        final ColumnRef known = resolved.get(name);
        if (known != null)
        {
            return known;
        }
        ColumnRef column = ColumnRef.resolve(schema, name);
        if (column == null)
        {
            final VirtualColumn definition = virtual.get(name);
            if (definition == null)
            {
                final List<String> names = ColumnRef.columnNames(schema);
                names.addAll(virtual.keySet());
                throw invalid("unknown column[" + name + "]; columns are " + names);
            }
            if (!resolving.add(name))
            {
                throw invalid("virtual column[" + name + "] refers to itself");
            }
            column = ColumnRef.expression(name, definition.expression(), typeOf(definition.expression()));
            resolving.remove(name);
        }
        resolved.put(name, column);
        return column;
    }

    /** The type of an expression over these columns, checking it compiles. */
    Expr.Type typeOf(final Expr expression)
    {
        try
        {
            return ExprCompiler.compile(expression, this).type();
        }
        catch (final IllegalArgumentException ex)
        {
            throw invalid(ex.getMessage());
        }
    }

    @Override
    public Expr.Type typeOf(final String column)
    {
        final ColumnRef ref = resolve(column);
        if (ref.exprType() == null)
        {
            throw invalid("sketch column[" + column + "] cannot be read by an expression");
        }
        return ref.exprType();
    }

    /** The table columns a column reads, through virtual columns: itself when it is one. */
    Set<ColumnRef> tableColumns(final String name)
    {
        final Set<ColumnRef> columns = new LinkedHashSet<>();
        collect(resolve(name), columns);
        return columns;
    }

    private void collect(final ColumnRef column, final Set<ColumnRef> into)
    {
        if (column.kind() != ColumnRef.Kind.EXPRESSION)
        {
            into.add(column);
            return;
        }
        for (final String input : ExprCompiler.columnsOf(column.expression()))
        {
            collect(resolve(input), into);
        }
    }

    /** Whether every value of the column is a property of each event of a row (it reads no metric). */
    boolean isPerEvent(final String name)
    {
        return tableColumns(name).stream().noneMatch(c -> c.kind() == ColumnRef.Kind.METRIC);
    }

    /**
     * Whether SUM of the expression over rolled rows equals its sum over the events: it reads no metric, or it is
     * linear in one sum metric with factors that read none ({@code m}, {@code m * f}, {@code m / f}, {@code -m},
     * {@code CASE WHEN c THEN m ... ELSE 0 END}).
     */
    boolean isSummableOverRolledRows(final String name)
    {
        final ColumnRef column = resolve(name);
        return isPerEvent(name) || column.kind() == ColumnRef.Kind.METRIC && isSumMetric(column) ||
            column.kind() == ColumnRef.Kind.EXPRESSION && isLinear(column.expression());
    }

    private boolean isLinear(final Expr expr)
    {
        if (readsNoMetric(expr))
        {
            return false; // a constant factor alone is not a metric term
        }
        if (expr instanceof Expr.Ref ref)
        {
            final ColumnRef column = resolve(ref.column());
            return column.kind() == ColumnRef.Kind.METRIC ? isSumMetric(column) :
                column.kind() == ColumnRef.Kind.EXPRESSION && isLinear(column.expression());
        }
        if (!(expr instanceof Expr.Call call))
        {
            return false;
        }
        final List<Expr> args = call.args();
        return switch (call.function().toLowerCase(java.util.Locale.ROOT))
        {
            case "*" -> isLinear(args.get(0)) && readsNoMetric(args.get(1)) ||
                readsNoMetric(args.get(0)) && isLinear(args.get(1));
            case "/" -> isLinear(args.get(0)) && readsNoMetric(args.get(1));
            case "neg" -> isLinear(args.get(0));
            case "cast" -> isLinear(args.get(0)) && !"STRING".equalsIgnoreCase(String.valueOf(
                ((Expr.Literal)args.get(1)).value()));
            case "case" ->
            {
                for (int i = 0; i < args.size(); i++)
                {
                    final boolean isCondition = i % 2 == 0 && i < args.size() - 1;
                    final Expr arg = args.get(i);
                    if (isCondition ? !readsNoMetric(arg) : !(isLinear(arg) || isZeroOrNull(arg)))
                    {
                        yield false;
                    }
                }
                yield true;
            }
            default -> false;
        };
    }

    private static boolean isZeroOrNull(final Expr expr)
    {
        return expr instanceof Expr.Literal literal &&
            (literal.value() == null || literal.value() instanceof Number n && n.doubleValue() == 0);
    }

    private boolean readsNoMetric(final Expr expr)
    {
        for (final String input : ExprCompiler.columnsOf(expr))
        {
            if (!isPerEvent(input))
            {
                return false;
            }
        }
        return true;
    }

    private static boolean isSumMetric(final ColumnRef column)
    {
        return column.metricType() == MetricType.COUNT || column.metricType() == MetricType.LONG_SUM ||
            column.metricType() == MetricType.DOUBLE_SUM;
    }

    /** The metrics a column reads, for errors. */
    List<String> metricsRead(final String name)
    {
        return tableColumns(name).stream().filter(c -> c.kind() == ColumnRef.Kind.METRIC).map(ColumnRef::name)
            .toList();
    }

    static QueryException invalid(final String message)
    {
        return new QueryException(QueryException.Kind.INVALID, message);
    }
}
