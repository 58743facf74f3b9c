package dev.tally.server.http;

import io.netty.handler.codec.http.HttpResponseStatus;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** What an endpoint answers: status, content type, body and extra headers. */
public record Reply(HttpResponseStatus status, String contentType, byte[] body, Map<String, String> headers)
{
    public static final String JSON = "application/json; charset=utf-8";
    public static final String TEXT = "text/plain; charset=utf-8";

    public static Reply json(final HttpResponseStatus status, final byte[] body)
    {
        return new Reply(status, JSON, body, Map.of());
    }

    public static Reply json(final HttpResponseStatus status, final String body)
    {
        return json(status, body.getBytes(StandardCharsets.UTF_8));
    }

    public static Reply empty(final HttpResponseStatus status)
    {
        return new Reply(status, JSON, new byte[0], Map.of());
    }

    public Reply withHeaders(final Map<String, String> extra)
    {
        return new Reply(status, contentType, body, extra);
    }
}
