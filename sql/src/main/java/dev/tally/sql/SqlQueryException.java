package dev.tally.sql;

/**
 * A statement failed for a reason the caller reports to the user: {@link #category()} is one of DESIGN §6's error
 * categories ("SQL parse failed", "Plan validation failed", "Query timeout", ...), the message says what and where.
 */
public final class SqlQueryException extends RuntimeException
{
    public static final String PARSE = "SQL parse failed";
    public static final String VALIDATION = "Plan validation failed";
    public static final String TIMEOUT = "Query timeout";
    public static final String CANCELLED = "Query cancelled";
    public static final String RESOURCE_LIMIT = "Resource limit exceeded";
    public static final String UNKNOWN = "Unknown exception";

    private final String category;

    public SqlQueryException(final String category, final String message, final Throwable cause)
    {
        super(message, cause);
        this.category = category;
    }

    public String category()
    {
        return category;
    }

    /** The exception class to report ({@code errorClass}): the cause's when there is one. */
    public String errorClass()
    {
        return getCause() == null ? getClass().getName() : getCause().getClass().getName();
    }
}
