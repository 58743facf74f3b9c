package dev.tally.server.pg;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A PostgreSQL client at the byte level, for the bad-input tests: sends what it is told, reads typed messages. */
final class PgRawClient implements AutoCloseable
{
    /** One backend message; {@code type} -1 when the server closed the connection. */
    record Message(int type, byte[] body)
    {
        String text()
        {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** An ErrorResponse's SQLSTATE (field C). */
        String sqlState()
        {
            return field('C');
        }

        String field(final char code)
        {
            int at = 0;
            while (at < body.length && body[at] != 0)
            {
                int end = at + 1;
                while (body[end] != 0)
                {
                    end++;
                }
                if (body[at] == code)
                {
                    return new String(body, at + 1, end - at - 1, StandardCharsets.UTF_8);
                }
                at = end + 1;
            }
            return null;
        }
    }

    final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    PgRawClient(final int port) throws IOException
    {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(15_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    void send(final byte[] bytes) throws IOException
    {
        out.write(bytes);
        out.flush();
    }

    /** A startup message (protocol 3.0) for {@code user}. */
    static byte[] startup(final String user)
    {
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(ByteBuffer.allocate(4).putInt(196608).array());
        for (final String part : new String[]{"user", user, "database", "tally"})
        {
            body.writeBytes(part.getBytes(StandardCharsets.UTF_8));
            body.write(0);
        }
        body.write(0);
        return untyped(body.toByteArray());
    }

    static byte[] untyped(final byte[] body)
    {
        return ByteBuffer.allocate(4 + body.length).putInt(4 + body.length).put(body).array();
    }

    static byte[] typed(final char type, final byte[] body)
    {
        return ByteBuffer.allocate(5 + body.length).put((byte)type).putInt(4 + body.length).put(body).array();
    }

    static byte[] query(final String sql)
    {
        final byte[] text = sql.getBytes(StandardCharsets.UTF_8);
        return typed('Q', ByteBuffer.allocate(text.length + 1).put(text).put((byte)0).array());
    }

    /** Sends a startup message and reads up to ReadyForQuery; the messages read. */
    java.util.List<Message> start(final String user) throws IOException
    {
        send(startup(user));
        return readUntil('Z');
    }

    Message read() throws IOException
    {
        try
        {
            final int type = in.readUnsignedByte();
            final int length = in.readInt();
            final byte[] body = new byte[length - 4];
            in.readFully(body);
            return new Message(type, body);
        }
        catch (final EOFException | java.net.SocketException ex)
        {
            return new Message(-1, new byte[0]);
        }
    }

    /** Messages up to and including one of {@code type}, or up to the connection's end. */
    java.util.List<Message> readUntil(final char type) throws IOException
    {
        final java.util.List<Message> messages = new java.util.ArrayList<>();
        while (true)
        {
            final Message message = read();
            messages.add(message);
            if (message.type() == type || message.type() == -1)
            {
                return messages;
            }
        }
    }

    /** Whether the server closed the connection (reads end) within the socket timeout. */
    boolean isClosedByServer() throws IOException
    {
        try
        {
            while (true)
            {
                if (in.read() < 0)
                {
                    return true;
                }
            }
        }
        catch (final SocketTimeoutException ex)
        {
            return false;
        }
        catch (final java.net.SocketException ex)
        {
            return true;
        }
    }

    @Override
    public void close() throws IOException
    {
        socket.close();
    }
}
