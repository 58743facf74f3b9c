package dev.tally.query.reference;

import dev.tally.query.exec.QueryResult;
import dev.tally.query.exec.QueryResult.ColumnType;
import dev.tally.query.model.Aggregation;
import dev.tally.query.model.NativeQuery;
import dev.tally.query.model.OrderBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides whether an answer is a right answer. Row order is checked only as far as the query's orderBy fixes it:
 * the answer's order keys must equal the reference's, row for row, and every row must be one the reference has (the
 * same group with the same values, or for a scan the same row, as a multiset). With OFFSET or LIMIT a row tied with
 * others on the order keys may be any of them. Doubles match within a relative 1e-9 (NaN matches NaN);
 * APPROX_COUNT_DISTINCT within 5% of the exact count; APPROX_QUANTILE when the value's rank is within 2% of the
 * asked-for fraction.
 */
public final class ResultComparison
{
    public static final double RELATIVE_TOLERANCE = 1e-9;
    public static final double DISTINCT_TOLERANCE = 0.05;
    public static final double RANK_TOLERANCE = 0.02;

    private ResultComparison()
    {
    }

    /** {@code null} when {@code actual} is a right answer to {@code query} over {@code table}, else why not. */
    public static String mismatch(final NativeQuery query, final TestTable table, final QueryResult actual)
    {
        return mismatch(query, ReferenceEvaluator.evaluateOrdered(query, table), actual);
    }

    /** As above, given the reference's ordered answer before offset and limit. */
    public static String mismatch(final NativeQuery query, final QueryResult ordered, final QueryResult actual)
    {
        if (!ordered.columnNames().equals(actual.columnNames()) ||
            actual.columnTypes().size() != actual.columnNames().size())
        {
            return "columns " + actual.columnNames() + ", expected " + ordered.columnNames();
        }
        final Aggregation.Kind[] kinds = outputKinds(query, ordered.columnNames().size());
        for (int c = 0; c < kinds.length; c++)
        {
            final ColumnType expected = ordered.columnTypes().get(c);
            final ColumnType type = actual.columnTypes().get(c);
            final boolean isQuantile = kinds[c] == Aggregation.Kind.APPROX_QUANTILE;
            if (type != expected && !(isQuantile && type == ColumnType.LONG))
            {
                return "column[" + ordered.columnNames().get(c) + "] type " + type + ", expected " + expected;
            }
        }

        final List<Object[]> all = ordered.rows();
        final int from = (int)Math.min(all.size(), query.offset());
        final int to = query.limit() < 0 ? all.size() : (int)Math.min(all.size(), from + query.limit());
        final List<Object[]> window = all.subList(from, to);
        final List<Object[]> rows = actual.rows();
        if (rows.size() != window.size())
        {
            return rows.size() + " rows, expected " + window.size();
        }

        final List<String> names = ordered.columnNames();
        for (int r = 0; r < rows.size(); r++)
        {
            for (final OrderBy key : query.orderBy())
            {
                final int c = names.indexOf(key.column());
                if (!cellMatches(window.get(r)[c], rows.get(r)[c], kinds[c]))
                {
                    return "row " + r + " order key[" + key.column() + "] is " + text(rows.get(r)[c]) + ", expected " +
                        text(window.get(r)[c]);
                }
            }
        }

        final boolean isWindowFixed = query.offset() == 0 && query.limit() < 0;
        final List<Object[]> pool = isWindowFixed ? window : all;
        return query.type() == NativeQuery.Type.GROUP_BY ?
            groupsMismatch(query.groupings().size(), kinds, pool, rows) : scanMismatch(pool, rows);
    }

    private static String groupsMismatch(
        final int keyColumns, final Aggregation.Kind[] kinds, final List<Object[]> pool, final List<Object[]> rows)
    {
        final Map<List<Object>, Object[]> expectedByKey = new HashMap<>();
        for (final Object[] row : pool)
        {
            expectedByKey.put(Arrays.asList(row).subList(0, keyColumns), row);
        }
        final Set<List<Object>> seen = new HashSet<>();
        for (int r = 0; r < rows.size(); r++)
        {
            final Object[] row = rows.get(r);
            final List<Object> key = Arrays.asList(row).subList(0, keyColumns);
            if (!seen.add(key))
            {
                return "row " + r + " repeats group " + text(key);
            }
            final Object[] expected = expectedByKey.get(key);
            if (expected == null)
            {
                return "row " + r + " has unexpected group " + text(key) + " (" + typeNames(key) + ")";
            }
            for (int c = keyColumns; c < row.length; c++)
            {
                if (!cellMatches(expected[c], row[c], kinds[c]))
                {
                    return "row " + r + " group " + text(key) + " column " + c + " is " + text(row[c]) + ", expected " +
                        text(expected[c]);
                }
            }
        }
        return null;
    }

