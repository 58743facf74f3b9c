package dev.tally.server.pg;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Cuts the byte stream into {@link PgMessage}s. Before startup completes a message is an int32 length (counting
 * itself) and a body; after, a type byte comes first. A length below 4, or above {@link #MAX_STARTUP_BYTES} before
 * startup and {@code maxMessageBytes} after, is refused before its body is buffered, so a client cannot make the
 * server hold more than one message's cap per connection; a message whose body has not all arrived within
 * {@code bodyTimeoutMillis} of its header ends the connection (08P01), so a trickle cannot hold that buffer forever.
 */
final class PgFrameDecoder extends ByteToMessageDecoder
{
    /** PostgreSQL's own cap on a startup packet. */
    static final int MAX_STARTUP_BYTES = 10_000;

    private final int maxMessageBytes;
    private final long bodyTimeoutMillis;
    private volatile boolean isStarted;
    /** The check that the message now arriving is complete in time; null between messages. */
    private ScheduledFuture<?> arrival;

    PgFrameDecoder(final int maxMessageBytes, final long bodyTimeoutMillis)
    {
        this.maxMessageBytes = maxMessageBytes;
        this.bodyTimeoutMillis = bodyTimeoutMillis;
    }

    /** Called once authentication begins: from now on messages carry a type byte. */
    void onStarted()
    {
        isStarted = true;
    }

    @Override
    public void handlerRemoved0(final ChannelHandlerContext ctx)
    {
        if (arrival != null)
        {
            arrival.cancel(false);
        }
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
            if (arrival == null)
            {
                arrival = ctx.executor().schedule(() -> ctx.fireExceptionCaught(new PgException(
                    PgException.PROTOCOL_VIOLATION, "message '" + (isStarted ? (char)type : "startup") + "' of " +
                    length + " bytes did not arrive within " + bodyTimeoutMillis + " ms", 0, true)),
                    bodyTimeoutMillis, TimeUnit.MILLISECONDS);
            }
            return;
        }
        if (arrival != null)
        {
            arrival.cancel(false);
            arrival = null;
        }
        in.skipBytes(header);
        final byte[] body = new byte[length - 4];
        in.readBytes(body);
        out.add(new PgMessage(type, body));
    }
}
