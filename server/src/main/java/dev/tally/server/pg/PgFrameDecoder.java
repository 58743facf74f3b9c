package dev.tally.server.pg;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Cuts the byte stream into {@link PgMessage}s. Before startup completes a message is an int32 length (counting
 * itself) and a body; after, a type byte comes first. A length below 4, or above {@link #MAX_STARTUP_BYTES} before
 * startup and {@code maxMessageBytes} after, is refused before its body is buffered, so a client cannot make the
 * server hold more than one message's cap per connection.
 */
final class PgFrameDecoder extends ByteToMessageDecoder
{
    /** PostgreSQL's own cap on a startup packet. */
    static final int MAX_STARTUP_BYTES = 10_000;

    private final int maxMessageBytes;
    private volatile boolean isStarted;

    PgFrameDecoder(final int maxMessageBytes)
    {
        this.maxMessageBytes = maxMessageBytes;
    }

    /** Called once authentication begins: from now on messages carry a type byte. */
    void onStarted()
    {
        isStarted = true;
    }

    @Override
    protected void decode(final ChannelHandlerContext ctx, final ByteBuf in, final List<Object> out)
    {
        final int header = isStarted ? 5 : 4;
        if (in.readableBytes() < header)
        {
            return;
        }
        final int start = in.readerIndex();
        final byte type = isStarted ? in.getByte(start) : PgMessage.STARTUP;
        final int length = in.getInt(start + header - 4);
        final int cap = isStarted ? maxMessageBytes : MAX_STARTUP_BYTES;
        if (length < 4 || length > cap)
        {
            in.skipBytes(in.readableBytes());
            throw new PgException(length < 4 ? PgException.PROTOCOL_VIOLATION : PgException.PROGRAM_LIMIT_EXCEEDED,
                "invalid message length " + length + " for message '" + (isStarted ? (char)type : "startup") +
                "' (at most " + cap + " bytes)", 0, true);
        }
        if (in.readableBytes() < header - 4 + length)
        {
            return;
        }
        in.skipBytes(header);
        final byte[] body = new byte[length - 4];
        in.readBytes(body);
        out.add(new PgMessage(type, body));
    }
}
