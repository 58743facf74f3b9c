package dev.tally.sql;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Compares Tally's answers with DuckDB's: values normalized (integers as Long, floating point as Double within a
 * relative 1e-9, timestamps as epoch millis), rows in order or as multisets, approximate columns within a bound.
 */
final class Results
{
    enum Order
    {
        /** Rows compared as multisets. */
        ANY,
        /** Rows compared in order (the query's order is total). */
        EXACT,
        /**
         * ORDER BY column {@code key} then LIMIT, where ties at the limit may keep different rows: the key sequence
         * must agree, and the rows whose key is not the last key, as multisets.
         */
        TOP
    }

    private Results()
    {
    }

    static List<Object[]> duck(final Connection duck, final String sql) throws SQLException
    {
        final List<Object[]> rows = new ArrayList<>();
        try (Statement statement = duck.createStatement(); ResultSet result = statement.executeQuery(sql))
        {
            final int columns = result.getMetaData().getColumnCount();
            while (result.next())
            {
                final Object[] row = new Object[columns];
                for (int c = 0; c < columns; c++)
                {
                    row[c] = normalize(result.getObject(c + 1));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    static List<Object[]> normalize(final List<Object[]> rows)
    {
        final List<Object[]> out = new ArrayList<>();
        for (final Object[] row : rows)
        {
            final Object[] copy = new Object[row.length];
            for (int c = 0; c < row.length; c++)
            {
                copy[c] = normalize(row[c]);
            }
            out.add(copy);
        }
        return out;
    }

    static Object normalize(final Object value)
    {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte || value instanceof BigInteger)
        {
            return ((Number)value).longValue();
        }
        if (value instanceof BigDecimal decimal)
        {
            return decimal.scale() <= 0 || decimal.stripTrailingZeros().scale() <= 0 ?
                (Object)decimal.longValue() : (Object)decimal.doubleValue();
        }
        if (value instanceof Float f)
        {
            return f.doubleValue();
        }
        if (value instanceof Instant instant)
        {
            return instant.toEpochMilli();
        }
        if (value instanceof Timestamp timestamp)
        {
            return timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC).toEpochMilli();
        }
        if (value instanceof LocalDateTime time)
        {
            return time.toInstant(ZoneOffset.UTC).toEpochMilli();
        }
        if (value instanceof OffsetDateTime time)
        {
            return time.toInstant().toEpochMilli();
        }
        return value;
    }

    /** A description of the first difference, or {@code null} when the results agree. */
    static String mismatch(final List<Object[]> tally, final List<Object[]> duck, final Order order, final int key,
        final Set<Integer> approximate)
    {
        if (tally.size() != duck.size())
        {
            return "row count " + tally.size() + " vs duckdb " + duck.size();
        }
        List<Object[]> a = tally;
        List<Object[]> b = duck;
        if (order == Order.TOP && !a.isEmpty())
        {
            for (int r = 0; r < a.size(); r++)
            {
                if (!same(a.get(r)[key], b.get(r)[key], approximate.contains(key)))
                {
                    return "key of row " + r + ": " + Arrays.toString(a.get(r)) + " vs duckdb " +
                        Arrays.toString(b.get(r));
                }
            }
            final Object last = a.get(a.size() - 1)[key];
            a = a.stream().filter(row -> !same(row[key], last, false)).toList();
            b = b.stream().filter(row -> !same(row[key], last, false)).toList();
        }
        if (order != Order.EXACT)
        {
            a = sorted(a, approximate);
            b = sorted(b, approximate);
        }
        final String inOrder = compareRows(a, b, approximate);
        if (inOrder != null && order == Order.EXACT && mismatch(tally, duck, Order.ANY, key, approximate) == null &&
            onlyFloatTies(a, b, approximate))
        {
            // the same rows, ordered differently only where two DOUBLE values differ by rounding (sums added in
            // another order): both orders are correct
            return null;
        }
        return inOrder;
    }

    /**
     * Whether every pair of differing rows at the same position ties on some DOUBLE column within tolerance. Such
     * rows may swap places between engines when one sum rounds a hair above the other; the price is that a wrong
     * tie-break between rows with equal DOUBLE values goes unnoticed here (integer ties are still checked).
     */
    private static boolean onlyFloatTies(final List<Object[]> a, final List<Object[]> b, final Set<Integer> approximate)
    {
        for (int r = 0; r < a.size(); r++)
        {
            final Object[] x = a.get(r);
            final Object[] y = b.get(r);
            boolean differs = false;
            boolean floatTie = false;
            for (int c = 0; c < x.length; c++)
            {
                differs |= !same(x[c], y[c], approximate.contains(c));
                floatTie |= x[c] instanceof Double && y[c] instanceof Number && same(x[c], y[c], false);
            }
            if (differs && !floatTie)
            {
                return false;
            }
        }
        return true;
    }

    private static String compareRows(final List<Object[]> a, final List<Object[]> b, final Set<Integer> approximate)
    {
        for (int r = 0; r < a.size(); r++)
        {
            final Object[] x = a.get(r);
            final Object[] y = b.get(r);
            if (x.length != y.length)
            {
                return "column count " + x.length + " vs " + y.length;
            }
            for (int c = 0; c < x.length; c++)
            {
                if (!same(x[c], y[c], approximate.contains(c)))
                {
                    return "row " + r + " column " + c + ": " + Arrays.toString(x) + " vs duckdb " + Arrays.toString(y);
                }
            }
        }
        return null;
    }

    private static List<Object[]> sorted(final List<Object[]> rows, final Set<Integer> approximate)
    {
        final List<Object[]> copy = new ArrayList<>(rows);
        copy.sort((x, y) ->
        {
            for (int c = 0; c < x.length; c++)
            {
                if (approximate.contains(c))
                {
                    continue;
                }
                final int cmp = compare(x[c], y[c]);
                if (cmp != 0)
                {
                    return cmp;
                }
            }
            return 0;
        });
        return copy;
    }

    private static int compare(final Object x, final Object y)
    {
        if (x == null || y == null)
        {
            return x == y ? 0 : x == null ? -1 : 1;
        }
        if (x instanceof Long a && y instanceof Long b)
        {
            return Long.compare(a, b);
        }
        if (x instanceof Number a && y instanceof Number b)
        {
            // round so that sums differing in the last bits sort alike
            return Double.compare(round(a.doubleValue()), round(b.doubleValue()));
        }
        return Comparator.<String>naturalOrder().compare(x.toString(), y.toString());
    }

    private static double round(final double value)
    {
        return value == 0 || Double.isNaN(value) || Double.isInfinite(value) ? value :
            new BigDecimal(value).round(new java.math.MathContext(9)).doubleValue();
    }

    static boolean same(final Object x, final Object y, final boolean approximate)
    {
        if (x == null || y == null)
        {
            return x == y;
        }
        if (x instanceof Number a && y instanceof Number b)
        {
            final double p = a.doubleValue();
            final double q = b.doubleValue();
            if (approximate)
            {
                return Math.abs(p - q) <= 0.06 * Math.max(Math.abs(p), Math.abs(q)) + 1;
            }
            if (x instanceof Long && y instanceof Long)
            {
                return x.equals(y);
            }
            return p == q || Math.abs(p - q) <= 1e-9 * Math.max(Math.abs(p), Math.abs(q));
        }
        if (x instanceof Boolean || y instanceof Boolean)
        {
            return x.toString().equalsIgnoreCase(y.toString());
        }
        return x.toString().equals(y.toString());
    }
}
