package dev.tally.server.pg;

import java.util.List;

/**
 * What one statement answers over the wire: a row set (column names, their types, rows) and the CommandComplete tag,
 * or only a tag ({@link #names} null) for a command that returns no rows ({@code SET}, {@code BEGIN}...).
 */
record PgResult(List<String> names, List<PgType> types, List<Object[]> rows, String tag)
{
    static PgResult command(final String tag)
    {
        return new PgResult(null, null, List.of(), tag);
    }

    static PgResult rows(final List<String> names, final List<PgType> types, final List<Object[]> rows)
    {
        return new PgResult(names, types, rows, "SELECT " + rows.size());
    }

    boolean hasRows()
    {
        return names != null;
    }
}
