package dev.tally.server.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Result rows in one comparable form, and the comparison tests use (doubles within a relative 1e-9). */
public final class Rows
{
    private static final java.util.Calendar UTC =
        java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("UTC"), java.util.Locale.ROOT);

    private Rows()
    {
    }

    /** Rows of an {@code array} format answer; ISO timestamps become epoch millis when {@code timeColumns} say so. */
    public static List<List<Object>> ofArrays(final JsonNode answer, final int... timeColumns)
    {
        final List<List<Object>> rows = new ArrayList<>();
        for (final JsonNode array : answer)
        {
            final List<Object> row = new ArrayList<>();
            for (int c = 0; c < array.size(); c++)
            {
                final JsonNode value = array.get(c);
                final int column = c;
                final boolean isTime = java.util.Arrays.stream(timeColumns).anyMatch(t -> t == column);
                row.add(value.isNull() ? null : isTime ? (Object)Instant.parse(value.asText()).toEpochMilli() :
                    value.isIntegralNumber() ? (Object)value.asLong() :
                    value.isNumber() ? (Object)value.asDouble() : value.asText());
            }
            rows.add(row);
        }
        return rows;
    }

    /** The rows of a JDBC result as lists of String, Long, Double or null (timestamps as epoch millis, UTC). */
    public static List<List<Object>> of(final ResultSet result) throws SQLException
    {
        final int columns = result.getMetaData().getColumnCount();
        final int[] types = new int[columns];
        for (int c = 0; c < columns; c++)
        {
            types[c] = result.getMetaData().getColumnType(c + 1);
        }
        final List<List<Object>> rows = new ArrayList<>();
        while (result.next())
        {
            final List<Object> row = new ArrayList<>(columns);
            for (int c = 1; c <= columns; c++)
            {
                row.add(value(types[c - 1] == Types.TIMESTAMP ? result.getTimestamp(c, UTC) : result.getObject(c)));
            }
            rows.add(row);
        }
        return rows;
    }

    private static Object value(final Object value)
    {
        if (value instanceof Timestamp timestamp)
        {
            return timestamp.getTime();
        }
        if (value instanceof Double || value instanceof Float || value instanceof java.math.BigDecimal)
        {
            return ((Number)value).doubleValue();
        }
        return value instanceof Number number ? (Object)number.longValue() : value;
    }

    public static void assertSameRows(final String what, final List<List<Object>> actual,
        final List<List<Object>> expected)
    {
        assertThat(actual).as(what + ": row count").hasSameSizeAs(expected);
        for (int r = 0; r < expected.size(); r++)
        {
            assertThat(actual.get(r)).as(what + ": width of row " + r).hasSameSizeAs(expected.get(r));
            for (int c = 0; c < expected.get(r).size(); c++)
            {
                final Object want = expected.get(r).get(c);
                final Object got = actual.get(r).get(c);
                final String where = what + ": row " + r + " column " + c + " (expected " + expected.get(r) +
                    ", got " + actual.get(r) + ")";
                if (want instanceof Double || got instanceof Double)
                {
                    assertThat(got).as(where).isNotNull();
                    final double w = ((Number)want).doubleValue();
                    assertThat(((Number)got).doubleValue()).as(where).isCloseTo(w, within(Math.abs(w) * 1e-9 + 1e-9));
                }
                else
                {
                    assertThat(got).as(where).isEqualTo(want);
                }
            }
        }
    }
}
