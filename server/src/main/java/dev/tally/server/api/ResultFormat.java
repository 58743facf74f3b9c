package dev.tally.server.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tally.server.http.ApiException;
import dev.tally.server.http.Json;
import dev.tally.sql.SqlResult;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The five result formats of the Druid SQL API, with its header options: {@code object} (a JSON array of objects),
 * {@code array} (a JSON array of arrays), {@code objectLines} and {@code arrayLines} (one JSON value per line, then an
 * empty line that marks a complete result) and {@code csv} (then an empty line). With {@code header} the column names
 * come first: for the object forms an object whose values are null, or with {@code typesHeader}/{@code sqlTypesHeader}
 * objects holding {@code type} (Druid's native type) and/or {@code sqlType}; for the array forms and csv a row of
 * names, then a row of types and/or a row of SQL types. TIMESTAMP values are ISO-8601 UTC strings with milliseconds.
 */
public enum ResultFormat
{
    OBJECT("object", "application/json; charset=utf-8"),
    ARRAY("array", "application/json; charset=utf-8"),
    OBJECT_LINES("objectLines", "text/plain; charset=utf-8"),
    ARRAY_LINES("arrayLines", "text/plain; charset=utf-8"),
    CSV("csv", "text/csv; charset=utf-8");

    private static final DateTimeFormatter ISO_MILLIS =
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final String wireName;
    private final String contentType;

    /** Which header rows to write. */
    public record Header(boolean names, boolean types, boolean sqlTypes)
    {
    }

    ResultFormat(final String wireName, final String contentType)
    {
        this.wireName = wireName;
        this.contentType = contentType;
    }

    public String contentType()
    {
        return contentType;
    }

    public static ResultFormat of(final String name)
    {
        for (final ResultFormat format : values())
        {
            if (format.wireName.equalsIgnoreCase(name))
            {
                return format;
            }
        }
        throw ApiException.badRequest("resultFormat: unknown format '" + name +
            "' (expected object, array, objectLines, arrayLines or csv)");
    }

    public byte[] write(final SqlResult result, final Header header)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(1024 + result.rows().size() * 64);
        if (this == CSV)
        {
            writeCsv(out, result, header);
        }
        else if (this == OBJECT || this == ARRAY)
        {
            Json.write(out, json ->
            {
                json.writeStartArray();
                writeJsonRows(json, null, result, header);
                json.writeEndArray();
            });
        }
        else
        {
            Json.write(out, json -> writeJsonRows(json, out, result, header));
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** Druid's native type for a SQL type, as its {@code typesHeader} reports it. */
    static String nativeType(final String sqlType)
    {
        return switch (sqlType.toUpperCase(Locale.ROOT))
        {
            case "VARCHAR", "CHAR" -> "STRING";
            case "BIGINT", "INTEGER", "SMALLINT", "TINYINT", "BOOLEAN", "TIMESTAMP", "DATE" -> "LONG";
            case "DOUBLE", "FLOAT", "REAL", "DECIMAL" -> "DOUBLE";
            default -> "COMPLEX";
        };
    }

    /** Writes the header and rows; for the line forms ({@code lines} not null) ends each value with a newline. */
    private void writeJsonRows(final JsonGenerator json, final OutputStream lines, final SqlResult result,
        final Header header) throws IOException
    {
        if (lines != null)
        {
            json.setRootValueSeparator(null);
        }
        final List<String> names = result.columnNames();
        final boolean isObject = this == OBJECT || this == OBJECT_LINES;
        if (header.names())
        {
            if (isObject)
            {
                json.writeStartObject();
                for (int c = 0; c < names.size(); c++)
                {
                    json.writeFieldName(names.get(c));
                    if (header.types() || header.sqlTypes())
                    {
                        json.writeStartObject();
                        if (header.types())
                        {
                            json.writeStringField("type", nativeType(result.sqlTypes().get(c)));
                        }
                        if (header.sqlTypes())
                        {
                            json.writeStringField("sqlType", result.sqlTypes().get(c));
                        }
                        json.writeEndObject();
                    }
                    else
                    {
                        json.writeNull();
                    }
                }
                json.writeEndObject();
                endLine(json, lines);
            }
            else
            {
                writeStrings(json, names);
                endLine(json, lines);
                if (header.types())
                {
                    writeStrings(json, result.sqlTypes().stream().map(ResultFormat::nativeType).toList());
                    endLine(json, lines);
                }
                if (header.sqlTypes())
                {
                    writeStrings(json, result.sqlTypes());
                    endLine(json, lines);
                }
            }
        }
        for (final Object[] row : result.rows())
        {
            if (isObject)
            {
                json.writeStartObject();
                for (int c = 0; c < row.length; c++)
                {
                    json.writeFieldName(names.get(c));
                    writeValue(json, row[c]);
                }
                json.writeEndObject();
            }
            else
            {
                json.writeStartArray();
                for (final Object value : row)
                {
                    writeValue(json, value);
                }
                json.writeEndArray();
            }
            endLine(json, lines);
        }
    }

    private static void endLine(final JsonGenerator json, final OutputStream lines) throws IOException
    {
        if (lines != null)
        {
            json.flush();
            lines.write('\n');
        }
    }

    private static void writeStrings(final JsonGenerator json, final List<String> values) throws IOException
    {
        json.writeStartArray();
        for (final String value : values)
        {
            json.writeString(value);
        }
        json.writeEndArray();
    }

    private static void writeValue(final JsonGenerator json, final Object value) throws IOException
    {
        if (value == null)
        {
            json.writeNull();
        }
        else if (value instanceof String text)
        {
            json.writeString(text);
        }
        else if (value instanceof Long number)
        {
            json.writeNumber(number);
        }
        else if (value instanceof Integer number)
        {
            json.writeNumber(number);
        }
        else if (value instanceof Double number)
        {
            json.writeNumber(number);
        }
        else if (value instanceof Float number)
        {
            json.writeNumber(number);
        }
        else if (value instanceof BigDecimal number)
        {
            json.writeNumber(number);
        }
        else if (value instanceof Boolean bool)
        {
            json.writeBoolean(bool);
        }
        else if (value instanceof Instant instant)
        {
            json.writeString(ISO_MILLIS.format(instant));
        }
        else
        {
            json.writeString(value.toString());
        }
    }

    private static void writeCsv(final ByteArrayOutputStream out, final SqlResult result, final Header header)
    {
        final StringBuilder text = new StringBuilder();
        if (header.names())
        {
            csvLine(text, result.columnNames());
            if (header.types())
            {
                csvLine(text, result.sqlTypes().stream().map(ResultFormat::nativeType).toList());
            }
            if (header.sqlTypes())
            {
                csvLine(text, result.sqlTypes());
            }
        }
        for (final Object[] row : result.rows())
        {
            for (int c = 0; c < row.length; c++)
            {
                if (c > 0)
                {
                    text.append(',');
                }
                final Object value = row[c];
                if (value != null)
                {
                    csvField(text, value instanceof Instant instant ? ISO_MILLIS.format(instant) : value.toString());
                }
            }
            text.append('\n');
        }
        text.append('\n');
        out.writeBytes(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void csvLine(final StringBuilder text, final List<String> values)
    {
        for (int i = 0; i < values.size(); i++)
        {
            if (i > 0)
            {
                text.append(',');
            }
            csvField(text, values.get(i));
        }
        text.append('\n');
    }

    private static void csvField(final StringBuilder text, final String value)
    {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0)
        {
            text.append(value);
            return;
        }
        text.append('"').append(value.replace("\"", "\"\"")).append('"');
    }
}
