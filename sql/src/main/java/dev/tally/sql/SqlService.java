package dev.tally.sql;

import dev.tally.query.exec.QueryContext;
import dev.tally.query.exec.QueryEngine;
import dev.tally.sql.parse.DruidParser;
import dev.tally.sql.parse.SqlText;
import dev.tally.sql.rel.ExecutionScope;
import dev.tally.sql.rel.StalePlanException;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.sql.SqlExplain;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs SQL text with parameters and a query context. Statements are planned once per SQL text: each session (a
 * Calcite connection used by one thread at a time) keeps a bounded cache of prepared statements, and parameters bind
 * at execution, so a repeated dashboard query skips parsing, validation, planning and code generation. Read-only:
 * INSERT, UPDATE, DELETE and DDL are refused. Thread-safe; sessions are pooled, one per concurrent statement, so a
 * statement is planned at most once per session (as many as statements ever ran at the same time).
 */
public final class SqlService implements AutoCloseable
{
    public static final int PLAN_CACHE_SIZE_DEFAULT = 512;
    static
    {
        // Unicode in SQL text and literals (Calcite's default charset is ISO-8859-1: an emoji in a LIKE pattern failed
        // to encode); read once, when Calcite's system properties load, so set before any connection exists
        setDefault("calcite.default.charset", "UTF-16");
        setDefault("calcite.default.nationalcharset", "UTF-16");
        setDefault("calcite.default.collation.name", "UTF-16$en_US");
    }

    private static final Set<String> WRITE_KEYWORDS = Set.of("INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT",
        "CREATE", "DROP", "ALTER", "TRUNCATE", "GRANT", "REVOKE", "REPLACE");

    private final TableProvider provider;
    private final TallySchema schema;
    private final int planCacheSize;
    /** Idle sessions, most recently used first: a lone caller always gets the session whose cache is warm. */
    private final ConcurrentLinkedDeque<Session> idle = new ConcurrentLinkedDeque<>();
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final AtomicLong planCacheHits = new AtomicLong();
    private final AtomicLong planCacheMisses = new AtomicLong();

    private record Running(QueryContext context, PreparedStatement statement)
    {
    }

    public SqlService(final TableProvider provider, final QueryEngine engine)
    {
        this(provider, engine, PLAN_CACHE_SIZE_DEFAULT);
    }

    public SqlService(final TableProvider provider, final QueryEngine engine, final int planCacheSize)
    {
        this.provider = provider;
        this.schema = new TallySchema(provider, engine);
        this.planCacheSize = planCacheSize;
    }

    /**
     * Connection properties of every session: Druid's dialect ({@link DruidParser}), UTC, AVG as DOUBLE, NULLs last.
     */
    public static Properties connectionProperties()
    {
        final Properties properties = new Properties();
        // Druid's dialect: "double-quoted" names (backticks too), case-sensitive and kept as written
        final org.apache.calcite.sql.parser.SqlParser.Config parser = DruidParser.config();
        properties.setProperty("quoting", parser.quoting().name());
        properties.setProperty("unquotedCasing", parser.unquotedCasing().name());
        properties.setProperty("quotedCasing", parser.quotedCasing().name());
        properties.setProperty("caseSensitive", Boolean.toString(parser.caseSensitive()));
        properties.setProperty("parserFactory", DruidParser.class.getName() + "#FACTORY");
        properties.setProperty("timeZone", "UTC");
        properties.setProperty("typeSystem", TallyTypeSystem.class.getName() + "#INSTANCE");
        properties.setProperty("defaultNullCollation", "LAST");
        // GROUP BY 1 and GROUP BY alias, as dashboards write them
        properties.setProperty("conformance", "LENIENT");
        // SUM(country) is a type error, not a runtime cast of every string to a number: TallyPrepare installs
        // TallyTypeCoercion (Calcite's JDBC path does not read a coercion setting from the connection)
        return properties;
    }

    private static void setDefault(final String property, final String value)
    {
        if (System.getProperty(property) == null)
        {
            System.setProperty(property, value);
        }
    }

    public SqlResult execute(final String sql, final List<?> parameters, final SqlQueryContext queryContext)
    {
        // Druid's sqlOuterLimit: a LIMIT after the statement, so the engine reads no more than the limit; a statement
        // with a LIMIT of its own runs as written and its rows are cut as they are read
        final String limited = queryContext.outerLimit() == SqlQueryContext.NO_LIMIT ? null :
            SqlText.withLimit(sql, queryContext.outerLimit());
        if (limited != null)
        {
            try
            {
                return executeWithRetry(limited, parameters, queryContext);
            }
            catch (final SqlQueryException ex)
            {
                if (!ex.category().equals(SqlQueryException.PARSE))
                {
                    throw ex;
                }
            }
        }
        return executeWithRetry(sql, parameters, queryContext);
    }

