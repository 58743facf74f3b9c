package dev.tally.sql;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Combines the aggregates of a query's partitions into the whole query's, as a merge of partial results does: COUNT
 * and SUM add (a SUM of no values is NULL and adds nothing), MIN and MAX keep the extreme non-NULL value, AVG is the
 * partitions' summed SUM over their summed COUNT. Rows are matched by their group key; floating point agrees within a
 * relative 1e-9 (partial sums add in another order). Also the multisets and differences the other relations compare.
 */
final class Partials
{
    private Partials()
    {
    }

    /**
     * What differs between {@code whole} (key columns, then one column per function) and the combination of
     * {@code partitions} (key columns, then one column per function, two for AVG: its SUM and COUNT), or {@code null}.
     */
    static String compare(final int keys, final List<String> functions, final List<Object[]> whole,
        final List<List<Object[]>> partitions)
    {
        final Map<List<Object>, Object[]> combined = new HashMap<>();
        for (final List<Object[]> partition : partitions)
        {
            for (final Object[] row : Results.normalize(partition))
            {
                final Object[] into = combined.computeIfAbsent(canonical(row, keys),
                    k -> new Object[functions.size() * 2]);
                int column = keys;
                for (int f = 0; f < functions.size(); f++)
                {
                    final Object value = row[column++];
                    switch (functions.get(f))
                    {
                        case "COUNT", "SUM" -> into[2 * f] = add(into[2 * f], value);
                        case "MIN" -> into[2 * f] = extreme(into[2 * f], value, -1);
                        case "MAX" -> into[2 * f] = extreme(into[2 * f], value, 1);
                        default ->
                        {
                            into[2 * f] = add(into[2 * f], value);
                            into[2 * f + 1] = add(into[2 * f + 1], row[column++]);
                        }
                    }
                }
            }
        }
        final List<Object[]> wholeRows = Results.normalize(whole);
        if (keys > 0 && wholeRows.size() != combined.size())
        {
            return "groups " + wholeRows.size() + " vs partitions' " + combined.size() + ": " +
                difference(keysOf(keys, wholeRows), keysOf(combined));
        }
        for (final Object[] row : wholeRows)
        {
            final Object[] parts = combined.get(canonical(row, keys));
            for (int f = 0; f < functions.size(); f++)
            {
                final Object expected = parts == null ? empty(functions.get(f)) : "AVG".equals(functions.get(f)) ?
                    average(parts[2 * f], parts[2 * f + 1]) : "COUNT".equals(functions.get(f)) && parts[2 * f] == null ?
                    (Object)0L : parts[2 * f];
                if (!same(row[keys + f], expected))
                {
                    return "row " + Arrays.toString(row) + ": " + functions.get(f) + " column " + (keys + f) + " " +
                        row[keys + f] + " vs partitions' " + expected;
                }
            }
        }
        return null;
    }

    private static Map<List<Object>, Integer> keysOf(final int keys, final List<Object[]> rows)
    {
        final Map<List<Object>, Integer> out = new HashMap<>();
        rows.forEach(row -> out.merge(canonical(row, keys), 1, Integer::sum));
        return out;
    }

    private static Map<List<Object>, Integer> keysOf(final Map<List<Object>, Object[]> combined)
    {
        final Map<List<Object>, Integer> out = new HashMap<>();
        combined.keySet().forEach(key -> out.put(key, 1));
        return out;
    }

    /** An aggregate over no rows (the query without GROUP BY whose partitions are all empty). */
    private static Object empty(final String function)
    {
        return "COUNT".equals(function) ? (Object)0L : null;
    }

    private static Object average(final Object sum, final Object count)
    {
        if (sum == null || count == null || ((Number)count).longValue() == 0)
        {
            return null;
        }
        return ((Number)sum).doubleValue() / ((Number)count).doubleValue();
    }

    /** NULL-ignoring addition, exact for integers. */
    static Object add(final Object a, final Object b)
    {
        if (a == null || b == null)
        {
            return a == null ? b : a;
        }
        if (a instanceof Long x && b instanceof Long y)
        {
            return x + y;
        }
        return ((Number)a).doubleValue() + ((Number)b).doubleValue();
    }

    private static Object extreme(final Object a, final Object b, final int sign)
    {
        if (a == null || b == null)
        {
            return a == null ? b : a;
        }
        return Integer.signum(compare(b, a)) == sign ? b : a;
    }

    @SuppressWarnings("unchecked")
    private static int compare(final Object a, final Object b)
    {
        if (a instanceof Long x && b instanceof Long y)
        {
            return Long.compare(x, y);
        }
        if (a instanceof Number x && b instanceof Number y)
        {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        return ((Comparable<Object>)a).compareTo(b);
    }

    /** Equal, integers exactly, floating point within a relative 1e-9 (and an absolute 1e-6 near zero). */
    static boolean same(final Object a, final Object b)
    {
        if (a == null || b == null)
        {
            return a == b;
        }
        if (a instanceof Long && b instanceof Long)
        {
            return a.equals(b);
        }
        if (a instanceof Number x && b instanceof Number y)
        {
            final double p = x.doubleValue();
            final double q = y.doubleValue();
            return p == q || Math.abs(p - q) <= 1e-9 * Math.max(Math.abs(p), Math.abs(q)) + 1e-6;
        }
        return a.equals(b);
    }

    /** Counts by group key (the columns before the last), zero counts dropped, as a filter drops empty groups. */
    static Map<List<Object>, Object> countsByKey(final int keys, final List<Object[]> rows)
    {
        final Map<List<Object>, Object> counts = new HashMap<>();
        for (final Object[] row : Results.normalize(rows))
        {
            final Object count = row[keys] == null ? (Object)0L : row[keys];
            if (((Number)count).longValue() != 0)
            {
                counts.put(new ArrayList<>(canonical(row, keys)), count);
            }
        }
        return counts;
    }

    /** Rows as a multiset of canonical value lists (floating point rounded to 9 digits, so paths may differ). */
    static Map<List<Object>, Integer> multiset(final List<Object[]> rows)
    {
        final Map<List<Object>, Integer> counts = new HashMap<>();
        for (final Object[] row : Results.normalize(rows))
        {
            counts.merge(canonical(row, row.length), 1, Integer::sum);
        }
        return counts;
    }

    /** The first {@code columns} values of a row as a key, floating point rounded to 9 significant digits. */
    static List<Object> canonical(final Object[] row, final int columns)
    {
        final List<Object> key = new ArrayList<>(columns);
        for (int c = 0; c < columns; c++)
        {
            key.add(row[c] instanceof Double d && !d.isNaN() && !d.isInfinite() && d != 0 ?
                (Object)new BigDecimal(d).round(new MathContext(9)).doubleValue() : row[c]);
        }
        return key;
    }

    /** A few entries that differ between two maps, for the report. */
    static <V> String difference(final Map<List<Object>, V> a, final Map<List<Object>, V> b)
    {
        final Map<List<Object>, String> diff = new LinkedHashMap<>();
        a.forEach((key, value) ->
        {
            if (!value.equals(b.get(key)) && diff.size() < 5)
            {
                diff.put(key, value + " vs " + b.get(key));
            }
        });
        b.forEach((key, value) ->
        {
            if (!a.containsKey(key) && diff.size() < 8)
            {
                diff.put(key, "absent vs " + value);
            }
        });
        return "differing " + diff;
    }
}
