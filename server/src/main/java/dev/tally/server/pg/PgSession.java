package dev.tally.server.pg;

import dev.tally.sql.SqlDescription;
import io.netty.buffer.Unpooled;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The query protocol of one connection once it is authenticated: simple query ({@code Q}, several statements per
 * message, stopping at the first error) and extended query ({@code Parse}, {@code Bind}, {@code Describe},
 * {@code Execute} with row limits and {@code PortalSuspended}, {@code Close}, {@code Sync}, {@code Flush}), with
 * named and unnamed statements and portals. After an error in an extended-query batch, messages are skipped until
 * {@code Sync}, as PostgreSQL does. A portal's statement runs when the portal is first described or executed; its
 * rows are then held until the portal is closed (Tally's results are bounded by {@code query.maxRows}).
 * Runs on the connection's worker, one message at a time.
 */
final class PgSession
{
    /** Prepared statements and portals one connection may hold at once. */
    static final int MAX_STATEMENTS = 1_000;
    static final int MAX_PORTALS = 100;

    /** A parsed statement: its text, kind, the parameter types the client gave (0: unspecified). */
    private static final class Statement
    {
        final String sql;
        final PgQueries.Kind kind;
        final int[] parameterOids;
        SqlDescription description;

        Statement(final String sql, final PgQueries.Kind kind, final int[] parameterOids)
        {
            this.sql = sql;
            this.kind = kind;
            this.parameterOids = parameterOids;
        }
    }

    /** A bound statement: its parameter values, result formats and, once run, its result and read position. */
    private static final class Portal
    {
        final Statement statement;
        final List<Object> parameters;
        final short[] resultFormats;
        PgResult result;
        short[] formats;
        int sent;

        Portal(final Statement statement, final List<Object> parameters, final short[] resultFormats)
        {
            this.statement = statement;
            this.parameters = parameters;
            this.resultFormats = resultFormats;
        }
    }

    private final PgConnection connection;
    private final PgQueries queries;
    private final Map<String, Statement> statements = new HashMap<>();
    private final Map<String, Portal> portals = new HashMap<>();
    private boolean isSkippingToSync;

    PgSession(final PgConnection connection, final PgQueries queries)
    {
        this.connection = connection;
        this.queries = queries;
    }

    void cancelRunning()
    {
        queries.cancelRunning();
    }

    void onMessage(final PgMessage message)
    {
        if (message.type == PgMessage.TERMINATE)
        {
            connection.close();
            return;
        }
        if (message.type == PgMessage.QUERY)
        {
            simpleQuery(message.readCString());
            return;
        }
        if (message.type == PgMessage.SYNC)
        {
            isSkippingToSync = false;
            ready();
            return;
        }
        if (message.type == PgMessage.FLUSH)
        {
            connection.flush();
            return;
        }
        if (isSkippingToSync)
        {
            return;
        }
        try
        {
            switch (message.type)
            {
                case PgMessage.PARSE -> parse(message);
                case PgMessage.BIND -> bind(message);
                case PgMessage.DESCRIBE -> describe(message);
                case PgMessage.EXECUTE -> execute(message);
                case PgMessage.CLOSE -> close(message);
                default -> throw PgException.fatal(PgException.PROTOCOL_VIOLATION, "invalid frontend message type " +
                    (message.type & 0xFF) + " ('" + message.name() + "')");
            }
        }
        catch (final PgException ex)
        {
            if (ex.isFatal())
            {
                throw ex;
            }
            error(ex);
            isSkippingToSync = true;
        }
    }

    private void simpleQuery(final String text)
    {
        final List<String> parts = PgSqlText.split(text);
        if (parts.isEmpty())
        {
            connection.writer().empty(PgWriter.EMPTY_QUERY_RESPONSE);
        }
        for (final String sql : parts)
        {
            try
            {
                final PgResult result = queries.run(sql, queries.kind(sql), List.of());
                final short[] formats = new short[result.hasRows() ? result.names().size() : 0];
                if (result.hasRows())
                {
                    connection.writer().rowDescription(result.names(), result.types(), formats);
                }
                sendRows(result, formats, 0, 0);
                connection.writer().commandComplete(result.tag());
            }
            catch (final PgException ex)
            {
                if (ex.isFatal())
                {
                    throw ex;
                }
                error(ex);
                break;
            }
        }
        ready();
    }

    private void parse(final PgMessage message)
    {
        final String name = message.readCString();
        final String sql = message.readCString();
        final int count = message.readShort() & 0xFFFF;
        final int[] oids = new int[count];
        for (int i = 0; i < count; i++)
        {
            oids[i] = message.readInt();
        }
        if (!name.isEmpty() && statements.size() >= MAX_STATEMENTS && !statements.containsKey(name))
        {
            throw new PgException(PgException.PROGRAM_LIMIT_EXCEEDED, "too many prepared statements on this " +
                "connection (at most " + MAX_STATEMENTS + "); close some");
        }
        final Statement statement = new Statement(sql, queries.kind(sql), oids);
        if (statement.kind == PgQueries.Kind.SQL)
        {
            // plans now (and caches the plan for Execute): a bad statement fails at Parse, as in PostgreSQL
            statement.description = queries.describe(sql);
        }
        statements.put(name, statement);
        connection.writer().empty(PgWriter.PARSE_COMPLETE);
    }

    private void bind(final PgMessage message)
    {
        final String portalName = message.readCString();
        final String statementName = message.readCString();
        final Statement statement = statement(statementName);
        final short[] parameterFormats = new short[message.readShort() & 0xFFFF];
        for (int i = 0; i < parameterFormats.length; i++)
        {
            parameterFormats[i] = message.readShort();
        }
        final int count = message.readShort() & 0xFFFF;
        final List<Object> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            final int length = message.readInt();
            if (length < 0)
            {
                values.add(null);
                continue;
            }
            final byte[] bytes = message.readBytes(length);
            final short format = parameterFormats.length == 0 ? 0 :
                parameterFormats[parameterFormats.length == 1 ? 0 : i];
            values.add(parameter(statement, i, format, bytes));
        }
        final short[] resultFormats = new short[message.readShort() & 0xFFFF];
        for (int i = 0; i < resultFormats.length; i++)
        {
            resultFormats[i] = message.readShort();
        }
        if (!portalName.isEmpty() && portals.size() >= MAX_PORTALS && !portals.containsKey(portalName))
        {
            throw new PgException(PgException.PROGRAM_LIMIT_EXCEEDED, "too many open portals on this connection " +
                "(at most " + MAX_PORTALS + "); close some");
        }
        portals.put(portalName, new Portal(statement, values, resultFormats));
        connection.writer().empty(PgWriter.BIND_COMPLETE);
    }

    /** A bound value as Tally's SQL takes it, read by the type Parse gave or, unspecified, the one Tally infers. */
    private static Object parameter(final Statement statement, final int index, final short format,
        final byte[] bytes)
    {
        PgType type = index < statement.parameterOids.length ? PgType.ofOid(statement.parameterOids[index]) : null;
        if (type == null && statement.description != null && index < statement.description.parameterTypes().size())
        {
            type = PgType.ofJdbcType(statement.description.parameterTypes().get(index));
        }
        if (type == null)
        {
            type = PgType.TEXT;
        }
        if (format == 1)
        {
            if (type.size > 0 && bytes.length != type.size && type != PgType.NAME)
            {
                throw new PgException(PgException.PROTOCOL_VIOLATION, "incorrect binary data format in bind " +
                    "parameter " + (index + 1) + ": " + bytes.length + " bytes for " + type.typname);
            }
            return type.parseBinary(Unpooled.wrappedBuffer(bytes), bytes.length);
        }
        return type.parseText(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
    }

    private void describe(final PgMessage message)
    {
        final byte target = message.readByte();
        final String name = message.readCString();
        if (target == 'S')
        {
            final Statement statement = statement(name);
            final List<PgType> parameterTypes = new ArrayList<>();
            final int count = statement.description != null ? statement.description.parameterTypes().size() :
                statement.parameterOids.length;
            for (int i = 0; i < count; i++)
            {
                final PgType given = i < statement.parameterOids.length ?
                    PgType.ofOid(statement.parameterOids[i]) : null;
                parameterTypes.add(given != null ? given : statement.description != null ?
                    PgType.ofJdbcType(statement.description.parameterTypes().get(i)) : PgType.TEXT);
            }
            connection.writer().parameterDescription(parameterTypes);
            if (statement.description != null)
            {
                final List<PgType> types = new ArrayList<>();
                for (final String type : statement.description.columnTypes())
                {
                    types.add(PgType.ofSqlType(type));
                }
                rowDescription(statement.description.columnNames(), types, new short[0]);
            }
            else if (statement.kind == PgQueries.Kind.CATALOG || statement.kind == PgQueries.Kind.COMMAND &&
                PgSqlText.firstWord(statement.sql).matches("SELECT|SHOW"))
            {
                // answered without Tally's SQL: run it with NULL parameters to learn its columns (cheap and harmless)
                final List<Object> nulls = new ArrayList<>();
                for (int i = 0; i < count; i++)
                {
                    nulls.add(null);
                }
                final PgResult result = queries.run(statement.sql, statement.kind, nulls);
                rowDescription(result.names(), result.types(), new short[0]);
            }
            else
            {
                connection.writer().empty(PgWriter.NO_DATA);
            }
            return;
        }
        if (target != 'P')
        {
            throw new PgException(PgException.PROTOCOL_VIOLATION, "invalid DESCRIBE message subtype " + target);
        }
        final Portal portal = portal(name);
        run(portal);
        if (portal.result == null || !portal.result.hasRows())
        {
            connection.writer().empty(PgWriter.NO_DATA);
            return;
        }
        connection.writer().rowDescription(portal.result.names(), portal.result.types(), portal.formats);
    }

    private void rowDescription(final List<String> names, final List<PgType> types, final short[] formats)
    {
        connection.writer().rowDescription(names, types, formats.length == names.size() ? formats :
            new short[names.size()]);
    }

    private void execute(final PgMessage message)
    {
        final Portal portal = portal(message.readCString());
        final int maxRows = message.readInt();
        run(portal);
        final PgResult result = portal.result;
        if (result == null)
        {
            connection.writer().empty(PgWriter.EMPTY_QUERY_RESPONSE);
            return;
        }
        final int sent = sendRows(result, portal.formats, portal.sent, maxRows);
        portal.sent += sent;
        if (result.hasRows() && portal.sent < result.rows().size())
        {
            connection.writer().empty(PgWriter.PORTAL_SUSPENDED);
            return;
        }
        connection.writer().commandComplete(result.hasRows() ? "SELECT " + sent : result.tag());
    }

    /** Runs the portal's statement unless it already ran, and fixes its result formats per column. */
    private void run(final Portal portal)
    {
        if (portal.result != null || portal.statement.kind == PgQueries.Kind.EMPTY)
        {
            return;
        }
        portal.result = queries.run(portal.statement.sql, portal.statement.kind, portal.parameters);
        final int width = portal.result.hasRows() ? portal.result.names().size() : 0;
        portal.formats = new short[width];
        for (int c = 0; c < width; c++)
        {
            portal.formats[c] = portal.resultFormats.length == 0 ? 0 :
                portal.resultFormats[portal.resultFormats.length == 1 ? 0 : c];
        }
    }

    /** Writes rows {@code from}, at most {@code limit} of them (0: all); returns how many. */
    private int sendRows(final PgResult result, final short[] formats, final int from, final int limit)
    {
        final List<Object[]> rows = result.rows();
        final int end = limit <= 0 ? rows.size() : (int)Math.min(rows.size(), (long)from + limit);
        final PgWriter writer = connection.writer();
        for (int r = from; r < end; r++)
        {
            writer.dataRow(rows.get(r), result.types(), formats);
            if ((r & 63) == 63)
            {
                connection.flushIfFull();
            }
        }
        return Math.max(0, end - from);
    }

    private void close(final PgMessage message)
    {
        final byte target = message.readByte();
        final String name = message.readCString();
        if (target == 'S')
        {
            statements.remove(name);
        }
        else
        {
            portals.remove(name);
        }
        connection.writer().empty(PgWriter.CLOSE_COMPLETE);
    }

    private Statement statement(final String name)
    {
        final Statement statement = statements.get(name);
        if (statement == null)
        {
            throw new PgException(PgException.UNDEFINED_PREPARED_STATEMENT, "prepared statement \"" + name +
                "\" does not exist");
        }
        return statement;
    }

    private Portal portal(final String name)
    {
        final Portal portal = portals.get(name);
        if (portal == null)
        {
            throw new PgException(PgException.UNDEFINED_CURSOR, "portal \"" + name + "\" does not exist");
        }
        return portal;
    }

    private void error(final PgException ex)
    {
        connection.writer().error(PgWriter.ERROR_RESPONSE, "ERROR", ex.sqlState(), ex.getMessage(), ex.position());
    }

    private void ready()
    {
        // the unnamed portal ends with its transaction, which for a read-only server is every Sync
        portals.remove("");
        connection.writer().readyForQuery(queries.transactionStatus());
        connection.flush();
    }
}
