package dev.tally.sql.rel;

/**
 * A cached plan read a table whose schema has changed (or that was dropped) since it was planned: the caller plans
 * the statement again.
 */
public final class StalePlanException extends RuntimeException
{
    public StalePlanException(final String table)
    {
        super("table[" + table + "] changed since the statement was planned", null, false, false);
    }
}