    private static String scanMismatch(final List<Object[]> pool, final List<Object[]> rows)
    {
        final Map<List<Object>, Integer> expected = new HashMap<>();
        pool.forEach(row -> expected.merge(Arrays.asList(row), 1, Integer::sum));
        for (int r = 0; r < rows.size(); r++)
        {
            final List<Object> row = Arrays.asList(rows.get(r));
            final Integer left = expected.get(row);
            if (left == null || left == 0)
            {
                return "row " + r + " " + text(row) + " (" + typeNames(row) + ") is not expected (or too often)";
            }
            expected.put(row, left - 1);
        }
        return null;
    }

    /** The aggregation kind of each output column, {@code null} for groupings and scan columns. */
    private static Aggregation.Kind[] outputKinds(final NativeQuery query, final int columns)
    {
        final int groupings = query.groupings().size();
        final Aggregation.Kind[] kinds = new Aggregation.Kind[columns];
        for (int i = 0; i < query.aggregations().size(); i++)
        {
            kinds[groupings + i] = query.aggregations().get(i).kind();
        }
        return kinds;
    }

    public static boolean cellMatches(final Object expected, final Object actual, final Aggregation.Kind kind)
    {
        if (expected == null || actual == null)
        {
            return expected == actual;
        }
        if (expected instanceof ReferenceEvaluator.QuantileSample sample)
        {
            if (!(actual instanceof Number number))
            {
                return false;
            }
            final double[] ranks = sample.rankRange(number.doubleValue());
            return ranks[0] <= sample.fraction() + RANK_TOLERANCE && ranks[1] >= sample.fraction() - RANK_TOLERANCE;
        }
        if (kind == Aggregation.Kind.APPROX_COUNT_DISTINCT)
        {
            final long exact = (Long)expected;
            return actual instanceof Long estimate &&
                Math.abs(estimate - exact) <= Math.ceil(DISTINCT_TOLERANCE * exact);
        }
        if (expected instanceof Double left)
        {
            return actual instanceof Double right && doublesMatch(left, right);
        }
        return Objects.equals(expected, actual);
    }

    public static boolean doublesMatch(final double expected, final double actual)
    {
        if (Double.compare(expected, actual) == 0)
        {
            return true;
        }
        final double scale = Math.max(Math.abs(expected), Math.abs(actual));
        return Math.abs(expected - actual) <= RELATIVE_TOLERANCE * scale + 1e-9;
    }

    private static String typeNames(final List<Object> values)
    {
        final List<String> types = new ArrayList<>();
        values.forEach(value -> types.add(value == null ? "null" : value.getClass().getSimpleName()));
        return String.join(",", types);
    }

    public static String text(final Object value)
    {
        if (value instanceof String string)
        {
            return "'" + string.replace("\n", "\\n") + "'";
        }
        if (value instanceof List<?> list)
        {
            final List<String> parts = new ArrayList<>();
            list.forEach(item -> parts.add(text(item)));
            return "[" + String.join(", ", parts) + "]";
        }
        return String.valueOf(value);
    }

    /** A result as text, at most {@code maxRows} rows, for failure reports. */
    public static String render(final QueryResult result, final int maxRows)
    {
        final StringBuilder out = new StringBuilder();
        out.append(result.columnNames()).append(' ').append(result.columnTypes()).append('\n');
        for (int r = 0; r < Math.min(maxRows, result.rows().size()); r++)
        {
            out.append("  ").append(text(Arrays.asList(result.rows().get(r)))).append('\n');
        }
        if (result.rows().size() > maxRows)
        {
            out.append("  ... ").append(result.rows().size() - maxRows).append(" more\n");
        }
        return out.toString();
    }
}
