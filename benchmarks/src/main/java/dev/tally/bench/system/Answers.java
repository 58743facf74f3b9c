package dev.tally.bench.system;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers of every engine in one comparable form — rows of String, Long (integers, and timestamps and dates as epoch
 * millis: Tally renders a DATE as its UTC midnight, as Druid does), Double or null — and the check that a Tally answer
 * is DuckDB's.
 * <p>
 * The check is exact for strings and integers; doubles agree to a relative 1e-9 (sums add in different orders), or
 * to a query's stated tolerance (HLL estimates against exact distinct counts). Queries that ORDER BY and LIMIT may
 * break ties differently, so the reference is DuckDB's answer <em>without</em> the LIMIT: Tally's rows must be as
 * many as the limit allows, carry the same sort keys in the same order as the reference's first rows, and each be a
 * distinct row of the reference. Without ORDER BY the rows must be the reference's rows in any order.
 */
final class Answers
{
    private static final double DOUBLE_TOLERANCE = 1e-9;

    private Answers()
    {
    }

    /** Rows of a JDBC result (DuckDB). */
    static List<List<Object>> of(final ResultSet result) throws SQLException
    {
        final List<List<Object>> rows = new ArrayList<>();
        final int columns = result.getMetaData().getColumnCount();
        while (result.next())
        {
            final List<Object> row = new ArrayList<>(columns);
            for (int c = 1; c <= columns; c++)
            {
                row.add(normalize(result.getObject(c)));
            }
            rows.add(row);
        }
        return rows;
    }

    /** Rows of the native engine's answer. */
    static List<List<Object>> of(final List<Object[]> nativeRows)
    {
        final List<List<Object>> rows = new ArrayList<>(nativeRows.size());
        for (final Object[] values : nativeRows)
        {
            final List<Object> row = new ArrayList<>(values.length);
            for (final Object value : values)
            {
                row.add(normalize(value));
            }
            rows.add(row);
        }
        return rows;
    }

    /** Rows of a {@code resultFormat: array} answer over HTTP; ISO timestamps become epoch millis. */
    static List<List<Object>> of(final JsonNode arrays)
    {
        final List<List<Object>> rows = new ArrayList<>();
        for (final JsonNode array : arrays)
        {
            final List<Object> row = new ArrayList<>(array.size());
            for (final JsonNode value : array)
            {
                row.add(value.isNull() ? null : value.isIntegralNumber() ? (Object)value.asLong() :
                    value.isNumber() ? (Object)value.asDouble() : timeOrText(value.asText()));
            }
            rows.add(row);
        }
        return rows;
    }

    private static Object timeOrText(final String text)
    {
        // Tally renders TIMESTAMP as ISO-8601 UTC with a 'Z'; no generated dimension value looks like one
        if (text.length() >= 20 && text.endsWith("Z") && Character.isDigit(text.charAt(0)) && text.charAt(4) == '-')
        {
            try
            {
                return Instant.parse(text).toEpochMilli();
            }
            catch (final DateTimeParseException ex)
            {
                return text;
            }
        }
        return text;
    }

    private static Object normalize(final Object value)
    {
        if (value == null || value instanceof String || value instanceof Long)
        {
            return value;
        }
        if (value instanceof Double || value instanceof Float || value instanceof BigDecimal)
        {
            return ((Number)value).doubleValue();
        }
        if (value instanceof Number number)
        {
            return number.longValue();
        }
        if (value instanceof Timestamp timestamp)
        {
            return timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC).toEpochMilli();
        }
        if (value instanceof java.sql.Date date)
        {
            return date.toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        }
        if (value instanceof LocalDate date)
        {
            return date.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        }
        if (value instanceof LocalDateTime time)
        {
            return time.toInstant(ZoneOffset.UTC).toEpochMilli();
        }
        if (value instanceof OffsetDateTime time)
        {
            return time.toInstant().toEpochMilli();
        }
        return value.toString();
    }

    /**
     * Checks {@code actual} against {@code reference} (the unlimited reference answer).
     *
     * @param sortKeys  columns the query orders by (empty: unordered).
     * @param limit     the query's LIMIT, or 0 for none.
     * @param tolerance relative tolerance of doubles per column (null: the default everywhere).
     * @throws AnswerMismatch naming the query, the engine and the first difference, with both answers.
     */
    static void check(final String what, final List<List<Object>> actual, final List<List<Object>> reference,
        final int[] sortKeys, final int limit, final double[] tolerance)
    {
        final int expectedRows = limit > 0 ? Math.min(limit, reference.size()) : reference.size();
        if (actual.size() != expectedRows)
        {
            throw mismatch(what, "has " + actual.size() + " rows, expected " + expectedRows, actual, reference);
        }
        for (int r = 0; r < actual.size(); r++)
        {
            for (final int key : sortKeys)
            {
                if (!same(actual.get(r).get(key), reference.get(r).get(key), tolerance(tolerance, key)))
                {
                    throw mismatch(what, "row " + r + " sort key column " + key + " is " + actual.get(r).get(key) +
                        ", expected " + reference.get(r).get(key), actual, reference);
                }
            }
        }
        final boolean[] used = new boolean[reference.size()];
        for (int r = 0; r < actual.size(); r++)
        {
            final int match = find(actual.get(r), reference, used, tolerance);
            if (match < 0)
            {
                throw mismatch(what, "row " + r + " " + actual.get(r) + " is not in DuckDB's answer", actual,
                    reference);
            }
            used[match] = true;
        }
    }

    private static int find(final List<Object> row, final List<List<Object>> reference, final boolean[] used,
        final double[] tolerance)
    {
        for (int i = 0; i < reference.size(); i++)
        {
            if (!used[i] && sameRow(row, reference.get(i), tolerance))
            {
                return i;
            }
        }
        return -1;
    }

    private static boolean sameRow(final List<Object> a, final List<Object> b, final double[] tolerance)
    {
        if (a.size() != b.size())
        {
            return false;
        }
        for (int c = 0; c < a.size(); c++)
        {
            if (!same(a.get(c), b.get(c), tolerance(tolerance, c)))
            {
                return false;
            }
        }
        return true;
    }

    private static double tolerance(final double[] tolerance, final int column)
    {
        return tolerance == null || column >= tolerance.length ? DOUBLE_TOLERANCE : tolerance[column];
    }

    private static boolean same(final Object a, final Object b, final double tolerance)
    {
        if (a == null || b == null)
        {
            return a == b;
        }
        if (a instanceof Number x && b instanceof Number y)
        {
            if (a instanceof Long && b instanceof Long && tolerance == DOUBLE_TOLERANCE)
            {
                return x.longValue() == y.longValue();
            }
            final double u = x.doubleValue();
            final double v = y.doubleValue();
            return Math.abs(u - v) <= Math.max(Math.abs(u), Math.abs(v)) * tolerance + 1e-9;
        }
        return a.equals(b);
    }

    private static AnswerMismatch mismatch(final String what, final String difference,
        final List<List<Object>> actual, final List<List<Object>> reference)
    {
        final StringBuilder text = new StringBuilder(what).append(": ").append(difference).append('\n');
        text.append("  Tally  (").append(actual.size()).append(" rows): ").append(head(actual)).append('\n');
        text.append("  DuckDB (").append(reference.size()).append(" rows): ").append(head(reference));
        return new AnswerMismatch(text.toString());
    }

    private static String head(final List<List<Object>> rows)
    {
        return rows.size() <= 30 ? rows.toString() : rows.subList(0, 30) + " ...";
    }
}
