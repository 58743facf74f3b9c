package dev.tally.server.pg;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.server.ServerConfig;
import dev.tally.server.TallyServer;
import dev.tally.server.auth.Secrets;
import dev.tally.server.testing.HttpApi;
import dev.tally.server.testing.PushTable;
import dev.tally.server.testing.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Users and grants on the PostgreSQL listener: SCRAM-SHA-256 against the config's password hashes (pgJDBC and
 * libpq's psql), 28P01 for a wrong password or an unknown user alike, per-table grants in queries and in the
 * catalog, and the same SQL metrics as HTTP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PgAuthTest
{
    private static final int EVENTS = 1_000;

    @TempDir
    static Path dir;

    private TallyServer server;

    @BeforeAll
    void start() throws Exception
    {
        final String config = """
            {"users": [
              {"name": "admin", "password": "%s", "grants": {"*": ["read", "write"]}},
              {"name": "alice", "password": "%s", "grants": {"web": ["read"]}},
              {"name": "bob", "password": "%s", "grants": {"other": ["read"]}}]}
            """.formatted(Secrets.hashPassword("root", 4096), Secrets.hashPassword("s3cret", 4096),
            Secrets.hashPassword("hunter2", 4096));
        server = TestServers.start(ServerConfig.parse(new ObjectMapper().readTree(config)).withPort(0)
            .withDataDir(dir.resolve("data")).withPgPort(0));
        final HttpApi http = new HttpApi(server.port()).withBasic("admin", "root");
        assertThat(http.post("/v1/tables", PushTable.SPEC).status()).isEqualTo(201);
        assertThat(http.post("/v1/tables/web/events", PushTable.ndjson(PushTable.events(3, 3_600_000L, EVENTS)))
            .status()).isEqualTo(200);
        assertThat(http.awaitCount("web", EVENTS, Duration.ofSeconds(30))).isEqualTo(EVENTS);
    }

    @AfterAll
    void stop()
    {
        if (server != null)
        {
            server.close();
        }
    }

    private Connection connect(final String user, final String password) throws SQLException
    {
        final Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.pgPort() + "/tally", properties);
    }

    @Test
    void scramLoginQueriesGrantedTable() throws Exception
    {
        try (Connection pg = connect("alice", "s3cret"); Statement statement = pg.createStatement();
            ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM web"))
        {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(EVENTS);
        }
    }

    @Test
    void wrongPasswordAndUnknownUserAreRefusedAlike() throws Exception
    {
        for (final String[] credentials : List.of(new String[]{"alice", "wrong"}, new String[]{"mallory", "x"},
            new String[]{"alice", ""}))
        {
            assertThatThrownBy(() -> connect(credentials[0], credentials[1]).close())
                .isInstanceOfSatisfying(SQLException.class, ex ->
                {
                    assertThat(ex.getSQLState()).as(ex.getMessage()).isIn("28P01", "08004");
                    if (!credentials[1].isEmpty())
                    {
                        assertThat(ex.getMessage()).contains("password authentication failed for user \"" +
                            credentials[0] + "\"");
                    }
                });
        }
    }

    @Test
    void ungrantedTableIsForbiddenAndHiddenFromTheCatalog() throws Exception
    {
        try (Connection pg = connect("bob", "hunter2"); Statement statement = pg.createStatement())
        {
            assertThatThrownBy(() -> statement.executeQuery("SELECT COUNT(*) FROM web"))
                .isInstanceOfSatisfying(SQLException.class, ex ->
                {
                    assertThat(ex.getSQLState()).isEqualTo("42501");
                    assertThat(ex.getMessage()).contains("user 'bob' may not read table 'web'");
                });
            try (ResultSet rs = pg.getMetaData().getTables(null, null, "%", null))
            {
                assertThat(rs.next()).isFalse();
            }
        }
        try (Connection pg = connect("alice", "s3cret"); ResultSet rs = pg.getMetaData().getTables(null, null, "%",
            null))
        {
            final List<String> tables = new ArrayList<>();
            while (rs.next())
            {
                tables.add(rs.getString("TABLE_NAME"));
            }
            assertThat(tables).containsExactly("web");
        }
    }

    @Test
    void psqlAuthenticatesWithScram() throws Exception
    {
        assertThat(psql("s3cret")).contains(String.valueOf(EVENTS));
        assertThat(psql("nope")).contains("password authentication failed for user \"alice\"");
    }

    private String psql(final String password) throws Exception
    {
        final Path out = Files.createTempFile(dir, "psql", ".txt");
        final ProcessBuilder builder = new ProcessBuilder("psql", "-X", "-h", "127.0.0.1", "-p",
            Integer.toString(server.pgPort()), "-U", "alice", "-d", "tally", "-A", "-t", "-c",
            "SELECT COUNT(*) FROM web").redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().put("PGPASSWORD", password);
        final Process process = builder.start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return Files.readString(out);
    }

    @Test
    void queriesCountInTheSqlMetrics() throws Exception
    {
        final HttpApi http = new HttpApi(server.port()).withBasic("admin", "root");
        final double before = okQueries(http.get("/metrics").body());
        try (Connection pg = connect("alice", "s3cret"); Statement statement = pg.createStatement())
        {
            for (int i = 0; i < 3; i++)
            {
                statement.executeQuery("SELECT COUNT(*) FROM web").close();
            }
        }
        assertThat(okQueries(http.get("/metrics").body()) - before).isEqualTo(3.0);
    }

    private static double okQueries(final String metrics)
    {
        return metrics.lines().filter(line -> line.startsWith("tally_sql_queries_total{") &&
            line.contains("outcome=\"ok\"")).mapToDouble(line -> Double.parseDouble(line.substring(
            line.lastIndexOf(' ') + 1))).sum();
    }
}
