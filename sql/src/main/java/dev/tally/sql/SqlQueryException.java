package dev.tally.sql;

/**
 * A statement failed for a reason the caller reports to the user: {@link #category()} is one of DESIGN §6's error
 * categories ("SQL parse failed", "Plan validation failed", "Query timeout", ...), {@link #sqlState()} the SQLSTATE
 * a SQL client gets (see {@link SqlState}), the message says what and where.
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
    private final String sqlState;

    /** An error with its category's SQLSTATE ({@link SqlState#of}). */
    public SqlQueryException(final String category, final String message, final Throwable cause)
    {
        this(category, SqlState.of(category), message, cause);
    }

    public SqlQueryException(final String category, final String sqlState, final String message,
        final Throwable cause)
    {
        super(message, cause);
        this.category = category;
        this.sqlState = sqlState;
    }

    /**
     * What a statement run over a connection from {@link SqlService#connect()} threw, categorised as
     * {@link SqlService#execute} categorises its own failures; {@code provider} (the tables the user may read) names
     * the closest known table or column in the message.
     */
    public static SqlQueryException of(final Throwable thrown, final TableProvider provider)
    {
        return SqlErrors.translate(thrown, provider);
    }

    public String category()
    {
        return category;
    }

    public String sqlState()
    {
        return sqlState;
    }

    /** The exception class to report ({@code errorClass}): the cause's when there is one. */
    public String errorClass()
    {
        return getCause() == null ? getClass().getName() : getCause().getClass().getName();
    }
}
