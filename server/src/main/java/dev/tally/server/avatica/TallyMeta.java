package dev.tally.server.avatica;

import dev.tally.server.api.SqlServices;
import dev.tally.server.auth.Authenticator;
import dev.tally.server.auth.Principal;
import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.NoSuchConnectionException;
import org.apache.calcite.avatica.jdbc.JdbcMeta;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;
import org.apache.calcite.avatica.remote.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Avatica's {@link JdbcMeta} over Tally's SQL layer. Each client connection gets its own Calcite connection from
 * {@link SqlServices#of}, so it sees only the tables its user may read, in queries and in DatabaseMetaData alike.
 * The user is settled once, when the connection opens: the {@code user}/{@code password} connection properties, else
 * the HTTP credentials of the request, Basic or bearer ({@link Caller}). No other client property reaches the
 * Calcite connection.
 * Connections and statements unused for {@code idleMillis} are closed by JdbcMeta's cache expiry, which runs when
 * the caches are touched or {@link #expireIdle()} is called.
 */
final class TallyMeta extends JdbcMeta
{
    /** SQLSTATE class 28: invalid authorization specification. */
    static final String SQLSTATE_AUTH = "28000";
    /** SQLSTATE: connection does not exist. */
    static final String SQLSTATE_NO_CONNECTION = "08003";
    private static final Logger LOG = LoggerFactory.getLogger(TallyMeta.class);

    private final SqlServices sql;
    private final Authenticator authenticator;
    private final long idleMillis;

    TallyMeta(final SqlServices sql, final Authenticator authenticator, final long idleMillis) throws SQLException
    {
        super("jdbc:tally:server", cacheSettings(idleMillis));
        this.sql = sql;
        this.authenticator = authenticator;
        this.idleMillis = idleMillis;
    }

    private static Properties cacheSettings(final long idleMillis)
    {
        final Properties settings = new Properties();
        settings.setProperty(ConnectionCacheSettings.EXPIRY_DURATION.key(), Long.toString(idleMillis));
        settings.setProperty(ConnectionCacheSettings.EXPIRY_UNIT.key(), TimeUnit.MILLISECONDS.name());
        settings.setProperty(StatementCacheSettings.EXPIRY_DURATION.key(), Long.toString(idleMillis));
        settings.setProperty(StatementCacheSettings.EXPIRY_UNIT.key(), TimeUnit.MILLISECONDS.name());
        return settings;
    }

    @Override
    public void openConnection(final ConnectionHandle ch, final Map<String, String> info)
    {
        final Principal principal = principal(info);
        final Connection connection = sql.of(principal).connect();
        if (getConnectionCache().asMap().putIfAbsent(ch.id, connection) != null)
        {
            closeQuietly(connection);
            throw new IllegalStateException("connection[" + ch.id + "] is already open");
        }
        LOG.debug("JDBC connection[{}] opened for user[{}]", ch.id, principal.name());
    }

    /** Connections come from {@link #openConnection} only; JdbcMeta's URL-and-properties path is not used. */
    @Override
    protected Connection createConnection(final String url, final Properties info)
    {
        throw new UnsupportedOperationException("Tally connections are opened per user by openConnection");
    }

    /**
     * As JdbcMeta's, with a message that says why the connection is gone; the error code still tells the Avatica
     * client to reconnect when transparent reconnection is on (the Tally driver's default).
     */
    @Override
    protected Connection getConnection(final String id) throws SQLException
    {
        try
        {
            return super.getConnection(id);
        }
        catch (final NoSuchConnectionException ex)
        {
            throw new AvaticaRuntimeException("connection[" + id + "] is not open: it was closed, or unused for " +
                "longer than " + idleMillis + " ms (avatica.connectionIdleMillis)",
                Service.ErrorResponse.MISSING_CONNECTION_ERROR_CODE, SQLSTATE_NO_CONNECTION, AvaticaSeverity.ERROR);
        }
    }

    @Override
    public Map<DatabaseProperty, Object> getDatabaseProperties(final ConnectionHandle ch)
    {
        final Map<DatabaseProperty, Object> properties = super.getDatabaseProperties(ch);
        properties.put(DatabaseProperty.GET_DATABASE_PRODUCT_NAME, "Tally");
        properties.put(DatabaseProperty.GET_DATABASE_PRODUCT_VERSION, version());
        return properties;
    }

    private Principal principal(final Map<String, String> info)
    {
        final String user = info == null ? null : info.get("user");
        final Caller caller = Caller.current();
        try
        {
            if (user != null)
            {
                final Principal principal = authenticator.authenticate(user, info.get("password"));
                if (caller.principal() != null && !caller.principal().name().equals(principal.name()))
                {
                    throw new Authenticator.AuthenticationException("HTTP user[" + caller.principal().name() +
                        "] and connection property user[" + user + "] differ");
                }
                return principal;
            }
            if (caller.principal() != null)
            {
                return caller.principal();
            }
            if (!authenticator.isEnabled())
            {
                return Principal.ANONYMOUS;
            }
            caller.challenge();
            throw new Authenticator.AuthenticationException(
                "credentials required: pass user and password as connection properties (or HTTP Basic, or a " +
                "bearer token)");
        }
        catch (final Authenticator.AuthenticationException ex)
        {
            throw unauthorized(ex.getMessage());
        }
    }

    /** An error the Avatica client shows as it is: {@code Remote driver error: Unauthorized: ...}. */
    static AvaticaRuntimeException unauthorized(final String message)
    {
        return new AvaticaRuntimeException("Unauthorized: " + message, Service.ErrorResponse.UNKNOWN_ERROR_CODE,
            SQLSTATE_AUTH, AvaticaSeverity.ERROR);
    }

    /** Connections still open, after closing those past their idle time. */
    long openConnections()
    {
        expireIdle();
        return getConnectionCache().size();
    }

    /** Closes connections and statements unused for longer than the idle time. */
    void expireIdle()
    {
        getConnectionCache().cleanUp();
        getStatementCache().cleanUp();
    }

    /** Closes every connection and statement (the server is stopping). */
    void closeAll()
    {
        getStatementCache().invalidateAll();
        getConnectionCache().invalidateAll();
        expireIdle();
    }

    private static String version()
    {
        final String version = TallyMeta.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    private static void closeQuietly(final Connection connection)
    {
        try
        {
            connection.close();
        }
        catch (final SQLException ex)
        {
            LOG.debug("closing a duplicate connection failed: {}", ex.toString());
        }
    }
}
