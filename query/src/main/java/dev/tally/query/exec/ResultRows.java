package dev.tally.query.exec;

import dev.tally.query.model.Filter;
import dev.tally.query.model.OrderBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The last steps over finished output rows: HAVING (a filter over output columns, three-valued), ORDER BY with
 * NULLS FIRST/LAST, OFFSET and LIMIT — a bounded heap keeps only {@code offset + limit} rows when both an order and
 * a limit are given — and the result-row limit.
 */
final class ResultRows
{
    private ResultRows()
    {
    }

    static void validateHaving(final Filter having, final List<String> names)
    {
        if (having instanceof Filter.And and)
        {
            and.filters().forEach(f -> validateHaving(f, names));
        }
        else if (having instanceof Filter.Or or)
        {
            or.filters().forEach(f -> validateHaving(f, names));
        }
        else if (having instanceof Filter.Not not)
        {
            validateHaving(not.filter(), names);
        }
        else if (having instanceof Filter.Expression)
        {
            throw GroupByPlan.invalid("HAVING takes column filters over output columns, not expressions");
        }
        else if (!(having instanceof Filter.Constant))
        {
            final String column = FilterCompiler.leafColumn(having);
            if (!names.contains(column))
            {
                throw GroupByPlan.invalid("HAVING refers to column[" + column + "], not an output column " + names);
            }
        }
    }

    static void validateOrder(final List<OrderBy> orderBy, final List<String> names)
    {
        for (final OrderBy order : orderBy)
        {
            if (!names.contains(order.column()))
            {
                throw GroupByPlan.invalid("ORDER BY column[" + order.column() + "] is not an output column " + names);
            }
        }
    }

    /** Rows passing {@code having}; rows are Object arrays laid out as {@code names}. */
    static List<Object[]> having(final List<Object[]> rows, final Filter having, final List<String> names,
        final List<QueryResult.ColumnType> types)
    {
        if (having == null)
        {
            return rows;
        }
        final List<Object[]> kept = new ArrayList<>();
        for (final Object[] row : rows)
        {
            if (truth(having, row, names, types) == Truth.TRUE)
            {
                kept.add(row);
            }
        }
        return kept;
    }

    private static byte truth(final Filter filter, final Object[] row, final List<String> names,
        final List<QueryResult.ColumnType> types)
    {
        if (filter instanceof Filter.And and)
        {
            byte result = Truth.TRUE;
            for (final Filter child : and.filters())
            {
                result = Truth.and(result, truth(child, row, names, types));
            }
            return result;
        }
        if (filter instanceof Filter.Or or)
        {
            byte result = Truth.FALSE;
            for (final Filter child : or.filters())
            {
                result = Truth.or(result, truth(child, row, names, types));
            }
            return result;
        }
        if (filter instanceof Filter.Not not)
        {
            return Truth.not(truth(not.filter(), row, names, types));
        }
        if (filter instanceof Filter.Constant constant)
        {
            return Truth.of(constant.value());
        }
        final String column = FilterCompiler.leafColumn(filter);
        final int index = names.indexOf(column);
        final Object value = row[index];
        if (filter instanceof Filter.IsNull)
        {
            return Truth.of(value == null);
        }
        if (value == null)
        {
            return Truth.UNKNOWN;
        }
        final QueryResult.ColumnType type = types.get(index);
        final ValueMatcher matcher = new ValueMatcher(filter, column, switch (type)
        {
            case STRING -> dev.tally.storage.schema.ValueType.STRING;
            case DOUBLE -> dev.tally.storage.schema.ValueType.DOUBLE;
            default -> dev.tally.storage.schema.ValueType.LONG;
        });
        if (value instanceof String text)
        {
            return Truth.of(matcher.matches(text));
        }
        if (value instanceof Long number)
        {
            return Truth.of(matcher.matches((long)number));
        }
        return Truth.of(matcher.matches(((Number)value).doubleValue()));
    }

    static Comparator<Object[]> comparator(final List<OrderBy> orderBy, final List<String> names)
    {
        final int[] indexes = new int[orderBy.size()];
        for (int i = 0; i < indexes.length; i++)
        {
            indexes[i] = names.indexOf(orderBy.get(i).column());
        }
        return (a, b) ->
        {
            for (int i = 0; i < indexes.length; i++)
            {
                final OrderBy order = orderBy.get(i);
                final Object x = a[indexes[i]];
                final Object y = b[indexes[i]];
                final int cmp;
                if (x == null || y == null)
                {
                    cmp = x == y ? 0 : (x == null) == order.nullsFirst() ? -1 : 1;
                }
                else
                {
                    final int natural = x instanceof Double || y instanceof Double ?
                        ValueMatcher.compareDoubles(((Number)x).doubleValue(), ((Number)y).doubleValue()) :
                        Values.compare(x, y);
                    cmp = order.descending() ? -natural : natural;
                }
                if (cmp != 0)
                {
                    return cmp;
                }
            }
            return 0;
        };
    }

    /** Orders, then applies offset and limit ({@code -1}: none), checking the result-row limit. */
    static List<Object[]> orderAndLimit(final List<Object[]> rows, final List<OrderBy> orderBy, final long offset,
        final long limit, final List<String> names, final QueryContext context)
    {
        List<Object[]> ordered = rows;
        if (!orderBy.isEmpty())
        {
            final Comparator<Object[]> comparator = comparator(orderBy, names);
            final long keep = limit < 0 ? Long.MAX_VALUE : offset + limit;
            if (keep < rows.size())
            {
                final PriorityQueue<Object[]> heap = new PriorityQueue<>((int)keep + 1, comparator.reversed());
                for (final Object[] row : rows)
                {
                    heap.add(row);
                    if (heap.size() > keep)
                    {
                        heap.poll();
                    }
                }
                ordered = new ArrayList<>(heap);
            }
            else
            {
                ordered = new ArrayList<>(rows);
            }
            ordered.sort(comparator);
        }
        final int from = (int)Math.min(offset, ordered.size());
        final int to = limit < 0 ? ordered.size() : (int)Math.min(ordered.size(), offset + limit);
        final List<Object[]> page = ordered.subList(from, to);
        if (page.size() > context.maxRows())
        {
            throw new QueryException(QueryException.Kind.RESOURCE_LIMIT, "result has " + page.size() +
                " rows, over maxRows[" + context.maxRows() + "]; add a LIMIT or raise maxRows");
        }
        return new ArrayList<>(page);
    }
}
