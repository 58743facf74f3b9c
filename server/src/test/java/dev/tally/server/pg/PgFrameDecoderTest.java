package dev.tally.server.pg;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Message framing without sockets: startup and typed frames, split reads, and lengths refused before buffering. */
class PgFrameDecoderTest
{
    @BeforeAll
    static void paranoidLeakDetection()
    {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @Test
    void framesSplitAcrossReadsComeOutWhole()
    {
        final PgFrameDecoder decoder = new PgFrameDecoder(1 << 20, 60_000);
        final EmbeddedChannel channel = new EmbeddedChannel(decoder);
        final byte[] startup = PgRawClient.startup("tally");
        channel.writeInbound(Unpooled.wrappedBuffer(startup, 0, 3));
        assertThat((Object)channel.readInbound()).isNull();
        channel.writeInbound(Unpooled.wrappedBuffer(startup, 3, startup.length - 3));
        final PgMessage first = channel.readInbound();
        assertThat(first.type).isEqualTo(PgMessage.STARTUP);
        assertThat(first.readInt()).isEqualTo(196608);

        decoder.onStarted();
        final byte[] query = PgRawClient.query("SELECT 1");
        final byte[] two = new byte[query.length * 2];
        System.arraycopy(query, 0, two, 0, query.length);
        System.arraycopy(query, 0, two, query.length, query.length);
        for (int at = 0; at < two.length; at += 5)
        {
            channel.writeInbound(Unpooled.wrappedBuffer(two, at, Math.min(5, two.length - at)));
        }
        for (int i = 0; i < 2; i++)
        {
            final PgMessage message = channel.readInbound();
            assertThat(message.type).isEqualTo(PgMessage.QUERY);
            assertThat(message.readCString()).isEqualTo("SELECT 1");
        }
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void lengthPastTheCapIsRefusedBeforeTheBody()
    {
        final PgFrameDecoder decoder = new PgFrameDecoder(1024, 60_000);
        final EmbeddedChannel channel = new EmbeddedChannel(decoder);
        decoder.onStarted();
        final ByteBuf header = Unpooled.buffer().writeByte('Q').writeInt(1025);
        assertThatThrownBy(() -> channel.writeInbound(header)).isInstanceOf(DecoderException.class)
            .hasRootCauseInstanceOf(PgException.class).rootCause().hasMessageContaining("at most 1024 bytes");
        channel.finishAndReleaseAll();
    }

    @Test
    void lengthBelowItsOwnSizeIsAProtocolViolation()
    {
        final EmbeddedChannel channel = new EmbeddedChannel(new PgFrameDecoder(1024, 60_000));
        final ByteBuf header = Unpooled.buffer().writeInt(3).writeInt(0);
        assertThatThrownBy(() -> channel.writeInbound(header)).isInstanceOf(DecoderException.class)
            .rootCause().isInstanceOfSatisfying(PgException.class, ex ->
                assertThat(ex.sqlState()).isEqualTo(PgException.PROTOCOL_VIOLATION));
        channel.finishAndReleaseAll();
    }
}
