package dev.tally.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.server.ServerMetrics;
import dev.tally.server.auth.Access;
import dev.tally.server.auth.Principal;
import dev.tally.server.http.ApiException;
import dev.tally.server.http.Json;
import dev.tally.server.http.Reply;
import dev.tally.server.http.Request;
import dev.tally.sql.SqlQueryContext;
import dev.tally.sql.SqlQueryException;
import dev.tally.sql.SqlResult;
import dev.tally.sql.SqlService;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/sql} (and {@code /druid/v2/sql}): runs one statement as DESIGN §6 describes and answers in the
 * requested result format; {@code DELETE /v1/sql/{id}} cancels a running one. At most
 * {@code http.maxConcurrentQueries} statements run at once (JDBC's included, see {@link QuerySlots}); past that the
 * answer is 429 at once, not a queue.
 */
public final class SqlEndpoint
{
    public static final String QUERY_ID_HEADER = "X-Tally-Query-Id";
    public static final String DRUID_QUERY_ID_HEADER = "X-Druid-SQL-Query-Id";
    /** Tells Druid's clients (Cube, the Druid query toolkit) that the first row is the header, not data. */
    public static final String DRUID_HEADER_INCLUDED = "X-Druid-SQL-Header-Included";
    private static final List<String> FIELDS = List.of("query", "parameters", "resultFormat", "header", "typesHeader",
        "sqlTypesHeader", "context");
    private static final Pattern UNKNOWN_TABLE = Pattern.compile("(?:Object|Table) '([^']+)' not found");
    private static final Pattern SUGGESTION = Pattern.compile("; did you mean '[^']+'\\?.*$");

    private final SqlServices services;
    private final ServerMetrics metrics;
    private final QuerySlots running;
    private final long defaultTimeoutMillis;
    private final long defaultMaxRows;
    private final long maxGroups;
    private final long maxJoinRows;

    /** @param maxGroups and {@code maxJoinRows}: the server's memory limits per query, not raised by requests. */
    public SqlEndpoint(final SqlServices services, final ServerMetrics metrics, final QuerySlots running,
        final long defaultTimeoutMillis, final long defaultMaxRows, final long maxGroups, final long maxJoinRows)
    {
        this.services = services;
        this.metrics = metrics;
        this.running = running;
        this.defaultTimeoutMillis = defaultTimeoutMillis;
        this.defaultMaxRows = defaultMaxRows;
        this.maxGroups = maxGroups;
        this.maxJoinRows = maxJoinRows;
    }

    public Reply query(final Request request)
    {
        final JsonNode body = Json.parseObject(request.body(), "SQL request");
        for (final Iterator<String> it = body.fieldNames(); it.hasNext(); )
        {
            final String field = it.next();
            if (!FIELDS.contains(field))
            {
                throw ApiException.badRequest(field + ": unknown field (expected one of " + FIELDS + ")");
            }
        }
        final JsonNode query = body.path("query");
        if (!query.isTextual() || query.asText().isBlank())
        {
            throw ApiException.badRequest("query: required, the SQL statement as a string");
        }
        final List<Object> parameters = parameters(body.path("parameters"));
        final ResultFormat format = ResultFormat.of(text(body, "resultFormat", "object"));
        final ResultFormat.Header header = new ResultFormat.Header(flag(body, "header"), flag(body, "typesHeader"),
            flag(body, "sqlTypesHeader"));
        final SqlQueryContext context = context(body.path("context"));
        if (request.closeFuture().isDone())
        {
            throw new ApiException(HttpResponseStatus.BAD_REQUEST, SqlQueryException.CANCELLED,
                "the client closed the connection before the query started");
        }
        if (!running.tryAcquire())
        {
            metrics.onQuery(ApiException.RESOURCE_LIMIT, 0);
            throw new ApiException(HttpResponseStatus.TOO_MANY_REQUESTS, ApiException.RESOURCE_LIMIT,
                running.refusal());
        }
        final long start = System.nanoTime();
        final SqlService service = services.of(request.principal());
        // a client that hangs up does not wait for the answer: stop the query
        final GenericFutureListener<Future<Void>> onClose = closed -> service.cancel(context.queryId());
        request.closeFuture().addListener(onClose);
        final SqlResult result;
        try
        {
            result = service.execute(query.asText(), parameters, context);
        }
        catch (final SqlQueryException ex)
        {
            metrics.onQuery(ex.category(), System.nanoTime() - start);
            throw translate(ex, request);
        }
        finally
        {
            request.closeFuture().removeListener(onClose);
            running.release();
        }
        metrics.onQuery("ok", System.nanoTime() - start);
        final Map<String, String> headers = header.names() ?
            Map.of(QUERY_ID_HEADER, result.queryId(), DRUID_QUERY_ID_HEADER, result.queryId(), DRUID_HEADER_INCLUDED,
                "yes") :
            Map.of(QUERY_ID_HEADER, result.queryId(), DRUID_QUERY_ID_HEADER, result.queryId());
        return new Reply(HttpResponseStatus.OK, format.contentType(), format.write(result, header), headers);
    }

    public Reply cancel(final Request request)
    {
        final String queryId = request.segment(request.path().size() - 1);
        if (!services.cancel(request.principal(), queryId))
        {
            throw new ApiException(HttpResponseStatus.NOT_FOUND, ApiException.NOT_FOUND,
                "no running query with id '" + queryId + "'");
        }
        return Reply.empty(HttpResponseStatus.ACCEPTED);
    }

    /**
     * Status and category for a failed statement. An unknown table the principal may not read is a 403 whether or not
     * it exists, as the table API answers: the answer never tells that an ungranted table exists. Its "did you mean"
     * names only tables the principal may read (the SQL service sees no others), so it stays.
     */
    private static ApiException translate(final SqlQueryException ex, final Request request)
    {
        final HttpResponseStatus status = switch (ex.category())
        {
            case SqlQueryException.TIMEOUT -> HttpResponseStatus.REQUEST_TIMEOUT;
            case SqlQueryException.UNKNOWN -> HttpResponseStatus.INTERNAL_SERVER_ERROR;
            default -> HttpResponseStatus.BAD_REQUEST;
        };
        final String forbidden = forbiddenMessage(ex, request.principal());
        if (forbidden != null)
        {
            return new ApiException(HttpResponseStatus.FORBIDDEN, ApiException.FORBIDDEN, forbidden, ex.errorClass());
        }
        return new ApiException(status, ex.category(), ex.getMessage(), ex.errorClass());
    }

    /**
     * When a statement failed on an unknown table that {@code principal} may not read, what to answer instead (the
     * table exists or not: the answer does not tell), keeping a "did you mean" (it names only readable tables);
     * otherwise null. The PostgreSQL wire protocol answers the same.
     */
    public static String forbiddenMessage(final SqlQueryException ex, final Principal principal)
    {
        if (!ex.category().equals(SqlQueryException.VALIDATION))
        {
            return null;
        }
        final Matcher unknown = UNKNOWN_TABLE.matcher(ex.getMessage());
        if (!unknown.find() || principal.may(Access.READ, unknown.group(1)))
        {
            return null;
        }
        final Matcher suggestion = SUGGESTION.matcher(ex.getMessage());
        return "user '" + principal.name() + "' may not read table '" + unknown.group(1) + "'" +
            (suggestion.find() ? suggestion.group() : "");
    }

    private SqlQueryContext context(final JsonNode context)
    {
        if (context.isMissingNode() || context.isNull())
        {
            return new SqlQueryContext(null, defaultTimeoutMillis, defaultMaxRows, maxGroups, maxJoinRows);
        }
        if (!context.isObject())
        {
            throw ApiException.badRequest("context: must be an object");
        }
        final long timeout = positive(context, "timeout", defaultTimeoutMillis);
        final long maxRows = positive(context, "maxRows", defaultMaxRows);
        final JsonNode id = context.path("queryId");
        final JsonNode druidId = context.path("sqlQueryId");
        final JsonNode chosen = id.isMissingNode() ? druidId : id;
        if (!chosen.isMissingNode() && !chosen.isNull() && !chosen.isTextual())
        {
            throw ApiException.badRequest("context.queryId: must be a string");
        }
        final String queryId = chosen.isTextual() ? chosen.asText() : null;
        if (queryId != null && (queryId.isBlank() || queryId.length() > 256))
        {
            throw ApiException.badRequest("context.queryId: must be 1 to 256 characters");
        }
        final long outerLimit = positive(context, "sqlOuterLimit", SqlQueryContext.NO_LIMIT);
        return new SqlQueryContext(queryId, timeout, maxRows, maxGroups, maxJoinRows, timeZone(context), outerLimit);
    }

    /** Druid's {@code sqlTimeZone}: an IANA zone id or an offset; UTC when absent. */
    private static String timeZone(final JsonNode context)
    {
        final JsonNode zone = context.path("sqlTimeZone");
        if (zone.isMissingNode() || zone.isNull())
        {
            return null;
        }
        if (!zone.isTextual())
        {
            throw ApiException.badRequest("context.sqlTimeZone: must be a time zone id such as America/Los_Angeles");
        }
        try
        {
            dev.tally.query.expr.TimeFunctions.zone(zone.asText());
        }
        catch (final IllegalArgumentException ex)
        {
            throw ApiException.badRequest("context.sqlTimeZone: " + ex.getMessage());
        }
        return zone.asText();
    }

    private static long positive(final JsonNode context, final String field, final long fallback)
    {
        final JsonNode value = context.path(field);
        if (value.isMissingNode() || value.isNull())
        {
            return fallback;
        }
        if (!value.isIntegralNumber() || value.asLong() <= 0)
        {
            throw ApiException.badRequest("context." + field + ": must be a positive integer, was " + value);
        }
        return value.asLong();
    }

    private static List<Object> parameters(final JsonNode list)
    {
        if (list.isMissingNode() || list.isNull())
        {
            return List.of();
        }
        if (!list.isArray())
        {
            throw ApiException.badRequest("parameters: must be an array of {\"type\", \"value\"}");
        }
        final List<Object> values = new ArrayList<>();
        for (int i = 0; i < list.size(); i++)
        {
            values.add(parameter(list.get(i), "parameters[" + i + "]"));
        }
        return values;
    }

    private static Object parameter(final JsonNode parameter, final String path)
    {
        if (!parameter.isObject() || !parameter.path("type").isTextual())
        {
            throw ApiException.badRequest(path + ": must be {\"type\": SQL type name, \"value\": ...}");
        }
        final String type = parameter.path("type").asText().toUpperCase(Locale.ROOT);
        final JsonNode value = parameter.path("value");
        if (value.isMissingNode() || value.isNull())
        {
            return null;
        }
        final boolean isNumber = value.isNumber();
        return switch (type)
        {
            case "VARCHAR", "CHAR" -> value.asText();
            case "BIGINT", "INTEGER", "SMALLINT", "TINYINT" ->
            {
                if (!value.isIntegralNumber())
                {
                    throw ApiException.badRequest(path + ".value: " + type + " needs an integer, was " + value);
                }
                yield value.asLong();
            }
            case "DOUBLE", "FLOAT", "REAL" ->
            {
                if (!isNumber)
                {
                    throw ApiException.badRequest(path + ".value: " + type + " needs a number, was " + value);
                }
                yield value.asDouble();
            }
            case "DECIMAL" ->
            {
                if (!isNumber)
                {
                    throw ApiException.badRequest(path + ".value: DECIMAL needs a number, was " + value);
                }
                yield new BigDecimal(value.asText());
            }
            case "BOOLEAN" ->
            {
                if (!value.isBoolean())
                {
                    throw ApiException.badRequest(path + ".value: BOOLEAN needs true or false, was " + value);
                }
                yield value.asBoolean();
            }
            case "TIMESTAMP", "DATE" ->
            {
                if (!value.isTextual() && !value.isIntegralNumber())
                {
                    throw ApiException.badRequest(path + ".value: TIMESTAMP needs an ISO-8601 string or " +
                        "epoch milliseconds, was " + value);
                }
                yield value.isIntegralNumber() ? (Object)value.asLong() : value.asText();
            }
            default -> throw ApiException.badRequest(path + ".type: unknown type '" + type +
                "' (expected VARCHAR, BIGINT, INTEGER, DOUBLE, FLOAT, DECIMAL, BOOLEAN, TIMESTAMP or DATE)");
        };
    }

    private static String text(final JsonNode body, final String field, final String fallback)
    {
        final JsonNode value = body.path(field);
        if (value.isMissingNode() || value.isNull())
        {
            return fallback;
        }
        if (!value.isTextual())
        {
            throw ApiException.badRequest(field + ": must be a string");
        }
        return value.asText();
    }

    private static boolean flag(final JsonNode body, final String field)
    {
        final JsonNode value = body.path(field);
        if (value.isMissingNode() || value.isNull())
        {
            return false;
        }
        if (!value.isBoolean())
        {
            throw ApiException.badRequest(field + ": must be true or false");
        }
        return value.asBoolean();
    }
}
