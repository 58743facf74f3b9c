package dev.tally.sql;

/**
 * The SQLSTATE of every error Tally reports to a SQL client, in one place: JDBC (Avatica) answers carry it today, a
 * PostgreSQL wire endpoint would send the same. The codes are PostgreSQL's wherever PostgreSQL has one, so that
 * psql, pgJDBC and BI tools that know PostgreSQL read them right; all follow the SQL standard's classes (42 syntax
 * or access rule, 57 operator intervention, 53 insufficient resources, 28 authorization, 08 connection, XX
 * internal). A timeout is {@link #QUERY_CANCELED} as in PostgreSQL (its {@code statement_timeout} answers 57014),
 * not ODBC's HYT00: either way the server stopped the statement, and the message says which.
 */
public final class SqlState
{
    /** Class 42: the statement cannot be parsed. */
    public static final String SYNTAX_ERROR = "42601";
    /** Class 42: the statement parsed but is not valid (a type mismatch, an unsupported construct...). */
    public static final String SYNTAX_ERROR_OR_ACCESS_RULE_VIOLATION = "42000";
    /** A table the statement names does not exist, or the user may not read it (the answer does not tell which). */
    public static final String UNDEFINED_TABLE = "42P01";
    /** A column the statement names does not exist. */
    public static final String UNDEFINED_COLUMN = "42703";
    /** The user may not do this (an HTTP 403). */
    public static final String INSUFFICIENT_PRIVILEGE = "42501";
    /** Class 22: a value the statement computes or is given cannot be used (a bad cast, a division by zero). */
    public static final String DATA_EXCEPTION = "22000";
    /** The statement was cancelled, or ran out of its time. */
    public static final String QUERY_CANCELED = "57014";
    /** Class 53: the server is out of a shared resource (every query slot is taken). */
    public static final String INSUFFICIENT_RESOURCES = "53000";
    /** A limit of the configuration was hit: {@code query.maxRows}, {@code query.maxGroups}... */
    public static final String CONFIGURATION_LIMIT_EXCEEDED = "53400";
    /** The request is larger than the server takes. */
    public static final String PROGRAM_LIMIT_EXCEEDED = "54000";
    /** No or wrong credentials. */
    public static final String INVALID_AUTHORIZATION = "28000";
    /** The connection the request names is not open (closed, idled out, or the server restarted): reconnect. */
    public static final String CONNECTION_DOES_NOT_EXIST = "08003";
    /** The prepared statement the request names is not open on the server: prepare it again. */
    public static final String INVALID_STATEMENT_NAME = "26000";
    /** A bug: the server failed in a way it did not foresee. */
    public static final String INTERNAL_ERROR = "XX000";

    private SqlState()
    {
    }

    /**
     * The SQLSTATE of one of DESIGN §6's error categories (the SQL ones as {@link SqlQueryException} names them, the
     * server's as its error bodies do); an error that knows more (an unknown table or column) says so itself, see
     * {@link SqlQueryException#sqlState()}.
     */
    public static String of(final String category)
    {
        return switch (category)
        {
            case SqlQueryException.PARSE -> SYNTAX_ERROR;
            case SqlQueryException.VALIDATION, "Invalid table spec", "Invalid request" ->
                SYNTAX_ERROR_OR_ACCESS_RULE_VIOLATION;
            case "Unknown table" -> UNDEFINED_TABLE;
            case SqlQueryException.TIMEOUT, SqlQueryException.CANCELLED -> QUERY_CANCELED;
            case SqlQueryException.RESOURCE_LIMIT -> CONFIGURATION_LIMIT_EXCEEDED;
            case "Request too large" -> PROGRAM_LIMIT_EXCEEDED;
            case "Unauthorized" -> INVALID_AUTHORIZATION;
            case "Forbidden" -> INSUFFICIENT_PRIVILEGE;
            default -> INTERNAL_ERROR;
        };
    }
}
