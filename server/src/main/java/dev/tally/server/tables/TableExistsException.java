package dev.tally.server.tables;

/** A table of that name exists already. */
public final class TableExistsException extends IllegalStateException
{
    public TableExistsException(final String name)
    {
        super("table '" + name + "' exists");
    }
}
