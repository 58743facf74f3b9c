package dev.tally.server.avatica;

import dev.tally.sql.SqlQueryException;
import dev.tally.sql.SqlState;
import dev.tally.sql.TableProvider;
import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;
import org.apache.calcite.avatica.remote.Service;

/**
 * The errors the Avatica endpoint answers, as a JDBC client shows them: the error's category and what went wrong, and
 * a SQLSTATE by error class ({@link SqlState}) instead of Avatica's unknown {@code 00000}, so a tool can tell a typo
 * from a timeout from a lost connection without reading the text.
 */
final class AvaticaErrors
{
    private AvaticaErrors()
    {
    }

    /**
     * What a JdbcMeta call threw, categorised as {@code /v1/sql} categorises it; an error this endpoint already made
     * (an {@link AvaticaRuntimeException}: unauthorized, busy, gone) stays as it is.
     */
    static AvaticaRuntimeException of(final RuntimeException thrown, final TableProvider tables)
    {
        if (thrown instanceof AvaticaRuntimeException avatica)
        {
            return avatica;
        }
        final SqlQueryException error = SqlQueryException.of(thrown, tables);
        return error(error.category() + ": " + error.getMessage(), error.sqlState());
    }

    /** An error the Avatica client shows as it is: {@code Remote driver error: Unauthorized: ...}. */
    static AvaticaRuntimeException unauthorized(final String message)
    {
        return error("Unauthorized: " + message, SqlState.INVALID_AUTHORIZATION);
    }

    /** Every query slot is taken. */
    static AvaticaRuntimeException busy(final String message)
    {
        return error(SqlQueryException.RESOURCE_LIMIT + ": " + message, SqlState.INSUFFICIENT_RESOURCES);
    }

    /**
     * The connection a request names is not open. The error code is Avatica's "missing connection", so a client with
     * transparent reconnection (the Tally driver's default) opens a new one and retries; others show the message.
     */
    static AvaticaRuntimeException connectionGone(final String id, final long idleMillis)
    {
        return new AvaticaRuntimeException("connection[" + id + "] no longer exists on the server (the server " +
            "restarted, or closed it after idling for longer than " + idleMillis +
            " ms, avatica.connectionIdleMillis): reconnect", Service.ErrorResponse.MISSING_CONNECTION_ERROR_CODE,
            SqlState.CONNECTION_DOES_NOT_EXIST, AvaticaSeverity.ERROR);
    }

    /**
     * A prepared statement is not open on a connection that is. Avatica's own answer for this (a "missing statement"
     * flag) reaches the application of a prepared statement as {@code SQLException: null}; this one says what to do.
     */
    static AvaticaRuntimeException statementGone(final Meta.StatementHandle h, final long idleMillis)
    {
        return error("statement[" + h.id + "] of connection[" + h.connectionId + "] no longer exists on the server " +
            "(it was closed, or idle for longer than " + idleMillis + " ms, avatica.connectionIdleMillis): prepare " +
            "it again", SqlState.INVALID_STATEMENT_NAME);
    }

    /** A parameter value that cannot be bound to its parameter's type. */
    static AvaticaRuntimeException badParameter(final String message)
    {
        return error(SqlQueryException.VALIDATION + ": " + message, SqlState.DATA_EXCEPTION);
    }

    private static AvaticaRuntimeException error(final String message, final String sqlState)
    {
        return new AvaticaRuntimeException(message, Service.ErrorResponse.UNKNOWN_ERROR_CODE, sqlState,
            AvaticaSeverity.ERROR);
    }
}
