package dev.tally.server.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * DESIGN §6's JSON error as a whole response, for the pipeline's own refusals (a request too large, too slow,
 * undecodable), which happen below the {@link ApiHandler} and so never become a {@link Reply}.
 */
final class ErrorResponse
{
    private ErrorResponse()
    {
    }

    /** The error, marked {@code Connection: close}: the caller closes the connection once it is written. */
    static FullHttpResponse closing(final HttpResponseStatus status, final String category, final String message)
    {
        final FullHttpResponse response = keepingAlive(status, category, message);
        HttpUtil.setKeepAlive(response, false);
        return response;
    }

    static FullHttpResponse keepingAlive(final HttpResponseStatus status, final String category, final String message)
    {
        final byte[] body = Json.error(category, message, ApiException.class.getName());
        final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
            Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, Reply.JSON);
        HttpUtil.setContentLength(response, body.length);
        return response;
    }
}
