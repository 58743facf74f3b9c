package dev.tally.server.pg;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rough reading of a catalog SELECT, enough to answer it from Tally's table list: the select list (each item's
 * expression and output name), the relations of its FROM clause (and whether each is inner-joined) and its WHERE text.
 * Only the first branch of a UNION is read; {@code SELECT * FROM (SELECT ...) alias} reads the inner select list.
 */
final class PgSelect
{
    /** One select-list item: the expression, and the column name PostgreSQL gives it. */
    record Item(String expression, String name)
    {
    }

    /** A FROM relation, its name lower case without schema; {@code isInner} false for an outer-joined one. */
    record Relation(String name, boolean isInner)
    {
    }

    private static final Pattern ALIAS = Pattern.compile("(?is)^(.*?)\\s+as\\s+(\"((?:[^\"]|\"\")*)\"|[\\w$]+)\\s*$");
    private static final Pattern RELATION = Pattern.compile("(?i)(left\\s+(?:outer\\s+)?join|right\\s+(?:outer\\s+)?" +
        "join|full\\s+(?:outer\\s+)?join|cross\\s+join|inner\\s+join|join|,)\\s*(?:lateral\\s+)?(\\(\\)|[\\w.\"]+)");
    private static final Pattern CALL = Pattern.compile("(?s)^([\\w.\"]+)\\s*\\(.*");
    private static final Pattern COLUMN_REF = Pattern.compile("^(?:\\w+|\"[^\"]+\")(?:\\.(?:\\w+|\"[^\"]+\"))*$");

    final List<Item> items;
    final List<Relation> relations;
    /** The FROM clause as written (subqueries included). */
    final String from;
    final String where;

    private PgSelect(final List<Item> items, final List<Relation> relations, final String from, final String where)
    {
        this.items = items;
        this.relations = relations;
        this.from = from;
        this.where = where;
    }

    /** The SELECT, or null when {@code sql} is not one this reading understands. */
    static PgSelect parse(final String sql)
    {
        final String text = cut(sql, "union");
        if (!PgSqlText.firstWord(text).equals("SELECT"))
        {
            return null;
        }
        int start = indexOfTop(text, "select", 0) + 6;
        final int distinct = indexOfTop(text, "distinct", start);
        final int fromAt = indexOfTop(text, "from", start);
        if (distinct >= 0 && (fromAt < 0 || distinct < fromAt) && text.substring(start, distinct).isBlank())
        {
            start = distinct + 8;
        }
        final String list = fromAt < 0 ? text.substring(start) : text.substring(start, fromAt);
        final List<Item> items = new ArrayList<>();
        for (final String expression : splitTop(list, ','))
        {
            items.add(item(expression.trim()));
        }
        if (fromAt < 0)
        {
            return new PgSelect(items, List.of(), "", "");
        }
        final int end = firstOf(text, fromAt, "group", "order", "limit", "offset", "having", "window", "for");
        final int whereAt = indexOfTop(text, "where", fromAt);
        final String from = text.substring(fromAt + 4, whereAt >= 0 && whereAt < end ? whereAt : end);
        final String where = whereAt >= 0 && whereAt < end ? text.substring(whereAt + 5, end) : "";
        final String inner = from.trim();
        if (items.size() == 1 && items.get(0).expression().equals("*") && inner.startsWith("("))
        {
            final int close = closing(inner, 0);
            final PgSelect nested = parse(inner.substring(1, close));
            if (nested != null)
            {
                return new PgSelect(nested.items, nested.relations, nested.from, nested.where + " and " + where);
            }
        }
        return new PgSelect(items, relations(from), from, where);
    }

    private static Item item(final String expression)
    {
        final Matcher alias = ALIAS.matcher(expression);
        if (alias.matches() && !alias.group(1).isBlank())
        {
            final String name = alias.group(3) != null ? alias.group(3).replace("\"\"", "\"") :
                alias.group(2).toLowerCase(Locale.ROOT);
            return new Item(alias.group(1).trim(), name);
        }
        return new Item(expression, defaultName(expression));
    }

