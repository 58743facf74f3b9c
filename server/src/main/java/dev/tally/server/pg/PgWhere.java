package dev.tally.server.pg;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the WHERE clause of a catalog statement asks for, read from its text: which table, column, schema or kind
 * names pass its positive conditions ({@code =}, {@code LIKE}, {@code ~}, psql's {@code OPERATOR(pg_catalog.~)},
 * {@code IN} of literals, an OID or a {@code '...'::regclass}). Negated conditions ({@code <>}, {@code !~},
 * {@code NOT IN}) and conditions on other columns are ignored: the catalog holds only Tally's tables, so what they
 * exclude (system schemas, other kinds) is not there anyway.
 */
final class PgWhere
{
    static final String SCHEMA_NAMES = "(?:nspname|table_schema|schema_name|table_schem|schemaname|schema)";
    private static final String LITERAL = "'((?:[^']|'')*)'";
    private static final Pattern LITERAL_LIST = Pattern.compile(LITERAL);

    private PgWhere()
    {
    }

    /** False when the WHERE clause restricts {@code relkind} or {@code table_type} to kinds other than tables. */
    static boolean wantsOrdinaryTables(final String where)
    {
        final List<String> kinds = positiveLiterals(where, "relkind");
        if (!kinds.isEmpty() && !kinds.contains("r"))
        {
            return false;
        }
        final List<String> types = positiveLiterals(where, "table_type");
        return types.isEmpty() || types.contains("BASE TABLE") || types.contains("TABLE");
    }

    static boolean wantsSchema(final String where, final String schema)
    {
        return matchesAny(where, SCHEMA_NAMES, schema);
    }

    static boolean wantsTable(final String where, final PgCatalog.Table table)
    {
        if (!matchesAny(where, "(?:relname|table_name|tablename)", table.name()))
        {
            return false;
        }
        // psql and others name the table by OID ('16385' or '16385'::oid) or by name cast to regclass
        final Matcher byOid = Pattern.compile("(?i)\\b(?:\\w+\\.)?(?:oid|attrelid|indrelid|objoid|adrelid|" +
            "inhrelid|conrelid|polrelid|stxrelid|prrelid|tgrelid|starelid)\\s*=\\s*'?(\\d+)'?").matcher(where);
        final List<String> oids = new ArrayList<>();
        while (byOid.find())
        {
            oids.add(byOid.group(1));
        }
        if (!oids.isEmpty() && !oids.contains(Integer.toString(table.oid())))
        {
            return false;
        }
        final Matcher regclass = Pattern.compile("(?i)" + LITERAL + "\\s*::\\s*(?:pg_catalog\\.)?regclass")
            .matcher(where);
        while (regclass.find())
        {
            final String name = regclass.group(1).replace("''", "'").replace("\"", "");
            final String bare = name.substring(name.lastIndexOf('.') + 1);
            if (!bare.equals(table.name()))
            {
                return false;
            }
        }
        return true;
    }

    static boolean asksFor(final String where, final String column, final String value)
    {
        return positiveLiterals(where, column).contains(value);
    }

    /**
     * Whether {@code value} passes every positive condition on {@code column} in the WHERE text: {@code =},
     * {@code LIKE}, {@code ~} (and psql's {@code OPERATOR(pg_catalog.~)}) and {@code IN} of literals. Negated
     * conditions and other columns are ignored; with no condition on the column every value passes.
     */
    static boolean matchesAny(final String where, final String column, final String value)
    {
        final Matcher condition = Pattern.compile("(?i)(not\\s+)?\\b(?:\\w+\\.)?" + column + "\\b\\)?" +
            "\\s*(?:collate\\s+\\S+\\s*)?((?<![<>!])=|(?<!!)~\\*?|operator\\s*\\(\\s*pg_catalog\\.~\\s*\\)|(?<!not\\s)" +
            "(?:i?like)|(?<!not\\s)in)\\s*(\\(\\s*'.*?'\\s*\\)|" + LITERAL + "|\\d+\\b)").matcher(where);
        boolean matches = true;
        while (condition.find())
        {
            if (condition.group(1) != null)
            {
                continue;
            }
            final String operator = condition.group(2).toLowerCase(Locale.ROOT).replaceAll("\\s", "");
            final List<String> literals = literals(condition.group(3));
            boolean any = false;
            for (final String literal : literals)
            {
                any |= switch (operator)
                {
                    case "=", "in" -> literal.equals(value);
                    case "like" -> value.matches(likeToRegex(literal));
                    case "ilike" -> value.toLowerCase(Locale.ROOT).matches(likeToRegex(literal.toLowerCase(Locale.ROOT)));
                    default -> Pattern.compile(literal, operator.endsWith("*") ? Pattern.CASE_INSENSITIVE : 0)
                        .matcher(value).find();
                };
            }
            matches &= any;
        }
        return matches;
    }

    private static List<String> positiveLiterals(final String where, final String column)
    {
        final Matcher condition = Pattern.compile("(?i)(not\\s+)?\\b(?:\\w+\\.)?" + column +
            "\\s*((?<![<>!])=|(?<!not\\s)in)\\s*(\\(\\s*'.*?'\\s*\\)|" + LITERAL + ")").matcher(where);
        final List<String> values = new ArrayList<>();
        while (condition.find())
        {
            if (condition.group(1) == null)
            {
                values.addAll(literals(condition.group(3)));
            }
        }
        return values;
    }

    private static List<String> literals(final String text)
    {
        if (Character.isDigit(text.charAt(0)))
        {
            return List.of(text);
        }
        final List<String> values = new ArrayList<>();
        final Matcher literal = LITERAL_LIST.matcher(text);
        while (literal.find())
        {
            values.add(literal.group(1).replace("''", "'"));
        }
        return values;
    }

    /** A LIKE pattern as a regular expression ({@code %} any run, {@code _} one character, {@code \} escapes). */
    private static String likeToRegex(final String pattern)
    {
        final StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++)
        {
            final char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length())
            {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            }
            else if (c == '%')
            {
                regex.append(".*");
            }
            else if (c == '_')
            {
                regex.append('.');
            }
            else
            {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return "(?s)" + regex;
    }
}
