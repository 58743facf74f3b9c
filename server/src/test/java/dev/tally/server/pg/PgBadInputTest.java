package dev.tally.server.pg;

import dev.tally.ingest.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile and broken clients on the PostgreSQL listener: garbage, a message before startup, huge and truncated
 * messages, a client that never finishes starting up, one that does not read its results, 200 idle connections. Each
 * gets a clear error (or is closed), and a well-behaved pgJDBC client queries correctly after each.
 */
class PgBadInputTest extends LoadedPgServer
{
    /** Short startup and message deadlines ({@code http.headerTimeoutMillis}, {@code bodyTimeoutMillis}). */
    @Override
    protected String configJson()
    {
        return "{\"http\": {\"headerTimeoutMillis\": 1000, \"bodyTimeoutMillis\": 1000}}";
    }

    @AfterEach
    void wellBehavedClientStillWorks() throws Exception
    {
        try (Connection pg = PgTesting.connect(loaded, ""); Statement statement = pg.createStatement();
            ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM web"))
        {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(PgTesting.EVENTS);
        }
    }

    private PgRawClient client() throws Exception
    {
        return new PgRawClient(loaded.server().pgPort());
    }

    @Test
    void garbageBeforeStartupIsRefusedAndClosed() throws Exception
    {
        final byte[] garbage = new byte[4096];
        new Random(21).nextBytes(garbage);
        try (PgRawClient client = client())
        {
            client.send(garbage);
            final PgRawClient.Message answer = client.read();
            assertThat(answer.type()).isEqualTo('E');
            assertThat(answer.sqlState()).isIn("08P01", "54000", "0A000");
            assertThat(client.isClosedByServer()).isTrue();
        }
    }

    @Test
    void queryBeforeStartupIsRefused() throws Exception
    {
        try (PgRawClient client = client())
        {
            client.send(PgRawClient.query("SELECT 1"));
            final PgRawClient.Message answer = client.read();
            assertThat(answer.type()).isEqualTo('E');
            assertThat(answer.field('M')).contains("invalid message length");
            assertThat(client.isClosedByServer()).isTrue();
        }
    }

    @Test
    void sslAndGssEncryptionRequestsAreDeclined() throws Exception
    {
        try (PgRawClient client = client())
        {
            client.send(PgRawClient.untyped(ByteBuffer.allocate(4).putInt(80877104).array()));
            assertThat(client.socket.getInputStream().read()).isEqualTo('N');
            client.send(PgRawClient.untyped(ByteBuffer.allocate(4).putInt(80877103).array()));
            assertThat(client.socket.getInputStream().read()).isEqualTo('N');
            final List<PgRawClient.Message> started = client.start("tally");
            assertThat(started.get(started.size() - 1).type()).isEqualTo('Z');
        }
    }

    @Test
    void hugeMessageIsRefusedBeforeItIsRead() throws Exception
    {
        try (PgRawClient client = client())
        {
            client.start("tally");
            // announces 1 GB and sends a little: the server answers at once, it does not wait for or buffer the rest
            client.send(ByteBuffer.allocate(5 + 1024).put((byte)'Q').putInt(1 << 30).array());
            final PgRawClient.Message answer = client.read();
            assertThat(answer.type()).isEqualTo('E');
            assertThat(answer.sqlState()).isEqualTo("54000");
            assertThat(answer.field('M')).contains("at most " + PgServer.MAX_MESSAGE_BYTES);
            assertThat(client.isClosedByServer()).isTrue();
        }
    }

    @Test
    void messageShorterThanItsFieldsIsAProtocolViolation() throws Exception
    {
        try (PgRawClient client = client())
        {
            client.start("tally");
            final byte[] parse = "\0SELECT CHAR_LENGTH($1)\0\0\0".getBytes(StandardCharsets.UTF_8);
            client.send(PgRawClient.typed('P', parse));
            // a Bind whose parameter claims 1,000 bytes that the message does not hold
            final byte[] bind = ByteBuffer.allocate(2 + 2 + 2 + 2 + 4).put((byte)0).put((byte)0).putShort((short)0)
                .putShort((short)1).putInt(1_000).putShort((short)0).array();
            client.send(PgRawClient.typed('B', bind));
            assertThat(client.read().type()).isEqualTo('1');
            final PgRawClient.Message answer = client.read();
            assertThat(answer.type()).isEqualTo('E');
            assertThat(answer.sqlState()).isEqualTo("08P01");
            assertThat(client.isClosedByServer()).isTrue();
        }
    }

    @Test
    void truncatedMessageThenHangUpLeavesNothingBehind() throws Exception
    {
        try (PgRawClient client = client())
        {
            client.start("tally");
            final byte[] whole = PgRawClient.query("SELECT COUNT(*) FROM web");
            client.send(java.util.Arrays.copyOf(whole, whole.length / 2));
        }
        try (PgRawClient client = client())
        {
            client.start("tally");
            client.send(PgRawClient.query("SELECT COUNT(*) FROM web"));
            final List<PgRawClient.Message> answer = client.readUntil('Z');
            assertThat(answer.stream().map(PgRawClient.Message::type).toList()).containsExactly((int)'T', (int)'D',
                (int)'C', (int)'Z');
        }
    }

    @Test
    void messageTrickledPastItsDeadlineEndsTheConnection() throws Exception
    {
        try (PgRawClient client = client())
        {
            client.start("tally");
            final byte[] whole = PgRawClient.query("SELECT 1 " + " ".repeat(4_000));
            client.send(java.util.Arrays.copyOf(whole, 100));
            final PgRawClient.Message answer = client.read();
            assertThat(answer.sqlState()).isEqualTo("08P01");
            assertThat(answer.field('M')).contains("did not arrive within 1000 ms");
            assertThat(client.isClosedByServer()).isTrue();
        }
    }

    @Test
    void unknownMessageTypeIsAProtocolViolation() throws Exception
    {
        try (PgRawClient client = client())
        {
            client.start("tally");
            client.send(PgRawClient.typed('@', new byte[3]));
            final PgRawClient.Message answer = client.read();
            assertThat(answer.sqlState()).isEqualTo("08P01");
            assertThat(answer.field('M')).contains("invalid frontend message type");
            assertThat(client.isClosedByServer()).isTrue();
        }
    }

    @Test
    void silentClientIsClosedAfterTheStartupDeadline() throws Exception
    {
        try (PgRawClient client = client())
        {
            final long start = System.nanoTime();
            final PgRawClient.Message answer = client.read();
            assertThat(answer.type()).isEqualTo('E');
            assertThat(answer.field('M')).contains("did not complete within 1000 ms");
            assertThat(client.isClosedByServer()).isTrue();
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(500L, 10_000L);
        }
    }

    private static boolean available(final PgRawClient client)
    {
        try
        {
            return client.socket.getInputStream().available() > 0;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    @Test
    void clientThatDoesNotReadDoesNotStopOthers() throws Exception
    {
        try (PgRawClient slow = client())
        {
            slow.socket.setReceiveBufferSize(4096);
            slow.start("tally");
            // some megabytes of rows that the client never reads: the server's worker waits, its buffer stays bounded
            slow.send(PgRawClient.query("SELECT * FROM web a CROSS JOIN (VALUES 1, 2, 3, 4, 5, 6, 7, 8) t(x)"));
            // the server has begun to answer it (and will soon stop, blocked by the unread socket)
            Await.until(Duration.ofSeconds(30), () -> available(slow), () -> "the first rows of the slow query");
            for (int i = 0; i < 5; i++)
            {
                wellBehavedClientStillWorks();
            }
        }
    }

    @Test
    void twoHundredIdleConnectionsDoNotStopOthers() throws Exception
    {
        final List<PgRawClient> idle = new ArrayList<>();
        try
        {
            for (int i = 0; i < 200; i++)
            {
                final PgRawClient client = client();
                idle.add(client);
                final List<PgRawClient.Message> started = client.start("idle" + i);
                assertThat(started.get(started.size() - 1).type()).isEqualTo('Z');
            }
            assertThat(loaded.server().openPgConnections()).isGreaterThanOrEqualTo(200);
            wellBehavedClientStillWorks();
            // and each still answers
            final PgRawClient last = idle.get(idle.size() - 1);
            last.send(PgRawClient.query("SELECT 1 AS one"));
            assertThat(last.readUntil('Z').get(1).text()).contains("1");
        }
        finally
        {
            for (final PgRawClient client : idle)
            {
                client.close();
            }
        }
    }

    @Test
    void errorInAnExtendedBatchSkipsToSync() throws Exception
    {
        try (PgRawClient client = client())
        {
            client.start("tally");
            final byte[] parse = "\0SELEC nonsense\0\0\0".getBytes(StandardCharsets.UTF_8);
            final byte[] bind = new byte[]{0, 0, 0, 0, 0, 0, 0, 0};
            final byte[] execute = new byte[]{0, 0, 0, 0, 0};
            client.send(PgRawClient.typed('P', parse));
            client.send(PgRawClient.typed('B', bind));
            client.send(PgRawClient.typed('E', execute));
            client.send(PgRawClient.typed('S', new byte[0]));
            final List<PgRawClient.Message> answer = client.readUntil('Z');
            assertThat(answer.stream().map(PgRawClient.Message::type).toList()).containsExactly((int)'E', (int)'Z');
            assertThat(answer.get(0).sqlState()).isEqualTo("42601");
        }
    }
}
