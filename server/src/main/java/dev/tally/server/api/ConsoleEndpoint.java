package dev.tally.server.api;

import dev.tally.server.http.ClasspathFiles;
import dev.tally.server.http.Reply;
import dev.tally.server.http.Request;
import dev.tally.server.http.Routes;
import io.netty.handler.codec.http.HttpMethod;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The web console (DESIGN §6): {@code GET /} answers its page, {@code /console/...} its scripts and styles (class-path
 * {@code console/}), {@code /console/vendor/{file}} the chart library from its WebJar. The files are public, as a
 * login page must be: they hold no data, and every call they make to the API carries the user's credentials.
 * Everything else in the console is client code over the public API.
 */
public final class ConsoleEndpoint
{
    /** The WebJar directory the chart library is served from ({@code org.webjars.npm:uplot}). */
    private static final String UPLOT = "META-INF/resources/webjars/uplot/" +
        ClasspathFiles.property("META-INF/maven/org.webjars.npm/uplot/pom.properties", "version", "missing") + "/dist";
    /**
     * The page loads only its own scripts and styles and talks only to its own server; uPlot sets inline styles.
     * Framing is refused, so no other site can wrap the console to capture a login.
     */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    private final ClasspathFiles files = new ClasspathFiles("console", "no-cache");
    private final ClasspathFiles vendor = new ClasspathFiles(UPLOT, "no-cache");

    /** Adds the console's routes, all public and GET. */
    public Routes addTo(final Routes routes)
    {
        return routes
            .addPublic(HttpMethod.GET, "/", this::page)
            .addPublic(HttpMethod.GET, "/console/{}", request -> files.answer(request, tail(request, 1)))
            .addPublic(HttpMethod.GET, "/console/{}/{}", request -> files.answer(request, tail(request, 1)))
            .addPublic(HttpMethod.GET, "/console/vendor/{}", request -> vendor.answer(request, tail(request, 2)));
    }

    private Reply page(final Request request)
    {
        final Reply reply = files.answer(request, List.of("index.html"));
        final Map<String, String> headers = new HashMap<>(reply.headers());
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.put("Referrer-Policy", "no-referrer");
        return reply.withHeaders(headers);
    }

    private static List<String> tail(final Request request, final int from)
    {
        return request.path().subList(from, request.path().size());
    }
}
