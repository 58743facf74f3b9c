package dev.tally.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.server.auth.Access;
import dev.tally.server.auth.Authenticator;
import dev.tally.server.auth.Principal;
import dev.tally.server.auth.Secrets;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The server config: every field, every mistake named by its path, and the refusal to serve openly. */
class ServerConfigTest
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ServerConfig parse(final String json) throws Exception
    {
        return ServerConfig.parse(JSON.readTree(json));
    }

    @Test
    void readsEveryField() throws Exception
    {
        final String hash = Secrets.hashPassword("pw", 1_000);
        final String token = Secrets.hashToken("t0k3n");
        final ServerConfig config = parse("""
            {"bind": "0.0.0.0", "port": 9090, "dataDir": "/var/lib/tally",
             "http": {"maxRequestBytes": 1024, "workerThreads": 4, "maxConcurrentQueries": 3,
                      "headerTimeoutMillis": 2000, "bodyTimeoutMillis": 7000},
             "query": {"threads": 2, "timeoutMillis": 5000, "maxRows": 10, "maxGroups": 20000, "maxJoinRows": 300},
             "avatica": {"connectionIdleMillis": 60000},
             "ingest": {"maxRowsInMemory": 50000, "maxAgeMillis": 10000},
             "users": [{"name": "alice", "password": "%s", "tokens": ["%s"],
                        "grants": {"events": ["read", "write"], "*": ["read"]}}]}
            """.formatted(hash, token));
        assertThat(config.bind()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(9090);
        assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/tally"));
        assertThat(config.maxRequestBytes()).isEqualTo(1024);
        assertThat(config.workerThreads()).isEqualTo(4);
        assertThat(config.maxConcurrentQueries()).isEqualTo(3);
        assertThat(config.headerTimeoutMillis()).isEqualTo(2_000);
        assertThat(config.bodyTimeoutMillis()).isEqualTo(7_000);
        assertThat(config.queryThreads()).isEqualTo(2);
        assertThat(config.queryTimeoutMillis()).isEqualTo(5000);
        assertThat(config.maxRows()).isEqualTo(10);
        assertThat(config.maxGroups()).isEqualTo(20_000);
        assertThat(config.maxJoinRows()).isEqualTo(300);
        assertThat(config.avaticaIdleMillis()).isEqualTo(60_000);
        assertThat(config.ingestMaxRowsInMemory()).isEqualTo(50_000);
        assertThat(config.ingestMaxAgeMillis()).isEqualTo(10_000);
        assertThat(config.users()).hasSize(1);
        assertThat(config.users().get(0).grants()).isEqualTo(Map.of("events", Set.of(Access.READ, Access.WRITE),
            "*", Set.of(Access.READ)));
        config.checkSafeToServe();

        final Authenticator auth = new Authenticator(config.users());
        final Principal alice = auth.authenticate("alice", "pw");
        assertThat(alice.may(Access.WRITE, "events")).isTrue();
        assertThat(alice.may(Access.READ, "other")).isTrue();
        assertThat(alice.may(Access.WRITE, "other")).isFalse();
        assertThat(auth.authenticate("Bearer t0k3n").name()).isEqualTo("alice");
    }

    @Test
    void defaultsAreTheEmbeddedServer() throws Exception
    {
        final ServerConfig config = parse("{}");
        assertThat(config.bind()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.dataDir()).isEqualTo(Path.of("data"));
        assertThat(config.isAuthEnabled()).isFalse();
        assertThat(config.avaticaIdleMillis()).isEqualTo(ServerConfig.AVATICA_IDLE_MILLIS_DEFAULT);
        config.checkSafeToServe();
    }

    @Test
    void mistakesNameTheirField()
    {
        final Map<String, String> cases = Map.ofEntries(
            Map.entry("{\"prot\": 1}", "prot: unknown field"),
            Map.entry("{\"port\": \"80\"}", "port: must be an integer"),
            Map.entry("{\"port\": 70000}", "port: must be 0..65535"),
            Map.entry("{\"http\": {\"maxRequestBytes\": 0}}", "http.maxRequestBytes: must be positive"),
            Map.entry("{\"http\": {\"headerTimeoutMillis\": 0}}", "http.headerTimeoutMillis: must be positive"),
            Map.entry("{\"http\": {\"bodyTimeoutMillis\": -1}}", "http.bodyTimeoutMillis: must be positive"),
            Map.entry("{\"http\": {\"idleTimeoutMillis\": 0}}", "http.idleTimeoutMillis: must be positive"),
            Map.entry("{\"http\": {\"gzip\": true}}", "http.gzip: unknown field"),
            Map.entry("{\"query\": []}", "query: must be an object"),
            Map.entry("{\"query\": {\"maxGroups\": 0}}", "query.maxGroups: must be positive"),
            Map.entry("{\"query\": {\"maxJoinRows\": -1}}", "query.maxJoinRows: must be positive"),
            Map.entry("{\"ingest\": {\"maxRowsInMemory\": 0}}", "ingest.maxRowsInMemory: must be positive"),
            Map.entry("{\"ingest\": {\"persistMillis\": 1}}", "ingest.persistMillis: unknown field"),
            Map.entry("{\"avatica\": {\"connectionIdleMillis\": 0}}", "avatica.connectionIdleMillis: must be positive"),
            Map.entry("{\"avatica\": {\"idle\": 1}}", "avatica.idle: unknown field"),
            Map.entry("{\"users\": [{\"password\": \"x\"}]}", "users[0].name: required"),
            Map.entry("{\"users\": [{\"name\": \"a\", \"password\": \"secret\"}]}", "users[0].password: expected"),
            Map.entry("{\"users\": [{\"name\": \"a\"}]}", "users[0]: needs a password or a token"),
            Map.entry("{\"users\": [{\"name\": \"a\", \"tokens\": [\"abc\"]}]}", "users[0].tokens[0]: expected"),
            Map.entry("{\"users\": [{\"name\": \"a\", \"tokens\": [\"" + Secrets.hashToken("t") +
                "\"], \"grants\": {\"t\": [\"admin\"]}}]}", "users[0].grants.t: unknown access 'admin'"),
            Map.entry("{\"tables\": [{\"name\": \"t\"}]}", "tables[0].timestamp"));
        cases.forEach((json, message) -> assertThatThrownBy(() -> parse(json)).as(json)
            .isInstanceOf(InvalidConfigException.class).hasMessageContaining(message));
    }

    @Test
    void listeningBeyondLoopbackWithoutUsersIsRefused() throws Exception
    {
        assertThatThrownBy(() -> parse("{\"bind\": \"0.0.0.0\"}").checkSafeToServe())
            .isInstanceOf(InvalidConfigException.class)
            .hasMessageContaining("refusing to listen on 0.0.0.0 with no users configured");
        parse("{\"bind\": \"::1\"}").checkSafeToServe();
        assertThatThrownBy(() -> TallyServer.start(ServerConfig.defaults().withBind("0.0.0.0").withPort(0)
            .withDataDir(Path.of("unused")))).isInstanceOf(InvalidConfigException.class);
        assertThat(Path.of("unused")).doesNotExist();
    }
}
