package dev.tally.server.pg;

import dev.tally.sql.parse.SqlText;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * The lexical work on statement text that the wire protocol needs before Tally's SQL sees it: splitting a simple
 * query into statements, turning PostgreSQL's {@code $n} placeholders into JDBC's {@code ?}, and writing parameter
 * values into catalog statements. Quotes ({@code '...'}, {@code "..."}, {@code $tag$...$tag$}) and comments are
 * skipped, so a semicolon or {@code $1} inside them stays text.
 */
final class PgSqlText
{
    private PgSqlText()
    {
    }

    /** The statements of a simple query, without their semicolons; blank ones dropped. */
    static List<String> split(final String sql)
    {
        final List<String> statements = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < sql.length())
        {
            final char c = sql.charAt(i);
            if (c == ';')
            {
                add(statements, sql.substring(start, i));
                start = ++i;
            }
            else
            {
                i = skip(sql, i);
            }
        }
        add(statements, sql.substring(start));
        return statements;
    }

    private static void add(final List<String> statements, final String statement)
    {
        if (!isBlank(statement))
        {
            statements.add(statement.trim());
        }
    }

    /** Whether a statement holds nothing but whitespace and comments. */
    static boolean isBlank(final String sql)
    {
        int i = 0;
        while (i < sql.length())
        {
            final char c = sql.charAt(i);
            if (Character.isWhitespace(c))
            {
                i++;
                continue;
            }
            final int next = skip(sql, i);
            if (next == i + 1 || !(c == '-' || c == '/'))
            {
                return false;
            }
            i = next;
        }
        return true;
    }

    /**
     * The index after the token at {@code i}: past a quoted string, identifier, dollar-quoted string or comment when
     * one starts there, else {@code i + 1}.
     */
    static int skip(final String sql, final int i)
    {
        final char c = sql.charAt(i);
        if (c == '\'' || c == '"')
        {
            return SqlText.quotedEnd(sql, i, c);
        }
        if (c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-')
        {
            final int end = sql.indexOf('\n', i);
            return end < 0 ? sql.length() : end + 1;
        }
        if (c == '/' && i + 1 < sql.length() && sql.charAt(i + 1) == '*')
        {
            final int end = sql.indexOf("*/", i + 2);
            return end < 0 ? sql.length() : end + 2;
        }
        if (c == '$')
        {
            final int close = sql.indexOf('$', i + 1);
            if (close > i && sql.substring(i + 1, close).matches("[A-Za-z_]*"))
            {
                final String tag = sql.substring(i, close + 1);
                final int end = sql.indexOf(tag, close + 1);
                return end < 0 ? sql.length() : end + tag.length();
            }
        }
        return i + 1;
    }

    /**
     * The statement with {@code $n} written as {@code ?}; {@code order} receives, per {@code ?}, the 0-based index of
     * the parameter it stands for (PostgreSQL may use {@code $2} before {@code $1}, or one twice).
     */
    static String toJdbc(final String sql, final List<Integer> order)
    {
        return replacePlaceholders(sql, index ->
        {
            order.add(index);
            return "?";
        });
    }

    /** The statement with each {@code $n} replaced by parameter n as a SQL literal (for catalog statements). */
    static String inline(final String sql, final List<Object> values)
    {
        return replacePlaceholders(sql, index ->
        {
            final Object value = index < values.size() ? values.get(index) : null;
            return value == null ? "NULL" : value instanceof Number || value instanceof Boolean ? value.toString() :
                "'" + value.toString().replace("'", "''") + "'";
        });
    }

    /** The statement with each {@code $n} outside quotes and comments replaced by {@code replacement(n - 1)}. */
    private static String replacePlaceholders(final String sql, final IntFunction<String> replacement)
    {
        final StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        while (i < sql.length())
        {
            final char c = sql.charAt(i);
            if (c == '$' && i + 1 < sql.length() && Character.isDigit(sql.charAt(i + 1)))
            {
                int j = i + 1;
                while (j < sql.length() && Character.isDigit(sql.charAt(j)))
                {
                    j++;
                }
                out.append(replacement.apply(Integer.parseInt(sql.substring(i + 1, Math.min(j, i + 6))) - 1));
                i = j;
                continue;
            }
            final int next = skip(sql, i);
            out.append(sql, i, next);
            i = next;
        }
        return out.toString();
    }

    /** The first word, upper case ({@code SELECT}, {@code SET}...), after leading comments and parentheses. */
    static String firstWord(final String sql)
    {
        int i = 0;
        while (i < sql.length())
        {
            final char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == '(')
            {
                i++;
            }
            else if ((c == '-' || c == '/') && skip(sql, i) > i + 1)
            {
                i = skip(sql, i);
            }
            else
            {
                break;
            }
        }
        int end = i;
        while (end < sql.length() && Character.isLetter(sql.charAt(end)))
        {
            end++;
        }
        return sql.substring(i, end).toUpperCase(Locale.ROOT);
    }

    /** The text with quoted strings, identifiers and comments blanked and parenthesised parts removed. */
    static String topLevel(final String sql)
    {
        final StringBuilder out = new StringBuilder(sql.length());
        int depth = 0;
        int i = 0;
        while (i < sql.length())
        {
            final char c = sql.charAt(i);
            final int next = skip(sql, i);
            if (next > i + 1)
            {
                if (depth == 0)
                {
                    out.append(c == '"' ? sql.substring(i, next) : c == '\'' ? "''" : " ");
                }
                i = next;
                continue;
            }
            if (c == '(')
            {
                if (depth == 0)
                {
                    out.append("()");
                }
                depth++;
            }
            else if (c == ')')
            {
                depth = Math.max(0, depth - 1);
            }
            else if (depth == 0)
            {
                out.append(c);
            }
            i++;
        }
        return out.toString();
    }

    /** The text with quoted strings and comments blanked (quoted identifiers kept). */
    static String withoutLiterals(final String sql)
    {
        final StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        while (i < sql.length())
        {
            final char c = sql.charAt(i);
            final int next = skip(sql, i);
            out.append(next == i + 1 || c == '"' ? sql.substring(i, next) : " ");
            i = next;
        }
        return out.toString();
    }

    /**
     * The text with double quotes dropped around identifiers that mean the same unquoted (all lower case:
     * {@code "pg_catalog"."pg_class"} is {@code pg_catalog.pg_class}), as query builders quote everything; others
     * ({@code "Schema"}, {@code "database-type"}) and string literals are left alone.
     */
    static String unquoteLowerCase(final String sql)
    {
        final StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        while (i < sql.length())
        {
            final int next = skip(sql, i);
            final String token = sql.substring(i, next);
            out.append(sql.charAt(i) == '"' && token.matches("\"[a-z_][a-z0-9_]*\"") ?
                token.substring(1, token.length() - 1) : token);
            i = next;
        }
        return out.toString();
    }

    /** Sees one character of a statement outside quotes and comments. */
    @FunctionalInterface
    interface TopVisitor
    {
        /**
         * @param depth how many parentheses enclose the character ({@code (} and its {@code )} are outside theirs).
         * @return true to stop the scan here.
         */
        boolean visit(int index, char c, int depth);
    }

    /** Visits each character from {@code from} outside quotes and comments; the index it stopped at, or -1. */
    static int scanTop(final String text, final int from, final TopVisitor visitor)
    {
        int depth = 0;
        int i = from;
        while (i < text.length())
        {
            final char c = text.charAt(i);
            final int next = skip(text, i);
            if (next > i + 1)
            {
                i = next;
                continue;
            }
            if (c == ')')
            {
                depth--;
            }
            if (visitor.visit(i, c, depth))
            {
                return i;
            }
            if (c == '(')
            {
                depth++;
            }
            i++;
        }
        return -1;
    }
}
