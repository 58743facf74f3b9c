package dev.tally.server.corpus;

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
 * A SQL corpus file (Druid compatibility, {@code druid-compat/corpus.sql}; BI shapes, {@code bi-corpus/*.sql}) read
 * into entries. Directives are lines starting with {@code -- @}, other {@code --} lines are comments, and the lines
 * after {@code -- @tally}, {@code -- @duckdb} or {@code -- @rows} up to the next directive are that section's text,
 * kept verbatim (the statement is sent exactly as a client would emit it). The directives:
 * <pre>
 *   -- @id ID                 unique across the files loaded together
 *   -- @source SOURCE         the repository and file, or documentation page, the shape is taken from
 *   -- @tables TABLE ...      the tables it runs on (default: the runner's), each put for {table} in the statement
 *                             and in the DuckDB query
 *   -- @native                EXPLAIN PLAN FOR shows one native query and nothing Calcite runs above it
 *   -- @native-gap WHY        it should be one native query and is not yet: the runner checks it is still not
 *   -- @unordered             the answer's row order is not fixed: both sides are sorted before comparing
 *   -- @gap [on TABLE] WHY    a known wrong answer (on one table, or on all): the runner checks it is still wrong
 *                             and reports it skipped with the reason, and fails once it is right
 *   -- @approx COLUMN REL     the 0-based column may differ from the expectation by the relative REL
 *   -- @param TYPE VALUE      a dynamic parameter (?), in order
 *   -- @tally                 the statement, verbatim, up to the next directive
 *   -- @duckdb                the expectation: a DuckDB query over the raw events, or
 *   -- @rows                  the expectation, hand-checked: one JSON array per row, or
 *   -- @error TEXT            the expectation: the statement is refused (a 400 over HTTP), its message holding TEXT
 * </pre>
 * A gap's WHY starts with the issue that owns it ({@code 16: ...}).
 */
public final class SqlCorpus
{
    /** Stands for the table an entry runs on, in its statement and in its DuckDB query. */
    public static final String TABLE = "{table}";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String DIRECTIVE = "-- @";
    private static final String EVERY_TABLE = "";

    /** A dynamic parameter, as Druid's {@code parameters} array spells it: a SQL type name and a value. */
    public record Parameter(String type, String value)
    {
    }

    /** What an entry's statement must answer. */
    public sealed interface Expectation
    {
    }

    /** DuckDB's answer to {@code sql} over the same raw events. */
    public record DuckDbAnswer(String sql) implements Expectation
    {
        public String sqlOn(final String table)
        {
            return sql.replace(TABLE, table);
        }
    }

    /** Hand-checked rows, JSON arrays. */
    public record Rows(List<JsonNode> rows) implements Expectation
    {
    }

    /** A refusal whose message holds {@code text}. */
    public record Refusal(String text) implements Expectation
    {
    }

    /**
     * One statement, the tables it runs on and its expectation; {@code approx} maps a column to the relative
     * difference it may show; {@code gaps} maps a table (or every table) to the known gap in its answer there.
     */
    public record Entry(String id, String source, String sql, Expectation expected, List<String> tables,
        boolean isNative, String nativeGap, boolean isUnordered, Map<Integer, Double> approx,
        List<Parameter> parameters, Map<String, String> gaps)
    {
        /** Whether the statement names its table through {@link #TABLE}, so that it runs on several. */
        public boolean isPerTable()
        {
            return sql.contains(TABLE);
        }

        public String sqlOn(final String table)
        {
            return sql.replace(TABLE, table);
        }

        /** The known gap in the answer on {@code table}, or {@code null}. */
        public String gapOn(final String table)
        {
            return gaps.getOrDefault(table, gaps.get(EVERY_TABLE));
        }

        @Override
        public String toString()
        {
            return id + " (" + source + ")";
        }
    }

    private SqlCorpus()
    {
    }

    /**
     * The entries of the resources on the test class path, in order; an entry without {@code -- @tables} runs on
     * {@code defaultTables}.
     */
    public static List<Entry> load(final List<String> defaultTables, final String... resources)
    {
        final List<Entry> entries = new ArrayList<>();
        final Set<String> ids = new HashSet<>();
        for (final String resource : resources)
        {
            try (InputStream in = SqlCorpus.class.getResourceAsStream(resource))
            {
                if (in == null)
                {
                    throw new IllegalStateException("corpus[" + resource + "] is not on the test class path");
                }
                entries.addAll(parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8), defaultTables,
                    ids));
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
        return entries;
    }

    static List<Entry> parse(final String origin, final String text, final List<String> defaultTables,
        final Set<String> ids)
    {
        final List<Entry> entries = new ArrayList<>();
        Builder entry = null;
        String section = null;
        final String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++)
        {
            final String line = lines[n];
            final String where = origin + " line " + (n + 1);
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
                        entries.add(entry.build(defaultTables));
                    }
                    if (!ids.add(argument))
                    {
                        throw new IllegalArgumentException(where + ": id[" + argument + "] appears twice");
                    }
                    entry = new Builder(argument);
                    continue;
                }
                if (entry == null)
                {
                    throw new IllegalArgumentException(where + ": directive[" + name + "] before the first -- @id");
                }
                switch (name)
                {
                    case "source" -> entry.source = argument;
                    case "tables" -> entry.tables = List.of(argument.split("\\s+"));
                    case "native" -> entry.isNative = true;
                    case "native-gap" ->
                    {
                        entry.isNative = true;
                        entry.nativeGap = argument;
                    }
                    case "unordered" -> entry.isUnordered = true;
                    case "gap" -> entry.addGap(argument);
                    case "error" -> entry.refusal = argument;
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
                    default -> throw new IllegalArgumentException(where + ": unknown directive[" + name +
                        "] in entry[" + entry.id + "]");
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
            entries.add(entry.build(defaultTables));
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
        private final Map<String, String> gaps = new LinkedHashMap<>();
        private String source;
        private List<String> tables;
        private boolean isNative;
        private String nativeGap;
        private boolean isUnordered;
        private String refusal;

        private Builder(final String id)
        {
            this.id = id;
        }

        /** {@code on <table> <issue: why>} for one table, or {@code <issue: why>} for every table. */
        private void addGap(final String argument)
        {
            if (argument.startsWith("on "))
            {
                final String[] parts = argument.substring(3).trim().split("\\s+", 2);
                gaps.put(parts[0], parts.length > 1 ? parts[1] : "");
            }
            else
            {
                gaps.put(EVERY_TABLE, argument);
            }
        }

        private Entry build(final List<String> defaultTables)
        {
            final StringBuilder sql = sections.get("tally");
            if (source == null || sql == null || sql.toString().isBlank())
            {
                throw new IllegalArgumentException("entry[" + id + "] needs a -- @source and a -- @tally statement");
            }
            final String statement = withoutTrailingNewlines(sql.toString());
            final List<String> on = tables == null ? defaultTables : tables;
            if (on.size() > 1 && !statement.contains(TABLE))
            {
                throw new IllegalArgumentException("entry[" + id + "] runs on " + on + " but its statement has no " +
                    TABLE);
            }
            for (final String table : gaps.keySet())
            {
                if (!table.equals(EVERY_TABLE) && !on.contains(table))
                {
                    throw new IllegalArgumentException("entry[" + id + "] has a gap on table[" + table +
                        "] it does not run on " + on);
                }
            }
            return new Entry(id, source, statement, expectation(), List.copyOf(on), isNative, nativeGap, isUnordered,
                Map.copyOf(approx), List.copyOf(parameters), Map.copyOf(gaps));
        }

        private Expectation expectation()
        {
            final StringBuilder duckDb = sections.get("duckdb");
            final StringBuilder rows = sections.get("rows");
            final int given = (duckDb == null ? 0 : 1) + (rows == null ? 0 : 1) + (refusal == null ? 0 : 1);
            if (given != 1)
            {
                throw new IllegalArgumentException("entry[" + id + "] needs exactly one of -- @duckdb, -- @rows " +
                    "and -- @error");
            }
            if (duckDb != null)
            {
                return new DuckDbAnswer(duckDb.toString().strip());
            }
            return rows != null ? new Rows(parseRows(rows.toString())) : new Refusal(refusal);
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
