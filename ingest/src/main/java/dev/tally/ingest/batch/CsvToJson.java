package dev.tally.ingest.batch;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns CSV records (RFC 4180: comma-separated, fields optionally in double quotes, {@code ""} a quote inside them)
 * into JSON objects keyed by the header's names, every value a JSON string and an empty field left out (NULL), so
 * the table's {@code EventParser} is the only place events are interpreted: it converts numeric text for numeric
 * columns and timestamps. A record with more fields than the header keeps the extra ones out; one with fewer leaves
 * the rest NULL. Note that an {@code hllSketch} input read from CSV is counted by its text. Single-threaded; the
 * JSON buffer is reused.
 */
final class CsvToJson
{
    private byte[][] names;
    private byte[] json = new byte[1024];
    private int jsonLength;
    private final List<byte[]> headerFields = new ArrayList<>();

    boolean hasHeader()
    {
        return names != null;
    }

    void readHeader(final byte[] record, final int length)
    {
        headerFields.clear();
        final byte[] field = new byte[length];
        int at = 0;
        while (at <= length)
        {
            final int[] result = field(record, at, length, field);
            headerFields.add(quoted(Arrays.copyOf(field, result[1])));
            at = result[0] + 1;
        }
        names = headerFields.toArray(new byte[0][]);
    }

    /** Whether the record's quotes are balanced (a quoted field does not go on to the next line). */
    static boolean isComplete(final byte[] record, final int length)
    {
        boolean inQuotes = false;
        for (int i = 0; i < length; i++)
        {
            if (record[i] == '"')
            {
                inQuotes = !inQuotes;
            }
        }
        return !inQuotes;
    }

    void convert(final byte[] record, final int length)
    {
        jsonLength = 0;
        ensure(2 * length + 64);
        json[jsonLength++] = '{';
        boolean isFirst = true;
        int at = 0;
        final byte[] field = new byte[length];
        for (int column = 0; at <= length && column < names.length; column++)
        {
            final int[] result = field(record, at, length, field);
            at = result[0] + 1;
            if (result[1] == 0)
            {
                continue;
            }
            final byte[] name = names[column];
            ensure(name.length + 2 * result[1] + 8);
            if (!isFirst)
            {
                json[jsonLength++] = ',';
            }
            isFirst = false;
            System.arraycopy(name, 0, json, jsonLength, name.length);
            jsonLength += name.length;
            json[jsonLength++] = ':';
            appendQuoted(field, result[1]);
        }
        ensure(1);
        json[jsonLength++] = '}';
    }

    byte[] json()
    {
        return json;
    }

    int jsonLength()
    {
        return jsonLength;
    }

    /**
     * Reads the field starting at {@code from} into {@code out} (quotes removed).
     *
     * @return {the index of the comma or end after it, the field's length}.
     */
    private static int[] field(final byte[] record, final int from, final int length, final byte[] out)
    {
        int at = from;
        int size = 0;
        if (at < length && record[at] == '"')
        {
            at++;
            while (at < length)
            {
                if (record[at] == '"')
                {
                    if (at + 1 < length && record[at + 1] == '"')
                    {
                        out[size++] = '"';
                        at += 2;
                        continue;
                    }
                    at++;
                    break;
                }
                out[size++] = record[at++];
            }
            while (at < length && record[at] != ',')
            {
                at++;
            }
            return new int[]{at, size};
        }
        while (at < length && record[at] != ',')
        {
            out[size++] = record[at++];
        }
        return new int[]{at, size};
    }

    private static byte[] quoted(final byte[] text)
    {
        final CsvToJson scratch = new CsvToJson();
        scratch.appendQuoted(text, text.length);
        return Arrays.copyOf(scratch.json, scratch.jsonLength);
    }

    /** Appends {@code text} as a JSON string (UTF-8 bytes kept, quotes, backslashes and controls escaped). */
    private void appendQuoted(final byte[] text, final int length)
    {
        ensure(6 * length + 2);
        json[jsonLength++] = '"';
        for (int i = 0; i < length; i++)
        {
            final byte b = text[i];
            if (b == '"' || b == '\\')
            {
                json[jsonLength++] = '\\';
                json[jsonLength++] = b;
            }
            else if (b >= 0 && b < 0x20)
            {
                final byte[] escape = String.format("\\u%04x", b).getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(escape, 0, json, jsonLength, escape.length);
                jsonLength += escape.length;
            }
            else
            {
                json[jsonLength++] = b;
            }
        }
        json[jsonLength++] = '"';
    }

    private void ensure(final int more)
    {
        if (jsonLength + more > json.length)
        {
            json = Arrays.copyOf(json, Math.max(json.length * 2, jsonLength + more));
        }
    }
}
