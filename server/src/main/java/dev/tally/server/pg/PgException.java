package dev.tally.server.pg;

/**
 * An error to send to a PostgreSQL client as an {@code ErrorResponse}: a SQLSTATE, a message and, when the error is in
 * the statement text, the 1-based character position PostgreSQL reports. {@link #isFatal()} errors close the
 * connection after they are sent.
 */
public final class PgException extends RuntimeException
{
    public static final String PROTOCOL_VIOLATION = "08P01";
    public static final String INVALID_PASSWORD = "28P01";
    public static final String INVALID_AUTHORIZATION = "28000";
    public static final String FEATURE_NOT_SUPPORTED = "0A000";
    public static final String INVALID_TEXT_REPRESENTATION = "22P02";
    public static final String INVALID_PARAMETER_VALUE = "22023";
    public static final String UNDEFINED_PREPARED_STATEMENT = "26000";
    public static final String UNDEFINED_CURSOR = "34000";
    public static final String PROGRAM_LIMIT_EXCEEDED = "54000";
    public static final String INTERNAL_ERROR = "XX000";

    private final String sqlState;
    private final int position;
    private final boolean isFatal;

    public PgException(final String sqlState, final String message)
    {
        this(sqlState, message, 0, false);
    }

    public PgException(final String sqlState, final String message, final int position, final boolean isFatal)
    {
        super(message);
        this.sqlState = sqlState;
        this.position = position;
        this.isFatal = isFatal;
    }

    public static PgException fatal(final String sqlState, final String message)
    {
        return new PgException(sqlState, message, 0, true);
    }

    public String sqlState()
    {
        return sqlState;
    }

    /** 1-based character position in the statement, or 0 when the error is not at a place in it. */
    public int position()
    {
        return position;
    }

    public boolean isFatal()
    {
        return isFatal;
    }
}