    private SqlResult executeWithRetry(final String sql, final List<?> parameters, final SqlQueryContext queryContext)
    {
        try
        {
            return executeOnce(sql, parameters, queryContext);
        }
        catch (final SqlQueryException ex)
        {
            if (!(ex.getCause() instanceof StalePlanException))
            {
                throw ex;
            }
            // a table changed under the cached plan (executeOnce dropped it): plan again, once
            return executeOnce(sql, parameters, queryContext);
        }
    }

    private SqlResult executeOnce(final String sql, final List<?> parameters, final SqlQueryContext queryContext)
    {
        final QueryContext context = new QueryContext(queryContext.queryId(), queryContext.timeoutMillis(),
            queryContext.maxRows(), queryContext.maxGroups(), queryContext.maxJoinRows());
        final Session session = borrow();
        // plans differ by time zone (pushed time buckets take it): the cache keys by both
        final String planKey = queryContext.timeZone() == null ? sql : queryContext.timeZone() + '\u0000' + sql;
        PreparedStatement statement = null;
        ExecutionScope.setTimeZone(queryContext.timeZone());
        try
        {
            statement = session.prepare(planKey, sql);
            if (parameters.isEmpty() && isExplain(sql))
            {
                // EXPLAIN of a parameterized statement: the plan does not depend on the values
                final int count = statement.getParameterMetaData().getParameterCount();
                for (int i = 1; i <= count; i++)
                {
                    statement.setNull(i, statement.getParameterMetaData().getParameterType(i));
                }
            }
            else
            {
                bind(statement, parameters);
            }
            running.put(queryContext.queryId(), new Running(context, statement));
            ExecutionScope.enter(context);
            ExecutionScope.capsFinalResult();
            try (ResultSet result = statement.executeQuery())
            {
                return read(queryContext, context, result);
            }
        }
        catch (final SQLException | RuntimeException | LinkageError | StackOverflowError | AssertionError ex)
        {
            // LinkageError: generated code whose constants fail to convert throws from its static initializer;
            // AssertionError: Calcite's own checks (with -ea) on shapes its validator cannot handle
            final SqlQueryException error = SqlErrors.translate(ex, provider);
            if (statement != null && !isEngineLimit(error))
            {
                session.forget(planKey);
            }
            throw error;
        }
        finally
        {
            ExecutionScope.setTimeZone(null);
            ExecutionScope.exit();
            running.remove(queryContext.queryId());
            idle.addFirst(session);
        }
    }

    private static boolean isExplain(final String sql)
    {
        return sql.trim().regionMatches(true, 0, "EXPLAIN", 0, 7);
    }

    /** Timeouts, cancellations and limits leave the statement reusable; other failures drop it from the cache. */
    private static boolean isEngineLimit(final SqlQueryException error)
    {
        return error.getCause() instanceof dev.tally.query.exec.QueryException;
    }

    public SqlResult execute(final String sql)
    {
        return execute(sql, List.of(), SqlQueryContext.defaults());
    }

    /**
     * Plans {@code sql} (or takes its plan from the cache, where {@link #execute} finds it next) and says what its
     * parameters and result columns are, without running it.
     *
     * @throws SqlQueryException as {@link #execute} would for a statement that does not parse or validate.
     */
    public SqlDescription describe(final String sql)
    {
        final Session session = borrow();
        try
        {
            final PreparedStatement statement = session.prepare(sql, sql);
            final java.sql.ParameterMetaData parameters = statement.getParameterMetaData();
            final List<Integer> parameterTypes = new ArrayList<>();
            for (int i = 1; i <= parameters.getParameterCount(); i++)
            {
                parameterTypes.add(parameters.getParameterType(i));
            }
            final ResultSetMetaData meta = statement.getMetaData();
            final List<String> names = new ArrayList<>();
            final List<String> types = new ArrayList<>();
            for (int c = 1; c <= meta.getColumnCount(); c++)
            {
                names.add(meta.getColumnLabel(c));
                types.add(meta.getColumnTypeName(c));
            }
            return new SqlDescription(parameterTypes, names, types);
        }
        catch (final SQLException | RuntimeException | LinkageError | StackOverflowError | AssertionError ex)
        {
            session.forget(sql);
            throw SqlErrors.translate(ex, provider);
        }
        finally
        {
            idle.addFirst(session);
        }
    }

    /** Statements executing now. */
    public int runningStatements()
    {
        return running.size();
    }

    /** Cancels a running statement; false when no statement with that id is running. */
    public boolean cancel(final String queryId)
    {
        final Running run = running.get(queryId);
        if (run == null)
        {
            return false;
        }
        run.context().cancel();
        try
        {
            run.statement().cancel();
        }
        catch (final SQLException ignored)
        {
            // the engine's flag is enough: it stops at the next block
        }
        return true;
    }

