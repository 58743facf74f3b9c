package dev.tally.server.avatica;

import dev.tally.query.exec.QueryContext;
import dev.tally.server.ServerConfig;
import dev.tally.server.ServerMetrics;
import dev.tally.server.api.QuerySlots;
import dev.tally.server.api.SqlServices;
import dev.tally.server.auth.Authenticator;
import dev.tally.server.auth.Principal;
import dev.tally.server.http.Endpoint;
import dev.tally.server.http.Reply;
import dev.tally.server.http.Request;
import dev.tally.sql.rel.ExecutionScope;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.apache.calcite.avatica.metrics.MetricsSystem;
import org.apache.calcite.avatica.metrics.noop.NoopMetricsSystem;
import org.apache.calcite.avatica.remote.Handler;
import org.apache.calcite.avatica.remote.JsonHandler;
import org.apache.calcite.avatica.remote.LocalService;
import org.apache.calcite.avatica.remote.ProtobufHandler;
import org.apache.calcite.avatica.remote.ProtobufTranslationImpl;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code POST /avatica}: the Avatica remote protocol, in protobuf or JSON (a body that starts with {@code {} is
 * JSON; the Avatica client sends {@code application/octet-stream} for both), answered by Avatica's own handlers over
 * a {@link TallyMeta}. Runs on the HTTP server's blocking executors, so it may block. The route is public: when auth
 * is on, a connection authenticates as it opens (connection properties, HTTP Basic or a bearer token; see
 * {@link TallyMeta}), and a request that carries wrong HTTP credentials fails whatever it asks. Every request runs
 * under a query context with the server's timeout and row limit. Owns one daemon thread that closes connections and
 * statements left idle.
 */
public final class AvaticaEndpoint implements Endpoint, AutoCloseable
{
    static final String PROTOBUF_TYPE = "application/octet-stream";
    static final String JSON_TYPE = "application/json; charset=utf-8";
    /** Both schemes: an HTTP client sends Basic credentials or a bearer token only when challenged for them. */
    private static final Map<String, String> CHALLENGE =
        Map.of(HttpHeaderNames.WWW_AUTHENTICATE.toString(), "Basic realm=\"tally\", Bearer realm=\"tally\"");

    private final Authenticator authenticator;
    private final TallyMeta meta;
    private final ProtobufHandler protobuf;
    private final JsonHandler json;
    private final long timeoutMillis;
    private final long maxRows;
    private final long maxGroups;
    private final long maxJoinRows;
    private final ScheduledExecutorService expiry;
    private final AtomicLong requestIds = new AtomicLong();

    private AvaticaEndpoint(final Authenticator authenticator, final TallyMeta meta, final ServerConfig config)
    {
        this.authenticator = authenticator;
        this.meta = meta;
        final MetricsSystem metrics = NoopMetricsSystem.getInstance();
        final LocalService service = new LocalService(meta, metrics);
        this.protobuf = new ProtobufHandler(service, new ProtobufTranslationImpl(), metrics);
        this.json = new JsonHandler(service, metrics);
        this.timeoutMillis = config.queryTimeoutMillis();
        this.maxRows = config.maxRows();
        this.maxGroups = config.maxGroups();
        this.maxJoinRows = config.maxJoinRows();
        final long idleMillis = config.avaticaIdleMillis();
        this.expiry = Executors.newSingleThreadScheduledExecutor(runnable ->
        {
            final Thread thread = new Thread(runnable, "tally-avatica-expiry");
            thread.setDaemon(true);
            return thread;
        });
        // Guava expires lazily, on cache activity: an idle server would otherwise keep abandoned connections open
        final long period = Math.max(50, Math.min(idleMillis / 2, 30_000));
        expiry.scheduleWithFixedDelay(meta::expireIdle, period, period, TimeUnit.MILLISECONDS);
    }

    /** @param querySlots the concurrent-query budget {@code /v1/sql} shares; {@code metrics} counts its queries too. */
    public static AvaticaEndpoint start(final ServerConfig config, final SqlServices sql,
        final Authenticator authenticator, final QuerySlots querySlots, final ServerMetrics metrics)
    {
        try
        {
            return new AvaticaEndpoint(authenticator, new TallyMeta(sql, authenticator, config.avaticaIdleMillis(),
                querySlots, metrics), config);
        }
        catch (final SQLException ex)
        {
            throw new IllegalStateException("cannot create the Avatica meta: " + ex.getMessage(), ex);
        }
    }

    @Override
    public Reply handle(final Request request)
    {
        final byte[] body = request.body();
        final boolean isJson = isJson(body);
        final Caller caller;
        try
        {
            caller = new Caller(httpPrincipal(request.headers().get(HttpHeaderNames.AUTHORIZATION)));
        }
        catch (final Authenticator.AuthenticationException ex)
        {
            return reply(isJson, isJson ? json.convertToErrorResponse(AvaticaErrors.unauthorized(ex.getMessage())) :
                protobuf.convertToErrorResponse(AvaticaErrors.unauthorized(ex.getMessage())));
        }
        Caller.enter(caller);
        ExecutionScope.enter(new QueryContext("jdbc-" + requestIds.incrementAndGet(), timeoutMillis, maxRows,
            maxGroups, maxJoinRows));
        // JDBC clients read results in frames: native results stream into Calcite uncapped, as over HTTP
        ExecutionScope.capsFinalResult();
        try
        {
            final Handler.HandlerResponse<?> response = isJson ?
                json.apply(new String(body, StandardCharsets.UTF_8)) : protobuf.apply(body);
            final Reply reply = reply(isJson, response);
            return caller.isChallenged() ?
                new Reply(HttpResponseStatus.UNAUTHORIZED, reply.contentType(), reply.body(), CHALLENGE) : reply;
        }
        finally
        {
            ExecutionScope.exit();
            Caller.exit();
        }
    }

    private Principal httpPrincipal(final String authorization)
    {
        return authorization == null || authorization.isBlank() ? null : authenticator.authenticate(authorization);
    }

    private static boolean isJson(final byte[] body)
    {
        for (final byte b : body)
        {
            if (!Character.isWhitespace(b))
            {
                return b == '{';
            }
        }
        return false;
    }

    private static Reply reply(final boolean isJson, final Handler.HandlerResponse<?> response)
    {
        final Object answer = response.getResponse();
        final byte[] bytes = isJson ? ((String)answer).getBytes(StandardCharsets.UTF_8) : (byte[])answer;
        return new Reply(HttpResponseStatus.valueOf(response.getStatusCode()), isJson ? JSON_TYPE : PROTOBUF_TYPE,
            bytes, Map.of());
    }

    /** Client connections the server holds open, after closing those left idle past their time. */
    public long openConnections()
    {
        return meta.openConnections();
    }

    @Override
    public void close()
    {
        expiry.shutdownNow();
        meta.closeAll();
    }
}
