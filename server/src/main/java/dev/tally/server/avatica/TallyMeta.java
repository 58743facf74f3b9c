package dev.tally.server.avatica;

import dev.tally.server.ServerMetrics;
import dev.tally.server.api.QuerySlots;
import dev.tally.server.api.SqlServices;
import dev.tally.server.auth.Authenticator;
import dev.tally.server.auth.Principal;
import dev.tally.server.http.ApiException;
import dev.tally.sql.SqlQueryException;
import dev.tally.sql.parse.SqlText;
import dev.tally.sql.StaticTableProvider;
import dev.tally.sql.TableProvider;
import org.apache.calcite.avatica.MissingResultsException;
import org.apache.calcite.avatica.NoSuchConnectionException;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.jdbc.JdbcMeta;
import org.apache.calcite.avatica.proto.Requests;
import org.apache.calcite.avatica.remote.TypedValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Avatica's {@link JdbcMeta} over Tally's SQL layer. Each client connection gets its own Calcite connection from
 * {@link SqlServices#of}, so it sees only the tables its user may read, in queries and in DatabaseMetaData alike.
 * The user is settled once, when the connection opens: the {@code user}/{@code password} connection properties, else
 * the HTTP credentials of the request, Basic or bearer ({@link Caller}). No other client property reaches the
 * Calcite connection.
 *
 * <p>A connection belongs to the user who opened it. Avatica names connections and statements by ids the client
 * sends with every request (statement ids are small sequential numbers), and JdbcMeta finds a statement by its id
 * alone; so every request is checked here: a request that carries HTTP credentials of another user is refused, and a
 * statement is used only through the connection that created it. A request without HTTP credentials (the Tally
 * driver sends its user and password only when the connection opens) is served on the strength of the connection
 * id, a random UUID the client chose: that id is the session's secret.
 *
 * <p>Connections and statements unused for {@code idleMillis} are closed by JdbcMeta's cache expiry, which runs
 * when the caches are touched or {@link #expireIdle()} is called. A request naming a connection that is not open
 * (closed, idled out, or opened before the server restarted) fails with SQLSTATE 08003 and says to reconnect.
 *
 * <p>Failures answer as {@code /v1/sql} categorises them, with a SQLSTATE by class ({@link AvaticaErrors}).
 * A statement's row limit ({@code setMaxRows}) reaches the engine as a LIMIT ({@link SqlText#withLimit}); TIMESTAMP
 * and DATE parameters also take text and epoch milliseconds ({@link Parameters}); DatabaseMetaData names types
 * plainly ({@link PlainTypeNames}).
 */
final class TallyMeta extends JdbcMeta
{
    private static final TableProvider NO_TABLES = new StaticTableProvider();
    private static final Logger LOG = LoggerFactory.getLogger(TallyMeta.class);

    private final SqlServices sql;
    private final Authenticator authenticator;
    private final long idleMillis;
    private final QuerySlots querySlots;
    private final ServerMetrics metrics;
    /** The user each open connection belongs to; a connection, not its id, so a reopened id starts afresh. */
    private final Map<Connection, Principal> owners = Collections.synchronizedMap(new WeakHashMap<>());
    /** The connection each statement was created on, by statement id. */
    private final Map<Integer, String> statementConnections = new ConcurrentHashMap<>();

    TallyMeta(final SqlServices sql, final Authenticator authenticator, final long idleMillis,
        final QuerySlots querySlots, final ServerMetrics metrics) throws SQLException
    {
        super("jdbc:tally:server", cacheSettings(idleMillis));
        this.sql = sql;
        this.authenticator = authenticator;
        this.idleMillis = idleMillis;
        this.querySlots = querySlots;
        this.metrics = metrics;
    }

    /** A JdbcMeta call on a statement. */
    @FunctionalInterface
    private interface Execution<T>
    {
        T run() throws NoSuchStatementException;
    }

    /**
     * Runs {@code execution} in one of the server's query slots (as {@code /v1/sql} does) and counts it in the SQL
     * metrics; with no slot free it fails at once, naming the setting. Rows fetched later run outside the slot.
     */
    private <T> T inQuerySlot(final Execution<T> execution) throws NoSuchStatementException
    {
        if (!querySlots.tryAcquire())
        {
            metrics.onQuery(ApiException.RESOURCE_LIMIT, 0);
            throw AvaticaErrors.busy(querySlots.refusal());
        }
        final long start = System.nanoTime();
        String outcome = "error";
        try
        {
            final T result = execution.run();
            outcome = "ok";
            return result;
        }
        finally
        {
            querySlots.release();
            metrics.onQuery(outcome, System.nanoTime() - start);
        }
    }

    /** Runs a JdbcMeta call on a statement of connection {@code connectionId}, its failures as SQL clients see them. */
    private <T> T translated(final String connectionId, final Execution<T> execution) throws NoSuchStatementException
    {
        try
        {
            return execution.run();
        }
        catch (final RuntimeException ex)
        {
            throw AvaticaErrors.of(ex, tables(connectionId));
        }
    }

    /** The tables the owner of a connection may read: the "did you mean" of an error names no others. */
    private TableProvider tables(final String connectionId)
    {
        final Connection connection = connectionId == null ? null : getConnectionCache().asMap().get(connectionId);
        final Principal owner = connection == null ? null : owners.get(connection);
        return owner == null ? NO_TABLES : sql.tables(owner);
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
        owners.put(connection, principal);
        LOG.debug("JDBC connection[{}] opened for user[{}]", ch.id, principal.name());
    }

    /** Connections come from {@link #openConnection} only; JdbcMeta's URL-and-properties path is not used. */
    @Override
    protected Connection createConnection(final String url, final Properties info)
    {
        throw new UnsupportedOperationException("Tally connections are opened per user by openConnection");
    }

    /**
     * As JdbcMeta's, with a message that says why the connection is gone (the error code still tells the Avatica
     * client to reconnect when transparent reconnection is on, the Tally driver's default), and only for its owner.
     * Every request on a connection comes through here.
     */
    @Override
    protected Connection getConnection(final String id) throws SQLException
    {
        final Connection connection;
        try
        {
            connection = super.getConnection(id);
        }
        catch (final NoSuchConnectionException | NullPointerException ex)
        {
            throw AvaticaErrors.connectionGone(id, idleMillis);
        }
        checkOwner(id, connection);
        return connection;
    }

    /** Refuses a request whose HTTP credentials are not those of the user who opened the connection. */
    private void checkOwner(final String id, final Connection connection)
    {
        final Principal owner = owners.get(connection);
        final Principal caller = Caller.current().principal();
        if (owner == null || caller != null && !caller.name().equals(owner.name()))
        {
            throw AvaticaErrors.unauthorized("connection[" + id + "] was not opened by user[" +
                (caller == null ? "?" : caller.name()) + "]");
        }
    }

    /**
     * Refuses a request on a connection that is not open (08003: reconnect) or not the caller's, and a statement id
     * that was not created on the connection the request names. The latter is Avatica's "no such statement", on which
     * the client prepares a plain statement again and retries, or fetches its rows again.
     */
    private void checkStatement(final StatementHandle h) throws NoSuchStatementException
    {
        try
        {
            getConnection(h.connectionId);
        }
        catch (final SQLException ex)
        {
            throw new IllegalStateException(ex);
        }
        if (!h.connectionId.equals(statementConnections.get(h.id)))
        {
            throw new NoSuchStatementException(h);
        }
    }

    /**
     * As {@link #checkStatement}, for the execution of a prepared statement: the client cannot prepare it again by
     * itself, and shows Avatica's "no such statement" as {@code SQLException: null}; this error says what happened.
     */
    private void checkPrepared(final StatementHandle h)
    {
        try
        {
            checkStatement(h);
        }
        catch (final NoSuchStatementException ex)
        {
            throw AvaticaErrors.statementGone(h, idleMillis);
        }
    }

    private StatementHandle created(final ConnectionHandle ch, final StatementHandle h)
    {
        statementConnections.put(h.id, ch.id);
        return h;
    }

    private MetaResultSet created(final ConnectionHandle ch, final MetaResultSet result)
    {
        statementConnections.put(result.statementId, ch.id);
        return result;
    }

    @Override
    public StatementHandle createStatement(final ConnectionHandle ch)
    {
        return created(ch, super.createStatement(ch));
    }

    @Override
    public StatementHandle prepare(final ConnectionHandle ch, final String sql, final long maxRowCount)
    {
        try
        {
            return created(ch, super.prepare(ch, sql, maxRowCount));
        }
        catch (final RuntimeException ex)
        {
            throw AvaticaErrors.of(ex, tables(ch.id));
        }
    }

    @Override
    public MetaResultSet getTables(final ConnectionHandle ch, final String catalog, final Pat schemaPattern,
        final Pat tableNamePattern, final List<String> typeList)
    {
        return created(ch, super.getTables(ch, catalog, listed(schemaPattern), tableNamePattern, typeList));
    }

    @Override
    public MetaResultSet getColumns(final ConnectionHandle ch, final String catalog, final Pat schemaPattern,
        final Pat tableNamePattern, final Pat columnNamePattern)
    {
        return created(ch, PlainTypeNames.inColumns(super.getColumns(ch, catalog, listed(schemaPattern),
            tableNamePattern, columnNamePattern)));
    }

    @Override
    public MetaResultSet getSchemas(final ConnectionHandle ch, final String catalog, final Pat schemaPattern)
    {
        return created(ch, super.getSchemas(ch, catalog, listed(schemaPattern)));
    }

    /**
     * The schemas a metadata call lists: asked for any schema ({@code null} or {@code %}), schema {@code druid}
     * only, where Druid's clients look. Every table is also in schema {@code tally} (and Calcite has its own
     * {@code metadata} schema): listing those too would show each table twice in a BI tool. A pattern that names a
     * schema lists that schema.
     */
    private static Pat listed(final Pat schemaPattern)
    {
        return schemaPattern == null || schemaPattern.s == null || schemaPattern.s.isEmpty() ||
            "%".equals(schemaPattern.s) ? Pat.of(dev.tally.sql.TallySchema.NAME) : schemaPattern;
    }

    @Override
    public MetaResultSet getCatalogs(final ConnectionHandle ch)
    {
        return created(ch, super.getCatalogs(ch));
    }

    @Override
    public MetaResultSet getTableTypes(final ConnectionHandle ch)
    {
        return created(ch, super.getTableTypes(ch));
    }

    @Override
    public MetaResultSet getTypeInfo(final ConnectionHandle ch)
    {
        return created(ch, super.getTypeInfo(ch));
    }

    @Override
    public ExecuteResult prepareAndExecute(final StatementHandle h, final String sql, final long maxRowCount,
        final int maxRowsInFirstFrame, final PrepareCallback callback) throws NoSuchStatementException
    {
        checkStatement(h);
        // the client's row limit (setMaxRows) as a LIMIT, so the engine stops early instead of failing on maxRows
        final String limited = maxRowCount <= 0 || sql == null ? null : SqlText.withLimit(sql, maxRowCount);
        return inQuerySlot(() -> translated(h.connectionId, () ->
        {
            if (limited != null)
            {
                try
                {
                    return super.prepareAndExecute(h, limited, maxRowCount, maxRowsInFirstFrame, callback);
                }
                catch (final RuntimeException ex)
                {
                    final String category = SqlQueryException.of(ex, NO_TABLES).category();
                    if (!category.equals(SqlQueryException.PARSE) && !category.equals(SqlQueryException.VALIDATION))
                    {
                        throw ex;
                    }
                    // the statement has its own LIMIT, or is not one a LIMIT can follow: run it as written
                    LOG.trace("statement does not take a LIMIT, running it as written: {}", ex.toString());
                }
            }
            return super.prepareAndExecute(h, sql, maxRowCount, maxRowsInFirstFrame, callback);
        }));
    }

    @Override
    public ExecuteResult execute(final StatementHandle h, final List<TypedValue> parameterValues,
        final int maxRowsInFirstFrame) throws NoSuchStatementException
    {
        checkPrepared(h);
        final List<TypedValue> bound = Parameters.bind(parameterValues,
            h.signature == null ? null : h.signature.parameters);
        return inQuerySlot(() -> translated(h.connectionId, () -> super.execute(h, bound, maxRowsInFirstFrame)));
    }

    @Override
    public Frame fetch(final StatementHandle h, final long offset, final int fetchMaxRowCount)
        throws NoSuchStatementException, MissingResultsException
    {
        checkStatement(h);
        try
        {
            return super.fetch(h, offset, fetchMaxRowCount);
        }
        catch (final RuntimeException ex)
        {
            throw AvaticaErrors.of(ex, tables(h.connectionId));
        }
    }

    @Override
    public boolean syncResults(final StatementHandle sh, final QueryState state, final long offset)
        throws NoSuchStatementException
    {
        checkStatement(sh);
        return translated(sh.connectionId, () -> super.syncResults(sh, state, offset));
    }

    @Override
    public ExecuteBatchResult prepareAndExecuteBatch(final StatementHandle h, final List<String> sqlCommands)
        throws NoSuchStatementException
    {
        checkStatement(h);
        return inQuerySlot(() -> translated(h.connectionId, () -> super.prepareAndExecuteBatch(h, sqlCommands)));
    }

    @Override
    public ExecuteBatchResult executeBatch(final StatementHandle h, final List<List<TypedValue>> parameterValues)
        throws NoSuchStatementException
    {
        checkPrepared(h);
        return inQuerySlot(() -> translated(h.connectionId, () -> super.executeBatch(h, parameterValues)));
    }

    @Override
    public ExecuteBatchResult executeBatchProtobuf(final StatementHandle h,
        final List<Requests.UpdateBatch> parameterValues) throws NoSuchStatementException
    {
        checkPrepared(h);
        return inQuerySlot(() -> translated(h.connectionId, () -> super.executeBatchProtobuf(h, parameterValues)));
    }

    /** Closes a statement of the connection the request names, for its owner; any other id closes nothing. */
    @Override
    public void closeStatement(final StatementHandle h)
    {
        if (h.connectionId == null || !h.connectionId.equals(statementConnections.get(h.id)))
        {
            return;
        }
        final Connection connection = getConnectionCache().asMap().get(h.connectionId);
        if (connection != null)
        {
            checkOwner(h.connectionId, connection);
        }
        super.closeStatement(h);
        statementConnections.remove(h.id);
    }

    /** Closes a connection for its owner; an id that is not open closes nothing, as in JdbcMeta. */
    @Override
    public void closeConnection(final ConnectionHandle ch)
    {
        final Connection connection = getConnectionCache().asMap().get(ch.id);
        if (connection != null)
        {
            checkOwner(ch.id, connection);
        }
        super.closeConnection(ch);
        statementConnections.values().removeIf(ch.id::equals);
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
            throw AvaticaErrors.unauthorized(ex.getMessage());
        }
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
        // asMap().containsKey does not count as a use, so it keeps nothing alive
        statementConnections.keySet().removeIf(id -> !getStatementCache().asMap().containsKey(id));
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
