package dev.tally.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * JSON in and out of request and reply bodies (a cold path: trees in, a streaming generator out). A request naming
 * the same field twice is refused rather than silently taking the last value: the client meant one of them.
 */
public final class Json
{
    public static final ObjectMapper MAPPER = JsonMapper.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    /** Writes one JSON document. */
    @FunctionalInterface
    public interface Writer
    {
        void write(JsonGenerator json) throws IOException;
    }

    private Json()
    {
    }

    /**
     * Parses a request body as a JSON object.
     *
     * @throws ApiException 400 naming the problem when the body is empty, not JSON, or not an object.
     */
    public static JsonNode parseObject(final byte[] body, final String what)
    {
        if (body.length == 0)
        {
            throw ApiException.badRequest(what + ": empty request body, expected a JSON object");
        }
        final JsonNode node;
        try
        {
            node = MAPPER.readTree(body);
        }
        catch (final IOException ex)
        {
            throw new ApiException(io.netty.handler.codec.http.HttpResponseStatus.BAD_REQUEST,
                ApiException.INVALID_REQUEST, what + ": invalid JSON: " + firstLine(ex.getMessage()), ex);
        }
        if (node == null || !node.isObject())
        {
            throw ApiException.badRequest(what + ": expected a JSON object");
        }
        return node;
    }

    public static byte[] write(final Writer writer)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        write(out, writer);
        return out.toByteArray();
    }

    public static void write(final OutputStream out, final Writer writer)
    {
        try (JsonGenerator json = FACTORY.createGenerator(out))
        {
            writer.write(json);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    public static byte[] write(final JsonNode node)
    {
        try
        {
            return MAPPER.writeValueAsBytes(node);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** DESIGN §6's error body. */
    public static byte[] error(final String category, final String message, final String errorClass)
    {
        return write(json ->
        {
            json.writeStartObject();
            json.writeStringField("error", category);
            json.writeStringField("errorMessage", message);
            json.writeStringField("errorClass", errorClass);
            json.writeEndObject();
        });
    }

    private static String firstLine(final String message)
    {
        if (message == null)
        {
            return "unreadable";
        }
        final int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
