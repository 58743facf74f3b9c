package dev.tally.server.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Result rows in one comparable form, and the comparison tests use (doubles within a relative 1e-9). */
public final class Rows
{
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
