package dev.tally.server.pg;

import java.nio.charset.StandardCharsets;

/**
 * One frontend message: its type byte ({@link #STARTUP} for the untyped messages before startup completes: startup,
 * SSLRequest, GSSENCRequest, CancelRequest) and its body, with a cursor for reading the body's fields in order.
 */
final class PgMessage
{
    static final byte STARTUP = 0;
    static final byte QUERY = 'Q';
    static final byte PARSE = 'P';
    static final byte BIND = 'B';
    static final byte DESCRIBE = 'D';
    static final byte EXECUTE = 'E';
    static final byte SYNC = 'S';
    static final byte CLOSE = 'C';
    static final byte FLUSH = 'H';
    static final byte TERMINATE = 'X';
    static final byte PASSWORD = 'p';

    final byte type;
    private final byte[] body;
    private int at;

    PgMessage(final byte type, final byte[] body)
    {
        this.type = type;
        this.body = body;
    }

    int length()
    {
        return body.length;
    }

    int remaining()
    {
        return body.length - at;
    }

    byte readByte()
    {
        need(1);
        return body[at++];
    }

    short readShort()
    {
        need(2);
        final short value = (short)((body[at] & 0xFF) << 8 | body[at + 1] & 0xFF);
        at += 2;
        return value;
    }

    int readInt()
    {
        need(4);
        final int value = (body[at] & 0xFF) << 24 | (body[at + 1] & 0xFF) << 16 | (body[at + 2] & 0xFF) << 8 |
            body[at + 3] & 0xFF;
        at += 4;
        return value;
    }

    byte[] readBytes(final int count)
    {
        if (count < 0)
        {
            throw truncated();
        }
        need(count);
        final byte[] bytes = java.util.Arrays.copyOfRange(body, at, at + count);
        at += count;
        return bytes;
    }

    /** A NUL-terminated UTF-8 string. */
    String readCString()
    {
        for (int end = at; end < body.length; end++)
        {
            if (body[end] == 0)
            {
                final String text = new String(body, at, end - at, StandardCharsets.UTF_8);
                at = end + 1;
                return text;
            }
        }
        throw new PgException(PgException.PROTOCOL_VIOLATION, "invalid message format: a string in message '" +
            name() + "' is not terminated", 0, true);
    }

    private void need(final int count)
    {
        if (body.length - at < count)
        {
            throw truncated();
        }
    }

    private PgException truncated()
    {
        return new PgException(PgException.PROTOCOL_VIOLATION, "invalid message format: message '" + name() +
            "' is shorter than its fields", 0, true);
    }

    String name()
    {
        return type == STARTUP ? "startup" : String.valueOf((char)type);
    }
}
