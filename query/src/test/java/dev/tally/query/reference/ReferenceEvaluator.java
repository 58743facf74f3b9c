package dev.tally.query.reference;

import dev.tally.query.exec.QueryResult;
import dev.tally.query.exec.QueryResult.ColumnType;
import dev.tally.query.model.Aggregation;
import dev.tally.query.model.Grouping;
import dev.tally.query.model.Interval;
import dev.tally.query.model.NativeQuery;
import dev.tally.query.model.OrderBy;
import dev.tally.storage.schema.ValueType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The query contract, evaluated one row at a time over a {@link TestTable}: no indexes, no vectors, no cleverness,
 * so that it is obviously right and every engine answer can be checked against it.
 * <p>
 * Cells of APPROX_COUNT_DISTINCT hold the exact count (compare with tolerance); cells of APPROX_QUANTILE hold a
 * {@link QuantileSample}, the group's sorted values, since any value of about the right rank is a right answer.
 */
public final class ReferenceEvaluator
{
    /** An APPROX_QUANTILE cell: the group's non-NULL values sorted, and the asked-for fraction. */
    public record QuantileSample(double[] sortedValues, double fraction)
    {
        /** The exact quantile by nearest rank, for display. */
        public double value()
        {
            return sortedValues[(int)Math.min(sortedValues.length - 1, Math.floor(fraction * sortedValues.length))];
        }

        /** Share of values below and at most {@code value}: the rank interval a returned value stands for. */
        public double[] rankRange(final double value)
        {
            int below = 0;
            int atMost = 0;
            for (final double sorted : sortedValues)
            {
                below += Double.compare(sorted, value) < 0 ? 1 : 0;
                atMost += Double.compare(sorted, value) <= 0 ? 1 : 0;
            }
            return new double[] {below / (double)sortedValues.length, atMost / (double)sortedValues.length};
        }

        @Override
        public String toString()
        {
            return "~" + value();
        }
    }

    private ReferenceEvaluator()
    {
    }

    public static QueryResult evaluate(final NativeQuery query, final TestTable table)
    {
        final QueryResult full = evaluateOrdered(query, table);
        final List<Object[]> ordered = full.rows();
        final int from = (int)Math.min(ordered.size(), query.offset());
        final int to = query.limit() < 0 ? ordered.size() : (int)Math.min(ordered.size(), from + query.limit());
        return new QueryResult(full.columnNames(), full.columnTypes(), new ArrayList<>(ordered.subList(from, to)));
    }

    /** Every row of the answer, ordered by the query's orderBy (ties in table order), before offset and limit. */
    public static QueryResult evaluateOrdered(final NativeQuery query, final TestTable table)
    {
        final List<Object[]> matching = new ArrayList<>();
        for (final Object[] row : table.rows())
        {
            if (inIntervals(query.intervals(), (Long)row[0]) &&
                ReferenceFilter.passes(query.filter(), column -> cell(table, row, column)))
            {
                matching.add(row);
            }
        }
        final QueryResult unordered = query.type() == NativeQuery.Type.SCAN ?
            scan(query, table, matching) : groupBy(query, table, matching);
        final List<Object[]> rows = new ArrayList<>(unordered.rows());
        rows.sort(rowOrder(query.orderBy(), unordered.columnNames()));
        return new QueryResult(unordered.columnNames(), unordered.columnTypes(), rows);
    }

    private static boolean inIntervals(final List<Interval> intervals, final long time)
    {
        if (intervals.isEmpty())
        {
            return true;
        }
        for (final Interval interval : intervals)
        {
            if (interval.contains(time))
            {
                return true;
            }
        }
        return false;
    }

    private static Object cell(final TestTable table, final Object[] row, final String column)
    {
        final int index = table.columnIndex(column);
        if (index < 0)
        {
            throw new IllegalArgumentException("no column[" + column + "]");
        }
        return row[index];
    }

