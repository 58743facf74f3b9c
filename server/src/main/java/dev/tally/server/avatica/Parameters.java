package dev.tally.server.avatica;

import org.apache.calcite.avatica.AvaticaParameter;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.remote.TypedValue;

import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parameter values as the statement's parameter types need them. Avatica passes each value on as the client typed it,
 * and Calcite binds a TIMESTAMP or DATE parameter only from a value of that type; but BI tools and scripts bind times
 * as text ({@code setString(1, "2026-01-01 00:00:00")}, ISO {@code 2026-01-01T00:00:00Z}) or as epoch milliseconds,
 * as Druid's SQL API takes them. Those become the parameter's type here, in UTC (the server's SQL time zone); every
 * other value passes unchanged.
 */
final class Parameters
{
    private static final long MILLIS_PER_DAY = 86_400_000L;

    private Parameters()
    {
    }

    /** @param types the statement's parameters, as its prepare answered them (and the client sends them back). */
    static List<TypedValue> bind(final List<TypedValue> values, final List<AvaticaParameter> types)
    {
        if (values == null || types == null)
        {
            return values;
        }
        final List<TypedValue> bound = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++)
        {
            final TypedValue value = values.get(i);
            final int type = i < types.size() ? types.get(i).parameterType : Types.OTHER;
            bound.add(value == null || value.value == null ? value : switch (type)
            {
                case Types.TIMESTAMP -> TypedValue.ofLocal(ColumnMetaData.Rep.JAVA_SQL_TIMESTAMP, millis(value, i));
                case Types.DATE -> TypedValue.ofLocal(ColumnMetaData.Rep.JAVA_SQL_DATE,
                    (int)Math.floorDiv(millis(value, i), MILLIS_PER_DAY));
                default -> value;
            });
        }
        return bound;
    }

    /** The value as epoch milliseconds in UTC: a time, a date, text, or a number of milliseconds. */
    private static long millis(final TypedValue value, final int index)
    {
        return switch (value.type)
        {
            case JAVA_SQL_TIMESTAMP, JAVA_UTIL_DATE -> ((Number)value.value).longValue();
            case JAVA_SQL_DATE -> ((Number)value.value).longValue() * MILLIS_PER_DAY;
            case STRING -> parse((String)value.value, index);
            case BYTE, SHORT, INTEGER, LONG, PRIMITIVE_BYTE, PRIMITIVE_SHORT, PRIMITIVE_INT, PRIMITIVE_LONG, NUMBER ->
                ((Number)value.value).longValue();
            default -> throw AvaticaErrors.badParameter("parameter[" + (index + 1) + "]: a time needs a timestamp, " +
                "a date, text or epoch milliseconds, was " + value.type + " [" + value.value + "]");
        };
    }

    /**
     * ISO-8601 with an offset ({@code 2026-01-01T00:00:00Z}), or a local date-time with {@code T} or a space
     * ({@code 2026-01-01 00:00:00.123}), or a date ({@code 2026-01-01}); local ones are UTC.
     */
    static long parse(final String text, final int index)
    {
        final String trimmed = text.trim();
        try
        {
            return Instant.parse(trimmed).toEpochMilli();
        }
        catch (final DateTimeParseException notInstant)
        {
            // not UTC with a Z: one of the other forms
        }
        try
        {
            return OffsetDateTime.parse(trimmed.replace(' ', 'T')).toInstant().toEpochMilli();
        }
        catch (final DateTimeParseException notOffset)
        {
            // no offset: local
        }
        try
        {
            return trimmed.length() <= 10 ? LocalDate.parse(trimmed).toEpochDay() * MILLIS_PER_DAY :
                LocalDateTime.parse(trimmed.replace(' ', 'T').toUpperCase(Locale.ROOT)).toInstant(ZoneOffset.UTC)
                    .toEpochMilli();
        }
        catch (final DateTimeParseException ex)
        {
            throw AvaticaErrors.badParameter("parameter[" + (index + 1) + "]: cannot read '" + text + "' as a " +
                "time: expected ISO-8601 such as 2026-01-01T00:00:00Z, or 2026-01-01 00:00:00, or 2026-01-01");
        }
    }
}
