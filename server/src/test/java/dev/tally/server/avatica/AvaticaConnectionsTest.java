package dev.tally.server.avatica;

import dev.tally.ingest.testing.Await;
import dev.tally.server.TallyServer;
import dev.tally.server.testing.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Server-side connection state: each client connection holds one server connection until it closes, or until it is
 * left unused for {@code avatica.connectionIdleMillis}; a client that comes back after that is reconnected.
 */
class AvaticaConnectionsTest
{
    @TempDir
    Path dir;

    @Test
    void closingAClientConnectionClosesItsServerConnection() throws SQLException
    {
        try (TallyServer server = TestServers.start(TestServers.config(dir)))
        {
            final AvaticaEndpoint avatica = server.avatica();
            try (Connection first = connect(server); Connection second = connect(server))
            {
                assertThat(selectOne(first) + selectOne(second)).isEqualTo(2);
                assertThat(avatica.openConnections()).isEqualTo(2);
                second.close();
                assertThat(avatica.openConnections()).isEqualTo(1);
            }
            assertThat(avatica.openConnections()).isZero();
        }
    }

    @Test
    void abandonedConnectionIsClosedAfterItsIdleTime() throws Exception
    {
        try (TallyServer server = TestServers.start(TestServers.config(dir).withAvaticaIdleMillis(300)))
        {
            final AvaticaEndpoint avatica = server.avatica();
            final Connection abandoned = connect(server);
            assertThat(selectOne(abandoned)).isEqualTo(1);
            assertThat(avatica.openConnections()).isEqualTo(1);

            // nothing touches the server: its own expiry thread must close the connection
            awaitNoConnections(avatica);

            // the Tally driver reopens a connection the server expired, with the same properties
            assertThat(selectOne(abandoned)).isEqualTo(1);
            assertThat(avatica.openConnections()).isEqualTo(1);
            abandoned.close();
        }
    }

    @Test
    void expiredConnectionWithoutReconnectionSaysWhyItIsGone() throws Exception
    {
        try (TallyServer server = TestServers.start(TestServers.config(dir).withAvaticaIdleMillis(200));
             Connection plain = DriverManager.getConnection(JdbcTesting.avaticaUrl(server.port(), "protobuf")))
        {
            assertThat(selectOne(plain)).isEqualTo(1);
            awaitNoConnections(server.avatica());
            assertThatThrownBy(() -> selectOne(plain)).hasMessageContaining("no longer exists on the server (the " +
                "server restarted, or closed it after idling for longer than 200 ms, avatica.connectionIdleMillis): " +
                "reconnect");
        }
    }

    private static void awaitNoConnections(final AvaticaEndpoint avatica) throws InterruptedException
    {
        assertThat(Await.latest(Duration.ofSeconds(10), avatica::openConnections, open -> open == 0))
            .as("server connections after the idle time").isZero();
    }

    private static Connection connect(final TallyServer server) throws SQLException
    {
        return DriverManager.getConnection("jdbc:tally://127.0.0.1:" + server.port());
    }

    private static int selectOne(final Connection connection) throws SQLException
    {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery("SELECT 1"))
        {
            assertThat(result.next()).isTrue();
            return result.getInt(1);
        }
    }
}
