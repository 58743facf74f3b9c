package dev.tally.server.avatica;

import java.util.Locale;

/**
 * A client's row limit ({@code Statement.setMaxRows}, which Avatica sends with the statement) as a {@code LIMIT} on
 * the statement itself. Calcite honours the limit by reading only that many rows of the result, but the engine
 * computes the whole result first, and one over the server's {@code query.maxRows} is an error: a BI tool that asks
 * for 200 rows of a big table would get the error instead of its rows. A {@code LIMIT} reaches the engine, which then
 * stops early. The text is the client's statement with {@code LIMIT n} on a line of its own after it (so a trailing
 * {@code --} comment cannot swallow it); a statement that has its own LIMIT or FETCH, or is not a query, does not
 * parse so: it then runs as written, and Calcite's reading limit still applies.
 */
final class RowLimit
{
    private RowLimit()
    {
    }

    /** The statement limited to {@code maxRowCount} rows, or null when there is no limit to add. */
    static String limited(final String sql, final long maxRowCount)
    {
        if (maxRowCount <= 0 || sql == null)
        {
            return null;
        }
        String text = sql.strip();
        while (text.endsWith(";"))
        {
            text = text.substring(0, text.length() - 1).strip();
        }
        final String first = text.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
        if (!first.equals("SELECT") && !first.equals("WITH") && !first.startsWith("("))
        {
            // EXPLAIN would explain another statement; VALUES and anything else run as written
            return null;
        }
        return text + "\nLIMIT " + maxRowCount;
    }
}
