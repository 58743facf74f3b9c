package dev.tally.server.pg;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes backend messages of protocol 3.0 into one connection's output buffer. Every message is a type byte, an int32
 * length that counts itself and the body, then the body; {@link #begin} reserves the length and {@link #end} fills it
 * in, so a row is encoded straight into the buffer with no copy and no per-row object. Not thread-safe: one writer per
 * connection, used by whichever thread runs that connection's statements.
 */
final class PgWriter
{
    static final byte AUTHENTICATION = 'R';
    static final byte PARAMETER_STATUS = 'S';
    static final byte BACKEND_KEY_DATA = 'K';
    static final byte READY_FOR_QUERY = 'Z';
    static final byte ROW_DESCRIPTION = 'T';
    static final byte DATA_ROW = 'D';
    static final byte COMMAND_COMPLETE = 'C';
    static final byte ERROR_RESPONSE = 'E';
    static final byte NOTICE_RESPONSE = 'N';
    static final byte PARSE_COMPLETE = '1';
    static final byte BIND_COMPLETE = '2';
    static final byte CLOSE_COMPLETE = '3';
    static final byte NO_DATA = 'n';
    static final byte PORTAL_SUSPENDED = 's';
    static final byte PARAMETER_DESCRIPTION = 't';
    static final byte EMPTY_QUERY_RESPONSE = 'I';

    static final int AUTH_OK = 0;
    static final int AUTH_SASL = 10;
    static final int AUTH_SASL_CONTINUE = 11;
    static final int AUTH_SASL_FINAL = 12;

    private ByteBuf out;
    private int lengthAt;

    /** Starts writing into {@code buffer}; the caller sends and releases it. */
    void target(final ByteBuf buffer)
    {
        out = buffer;
    }

    ByteBuf buffer()
    {
        return out;
    }

    void begin(final byte type)
    {
        out.writeByte(type);
        lengthAt = out.writerIndex();
        out.writeInt(0);
    }

    void end()
    {
        out.setInt(lengthAt, out.writerIndex() - lengthAt);
    }

    void authentication(final int code, final byte[] data)
    {
        begin(AUTHENTICATION);
        out.writeInt(code);
        if (data != null)
        {
            out.writeBytes(data);
        }
        end();
    }

    void parameterStatus(final String name, final String value)
    {
        begin(PARAMETER_STATUS);
        cstring(name);
        cstring(value);
        end();
    }

    void backendKeyData(final int processId, final int secret)
    {
        begin(BACKEND_KEY_DATA);
        out.writeInt(processId);
        out.writeInt(secret);
        end();
    }

    /** @param status 'I' idle, 'T' in a transaction block, 'E' in a failed one. */
    void readyForQuery(final byte status)
    {
        begin(READY_FOR_QUERY);
        out.writeByte(status);
        end();
    }

    void empty(final byte type)
    {
        begin(type);
        end();
    }

    void commandComplete(final String tag)
    {
        begin(COMMAND_COMPLETE);
        cstring(tag);
        end();
    }

    void rowDescription(final List<String> names, final List<PgType> types, final short[] formats)
    {
        begin(ROW_DESCRIPTION);
        out.writeShort(names.size());
        for (int c = 0; c < names.size(); c++)
        {
            final PgType type = types.get(c);
            cstring(names.get(c));
            out.writeInt(0); // table OID: not a table column
            out.writeShort(0); // attribute number
            out.writeInt(type.oid);
            out.writeShort(type.size);
            out.writeInt(-1); // type modifier
            out.writeShort(formats[c]);
        }
        end();
    }

    void parameterDescription(final List<PgType> types)
    {
        begin(PARAMETER_DESCRIPTION);
        out.writeShort(types.size());
        for (final PgType type : types)
        {
            out.writeInt(type.oid);
        }
        end();
    }

    /** One row; {@code formats[c]} is 0 for text, 1 for binary. */
    void dataRow(final Object[] row, final List<PgType> types, final short[] formats)
    {
        begin(DATA_ROW);
        out.writeShort(row.length);
        for (int c = 0; c < row.length; c++)
        {
            final Object value = row[c];
            if (value == null)
            {
                out.writeInt(-1);
                continue;
            }
            final int at = out.writerIndex();
            out.writeInt(0);
            final PgType type = types.get(c);
            if (formats[c] == 1 && type.hasBinary())
            {
                type.writeBinary(value, out);
            }
            else
            {
                out.writeCharSequence(type.text(value), StandardCharsets.UTF_8);
            }
            out.setInt(at, out.writerIndex() - at - 4);
        }
        end();
    }

    /** An ErrorResponse (or, with {@link #NOTICE_RESPONSE}, a notice) with PostgreSQL's fields. */
    void error(final byte type, final String severity, final String sqlState, final String message,
        final int position)
    {
        begin(type);
        out.writeByte('S');
        cstring(severity);
        out.writeByte('V');
        cstring(severity);
        out.writeByte('C');
        cstring(sqlState);
        out.writeByte('M');
        cstring(message);
        if (position > 0)
        {
            out.writeByte('P');
            cstring(Integer.toString(position));
        }
        out.writeByte(0);
        end();
    }

    private void cstring(final String text)
    {
        // a NUL inside would end the string early on the client: PostgreSQL's strings cannot hold one either
        out.writeCharSequence(text.indexOf('\0') < 0 ? text : text.replace('\0', ' '), StandardCharsets.UTF_8);
        out.writeByte(0);
    }
}
