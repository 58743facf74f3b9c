package dev.tally.sql.parse;

/**
 * Character-level passes over SQL text that know where strings, quoted identifiers and comments are. Backticks are
 * Tally's older identifier quotes (and MySQL's): {@link #backticksToDoubleQuotes} turns them into the standard double
 * quotes the parser reads, so both spellings name the same column.
 */
public final class SqlText
{
    private SqlText()
    {
    }

    /**
     * {@code `a``b"c`} becomes {@code "a`b""c"}; everything inside single-quoted strings, double-quoted identifiers and
     * comments is left alone. Text without backticks is returned as it is.
     */
    public static String backticksToDoubleQuotes(final String sql)
    {
        if (sql.indexOf('`') < 0)
        {
            return sql;
        }
        final StringBuilder out = new StringBuilder(sql.length() + 8);
        int i = 0;
        final int n = sql.length();
        while (i < n)
        {
            final char c = sql.charAt(i);
            if (c == '\'' || c == '"')
            {
                final int end = quotedEnd(sql, i, c);
                out.append(sql, i, end);
                i = end;
            }
            else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-')
            {
                final int newline = sql.indexOf('\n', i);
                final int end = newline < 0 ? n : newline;
                out.append(sql, i, end);
                i = end;
            }
            else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*')
            {
                final int close = sql.indexOf("*/", i + 2);
                final int end = close < 0 ? n : close + 2;
                out.append(sql, i, end);
                i = end;
            }
            else if (c == '`')
            {
                out.append('"');
                i++;
                while (i < n)
                {
                    final char d = sql.charAt(i);
                    if (d == '`')
                    {
                        if (i + 1 < n && sql.charAt(i + 1) == '`')
                        {
                            out.append('`');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    out.append(d == '"' ? "\"\"" : String.valueOf(d));
                    i++;
                }
                out.append('"');
            }
            else
            {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /**
     * The statement with {@code LIMIT n} on a line after it (a trailing {@code --} comment cannot swallow it), or
     * {@code null} when it is not a query ({@code EXPLAIN} would explain another statement). A LIMIT after the
     * statement keeps its ORDER BY, where a subquery wrapped in {@code SELECT * FROM (…) LIMIT n} may lose it. A
     * statement with its own LIMIT or FETCH does not parse so: callers then run it as written and cut the rows they
     * read.
     */
    public static String withLimit(final String sql, final long limit)
    {
        String text = sql.strip();
        while (text.endsWith(";"))
        {
            text = text.substring(0, text.length() - 1).strip();
        }
        final String first = text.split("\\s+", 2)[0].toUpperCase(java.util.Locale.ROOT);
        if (!first.equals("SELECT") && !first.equals("WITH") && !first.startsWith("("))
        {
            return null;
        }
        return text + "\nLIMIT " + limit;
    }

    /** The index just past the quoted run that starts at {@code start} (a doubled quote stays inside); or the end. */
    public static int quotedEnd(final String sql, final int start, final char quote)
    {
        int i = start + 1;
        while (i < sql.length())
        {
            if (sql.charAt(i) == quote)
            {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote)
                {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    /** The offset in {@code sql} of a 1-based line and column as the parser reports them, or -1. */
    public static int offset(final String sql, final int line, final int column)
    {
        int offset = 0;
        for (int l = 1; l < line; l++)
        {
            final int newline = sql.indexOf('\n', offset);
            if (newline < 0)
            {
                return -1;
            }
            offset = newline + 1;
        }
        final int at = offset + column - 1;
        return at >= 0 && at < sql.length() ? at : -1;
    }

    /** The length of the plain word (letters, digits, {@code _}, {@code $}) starting at {@code at}, 0 if none. */
    static int wordLength(final String sql, final int at)
    {
        if (at < 0 || at >= sql.length() || !Character.isLetter(sql.charAt(at)) && sql.charAt(at) != '_')
        {
            return 0;
        }
        int end = at + 1;
        while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_' ||
            sql.charAt(end) == '$'))
        {
            end++;
        }
        return end - at;
    }
}
