package dev.tally.server.http;

import dev.tally.server.auth.Principal;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.concurrent.Future;

import java.util.List;
import java.util.Map;

/**
 * One HTTP request as the endpoints see it: its method, decoded path segments, query parameters, headers, whole body
 * (a copy, safe to keep after the Netty buffer is released), the authenticated principal, and a future that completes
 * when the client's connection closes (so long work can stop when nobody waits for it).
 */
public record Request(HttpMethod method, List<String> path, Map<String, List<String>> parameters,
    HttpHeaders headers, byte[] body, Principal principal, Future<Void> closeFuture)
{
    public String segment(final int index)
    {
        return path.get(index);
    }

    public String parameter(final String name)
    {
        final List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
