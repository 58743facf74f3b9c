package dev.tally.server.http;

import dev.tally.server.net.Listener;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The Netty HTTP/1.1 server. The pipeline, in order: the refusal of a TLS handshake on this plain port, the codec
 * (bounded request line and headers) between the two halves of the {@link RequestDeadline} (slow clients get 408), an
 * idle timeout for connections that carry nothing while none of their requests runs, request gzip decoding, keep-alive, response gzip, the aggregator (bounded
 * body: 413 past the limit), and the {@link ApiHandler} on a separate executor group so that queries and journal
 * writes never block the event loop. Uses epoll where the platform has it, NIO elsewhere.
 */
public final class HttpServer implements AutoCloseable
{
    public static final int MAX_INITIAL_LINE_BYTES = 16 * 1024;
    public static final int MAX_HEADER_BYTES = 32 * 1024;

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final EventExecutorGroup blocking;
    private final Listener listener;

    private HttpServer(final EventLoopGroup boss, final EventLoopGroup workers, final EventExecutorGroup blocking,
        final Listener listener)
    {
        this.boss = boss;
        this.workers = workers;
        this.blocking = blocking;
        this.listener = listener;
    }

    /** Binds {@code bind:port} (port 0 picks a free one) and serves until closed. */
    /** @param idleTimeoutMillis how long a connection may carry nothing, while none of its requests runs. */
    public static HttpServer start(final String bind, final int port, final int maxRequestBytes,
        final long headerTimeoutMillis, final long bodyTimeoutMillis, final long idleTimeoutMillis,
        final int blockingThreads, final ApiHandler api)
        throws InterruptedException
    {
        final IoHandlerFactory io = Listener.ioHandlerFactory();
        final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, io);
        final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(
            Math.max(1, Runtime.getRuntime().availableProcessors()), io);
        final EventExecutorGroup blocking = new DefaultEventExecutorGroup(blockingThreads);
        final Listener listener = new Listener();
        final ChannelGroup connections = listener.connections();
        try
        {
            listener.bound(new ServerBootstrap()
                .group(boss, workers)
                .channel(Listener.serverChannelType())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>()
                {
                    @Override
                    protected void initChannel(final SocketChannel ch)
                    {
                        connections.add(ch);
                        final RequestDeadline deadline = new RequestDeadline(headerTimeoutMillis, bodyTimeoutMillis);
                        final ChannelPipeline pipeline = ch.pipeline();
                        pipeline.addLast("tls", new TlsRefusal());
                        pipeline.addLast("deadlineBytes", deadline.bytesIn());
                        pipeline.addLast("codec", new HttpServerCodec(MAX_INITIAL_LINE_BYTES, MAX_HEADER_BYTES,
                            64 * 1024));
                        pipeline.addLast("deadline", deadline.messagesIn());
                        pipeline.addLast("idle", new IdleStateHandler(0, 0, idleTimeoutMillis,
                            TimeUnit.MILLISECONDS)
                        {
                            @Override
                            protected void channelIdle(final ChannelHandlerContext ctx, final IdleStateEvent event)
                            {
                                // a running query is not idleness: the check comes round again after it
                                if (!Boolean.TRUE.equals(ctx.channel().attr(ApiHandler.ANSWERING).get()))
                                {
                                    ctx.close();
                                }
                            }
                        });
                        pipeline.addLast("inflate", new HttpContentDecompressor(0));
                        pipeline.addLast("keepAlive", new HttpServerKeepAliveHandler());
                        pipeline.addLast("deflate", new HttpContentCompressor());
                        pipeline.addLast("aggregate", new BoundedAggregator(maxRequestBytes));
                        pipeline.addLast(blocking, "api", api);
                    }
                })
                .bind(new InetSocketAddress(bind, port)).sync().channel());
            return new HttpServer(boss, workers, blocking, listener);
        }
        catch (final InterruptedException | RuntimeException ex)
        {
            shutdown(boss, workers, blocking);
            throw ex;
        }
    }

    public int port()
    {
        return listener.port();
    }

    /** Client connections open now (closed ones leave the count as they close). */
    public int openConnections()
    {
        return listener.openConnections();
    }

    /** Stops accepting, closes every connection, lets their last events run, and frees the threads. */
    @Override
    public void close()
    {
        listener.close();
        shutdown(boss, workers, blocking);
    }

    private static void shutdown(final EventLoopGroup boss, final EventLoopGroup workers,
        final EventExecutorGroup blocking)
    {
        // a closed connection's pipeline is torn down on both its event loop and the blocking group: a short quiet
        // period lets that finish before either group stops taking tasks
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        final var stopping = blocking.shutdownGracefully(100, 5_000, TimeUnit.MILLISECONDS);
        workers.shutdownGracefully(100, 2_000, TimeUnit.MILLISECONDS).syncUninterruptibly();
        stopping.syncUninterruptibly();
    }

    /**
     * An aggregator whose refusals carry DESIGN §6's JSON error body: 413 past the limit, and the answer to
     * {@code Expect} (413 for a {@code 100-continue} whose length is past the limit, 417 for any other expectation),
     * after which the connection closes, since the client may or may not send the body it announced.
     */
    private static final class BoundedAggregator extends HttpObjectAggregator
    {
        private final int maxBytes;

        BoundedAggregator(final int maxBytes)
        {
            super(maxBytes, true);
            this.maxBytes = maxBytes;
        }

        @Override
        protected Object newContinueResponse(final HttpMessage start, final int maxContentLength,
            final ChannelPipeline pipeline)
        {
            final String expectation = start.headers().get(HttpHeaderNames.EXPECT);
            final Object answer = super.newContinueResponse(start, maxContentLength, pipeline);
            if (!(answer instanceof FullHttpResponse refusal) || refusal.status().code() < 400)
            {
                return answer;
            }
            final HttpResponseStatus status = refusal.status();
            refusal.release();
            if (status.code() == HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code())
            {
                return ErrorResponse.closing(status, ApiException.REQUEST_TOO_LARGE, "Content-Length[" +
                    HttpUtil.getContentLength(start, -1L) + "] exceeds the limit of " + maxBytes +
                    " bytes (http.maxRequestBytes); the body was not read");
            }
            return ErrorResponse.closing(status, ApiException.INVALID_REQUEST, "Expect[" + expectation +
                "] is not supported (only 100-continue)");
        }

        @Override
        protected void handleOversizedMessage(final ChannelHandlerContext ctx, final HttpMessage oversized)
        {
            final FullHttpResponse response = ErrorResponse.keepingAlive(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                ApiException.REQUEST_TOO_LARGE, "request body exceeds the limit of " + maxBytes +
                " bytes (http.maxRequestBytes)");
            // as Netty's own aggregator does: a keep-alive request whose body is still arriving keeps its connection
            // (the aggregator drops the rest of the body), so the client reads the answer instead of a reset; any
            // other request gets the answer and then the connection closes
            if (!(oversized instanceof FullHttpMessage) && HttpUtil.isKeepAlive(oversized))
            {
                ctx.writeAndFlush(response);
                return;
            }
            HttpUtil.setKeepAlive(response, false);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
