package dev.tally.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;

/**
 * Answers a TLS handshake sent to the plain-HTTP port (an {@code https://} URL pointed at Tally) with a 400 that says
 * so, then closes; on any other first byte it steps out of the pipeline. Without it the handshake's binary bytes reach
 * the HTTP codec, whose answer then depends on whether a line feed happens to occur in them. Sits before the codec,
 * so it writes its answer as bytes.
 */
final class TlsRefusal extends ChannelInboundHandlerAdapter
{
    /** The first byte of a TLS record carrying a handshake (RFC 8446 §5.1, ContentType.handshake). */
    private static final byte TLS_HANDSHAKE = 0x16;
    private static final byte[] ANSWER = answer();

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg) throws Exception
    {
        if (!(msg instanceof ByteBuf bytes) || !bytes.isReadable())
        {
            super.channelRead(ctx, msg);
            return;
        }
        if (bytes.getByte(bytes.readerIndex()) != TLS_HANDSHAKE)
        {
            ctx.pipeline().remove(this);
            super.channelRead(ctx, msg);
            return;
        }
        ReferenceCountUtil.release(msg);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(ANSWER)).addListener(ChannelFutureListener.CLOSE);
    }

    private static byte[] answer()
    {
        final byte[] body = Json.error(ApiException.INVALID_REQUEST, "a TLS handshake reached the plain-HTTP port: " +
            "Tally serves http://, not https://", ApiException.class.getName());
        final String head = "HTTP/1.1 400 Bad Request\r\nContent-Type: " + Reply.JSON + "\r\nContent-Length: " +
            body.length + "\r\nConnection: close\r\n\r\n";
        final byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        final byte[] answer = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, answer, 0, headBytes.length);
        System.arraycopy(body, 0, answer, headBytes.length, body.length);
        return answer;
    }
}
