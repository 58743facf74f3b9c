package dev.tally.server.pg;

import dev.tally.server.ServerConfig;
import dev.tally.server.ServerMetrics;
import dev.tally.server.api.QuerySlots;
import dev.tally.server.api.SqlServices;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL wire protocol listener (DESIGN §6), on its own port. The pipeline per connection: the
 * {@link PgFrameDecoder} (bounded messages), then the {@link PgConnection}, which authenticates on the event loop and
 * runs statements on this server's worker threads ({@code http.workerThreads} of them, shared by all connections;
 * each connection's messages run in order on one of them at a time). Owns its event loops and workers.
 */
public final class PgServer implements AutoCloseable
{
    /** The largest message a client may send (a statement or a Bind with its values); PostgreSQL allows 1 GB. */
    public static final int MAX_MESSAGE_BYTES = 16 << 20;
    /** Connections open at once, idle ones included; past it a new one is told so and closed. */
    public static final int MAX_CONNECTIONS = 1_000;

    private final EventLoopGroup boss;
    private final EventLoopGroup loops;
    private final ExecutorService workers;
    private final Channel channel;
    private final ChannelGroup connections;
    private final PgBackends backends;

    private PgServer(final EventLoopGroup boss, final EventLoopGroup loops, final ExecutorService workers,
        final Channel channel, final ChannelGroup connections, final PgBackends backends)
    {
        this.boss = boss;
        this.loops = loops;
        this.workers = workers;
        this.channel = channel;
        this.connections = connections;
        this.backends = backends;
    }

    /** Binds the config's address and {@code pg.port} (0 picks a free one). */
    public static PgServer start(final ServerConfig config, final SqlServices sql, final QuerySlots slots,
        final ServerMetrics metrics) throws InterruptedException
    {
        final boolean isEpoll = Epoll.isAvailable();
        final IoHandlerFactory io = isEpoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        final Class<? extends ServerChannel> channelType =
            isEpoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, io);
        final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, io);
        final ThreadPoolExecutor workers = new ThreadPoolExecutor(config.workerThreads(), config.workerThreads(),
            60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), new DefaultThreadFactory("tally-pg", true));
        workers.allowCoreThreadTimeOut(true);
        final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        final PgBackends backends = new PgBackends();
        final Map<String, ServerConfig.User> users = new HashMap<>();
        config.users().forEach(user -> users.put(user.name(), user));
        final PgContext context = new PgContext(sql, slots, metrics, config, Map.copyOf(users), workers, backends,
            MAX_MESSAGE_BYTES);
        try
        {
            final Channel channel = new ServerBootstrap()
                .group(boss, loops)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>()
                {
                    @Override
                    protected void initChannel(final SocketChannel ch)
                    {
                        final PgFrameDecoder decoder = new PgFrameDecoder(MAX_MESSAGE_BYTES, config.bodyTimeoutMillis());
                        final PgConnection connection = new PgConnection(context, decoder,
                            config.headerTimeoutMillis());
                        if (connections.size() >= MAX_CONNECTIONS)
                        {
                            connection.refuseWhenActive("sorry, too many clients already (at most " +
                                MAX_CONNECTIONS + ")");
                        }
                        connections.add(ch);
                        ch.pipeline().addLast("frames", decoder);
                        ch.pipeline().addLast("connection", connection);
                    }
                })
                .bind(new InetSocketAddress(config.bind(), config.pgPort())).sync().channel();
            return new PgServer(boss, loops, workers, channel, connections, backends);
        }
        catch (final InterruptedException | RuntimeException ex)
        {
            shutdown(boss, loops, workers);
            throw ex;
        }
    }

    public int port()
    {
        return ((InetSocketAddress)channel.localAddress()).getPort();
    }

    /** Client connections open now. */
    public int openConnections()
    {
        return connections.size();
    }

    @Override
    public void close()
    {
        channel.close().syncUninterruptibly();
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        shutdown(boss, loops, workers);
    }

    private static void shutdown(final EventLoopGroup boss, final EventLoopGroup loops, final ExecutorService workers)
    {
        workers.shutdownNow();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
