package dev.tally.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.ingest.testing.Await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** A small HTTP client for a test server: JSON in, status + body + headers out, optional credentials. */
public final class HttpApi
{
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String authorization;

    /** One answer. */
    public record Answer(int status, String body, HttpResponse<String> response)
    {
        public JsonNode json()
        {
            try
            {
                return MAPPER.readTree(body);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("not JSON: " + body, ex);
            }
        }

        public String header(final String name)
        {
            return response.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString()
        {
            return status + " " + body;
        }
    }

    public HttpApi(final int port)
    {
        this(URI.create("http://127.0.0.1:" + port), null);
    }

    private HttpApi(final URI base, final String authorization)
    {
        this.base = base;
        this.authorization = authorization;
    }

    public HttpApi withBasic(final String user, final String password)
    {
        return new HttpApi(base, "Basic " + Base64.getEncoder().encodeToString(
            (user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    public HttpApi withBearer(final String token)
    {
        return new HttpApi(base, "Bearer " + token);
    }

    public Answer get(final String path)
    {
        return send(request(path).GET());
    }

    public Answer delete(final String path)
    {
        return send(request(path).DELETE());
    }

    public Answer post(final String path, final String body)
    {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Answer post(final String path, final byte[] body)
    {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    public Answer put(final String path, final String body)
    {
        return send(request(path).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** {@code POST /v1/sql} with the query as the whole request. */
    public Answer sql(final String query)
    {
        return post("/v1/sql", MAPPER.createObjectNode().put("query", query).toString());
    }

    /** {@code POST /v1/sql} in {@code resultFormat}. */
    public Answer sql(final String query, final String resultFormat)
    {
        return post("/v1/sql", MAPPER.createObjectNode().put("query", query).put("resultFormat", resultFormat)
            .toString());
    }

    /** {@code SELECT COUNT(*) FROM table}, asserting the query succeeds. */
    public long count(final String table)
    {
        final Answer answer = sql("SELECT COUNT(*) FROM " + table, "array");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().get(0).get(0).asLong();
    }

    /** Polls {@link #count} until it reaches {@code expected} or {@code timeout} passes; returns the last count. */
    public long awaitCount(final String table, final long expected, final Duration timeout)
        throws InterruptedException
    {
        return Await.latest(timeout, () -> count(table), count -> count >= expected);
    }

    public Answer send(final HttpRequest.Builder request)
    {
        if (authorization != null)
        {
            request.header("Authorization", authorization);
        }
        try
        {
            final HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    public HttpRequest.Builder request(final String path)
    {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json");
    }
}
