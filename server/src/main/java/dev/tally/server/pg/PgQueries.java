package dev.tally.server.pg;

import dev.tally.server.api.SqlEndpoint;
import dev.tally.server.auth.Principal;
import dev.tally.sql.SqlDescription;
import dev.tally.sql.SqlQueryContext;
import dev.tally.sql.SqlQueryException;
import dev.tally.sql.SqlResult;
import dev.tally.sql.SqlService;
import dev.tally.sql.SqlState;
import dev.tally.sql.parse.SqlText;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one connection's statements: session commands ({@link PgCommands}), catalog statements ({@link PgCatalog}),
 * and everything else through the same SQL service, query slots, limits, timeouts, metrics and query ids as
 * {@code /v1/sql}. Used by one thread at a time (the connection's), except {@link #cancelRunning}.
 */
final class PgQueries
{
    /** How a statement is answered, decided once per prepared statement. */
    enum Kind
    {
        EMPTY, COMMAND, CATALOG, SQL
    }

    private static final Pattern TIMEOUT = Pattern.compile("(\\d{1,12})\\s*(ms|s|min|h)?");
    private static final Pattern LINE_COLUMN = Pattern.compile("line (\\d+), column (\\d+)");
    private static final String TABLE_COLUMNS = "SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE " +
        "FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = '" + PgCatalog.SCHEMA + "' " +
        "ORDER BY TABLE_NAME, ORDINAL_POSITION";

    private final PgContext context;
    private final Principal principal;
    private final SqlService service;
    private final PgCommands commands;
    private volatile String runningQueryId;

    PgQueries(final PgContext context, final Principal principal, final PgCommands commands)
    {
        this.context = context;
        this.principal = principal;
        this.service = context.sql().of(principal);
        this.commands = commands;
    }

    Kind kind(final String sql)
    {
        if (PgSqlText.isBlank(sql))
        {
            return Kind.EMPTY;
        }
        final String word = PgSqlText.firstWord(sql);
        if (!word.equals("SELECT") && !word.equals("WITH") && !word.equals("VALUES") && !word.equals("EXPLAIN") &&
            !word.equals("TABLE"))
        {
            // SET, SHOW, BEGIN... are the session's; any other statement goes to Tally's SQL, which refuses writes
            return isSessionCommand(word) ? Kind.COMMAND : Kind.SQL;
        }
        // probe functions first: "SELECT pg_catalog.version()" names the catalog but reads no relation
        if (word.equals("SELECT") && commands.answer(sql) != null)
        {
            return Kind.COMMAND;
        }
        return PgCatalog.isCatalogQuery(sql) ? Kind.CATALOG : Kind.SQL;
    }

    private static boolean isSessionCommand(final String word)
    {
        return switch (word)
        {
            case "BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT", "SAVEPOINT", "RELEASE", "DISCARD",
                "DEALLOCATE", "LISTEN", "UNLISTEN", "RESET", "CLOSE", "SET", "SHOW" -> true;
            default -> false;
        };
    }

    /** Runs a statement ({@code $n} placeholders, {@code parameters} in order). */
    PgResult run(final String sql, final Kind kind, final List<Object> parameters)
    {
        return switch (kind)
        {
            case EMPTY -> null;
            case COMMAND -> commands.answer(PgSqlText.inline(sql, parameters));
            case CATALOG -> catalog().answer(PgSqlText.inline(sql, parameters));
            case SQL -> execute(sql, parameters);
        };
    }

    /**
     * The parameter types and result columns of a Tally SQL statement, planned but not run (PostgreSQL's Describe of
     * a statement before Bind).
     */
    SqlDescription describe(final String sql)
    {
        final String jdbc = PgSqlText.toJdbc(sql, new ArrayList<>());
        try
        {
            return service.describe(jdbc);
        }
        catch (final SqlQueryException ex)
        {
            throw translate(ex, jdbc);
        }
    }

    /** 'T' inside a BEGIN block, else 'I', for ReadyForQuery. */
    byte transactionStatus()
    {
        return commands.transactionStatus();
    }

    /** Cancels the statement running now, if any (from a CancelRequest's thread). */
    void cancelRunning()
    {
        final String queryId = runningQueryId;
        if (queryId != null)
        {
            service.cancel(queryId);
        }
    }

    private PgResult execute(final String sql, final List<Object> parameters)
    {
        final List<Integer> order = new ArrayList<>();
        final String jdbc = PgSqlText.toJdbc(sql, order);
        final List<Object> values = new ArrayList<>(order.size());
        for (final int index : order)
        {
            if (index < 0 || index >= parameters.size())
            {
                throw new PgException(PgException.PROTOCOL_VIOLATION, "statement uses parameter $" + (index + 1) +
                    " but " + parameters.size() + " were bound");
            }
            values.add(parameters.get(index));
        }
        if (!context.slots().tryAcquire())
        {
            context.metrics().onQuery(SqlQueryException.RESOURCE_LIMIT, 0);
            throw new PgException(SqlState.INSUFFICIENT_RESOURCES, context.slots().refusal());
        }
        final String queryId = UUID.randomUUID().toString();
        final SqlQueryContext queryContext = new SqlQueryContext(queryId, timeoutMillis(),
            context.config().maxRows(), context.config().maxGroups(), context.config().maxJoinRows(),
            timeZone(), SqlQueryContext.NO_LIMIT);
        final long start = System.nanoTime();
        runningQueryId = queryId;
        try
        {
            final SqlResult result = service.execute(jdbc, values, queryContext);
            context.metrics().onQuery("ok", System.nanoTime() - start);
            final List<PgType> types = new ArrayList<>(result.sqlTypes().size());
            for (final String type : result.sqlTypes())
            {
                types.add(PgType.ofSqlType(type));
            }
            return PgResult.rows(result.columnNames(), types, result.rows());
        }
        catch (final SqlQueryException ex)
        {
            context.metrics().onQuery(ex.category(), System.nanoTime() - start);
            throw translate(ex, jdbc);
        }
        finally
        {
            runningQueryId = null;
            context.slots().release();
        }
    }

    /**
     * The statement's time limit: {@code query.timeoutMillis}, or the session's {@code statement_timeout} when a
     * client set a shorter one (PostgreSQL's units: a number of milliseconds, or with {@code ms}, {@code s},
     * {@code min}); 0 or a value Tally cannot read leaves the server's.
     */
    private long timeoutMillis()
    {
        final long server = context.config().queryTimeoutMillis();
        final String value = commands.settings().getOrDefault("statement_timeout", "0").trim()
            .toLowerCase(java.util.Locale.ROOT);
        final Matcher timeout = TIMEOUT.matcher(value);
        if (!timeout.matches())
        {
            return server;
        }
        final long amount = Long.parseLong(timeout.group(1));
        final long millis = switch (timeout.group(2) == null ? "ms" : timeout.group(2))
        {
            case "s" -> amount * 1_000;
            case "min" -> amount * 60_000;
            case "h" -> amount * 3_600_000;
            default -> amount;
        };
        return millis <= 0 ? server : Math.min(server, millis);
    }

    /**
     * The session's {@code TimeZone} as the default zone of Tally's time functions (Druid's {@code sqlTimeZone});
     * null (UTC) unless a client set another that Tally knows.
     */
    private String timeZone()
    {
        final String zone = commands.settings().get("TimeZone");
        if (zone == null || zone.equalsIgnoreCase("UTC") || zone.equalsIgnoreCase("Etc/UTC"))
        {
            return null;
        }
        try
        {
            dev.tally.query.expr.TimeFunctions.zone(zone);
            return zone;
        }
        catch (final IllegalArgumentException ex)
        {
            return null;
        }
    }

    /** The tables this user may read, as a catalog; read from Tally's INFORMATION_SCHEMA on each catalog query. */
    private PgCatalog catalog()
    {
        final SqlResult columns;
        try
        {
            columns = service.execute(TABLE_COLUMNS);
        }
        catch (final SqlQueryException ex)
        {
            throw translate(ex, TABLE_COLUMNS);
        }
        return new PgCatalog(PgCatalog.tables(columns.rows()), commands.user(), commands.settings());
    }

    /** A SQL failure as PostgreSQL reports it: SQLSTATE, message and, for parse errors, the character position. */
    private PgException translate(final SqlQueryException ex, final String sql)
    {
        final String forbidden = SqlEndpoint.forbiddenMessage(ex, principal);
        if (forbidden != null)
        {
            return new PgException(SqlState.INSUFFICIENT_PRIVILEGE, forbidden);
        }
        return new PgException(ex.sqlState(), ex.category() + ": " + ex.getMessage(), position(ex.getMessage(), sql),
            false);
    }

    /** The 1-based character position of the message's "line L, column C" in {@code sql}, or 0. */
    static int position(final String message, final String sql)
    {
        final Matcher at = message == null ? null : LINE_COLUMN.matcher(message);
        return at == null || !at.find() ? 0 :
            SqlText.offset(sql, Integer.parseInt(at.group(1)), Integer.parseInt(at.group(2))) + 1;
    }
}
