package dev.tally.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * Slow-client protection for one connection: a request's head must arrive within {@code http.headerTimeoutMillis}
 * of its first byte (of the connection, for the first request) and its body within {@code http.bodyTimeoutMillis} of
 * the head, or the client gets 408 with the JSON error and the connection closes. Without it a client that trickles
 * a byte now and then (slowloris) holds a connection and its buffers for as long as it likes.
 * <p>
 * A body that keeps arriving at {@link #FAIR_BODY_BYTES_PER_SECOND} or better earns one more second per that many
 * bytes, so a big upload over a slow link is not cut, while a trickled body gains next to nothing. A new connection
 * that sends nothing is closed without an answer (a browser's speculative connection must not show an error), and so
 * is a request the pipeline already refused (413, 417) whose body never ends. A keep-alive connection idle between
 * requests is the idle handler's business, not this one's.
 * <p>
 * Two handlers share the state: {@link #bytesIn()} sits before the HTTP codec and sees a request's first byte;
 * {@link #messagesIn()} sits right after it and sees heads, body parts and answers. Both run on the channel's event
 * loop, which owns every field.
 */
final class RequestDeadline
{
    /** The upload rate that earns a body more time than {@code http.bodyTimeoutMillis}. */
    static final long FAIR_BODY_BYTES_PER_SECOND = 64 * 1024;

    private enum Phase
    {
        /** Connected, no byte yet. */
        NEW,
        /** Between requests. */
        IDLE,
        /** Some of a request's head has arrived. */
        HEAD,
        /** The head has arrived, the body has not ended. */
        BODY
    }

    private final long headerTimeoutMillis;
    private final long bodyTimeoutMillis;
    private ChannelHandlerContext answerContext;
    private Phase phase = Phase.NEW;
    private ScheduledFuture<?> timer;
    private long bodyStartNanos;
    private long bodyBytes;
    private long requestsCompleted;
    private long finalAnswers;

    RequestDeadline(final long headerTimeoutMillis, final long bodyTimeoutMillis)
    {
        this.headerTimeoutMillis = headerTimeoutMillis;
        this.bodyTimeoutMillis = bodyTimeoutMillis;
    }

    /** The handler before the codec: starts the head's clock when a connection opens or a new request begins. */
    ChannelHandler bytesIn()
    {
        return new ChannelInboundHandlerAdapter()
        {
            @Override
            public void channelActive(final ChannelHandlerContext ctx) throws Exception
            {
                arm(headerTimeoutMillis);
                super.channelActive(ctx);
            }

            @Override
            public void channelRead(final ChannelHandlerContext ctx, final Object msg) throws Exception
            {
                if (msg instanceof ByteBuf bytes && bytes.isReadable())
                {
                    if (phase == Phase.NEW)
                    {
                        // the connection's clock keeps running: the first head is due headerTimeoutMillis after connect
                        phase = Phase.HEAD;
                    }
                    else if (phase == Phase.IDLE)
                    {
                        phase = Phase.HEAD;
                        arm(headerTimeoutMillis);
                    }
                }
                super.channelRead(ctx, msg);
            }
        };
    }

    /** The handler after the codec: moves from head to body to done, and counts the answers that went out. */
    ChannelHandler messagesIn()
    {
        return new ChannelDuplexHandler()
        {
            @Override
            public void handlerAdded(final ChannelHandlerContext ctx)
            {
                answerContext = ctx;
            }

            @Override
            public void channelRead(final ChannelHandlerContext ctx, final Object msg) throws Exception
            {
                if (msg instanceof HttpRequest)
                {
                    phase = Phase.BODY;
                    bodyStartNanos = System.nanoTime();
                    bodyBytes = 0;
                    if (!(msg instanceof LastHttpContent))
                    {
                        arm(bodyTimeoutMillis);
                    }
                }
                if (msg instanceof HttpContent content)
                {
                    bodyBytes += content.content().readableBytes();
                }
                if (msg instanceof LastHttpContent)
                {
                    phase = Phase.IDLE;
                    requestsCompleted++;
                    disarm();
                }
                super.channelRead(ctx, msg);
            }

            @Override
            public void write(final ChannelHandlerContext ctx, final Object msg, final ChannelPromise promise)
                throws Exception
            {
                if (msg instanceof HttpResponse response && response.status().code() >= 200)
                {
                    finalAnswers++;
                }
                super.write(ctx, msg, promise);
            }

            @Override
            public void channelInactive(final ChannelHandlerContext ctx) throws Exception
            {
                disarm();
                super.channelInactive(ctx);
            }
        };
    }

    private void arm(final long millis)
    {
        disarm();
        timer = answerContext.executor().schedule(this::onDeadline, millis, TimeUnit.MILLISECONDS);
    }

    private void disarm()
    {
        if (timer != null)
        {
            timer.cancel(false);
            timer = null;
        }
    }

    private void onDeadline()
    {
        timer = null;
        final ChannelHandlerContext ctx = answerContext;
        if (!ctx.channel().isActive())
        {
            return;
        }
        switch (phase)
        {
            case NEW -> ctx.close();
            case HEAD -> refuse(ctx, "the request head (request line and headers) did not arrive within " +
                headerTimeoutMillis + " ms (http.headerTimeoutMillis)");
            case BODY -> onBodyDeadline(ctx);
            case IDLE ->
            {
                // the request completed as the timer fired
            }
        }
    }

    private void onBodyDeadline(final ChannelHandlerContext ctx)
    {
        if (finalAnswers > requestsCompleted)
        {
            // already answered (413, 417) while its body kept coming: nothing more to say
            ctx.close();
            return;
        }
        final long earnedMillis = bodyBytes * 1_000 / FAIR_BODY_BYTES_PER_SECOND;
        final long remainingMillis = bodyTimeoutMillis + earnedMillis -
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - bodyStartNanos);
        if (remainingMillis > 0)
        {
            timer = ctx.executor().schedule(this::onDeadline, remainingMillis, TimeUnit.MILLISECONDS);
            return;
        }
        refuse(ctx, "the request body did not arrive within " + (bodyTimeoutMillis + earnedMillis) +
            " ms of its head (http.bodyTimeoutMillis, plus 1 s per " + FAIR_BODY_BYTES_PER_SECOND +
            " bytes received); " + bodyBytes + " bytes arrived");
    }

    private static void refuse(final ChannelHandlerContext ctx, final String message)
    {
        ctx.writeAndFlush(ErrorResponse.closing(HttpResponseStatus.REQUEST_TIMEOUT, ApiException.REQUEST_TIMEOUT,
            message)).addListener(ChannelFutureListener.CLOSE);
    }
}