    private static QueryResult scan(final NativeQuery query, final TestTable table, final List<Object[]> matching)
    {
        final List<String> columns = query.columns().isEmpty() ? table.columnNames() : query.columns();
        final List<ColumnType> types = new ArrayList<>();
        columns.forEach(column -> types.add(columnType(table, column)));
        final List<Object[]> rows = new ArrayList<>();
        for (final Object[] row : matching)
        {
            final Object[] out = new Object[columns.size()];
            for (int i = 0; i < out.length; i++)
            {
                out[i] = cell(table, row, columns.get(i));
            }
            rows.add(out);
        }
        return new QueryResult(columns, types, rows);
    }

    private static QueryResult groupBy(final NativeQuery query, final TestTable table, final List<Object[]> matching)
    {
        final List<String> names = new ArrayList<>();
        final List<ColumnType> types = new ArrayList<>();
        for (final Grouping grouping : query.groupings())
        {
            names.add(grouping.name());
            types.add(grouping instanceof Grouping.Dimension dimension ?
                columnType(table, dimension.column()) : ColumnType.TIMESTAMP);
        }
        for (final Aggregation aggregation : query.aggregations())
        {
            names.add(aggregation.name());
            types.add(aggregationType(table, aggregation));
        }

        final Map<List<Object>, List<Object[]>> groups = new LinkedHashMap<>();
        if (query.groupings().isEmpty())
        {
            groups.put(List.of(), new ArrayList<>());
        }
        for (final Object[] row : matching)
        {
            final List<Object> key = new ArrayList<>();
            for (final Grouping grouping : query.groupings())
            {
                if (grouping instanceof Grouping.Dimension dimension)
                {
                    key.add(cell(table, row, dimension.column()));
                }
                else
                {
                    final Grouping.TimeBucket bucket = (Grouping.TimeBucket)grouping;
                    key.add(bucket.granularity().bucketStart((Long)row[0], bucket.zone()));
                }
            }
            groups.computeIfAbsent(key, ignored -> new ArrayList<>()).add(row);
        }

        final List<Object[]> rows = new ArrayList<>();
        for (final Map.Entry<List<Object>, List<Object[]>> group : groups.entrySet())
        {
            final Object[] out = new Object[names.size()];
            int i = 0;
            for (final Object keyPart : group.getKey())
            {
                out[i++] = keyPart;
            }
            for (final Aggregation aggregation : query.aggregations())
            {
                out[i++] = aggregate(table, aggregation, group.getValue());
            }
            if (ReferenceFilter.passes(query.having(), column -> out[names.indexOf(checkOutput(names, column))]))
            {
                rows.add(out);
            }
        }
        return new QueryResult(names, types, rows);
    }

    private static String checkOutput(final List<String> names, final String column)
    {
        if (!names.contains(column))
        {
            throw new IllegalArgumentException("having names no output column[" + column + "]");
        }
        return column;
    }

    public static ColumnType columnType(final TestTable table, final String column)
    {
        if (table.columnIndex(column) == 0)
        {
            return ColumnType.TIMESTAMP;
        }
        return switch (table.columnType(column))
        {
            case STRING -> ColumnType.STRING;
            case LONG -> ColumnType.LONG;
            case DOUBLE -> ColumnType.DOUBLE;
            default -> throw new IllegalArgumentException("column[" + column + "] is a sketch");
        };
    }

    public static ColumnType aggregationType(final TestTable table, final Aggregation aggregation)
    {
        return switch (aggregation.kind())
        {
            case COUNT, COUNT_DISTINCT, APPROX_COUNT_DISTINCT -> ColumnType.LONG;
            case SUM -> table.columnType(aggregation.column()) == ValueType.DOUBLE ? ColumnType.DOUBLE :
                ColumnType.LONG;
            case MIN, MAX -> columnType(table, aggregation.column());
            case AVG, APPROX_QUANTILE -> ColumnType.DOUBLE;
        };
    }