    /**
     * A new Calcite connection over the same schema and settings, for callers that speak JDBC themselves (the
     * Avatica endpoint's {@code JdbcMeta}, DatabaseMetaData for BI tools). Native queries it runs use the engine's
     * default query context. The caller closes it.
     */
    public Connection connect()
    {
        return new Session().connection;
    }

    public long planCacheHits()
    {
        return planCacheHits.get();
    }

    public long planCacheMisses()
    {
        return planCacheMisses.get();
    }

    private static SqlResult read(final SqlQueryContext queryContext, final QueryContext context,
        final ResultSet result) throws SQLException
    {
        final ResultSetMetaData meta = result.getMetaData();
        final int columns = meta.getColumnCount();
        final List<String> names = new ArrayList<>(columns);
        final List<String> types = new ArrayList<>(columns);
        final int[] jdbcTypes = new int[columns];
        for (int c = 1; c <= columns; c++)
        {
            names.add(meta.getColumnLabel(c));
            types.add(meta.getColumnTypeName(c));
            jdbcTypes[c - 1] = meta.getColumnType(c);
        }
        final List<Object[]> rows = new ArrayList<>();
        while (rows.size() < queryContext.outerLimit() && result.next())
        {
            if (rows.size() >= queryContext.maxRows())
            {
                throw new dev.tally.query.exec.QueryException(dev.tally.query.exec.QueryException.Kind.RESOURCE_LIMIT,
                    "result has more than maxRows[" + queryContext.maxRows() + "] rows; add a LIMIT or raise maxRows");
            }
            if ((rows.size() & 1023) == 0)
            {
                context.check();
            }
            final Object[] row = new Object[columns];
            for (int c = 0; c < columns; c++)
            {
                final Object value = jdbcTypes[c] == Types.TIMESTAMP ? result.getTimestamp(c + 1) :
                    result.getObject(c + 1);
                // a DATE is its midnight in UTC, written as a timestamp (Druid's DATE results read so)
                row[c] = value instanceof Timestamp timestamp ? Instant.ofEpochMilli(timestamp.getTime()) :
                    value instanceof java.sql.Date date ? date.toLocalDate().atStartOfDay(java.time.ZoneOffset.UTC)
                    .toInstant() : value;
            }
            rows.add(row);
        }
        return new SqlResult(queryContext.queryId(), names, types, rows);
    }

    private static void bind(final PreparedStatement statement, final List<?> parameters) throws SQLException
    {
        final int expected = statement.getParameterMetaData().getParameterCount();
        if (parameters.size() != expected)
        {
            throw new SqlQueryException(SqlQueryException.VALIDATION, "statement has " + expected +
                " parameters, request gives " + parameters.size(), null);
        }
        for (int i = 0; i < expected; i++)
        {
            final int type = statement.getParameterMetaData().getParameterType(i + 1);
            final Object value = coerce(parameters.get(i), type, i + 1);
            if (value == null)
            {
                statement.setNull(i + 1, type);
            }
            else
            {
                statement.setObject(i + 1, value);
            }
        }
    }

    /**
     * A parameter value as the statement's parameter type wants it: clients that send every value as a string (Cube
     * binds all as VARCHAR) or a time as epoch millis or ISO-8601 text are read the way Druid reads them.
     */
    private static Object coerce(final Object value, final int type, final int position)
    {
        try
        {
            return switch (type)
            {
                case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> value instanceof Instant instant ?
                    new Timestamp(instant.toEpochMilli()) : value instanceof Number millis ?
                    new Timestamp(millis.longValue()) : value instanceof String text ?
                    new Timestamp(parseInstant(text).toEpochMilli()) : value;
                case Types.DATE -> value instanceof String text ?
                    java.sql.Date.valueOf(parseInstant(text).atZone(java.time.ZoneOffset.UTC).toLocalDate()) :
                    value instanceof Number millis ? java.sql.Date.valueOf(Instant.ofEpochMilli(millis.longValue())
                    .atZone(java.time.ZoneOffset.UTC).toLocalDate()) : value;
                case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT -> value instanceof String text ?
                    Long.parseLong(text.trim()) : value;
                case Types.DOUBLE, Types.FLOAT, Types.REAL -> value instanceof String text ?
                    Double.parseDouble(text.trim()) : value;
                case Types.DECIMAL, Types.NUMERIC -> value instanceof String text ?
                    new java.math.BigDecimal(text.trim()) : value;
                case Types.BOOLEAN -> value instanceof String text && (text.equalsIgnoreCase("true") ||
                    text.equalsIgnoreCase("false")) ? Boolean.parseBoolean(text) : value;
                case Types.VARCHAR, Types.CHAR -> value instanceof Number || value instanceof Boolean ?
                    value.toString() : value instanceof Instant instant ? instant.toString() : value;
                default -> value instanceof Instant instant ? new Timestamp(instant.toEpochMilli()) : value;
            };
        }
        catch (final RuntimeException ex)
        {
            throw new SqlQueryException(SqlQueryException.VALIDATION, "parameter " + position + ": '" + value +
                "' cannot be read as " + java.sql.JDBCType.valueOf(type).getName(), ex);
        }
    }

