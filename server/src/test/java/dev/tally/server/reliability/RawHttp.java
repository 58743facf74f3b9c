package dev.tally.server.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One raw TCP connection to a test server, for bytes no HTTP client would send: write anything (at once, or one byte
 * at a time or endlessly from a background thread while the test reads), read back whole HTTP responses, and see
 * whether the server closed the connection. Owns its socket and a writing thread; {@link #close()} stops both.
 */
final class RawHttp implements AutoCloseable
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(runnable ->
    {
        final Thread thread = new Thread(runnable, "raw-http-writer");
        thread.setDaemon(true);
        return thread;
    });

    /** One response as it came off the wire. */
    record Response(int status, Map<String, String> headers, String body)
    {
        JsonNode json()
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

        String header(final String name)
        {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        @Override
        public String toString()
        {
            return status + " " + headers + " " + body;
        }
    }

    private RawHttp(final Socket socket) throws IOException
    {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static RawHttp open(final int port)
    {
        try
        {
            final Socket socket = new Socket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            return new RawHttp(socket);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    RawHttp send(final String text)
    {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Writes {@code bytes}; a server that already closed the connection is not an error here (reads tell). */
    RawHttp send(final byte[] bytes)
    {
        try
        {
            out.write(bytes);
            out.flush();
        }
        catch (final IOException ex)
        {
            // the server closed: what it answered before is still to be read
        }
        return this;
    }

    /**
     * Writes {@code bytes} one at a time, {@code gap} apart, on a background scheduler, then, if {@code isEndless},
     * starts over, until the server closes the connection or {@link #close()}.
     */
    RawHttp trickle(final byte[] bytes, final Duration gap, final boolean isEndless)
    {
        final AtomicLong next = new AtomicLong();
        writer.scheduleWithFixedDelay(() ->
        {
            final long index = next.getAndIncrement();
            if (!isEndless && index >= bytes.length || !write(bytes, (int)(index % bytes.length), 1))
            {
                writer.shutdown();
            }
        }, 0, gap.toNanos(), TimeUnit.NANOSECONDS);
        return this;
    }

    /** Writes {@code unit} over and over as fast as the server takes it, on a background thread (a bomb). */
    RawHttp flood(final byte[] unit)
    {
        writer.execute(() ->
        {
            while (!Thread.currentThread().isInterrupted() && write(unit, 0, unit.length))
            {
                // the next unit
            }
        });
        return this;
    }

    /** False once the server refuses bytes: it hung up, which is what the test waits for. */
    private boolean write(final byte[] bytes, final int from, final int length)
    {
        try
        {
            out.write(bytes, from, length);
            out.flush();
            return true;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    /** Shuts the sending half: the server reads end-of-stream while the connection can still carry its answer. */
    RawHttp halfClose()
    {
        try
        {
            socket.shutdownOutput();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return this;
    }

    /**
     * Reads one whole response (status line, headers, a {@code Content-Length} body) within {@code timeout}; null
     * if the server closed the connection (or reset it) before sending any byte of one.
     *
     * @throws AssertionError if no whole response and no close came within {@code timeout}.
     */
    Response read(final Duration timeout)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        final String statusLine = line(deadline);
        if (statusLine == null)
        {
            return null;
        }
        final String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/"))
        {
            throw new AssertionError("not an HTTP status line: " + statusLine);
        }
        final Map<String, String> headers = new LinkedHashMap<>();
        for (String header = line(deadline); header != null && !header.isEmpty(); header = line(deadline))
        {
            final int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
        }
        final int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        final byte[] body = new byte[length];
        for (int read = 0; read < length; )
        {
            final int n = readSome(body, read, length - read, deadline);
            if (n < 0)
            {
                throw new AssertionError("connection closed inside a response body: " + statusLine + " " + headers);
            }
            read += n;
        }
        return new Response(Integer.parseInt(parts[1]), headers, new String(body, StandardCharsets.UTF_8));
    }

    /**
     * Reads (and drops) whatever the server still sends until it closes the connection; true if it did within
     * {@code timeout}. A reset counts as closed.
     */
    boolean awaitClosed(final Duration timeout)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        final byte[] drop = new byte[8192];
        while (System.nanoTime() - deadline < 0)
        {
            try
            {
                socket.setSoTimeout(remainingMillis(deadline));
                if (in.read(drop) < 0)
                {
                    return true;
                }
            }
            catch (final SocketTimeoutException ex)
            {
                return false;
            }
            catch (final SocketException ex)
            {
                return true;
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
        return false;
    }

    @Override
    public void close()
    {
        writer.shutdownNow();
        try
        {
            socket.close();
            if (!writer.awaitTermination(10, TimeUnit.SECONDS))
            {
                throw new IllegalStateException("the writing thread did not stop");
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** One CRLF-terminated line, or null at end of stream (or a reset) before its first byte. */
    private String line(final long deadline)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final byte[] one = new byte[1];
        while (true)
        {
            final int n = readSome(one, 0, 1, deadline);
            if (n < 0)
            {
                if (bytes.size() == 0)
                {
                    return null;
                }
                throw new AssertionError("connection closed inside a line: " + bytes);
            }
            if (one[0] == '\n')
            {
                final String text = bytes.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            bytes.write(one[0]);
        }
    }

    /** Bytes read, or -1 at end of stream or on a reset. */
    private int readSome(final byte[] into, final int offset, final int length, final long deadline)
    {
        try
        {
            socket.setSoTimeout(remainingMillis(deadline));
            return in.read(into, offset, length);
        }
        catch (final SocketTimeoutException ex)
        {
            throw new AssertionError("no answer and no close within the deadline", ex);
        }
        catch (final SocketException ex)
        {
            return -1;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static int remainingMillis(final long deadline)
    {
        return (int)Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
    }
}
