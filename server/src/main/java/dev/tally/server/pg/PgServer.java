package dev.tally.server.pg;

import dev.tally.server.ServerConfig;
import dev.tally.server.ServerMetrics;
import dev.tally.server.api.QuerySlots;
import dev.tally.server.api.SqlServices;
import dev.tally.server.net.Listener;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

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
    private final Listener listener;

    private PgServer(final EventLoopGroup boss, final EventLoopGroup loops, final ExecutorService workers,
        final Listener listener)
    {
        this.boss = boss;
        this.loops = loops;
        this.workers = workers;
        this.listener = listener;
    }

    /** Binds the config's address and {@code pg.port} (0 picks a free one). */
    public static PgServer start(final ServerConfig config, final SqlServices sql, final QuerySlots slots,
        final ServerMetrics metrics) throws InterruptedException
    {
        final IoHandlerFactory io = Listener.ioHandlerFactory();
        final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, io);
        final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, io);
        final ThreadPoolExecutor workers = new ThreadPoolExecutor(config.workerThreads(), config.workerThreads(),
            60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), new DefaultThreadFactory("tally-pg", true));
        workers.allowCoreThreadTimeOut(true);
        final Listener listener = new Listener();
        final ChannelGroup connections = listener.connections();
        final PgBackends backends = new PgBackends();
        final Map<String, ServerConfig.User> users = new HashMap<>();
        config.users().forEach(user -> users.put(user.name(), user));
        final PgContext context = new PgContext(sql, slots, metrics, config, Map.copyOf(users), workers, backends,
            MAX_MESSAGE_BYTES);
        try
        {
            listener.bound(new ServerBootstrap()
                .group(boss, loops)
                .channel(Listener.serverChannelType())
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
                .bind(new InetSocketAddress(config.bind(), config.pgPort())).sync().channel());
            return new PgServer(boss, loops, workers, listener);
        }
        catch (final InterruptedException | RuntimeException ex)
        {
            shutdown(boss, loops, workers);
            throw ex;
        }
    }

    public int port()
    {
        return listener.port();
    }

    /** Client connections open now. */
    public int openConnections()
    {
        return listener.openConnections();
    }

    @Override
    public void close()
    {
        listener.close();
        shutdown(boss, loops, workers);
    }

    private static void shutdown(final EventLoopGroup boss, final EventLoopGroup loops, final ExecutorService workers)
    {
        workers.shutdownNow();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
