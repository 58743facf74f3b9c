package dev.tally.server.pg;

import dev.tally.server.ServerConfig;
import dev.tally.server.auth.Principal;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One client connection: the startup and authentication exchange (on the event loop: it only parses and hashes
 * small messages), then a queue of messages that a worker thread drains in order, one connection's statements never
 * running on two threads at once and never on the event loop. Output goes through one {@link PgWriter} into a buffer
 * that is sent when a message batch ends or it grows past {@link #FLUSH_BYTES}; a client that does not read its
 * results makes the worker wait (up to {@link #WRITE_STALL_MILLIS}, then the connection closes), so its unread
 * results never exceed the channel's high water mark. Reading stops while {@link #MAX_QUEUED} messages wait.
 */
final class PgConnection extends ChannelInboundHandlerAdapter implements PgBackends.Cancellable
{
    private static final Logger LOG = LoggerFactory.getLogger(PgConnection.class);

    static final int FLUSH_BYTES = 64 * 1024;
    static final int MAX_QUEUED = 256;
    static final long WRITE_STALL_MILLIS = 30_000;

    private static final int SSL_REQUEST = 80877103;
    private static final int GSSENC_REQUEST = 80877104;
    private static final int CANCEL_REQUEST = 80877102;
    private static final int PROTOCOL_3 = 3;

    private enum State
    {
        STARTUP, SASL_INITIAL, SASL_FINAL, READY, CLOSED
    }

    private final PgContext context;
    private final PgFrameDecoder decoder;
    private final long startupTimeoutMillis;
    private final PgWriter writer = new PgWriter();
    private final ArrayDeque<PgMessage> queue = new ArrayDeque<>();
    private final Object writable = new Object();

    private Channel channel;
    private volatile State state = State.STARTUP;
    private ScheduledFuture<?> startupTimeout;
    private String user;
    private String applicationName;
    private ScramSha256 scram;
    private int processId = -1;
    private PgSession session;
    private boolean isDraining;
    private String refusal;

    PgConnection(final PgContext context, final PgFrameDecoder decoder, final long startupTimeoutMillis)
    {
        this.context = context;
        this.decoder = decoder;
        this.startupTimeoutMillis = startupTimeoutMillis;
    }

    /** Answers this connection with a FATAL 53300 as soon as it is open (the server has too many). */
    void refuseWhenActive(final String message)
    {
        refusal = message;
    }

    @Override
    public void channelActive(final ChannelHandlerContext ctx)
    {
        channel = ctx.channel();
        if (refusal != null)
        {
            startupTimeout = ctx.executor().schedule(() -> { }, 0, TimeUnit.MILLISECONDS);
            sendFatal(PgException.fatal("53300", refusal));
            return;
        }
        // a client that connects and never finishes starting up does not keep its connection
        startupTimeout = ctx.executor().schedule(() ->
        {
            if (state != State.READY && channel.isActive())
            {
                sendFatal(new PgException(PgException.PROTOCOL_VIOLATION, "startup and authentication did not " +
                    "complete within " + startupTimeoutMillis + " ms", 0, true));
            }
        }, startupTimeoutMillis, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx)
    {
        state = State.CLOSED;
        startupTimeout.cancel(false);
        if (processId >= 0)
        {
            context.backends().unregister(processId);
        }
        cancelRunning();
        synchronized (writable)
        {
            writable.notifyAll();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelWritabilityChanged(final ChannelHandlerContext ctx)
    {
        synchronized (writable)
        {
            writable.notifyAll();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        final PgMessage message = (PgMessage)msg;
        try
        {
            switch (state)
            {
                case STARTUP -> onStartup(message);
                case SASL_INITIAL -> onSaslInitial(message);
                case SASL_FINAL -> onSaslFinal(message);
                case READY -> enqueue(message);
                default ->
                {
                    // closed: drop what is still in flight
                }
            }
        }
        catch (final PgException ex)
        {
            sendFatal(ex);
        }
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        final Throwable root = cause instanceof io.netty.handler.codec.DecoderException && cause.getCause() != null ?
            cause.getCause() : cause;
        if (root instanceof PgException pg)
        {
            sendFatal(pg);
            return;
        }
        if (!(root instanceof java.io.IOException))
        {
            LOG.warn("PostgreSQL connection from {} failed", ctx.channel().remoteAddress(), root);
        }
        ctx.close();
    }

    private void onStartup(final PgMessage message)
    {
        final int code = message.readInt();
        if (code == SSL_REQUEST || code == GSSENC_REQUEST)
        {
            // no TLS on this listener (the server has none yet): the client goes on in clear or gives up
            channel.writeAndFlush(channel.alloc().buffer(1).writeByte('N'));
            return;
        }
        if (code == CANCEL_REQUEST)
        {
            final int id = message.readInt();
            final int secret = message.readInt();
            context.backends().cancel(id, secret);
            channel.close();
            return;
        }
        if (code >>> 16 != PROTOCOL_3)
        {
            throw PgException.fatal(PgException.FEATURE_NOT_SUPPORTED, "unsupported frontend protocol " +
                (code >>> 16) + "." + (code & 0xFFFF) + ": Tally speaks protocol 3.0");
        }
        while (message.remaining() > 1)
        {
            final String name = message.readCString();
            final String value = message.readCString();
            if (name.equals("user"))
            {
                user = value;
            }
            else if (name.equals("application_name"))
            {
                applicationName = value;
            }
        }
        if (user == null || user.isEmpty())
        {
            throw PgException.fatal(PgException.INVALID_AUTHORIZATION, "no PostgreSQL user name specified in " +
                "startup packet");
        }
        decoder.onStarted();
        if ((code & 0xFFFF) != 0)
        {
            // a newer minor version: say which one this server speaks (NegotiateProtocolVersion)
            final ByteBuf out = channel.alloc().buffer(16);
            out.writeByte('v').writeInt(12).writeInt(0).writeInt(0);
            channel.write(out);
        }
        if (!context.isAuthEnabled())
        {
            // trust, as HTTP with no users: the config check allows that only on loopback
            ready(Principal.ANONYMOUS);
            return;
        }
        final ServerConfig.User known = context.users().get(user);
        scram = new ScramSha256(known == null ? null : known.passwordHash());
        send(out -> out.authentication(PgWriter.AUTH_SASL, (ScramSha256.MECHANISM + "\0\0")
            .getBytes(StandardCharsets.UTF_8)));
        state = State.SASL_INITIAL;
    }

    private void onSaslInitial(final PgMessage message)
    {
        requirePassword(message);
        final String mechanism = message.readCString();
        if (!mechanism.equals(ScramSha256.MECHANISM))
        {
            throw PgException.fatal(PgException.INVALID_AUTHORIZATION, "SASL authentication mechanism '" +
                mechanism + "' is not supported (use " + ScramSha256.MECHANISM + ")");
        }
        final int length = message.readInt();
        final String first = new String(message.readBytes(length), StandardCharsets.UTF_8);
        final String serverFirst = scram.onClientFirst(first);
        send(out -> out.authentication(PgWriter.AUTH_SASL_CONTINUE, serverFirst.getBytes(StandardCharsets.UTF_8)));
        state = State.SASL_FINAL;
    }

    private void onSaslFinal(final PgMessage message)
    {
        requirePassword(message);
        final String last = new String(message.readBytes(message.remaining()), StandardCharsets.UTF_8);
        final String serverFinal = scram.onClientFinal(last, user);
        final ServerConfig.User known = context.users().get(user);
        if (known == null || known.passwordHash() == null)
        {
            throw ScramSha256.failed(user);
        }
        send(out -> out.authentication(PgWriter.AUTH_SASL_FINAL, serverFinal.getBytes(StandardCharsets.UTF_8)));
        ready(new Principal(known.name(), known.grants()));
    }

    private static void requirePassword(final PgMessage message)
    {
        if (message.type != PgMessage.PASSWORD)
        {
            throw PgException.fatal(PgException.PROTOCOL_VIOLATION, "expected a password message during " +
                "authentication, got message type '" + message.name() + "'");
        }
    }

    private void ready(final Principal principal)
    {
        final PgCommands commands = new PgCommands(user, applicationName);
        final int[] key = context.backends().register(this);
        processId = key[0];
        session = new PgSession(this, new PgQueries(context, principal, commands));
        send(out ->
        {
            out.authentication(PgWriter.AUTH_OK, null);
            for (final Map.Entry<String, String> setting : commands.reported().entrySet())
            {
                out.parameterStatus(setting.getKey(), setting.getValue());
            }
            out.backendKeyData(key[0], key[1]);
            out.readyForQuery((byte)'I');
        });
        state = State.READY;
        startupTimeout.cancel(false);
    }

    private void enqueue(final PgMessage message)
    {
        final boolean start;
        synchronized (queue)
        {
            queue.add(message);
            if (queue.size() >= MAX_QUEUED)
            {
                channel.config().setAutoRead(false);
            }
            start = !isDraining;
            isDraining = true;
        }
        if (start)
        {
            context.workers().execute(this::drain);
        }
    }

    /**
     * Runs queued messages in order on a worker thread until the queue is empty, then sends what they wrote (as
     * PostgreSQL flushes before it waits for input, so an error before Sync reaches the client).
     */
    private void drain()
    {
        while (true)
        {
            PgMessage message;
            synchronized (queue)
            {
                message = queue.poll();
            }
            if (message == null)
            {
                flush();
                synchronized (queue)
                {
                    message = queue.poll();
                    if (message == null)
                    {
                        isDraining = false;
                        if (!channel.config().isAutoRead() && channel.isActive())
                        {
                            channel.config().setAutoRead(true);
                        }
                        return;
                    }
                }
            }
            if (!channel.isActive())
            {
                continue;
            }
            try
            {
                session.onMessage(message);
            }
            catch (final PgException ex)
            {
                flush();
                sendFatal(ex);
            }
            catch (final RuntimeException | Error ex)
            {
                LOG.warn("PostgreSQL message '{}' failed", message.name(), ex);
                flush();
                sendFatal(PgException.fatal(PgException.INTERNAL_ERROR, "internal error: " + ex));
            }
        }
    }

    @Override
    public void cancelRunning()
    {
        final PgSession current = session;
        if (current != null)
        {
            current.cancelRunning();
        }
    }

    /** The writer, targeting this connection's output buffer (allocated on first use). */
    PgWriter writer()
    {
        if (writer.buffer() == null)
        {
            writer.target(channel.alloc().buffer(FLUSH_BYTES));
        }
        return writer;
    }

    /** Sends the output buffer when it holds at least {@link #FLUSH_BYTES}; waits while the client is not reading. */
    void flushIfFull()
    {
        if (writer.buffer() != null && writer.buffer().readableBytes() >= FLUSH_BYTES)
        {
            flush();
        }
    }

    /** Sends what the writer holds; blocks (a worker thread only) while the channel is over its high water mark. */
    void flush()
    {
        final ByteBuf out = writer.buffer();
        if (out == null)
        {
            return;
        }
        writer.target(null);
        if (!channel.isActive())
        {
            out.release();
            return;
        }
        channel.writeAndFlush(out);
        awaitWritable();
    }

    private void awaitWritable()
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WRITE_STALL_MILLIS);
        synchronized (writable)
        {
            while (channel.isActive() && !channel.isWritable())
            {
                final long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0)
                {
                    LOG.info("PostgreSQL client {} read nothing for {} ms; closing", channel.remoteAddress(),
                        WRITE_STALL_MILLIS);
                    cancelRunning();
                    channel.close();
                    return;
                }
                try
                {
                    writable.wait(left);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    channel.close();
                    return;
                }
            }
        }
    }

    void close()
    {
        flush();
        channel.close();
    }

    private void send(final java.util.function.Consumer<PgWriter> messages)
    {
        final PgWriter out = new PgWriter();
        out.target(channel.alloc().buffer(256));
        messages.accept(out);
        channel.writeAndFlush(out.buffer());
    }

    /** Sends a FATAL ErrorResponse (after what is already buffered) and closes the connection. */
    private void sendFatal(final PgException error)
    {
        if (state == State.CLOSED || !channel.isActive())
        {
            return;
        }
        state = State.CLOSED;
        final PgWriter out = new PgWriter();
        out.target(channel.alloc().buffer(256));
        out.error(PgWriter.ERROR_RESPONSE, "FATAL", error.sqlState(), error.getMessage(), error.position());
        channel.writeAndFlush(out.buffer()).addListener(ChannelFutureListener.CLOSE);
    }
}
