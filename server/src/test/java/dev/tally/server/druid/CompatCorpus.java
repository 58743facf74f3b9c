package dev.tally.server.druid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Druid compatibility corpus ({@code druid-compat/corpus.sql} on the test class path), read into entries. The
 * file's header describes the format: directives are lines starting with {@code -- @}, other {@code --} lines are
 * comments, and the lines after {@code -- @tally}, {@code -- @duckdb} or {@code -- @rows} up to the next directive
 * are that section's text, kept verbatim (the statement is sent exactly as a client would emit it).
 */
final class CompatCorpus
{
    static final String RESOURCE = "/druid-compat/corpus.sql";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String DIRECTIVE = "-- @";

    /** A dynamic parameter, as Druid's {@code parameters} array spells it: a SQL type name and a value. */
    record Parameter(String type, String value)
    {
    }

    /**
     * One statement and its expected answer: {@code duckDb} (a query over the raw events) or {@code rows} (hand-checked
     * JSON arrays); {@code approx} maps a column to the relative difference it may show.
     */
    record Entry(String id, String source, String sql, String duckDb, List<JsonNode> rows, boolean isUnordered,
        Map<Integer, Double> approx, List<Parameter> parameters, String gap)
    {
        boolean hasHandCheckedRows()
        {
            return duckDb == null;
        }

        @Override
        public String toString()
        {
            return id + " (" + source + ")";
        }
    }

    private CompatCorpus()
    {
    }

    static List<Entry> load()
    {
        try (InputStream in = CompatCorpus.class.getResourceAsStream(RESOURCE))
        {
            if (in == null)
            {
                throw new IllegalStateException("corpus[" + RESOURCE + "] is not on the test class path");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static List<Entry> parse(final String text)
    {
        final List<Entry> entries = new ArrayList<>();
        final Set<String> ids = new HashSet<>();
        Builder entry = null;
        String section = null;
        final String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++)
        {
            final String line = lines[n];
            if (line.startsWith(DIRECTIVE))
            {
                final String directive = line.substring(DIRECTIVE.length()).trim();
                final String name = directive.split("\\s+", 2)[0];
                final String argument = directive.substring(name.length()).trim();
                section = null;
                if ("id".equals(name))
                {
                    if (entry != null)
                    {
                        entries.add(entry.build());
                    }
                    if (!ids.add(argument))
                    {
                        throw new IllegalArgumentException("corpus line " + (n + 1) + ": id[" + argument +
                            "] appears twice");
                    }
                    entry = new Builder(argument);
                    continue;
                }
                if (entry == null)
                {
                    throw new IllegalArgumentException("corpus line " + (n + 1) + ": directive[" + name +
                        "] before the first -- @id");
                }
                switch (name)
                {
                    case "source" -> entry.source = argument;
                    case "unordered" -> entry.isUnordered = true;
                    case "gap" -> entry.gap = argument;
                    case "approx" ->
                    {
                        final String[] parts = argument.split("\\s+");
                        entry.approx.put(Integer.parseInt(parts[0]), Double.parseDouble(parts[1]));
                    }
                    case "param" ->
                    {
                        final String[] parts = argument.split("\\s+", 2);
                        entry.parameters.add(new Parameter(parts[0], parts.length > 1 ? parts[1] : ""));
                    }
                    case "tally", "duckdb", "rows" ->
                    {
                        section = name;
                        entry.sections.put(name, new StringBuilder());
                    }
                    default -> throw new IllegalArgumentException("corpus line " + (n + 1) + ": unknown directive[" +
                        name + "] in entry[" + entry.id + "]");
                }
            }
            else if (line.startsWith("--"))
            {
                // a comment: never part of a section, so a statement carries no corpus notes
            }
            else if (section != null)
            {
                entry.sections.get(section).append(line).append('\n');
            }
        }
        if (entry != null)
        {
            entries.add(entry.build());
        }
        return entries;
    }

    /** Collects one entry's directives and sections while the file is read. */
    private static final class Builder
    {
        private final String id;
        private final Map<String, StringBuilder> sections = new LinkedHashMap<>();
        private final Map<Integer, Double> approx = new LinkedHashMap<>();
        private final List<Parameter> parameters = new ArrayList<>();
        private String source;
        private boolean isUnordered;
        private String gap;

        private Builder(final String id)
        {
            this.id = id;
        }

        private Entry build()
        {
            final StringBuilder sql = sections.get("tally");
            if (source == null || sql == null || sql.toString().isBlank())
            {
                throw new IllegalArgumentException("entry[" + id + "] needs a -- @source and a -- @tally statement");
            }
            final StringBuilder duckDb = sections.get("duckdb");
            final StringBuilder rows = sections.get("rows");
            if ((duckDb == null) == (rows == null))
            {
                throw new IllegalArgumentException("entry[" + id + "] needs exactly one of -- @duckdb and -- @rows");
            }
            return new Entry(id, source, withoutTrailingNewlines(sql.toString()),
                duckDb == null ? null : duckDb.toString().strip(), rows == null ? null : parseRows(rows.toString()),
                isUnordered, Map.copyOf(approx), List.copyOf(parameters), gap);
        }

        private List<JsonNode> parseRows(final String text)
        {
            final List<JsonNode> rows = new ArrayList<>();
            for (final String line : text.split("\n"))
            {
                if (line.isBlank())
                {
                    continue;
                }
                try
                {
                    final JsonNode row = MAPPER.readTree(line);
                    if (!row.isArray())
                    {
                        throw new IllegalArgumentException("entry[" + id + "]: row[" + line + "] is not a JSON array");
                    }
                    rows.add(row);
                }
                catch (final IOException ex)
                {
                    throw new IllegalArgumentException("entry[" + id + "]: row[" + line + "] is not JSON", ex);
                }
            }
            return rows;
        }

        /**
         * Drops the empty lines that separate a statement from the next directive; everything else stays as the client
         * emits it (pydruid's statements start with a newline and end with indentation).
         */
        private static String withoutTrailingNewlines(final String text)
        {
            String sql = text;
            while (sql.endsWith("\n"))
            {
                sql = sql.substring(0, sql.length() - 1);
            }
            return sql;
        }
    }
}