    /** PostgreSQL's name for an unaliased item: a column's or function's name, else {@code ?column?}. */
    static String defaultName(final String expression)
    {
        final String bare = stripCasts(expression);
        final Matcher call = CALL.matcher(bare);
        if (call.matches())
        {
            return lastPart(call.group(1));
        }
        if (COLUMN_REF.matcher(bare).matches() && !Character.isDigit(bare.charAt(0)))
        {
            return lastPart(bare);
        }
        return bare.regionMatches(true, 0, "case", 0, 4) ? "case" : "?column?";
    }

    static String lastPart(final String name)
    {
        final int dot = name.endsWith("\"") ? name.lastIndexOf("\".\"") + 1 : name.lastIndexOf('.');
        final String last = name.substring(dot + 1);
        return last.startsWith("\"") ? last.replace("\"", "") : last.toLowerCase(Locale.ROOT);
    }

    /** The expression without trailing {@code ::type} casts at its top level. */
    static String stripCasts(final String expression)
    {
        String text = expression.trim();
        for (int at = lastTopCast(text); at >= 0; at = lastTopCast(text))
        {
            text = text.substring(0, at).trim();
        }
        return text;
    }

    private static int lastTopCast(final String text)
    {
        final int[] found = {-1};
        PgSqlText.scanTop(text, 0, (i, c, depth) ->
        {
            if (depth == 0 && c == ':' && i + 1 < text.length() && text.charAt(i + 1) == ':' &&
                (i == 0 || text.charAt(i - 1) != ':'))
            {
                found[0] = i;
            }
            return false;
        });
        return found[0];
    }

    private static List<Relation> relations(final String from)
    {
        final List<Relation> relations = new ArrayList<>();
        final Matcher matcher = RELATION.matcher("," + PgSqlText.topLevel(from));
        while (matcher.find())
        {
            final String join = matcher.group(1).toLowerCase(Locale.ROOT);
            final boolean isOuter = join.startsWith("left") || join.startsWith("right") || join.startsWith("full");
            final String name = matcher.group(2);
            relations.add(new Relation(name.equals("()") ? "()" : lastPart(name), !isOuter));
        }
        return relations;
    }

    /** The text up to the first top-level {@code keyword}, or all of it. */
    private static String cut(final String sql, final String keyword)
    {
        final int at = indexOfTop(sql, keyword, 0);
        return at < 0 ? sql : sql.substring(0, at);
    }

    private static int firstOf(final String sql, final int from, final String... keywords)
    {
        int first = sql.length();
        for (final String keyword : keywords)
        {
            final int at = indexOfTop(sql, keyword, from);
            if (at >= 0 && at < first)
            {
                first = at;
            }
        }
        return first;
    }

    /** Where {@code keyword} stands as a word outside quotes and parentheses, from {@code from}; -1 if nowhere. */
    static int indexOfTop(final String sql, final String keyword, final int from)
    {
        return PgSqlText.scanTop(sql, from, (i, c, depth) -> depth == 0 &&
            sql.regionMatches(true, i, keyword, 0, keyword.length()) && (i == 0 || !isWordChar(sql.charAt(i - 1))) &&
            (i + keyword.length() >= sql.length() || !isWordChar(sql.charAt(i + keyword.length()))));
    }

    private static boolean isWordChar(final char c)
    {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '"';
    }

    private static List<String> splitTop(final String text, final char separator)
    {
        final List<String> parts = new ArrayList<>();
        final int[] start = {0};
        PgSqlText.scanTop(text, 0, (i, c, depth) ->
        {
            if (c == separator && depth == 0)
            {
                parts.add(text.substring(start[0], i));
                start[0] = i + 1;
            }
            return false;
        });
        if (!text.substring(start[0]).isBlank())
        {
            parts.add(text.substring(start[0]));
        }
        return parts;
    }

    private static int closing(final String text, final int open)
    {
        final int close = PgSqlText.scanTop(text, open, (i, c, depth) -> c == ')' && depth == 0);
        return close < 0 ? text.length() : close;
    }
}