    private static Object aggregate(final TestTable table, final Aggregation aggregation, final List<Object[]> rows)
    {
        final int index = aggregation.column() == null ? -1 : table.columnIndex(aggregation.column());
        if (aggregation.column() != null && index < 0)
        {
            throw new IllegalArgumentException("aggregation[" + aggregation.name() + "] names no column");
        }
        // A metric's row value already aggregates the row's events; a dimension's value holds for each event.
        final boolean weighByEvents = index >= 0 && !table.isMetric(aggregation.column());
        switch (aggregation.kind())
        {
            case COUNT:
            {
                long events = 0;
                for (final Object[] row : rows)
                {
                    events += index < 0 || row[index] != null ? table.eventCount(row) : 0;
                }
                return events;
            }
            case SUM:
            {
                return sum(table, rows, index, weighByEvents);
            }
            case MIN:
            case MAX:
            {
                Object best = null;
                for (final Object[] row : rows)
                {
                    final Object value = row[index];
                    if (value != null && (best == null || ReferenceValues.compare(value, best) *
                        (aggregation.kind() == Aggregation.Kind.MIN ? -1 : 1) > 0))
                    {
                        best = value;
                    }
                }
                return best;
            }
            case AVG:
            {
                final Object sum = sum(table, rows, index, weighByEvents);
                long events = 0;
                for (final Object[] row : rows)
                {
                    events += row[index] != null ? table.eventCount(row) : 0;
                }
                return events == 0 || sum == null ? null : ((Number)sum).doubleValue() / events;
            }
            case COUNT_DISTINCT:
            case APPROX_COUNT_DISTINCT:
            {
                final Set<Object> distinct = new HashSet<>();
                for (final Object[] row : rows)
                {
                    if (row[index] != null)
                    {
                        distinct.add(row[index]);
                    }
                }
                return (long)distinct.size();
            }
            case APPROX_QUANTILE:
            {
                final double[] values = rows.stream().filter(row -> row[index] != null)
                    .mapToDouble(row -> ((Number)row[index]).doubleValue()).toArray();
                Arrays.sort(values);
                return values.length == 0 ? null : new QuantileSample(values, aggregation.parameter());
            }
            default:
                throw new IllegalStateException("aggregation " + aggregation.kind());
        }
    }

    private static Object sum(
        final TestTable table, final List<Object[]> rows, final int index, final boolean weighByEvents)
    {
        final boolean isLong = table.spec(index).type() == ValueType.LONG;
        long longSum = 0;
        double doubleSum = 0;
        boolean any = false;
        for (final Object[] row : rows)
        {
            if (row[index] != null)
            {
                final long weight = weighByEvents ? table.eventCount(row) : 1;
                any = true;
                if (isLong)
                {
                    longSum += (Long)row[index] * weight;
                }
                else
                {
                    doubleSum += (Double)row[index] * weight;
                }
            }
        }
        if (!any)
        {
            return null;
        }
        return isLong ? (Object)longSum : (Object)doubleSum;
    }

    /** The contract's order of output rows: per key, NULLs first or last as asked, then values (reversed if desc). */
    public static Comparator<Object[]> rowOrder(final List<OrderBy> orderBy, final List<String> columnNames)
    {
        return (left, right) ->
        {
            for (final OrderBy key : orderBy)
            {
                final int index = columnNames.indexOf(key.column());
                if (index < 0)
                {
                    throw new IllegalArgumentException("orderBy names no output column[" + key.column() + "]");
                }
                final int compared = compareForOrder(key, left[index], right[index]);
                if (compared != 0)
                {
                    return compared;
                }
            }
            return 0;
        };
    }

    public static int compareForOrder(final OrderBy key, final Object left, final Object right)
    {
        if (left == null || right == null)
        {
            if (left == right)
            {
                return 0;
            }
            return (left == null) == key.nullsFirst() ? -1 : 1;
        }
        final int compared = ReferenceValues.compare(left, right);
        return key.descending() ? -compared : compared;
    }
}
