package dev.tally.server.avatica;

import dev.tally.server.ServerConfig;
import dev.tally.server.TallyServer;
import dev.tally.server.auth.Access;
import dev.tally.server.auth.Secrets;
import dev.tally.server.testing.HttpApi;
import dev.tally.server.testing.PushTable;
import dev.tally.server.testing.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * JDBC with auth on: user and password as connection properties, URL parameters or HTTP Basic (the plain Avatica
 * driver's {@code authentication=BASIC}); wrong credentials fail with a message that says so; a user sees, in
 * queries and in DatabaseMetaData, only the tables it may read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdbcAuthTest
{
    private static final String ROBOT_TOKEN = "robot-token-0123456789";

    @TempDir
    static Path dir;

    private TallyServer server;

    @BeforeAll
    void start()
    {
        final List<ServerConfig.User> users = List.of(
            user("admin", "admin-pw", Map.of("*", Set.of(Access.READ, Access.WRITE))),
            user("alice", "alice-pw", Map.of("web", Set.of(Access.READ))),
            user("bob", "bob-pw", Map.of("other", Set.of(Access.READ))),
            new ServerConfig.User("robot", null, List.of(Secrets.hashToken(ROBOT_TOKEN)),
                Map.of("web", Set.of(Access.READ))));
        server = TestServers.start(TestServers.config(dir.resolve("data")).withUsers(users));
        final HttpApi admin = new HttpApi(server.port()).withBasic("admin", "admin-pw");
        assertThat(admin.post("/v1/tables", PushTable.SPEC).status()).isEqualTo(201);
        assertThat(admin.post("/v1/tables", PushTable.spec("other")).status()).isEqualTo(201);
    }

    @AfterAll
    void stop()
    {
        if (server != null)
        {
            server.close();
        }
    }

    private static ServerConfig.User user(final String name, final String password,
        final Map<String, Set<Access>> grants)
    {
        return new ServerConfig.User(name, Secrets.hashPassword(password, 1_000), List.of(), grants);
    }

    @Test
    void rightPasswordAsPropertiesConnectsAndQueries() throws SQLException
    {
        try (Connection connection = DriverManager.getConnection(tallyUrl(), "alice", "alice-pw"))
        {
            assertThat(count(connection, "web")).isZero();
        }
    }

    @Test
    void rightPasswordAsUrlParametersConnects() throws SQLException
    {
        try (Connection connection = DriverManager.getConnection(tallyUrl() + "?user=alice&password=alice-pw"))
        {
            assertThat(count(connection, "web")).isZero();
        }
    }

    @Test
    void wrongPasswordFailsWithAClearMessage()
    {
        assertThatThrownBy(() -> DriverManager.getConnection(tallyUrl(), "alice", "guess"))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("Unauthorized: wrong user name or password")
            .satisfies(ex -> assertThat(((SQLException)ex).getSQLState()).isEqualTo("28000"));
    }

    @Test
    void noCredentialsFailWhenAuthIsOn()
    {
        assertThatThrownBy(() -> DriverManager.getConnection(tallyUrl())).isInstanceOf(SQLException.class)
            .hasMessageContaining("HTTP/401");
    }

    @Test
    void userWithoutReadGrantNeitherQueriesNorSeesTheTable() throws SQLException
    {
        try (Connection connection = DriverManager.getConnection(tallyUrl(), "bob", "bob-pw"))
        {
            assertThat(count(connection, "other")).isZero();
            assertThatThrownBy(() -> count(connection, "web")).isInstanceOf(SQLException.class)
                .hasMessageContaining("Object 'web' not found");
            assertThat(tables(connection)).containsExactly("other");
        }
        try (Connection connection = DriverManager.getConnection(tallyUrl(), "alice", "alice-pw"))
        {
            assertThat(tables(connection)).containsExactly("web");
        }
    }

    @Test
    void avaticaDriverAuthenticatesWithHttpBasic() throws SQLException
    {
        final String basic = JdbcTesting.avaticaUrl(server.port(), "protobuf") +
            ";authentication=BASIC;avatica_user=bob;";
        try (Connection connection = DriverManager.getConnection(basic + "avatica_password=bob-pw"))
        {
            assertThat(count(connection, "other")).isZero();
            assertThat(tables(connection)).containsExactly("other");
        }
        assertThatThrownBy(() -> DriverManager.getConnection(basic + "avatica_password=nope"))
            .hasMessageContaining("Unauthorized: wrong user name or password");
    }

    @Test
    void avaticaDriverAuthenticatesWithABearerToken() throws SQLException
    {
        final String bearer = JdbcTesting.avaticaUrl(server.port(), "protobuf") + ";authentication=BEARER;" +
            "bearer_token=";
        try (Connection connection = DriverManager.getConnection(bearer + ROBOT_TOKEN))
        {
            assertThat(tables(connection)).containsExactly("web");
        }
        assertThatThrownBy(() -> DriverManager.getConnection(bearer + "forged"))
            .hasMessageContaining("Unauthorized: unknown bearer token");
    }

    @Test
    void avaticaDriverAuthenticatesWithConnectionPropertiesOverJson() throws SQLException
    {
        try (Connection connection = DriverManager.getConnection(JdbcTesting.avaticaUrl(server.port(), "json"), "alice",
            "alice-pw"))
        {
            assertThat(tables(connection)).containsExactly("web");
        }
    }

    private String tallyUrl()
    {
        return "jdbc:tally://127.0.0.1:" + server.port();
    }

    private static long count(final Connection connection, final String table) throws SQLException
    {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM " + table))
        {
            assertThat(result.next()).isTrue();
            return result.getLong(1);
        }
    }

    private static List<String> tables(final Connection connection) throws SQLException
    {
        final List<String> names = new ArrayList<>();
        try (ResultSet result = connection.getMetaData().getTables(null, "tally", "%", null))
        {
            while (result.next())
            {
                names.add(result.getString("TABLE_NAME"));
            }
        }
        return names;
    }
}
