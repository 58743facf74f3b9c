package dev.tally.server.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP/1.1 client that sends exactly the bytes it is given: a raw request target (so {@code ..}, {@code %2F},
 * backslashes and NULs reach the server as written, which {@link java.net.http.HttpClient} would refuse or
 * normalize) and any {@code Authorization} header, malformed ones included. One connection per request
 * ({@code Connection: close}), its answer read to the end of the stream whatever its framing (unlike {@link RawHttp},
 * which holds one connection open for malformed bytes); counts the requests it sent.
 */
final class OneShotHttp
{
    private final int port;
    private final AtomicLong sent = new AtomicLong();

    /** One answer: status, headers (names lower-cased) and body. */
    record Answer(int status, Map<String, String> headers, String body)
    {
        String header(final String name)
        {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        @Override
        public String toString()
        {
            return status + " " + (body.length() > 2_000 ? body.substring(0, 2_000) + "..." : body);
        }
    }

    OneShotHttp(final int port)
    {
        this.port = port;
    }

    long sent()
    {
        return sent.get();
    }

    /**
     * @param target        the request target as sent, e.g. {@code /v1/tables/..%2F..%2Fetc}.
     * @param authorization the {@code Authorization} header's value as sent, or null for none.
     */
    Answer send(final String method, final String target, final String authorization, final String body)
    {
        final byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        final StringBuilder head = new StringBuilder()
            .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
            .append("Host: 127.0.0.1\r\n")
            .append("Connection: close\r\n")
            .append("Content-Type: application/json\r\n")
            .append("Content-Length: ").append(content.length).append("\r\n");
        if (authorization != null)
        {
            head.append("Authorization: ").append(authorization).append("\r\n");
        }
        head.append("\r\n");
        sent.incrementAndGet();
        try (Socket socket = new Socket("127.0.0.1", port))
        {
            socket.setSoTimeout(60_000);
            final OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            out.write(content);
            out.flush();
            return parse(readAll(socket.getInputStream()));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(method + " " + target + " failed", ex);
        }
    }

    private static byte[] readAll(final InputStream in) throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final byte[] buffer = new byte[8192];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer))
        {
            bytes.write(buffer, 0, n);
        }
        return bytes.toByteArray();
    }

    private static Answer parse(final byte[] response)
    {
        final String text = new String(response, StandardCharsets.UTF_8);
        final int end = text.indexOf("\r\n\r\n");
        if (end < 0)
        {
            throw new AssertionError("not an HTTP response: " + text);
        }
        final String[] lines = text.substring(0, end).split("\r\n");
        final int status = Integer.parseInt(lines[0].split(" ")[1]);
        final Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++)
        {
            final int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                lines[i].substring(colon + 1).trim());
        }
        return new Answer(status, headers, text.substring(end + 4));
    }
}
