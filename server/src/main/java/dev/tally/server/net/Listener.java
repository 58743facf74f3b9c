package dev.tally.server.net;

import io.netty.channel.Channel;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * What the server's listeners (HTTP, PostgreSQL) share: the transport (epoll where the platform has it, NIO
 * elsewhere), the group of accepted connections, and, once bound, the port, the count of open connections and the
 * order of closing (stop accepting, then close every connection).
 */
public final class Listener
{
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private Channel channel;

    public static IoHandlerFactory ioHandlerFactory()
    {
        return Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    public static Class<? extends ServerChannel> serverChannelType()
    {
        return Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** The accepted connections; a channel initializer adds each. */
    public ChannelGroup connections()
    {
        return connections;
    }

    /** Records the bound server channel. */
    public void bound(final Channel serverChannel)
    {
        channel = serverChannel;
    }

    public int port()
    {
        return ((InetSocketAddress)channel.localAddress()).getPort();
    }

    /** Client connections open now (closed ones leave the count as they close). */
    public int openConnections()
    {
        return connections.size();
    }

    /** Stops accepting, then closes every connection (waiting up to 5 s for them to go). */
    public void close()
    {
        channel.close().syncUninterruptibly();
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