    /** ISO-8601 as Druid's TIME_PARSE reads it (a date, a space or {@code T}, an offset or none: UTC). */
    private static Instant parseInstant(final String text)
    {
        final Long millis = dev.tally.query.expr.TimeFunctions.parse(text, null, null);
        if (millis == null)
        {
            throw new IllegalArgumentException("not an ISO-8601 time: " + text);
        }
        return Instant.ofEpochMilli(millis);
    }

    private Session borrow()
    {
        final Session session = idle.pollFirst();
        return session != null ? session : new Session();
    }

    /** Refuses writes, and reports parse errors with positions, before Calcite plans the statement. */
    private static void checkReadOnly(final String sql)
    {
        final SqlNode node;
        try
        {
            node = SqlParser.create(sql, DruidParser.config()).parseStmt();
        }
        catch (final SqlParseException ex)
        {
            final String first = sql.trim().split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
            if (WRITE_KEYWORDS.contains(first))
            {
                throw readOnly(first);
            }
            throw new SqlQueryException(SqlQueryException.PARSE, SqlErrors.translate(ex, null).getMessage(), ex);
        }
        final SqlNode statement = node instanceof SqlExplain explain ? explain.getExplicandum() : node;
        if (statement.getKind().belongsTo(SqlKind.DML) || statement.getKind().belongsTo(SqlKind.DDL))
        {
            throw readOnly(statement.getKind().name());
        }
    }

    private static SqlQueryException readOnly(final String what)
    {
        return new SqlQueryException(SqlQueryException.VALIDATION, "statement[" + what + "] is not supported: " +
            "Tally SQL is read-only (SELECT, WITH, VALUES, EXPLAIN); write events through ingest", null);
    }

    @Override
    public void close()
    {
        for (Session session = idle.pollFirst(); session != null; session = idle.pollFirst())
        {
            session.close();
        }
    }

    /** One Calcite connection and its prepared statements, used by one thread at a time. */
    private final class Session
    {
        private final Connection connection;
        private final Map<String, PreparedStatement> statements;

        Session()
        {
            try
            {
                connection = new org.apache.calcite.jdbc.Driver().withPrepareFactory(TallyPrepare::new)
                    .connect("jdbc:calcite:", connectionProperties());
                final CalciteConnection calcite = connection.unwrap(CalciteConnection.class);
                calcite.getRootSchema().add(TallySchema.NAME, schema);
                calcite.getRootSchema().add(TallySchema.TALLY_NAME, schema);
                calcite.getRootSchema().add(InformationSchema.NAME, new InformationSchema(provider));
                calcite.setSchema(TallySchema.NAME);
            }
            catch (final SQLException ex)
            {
                throw new IllegalStateException("cannot open a Calcite connection: " + ex.getMessage(), ex);
            }
            statements = new LinkedHashMap<>(16, 0.75f, true)
            {
                @Override
                protected boolean removeEldestEntry(final Map.Entry<String, PreparedStatement> eldest)
                {
                    if (size() > planCacheSize)
                    {
                        closeQuietly(eldest.getValue());
                        return true;
                    }
                    return false;
                }
            };
        }

        PreparedStatement prepare(final String key, final String sql) throws SQLException
        {
            final PreparedStatement cached = statements.get(key);
            if (cached != null)
            {
                planCacheHits.incrementAndGet();
                return cached;
            }
            planCacheMisses.incrementAndGet();
            checkReadOnly(sql);
            final PreparedStatement statement = connection.prepareStatement(sql);
            statements.put(key, statement);
            return statement;
        }

        void forget(final String key)
        {
            closeQuietly(statements.remove(key));
        }

        void close()
        {
            statements.values().forEach(SqlService::closeQuietly);
            statements.clear();
            try
            {
                connection.close();
            }
            catch (final SQLException ignored)
            {
                // closing: nothing left to report to
            }
        }
    }

    private static void closeQuietly(final PreparedStatement statement)
    {
        if (statement == null)
        {
            return;
        }
        try
        {
            statement.close();
        }
        catch (final SQLException ignored)
        {
            // a statement that fails to close holds no resources of ours
        }
    }
}
