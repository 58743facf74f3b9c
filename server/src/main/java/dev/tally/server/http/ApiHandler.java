package dev.tally.server.http;

import dev.tally.server.ServerMetrics;
import dev.tally.server.auth.Authenticator;
import dev.tally.server.auth.Principal;
import dev.tally.storage.schema.InvalidTableSpecException;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.AttributeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Dispatches each whole request to its endpoint and writes the reply. Runs on the server's blocking executor group,
 * never on the event loop; each channel stays on one thread, so replies on a keep-alive connection keep their order.
 * Turns every failure into DESIGN §6's JSON error body with its status; only bugs become 500s.
 */
@ChannelHandler.Sharable
public final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest>
{
    /**
     * Set on a connection while one of its requests is being answered, so that the idle timeout never closes a
     * connection whose query is still running (a long query sends and receives nothing until it answers).
     */
    public static final AttributeKey<Boolean> ANSWERING = AttributeKey.valueOf("tally.answering");
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

    private final Routes routes;
    private final Authenticator authenticator;
    private final ServerMetrics metrics;

    public ApiHandler(final Routes routes, final Authenticator authenticator, final ServerMetrics metrics)
    {
        this.routes = routes;
        this.authenticator = authenticator;
        this.metrics = metrics;
    }

    @Override
    protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        ctx.channel().attr(ANSWERING).set(Boolean.TRUE);
        try
        {
            answer(ctx, request);
        }
        finally
        {
            ctx.channel().attr(ANSWERING).set(Boolean.FALSE);
        }
    }

    private void answer(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        final long start = System.nanoTime();
        String routeName = "unmatched";
        Reply reply;
        boolean isBug = false;
        try
        {
            if (!request.decoderResult().isSuccess())
            {
                throw malformed(request.decoderResult().cause());
            }
            checkVersionAndEncoding(request);
            final RequestTarget uri = RequestTarget.parse(request.uri());
            final List<String> path = uri.path();
            final Routes.Match match = routes.match(request.method(), path);
            if (match instanceof Routes.Match.NotFound)
            {
                throw new ApiException(HttpResponseStatus.NOT_FOUND, ApiException.NOT_FOUND,
                    "no endpoint at " + uri.rawPath());
            }
            if (match instanceof Routes.Match.WrongMethod wrong)
            {
                throw new ApiException(HttpResponseStatus.METHOD_NOT_ALLOWED, ApiException.INVALID_REQUEST,
                    request.method() + " is not allowed on " + uri.rawPath() + " (allowed: " +
                    wrong.allowed().stream().map(Object::toString).collect(Collectors.joining(", ")) + ")");
            }
            final Routes.Route route = ((Routes.Match.Found)match).route();
            routeName = route.name();
            final Principal principal = route.isPublic() ? Principal.ANONYMOUS :
                authenticator.authenticate(request.headers().get(HttpHeaderNames.AUTHORIZATION));
            final byte[] body = ByteBufUtil.getBytes(request.content());
            reply = route.endpoint().handle(new Request(request.method(), path, uri.parameters(),
                request.headers(), body, principal, ctx.channel().closeFuture()));
        }
        catch (final Throwable thrown)
        {
            reply = errorReply(thrown);
            isBug = reply.status().code() >= 500;
            if (isScriptAsking(request) && reply.status().equals(HttpResponseStatus.UNAUTHORIZED))
            {
                // a challenge makes the browser open its own login box over the console, which asks for a login itself
                reply = reply.withHeaders(Map.of());
            }
        }
        metrics.onRequest(routeName, reply.status().code(), System.nanoTime() - start);
        write(ctx, request, reply, isBug);
    }

    /**
     * A script that says so (the web console, like many, sends {@code X-Requested-With: XMLHttpRequest}) gets its 401
     * without a {@code WWW-Authenticate} challenge: it asks for credentials in its own page.
     */
    private static boolean isScriptAsking(final FullHttpRequest request)
    {
        return "XMLHttpRequest".equalsIgnoreCase(request.headers().get("X-Requested-With"));
    }

    private static ApiException malformed(final Throwable cause)
    {
        if (cause instanceof TooLongHttpHeaderException)
        {
            return new ApiException(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                ApiException.REQUEST_TOO_LARGE, "request headers exceed " + HttpServer.MAX_HEADER_BYTES + " bytes",
                cause);
        }
        if (cause instanceof TooLongHttpLineException)
        {
            return new ApiException(HttpResponseStatus.REQUEST_URI_TOO_LONG, ApiException.REQUEST_TOO_LARGE,
                "request line exceeds " + HttpServer.MAX_INITIAL_LINE_BYTES + " bytes", cause);
        }
        return new ApiException(HttpResponseStatus.BAD_REQUEST, ApiException.INVALID_REQUEST,
            "malformed HTTP request: " + cause.getMessage(), cause);
    }

    static Reply errorReply(final Throwable thrown)
    {
        if (thrown instanceof ApiException api)
        {
            return Reply.json(api.status(), Json.error(api.category(), api.getMessage(), api.errorClass()));
        }
        if (thrown instanceof Authenticator.AuthenticationException auth)
        {
            return Reply.json(HttpResponseStatus.UNAUTHORIZED, Json.error(ApiException.UNAUTHORIZED,
                    auth.getMessage(), auth.getClass().getName()))
                .withHeaders(Map.of(HttpHeaderNames.WWW_AUTHENTICATE.toString(), "Basic realm=\"tally\""));
        }
        if (thrown instanceof InvalidTableSpecException spec)
        {
            return Reply.json(HttpResponseStatus.BAD_REQUEST, Json.error(ApiException.INVALID_TABLE_SPEC,
                spec.getMessage(), spec.getClass().getName()));
        }
        LOG.error("request failed with a bug", thrown);
        return Reply.json(HttpResponseStatus.INTERNAL_SERVER_ERROR, Json.error(ApiException.UNKNOWN,
            String.valueOf(thrown.getMessage()), thrown.getClass().getName()));
    }

    /**
     * Only HTTP/1.0 and 1.1 are spoken (an HTTP/2 preface or a made-up version is refused, not half-understood), and
     * a body must arrive uncompressed or in a coding the decompressor undid (it leaves any other coding in place).
     */
    private static void checkVersionAndEncoding(final FullHttpRequest request)
    {
        final HttpVersion version = request.protocolVersion();
        if (version.majorVersion() != 1 || version.minorVersion() > 1)
        {
            throw new ApiException(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, ApiException.INVALID_REQUEST,
                version.text() + " is not supported; Tally speaks HTTP/1.1");
        }
        final String encoding = request.headers().get(HttpHeaderNames.CONTENT_ENCODING);
        if (encoding != null && !HttpHeaderValues.IDENTITY.contentEqualsIgnoreCase(encoding.trim()))
        {
            throw new ApiException(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, ApiException.INVALID_REQUEST,
                "Content-Encoding[" + encoding + "] is not supported; send the body as is, or gzip or deflate it");
        }
    }

    /**
     * Writes the reply; the connection stays open unless the client asked otherwise, a request failed with an
     * unexpected error, the codec could not read the request (it drops every later byte on the connection, so a
     * pipelined request after it would wait forever) or the version is not spoken. An endpoint's own 5xx reply keeps
     * it: Avatica answers every error with a 500.
     */
    private static void write(final ChannelHandlerContext ctx, final FullHttpRequest request, final Reply reply,
        final boolean isBug)
    {
        final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, reply.status(),
            Unpooled.wrappedBuffer(reply.body()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
        HttpUtil.setContentLength(response, reply.body().length);
        reply.headers().forEach(response.headers()::set);
        final boolean isKeepAlive = HttpUtil.isKeepAlive(request) && !isBug && request.decoderResult().isSuccess() &&
            !reply.status().equals(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED);
        HttpUtil.setKeepAlive(response, isKeepAlive);
        if (!ctx.channel().isActive())
        {
            response.release();
            return;
        }
        if (isKeepAlive)
        {
            ctx.writeAndFlush(response);
        }
        else
        {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * A body the pipeline could not decode (not gzip though it says so) gets a 400 that says why; then, as after any
     * failure below this handler, the connection closes.
     */
    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        LOG.debug("connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        if (cause instanceof DecoderException && ctx.channel().isActive())
        {
            final Throwable reason = cause.getCause() == null ? cause : cause.getCause();
            ctx.writeAndFlush(ErrorResponse.closing(HttpResponseStatus.BAD_REQUEST, ApiException.INVALID_REQUEST,
                "request body could not be decoded: " + reason.getMessage())).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.close();
    }
}
