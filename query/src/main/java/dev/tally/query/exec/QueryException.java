package dev.tally.query.exec;

/** A query failed for a reason its caller should report: bad query, timeout, cancellation, or a resource limit. */
public final class QueryException extends RuntimeException
{
    public enum Kind
    {
        /** The query names an unknown column or applies an operation to the wrong type. */
        INVALID,
        TIMEOUT,
        CANCELLED,
        /** Result rows or group-by memory over the query's limits. */
        RESOURCE_LIMIT
    }

    private final Kind kind;

    public QueryException(final Kind kind, final String message)
    {
        super(message);
        this.kind = kind;
    }

    public Kind kind()
    {
        return kind;
    }
}
