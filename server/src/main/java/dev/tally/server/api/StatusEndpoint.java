package dev.tally.server.api;

import dev.tally.server.http.ClasspathFiles;
import dev.tally.server.http.Json;
import dev.tally.server.http.Reply;
import dev.tally.server.http.Request;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * {@code GET /status}: the server's version and memory, in the shape of Druid's {@code /status} (the version probe of
 * Druid clients and Grafana's data source), and {@code GET /status/health}, the load balancer's probe.
 */
public final class StatusEndpoint
{
    public static final String VERSION = ClasspathFiles.property("dev/tally/server/version.properties", "version",
        "unknown");

    private StatusEndpoint()
    {
    }

    public static Reply health(final Request request)
    {
        return Reply.json(HttpResponseStatus.OK, "{\"status\":\"ok\"}");
    }

    public static Reply status(final Request request)
    {
        final Runtime runtime = Runtime.getRuntime();
        final byte[] body = Json.write(json ->
        {
            json.writeStartObject();
            json.writeStringField("version", VERSION);
            json.writeArrayFieldStart("modules");
            json.writeEndArray();
            json.writeObjectFieldStart("memory");
            json.writeNumberField("maxMemory", runtime.maxMemory());
            json.writeNumberField("totalMemory", runtime.totalMemory());
            json.writeNumberField("freeMemory", runtime.freeMemory());
            json.writeNumberField("usedMemory", runtime.totalMemory() - runtime.freeMemory());
            json.writeEndObject();
            json.writeEndObject();
        });
        return Reply.json(HttpResponseStatus.OK, body);
    }
}
