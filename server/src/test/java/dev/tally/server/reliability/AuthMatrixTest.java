package dev.tally.server.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.ingest.testing.Await;
import dev.tally.server.ServerConfig;
import dev.tally.server.TallyServer;
import dev.tally.server.auth.Access;
import dev.tally.server.auth.Secrets;
import dev.tally.server.http.Routes;
import dev.tally.server.testing.TestServers;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.apache.calcite.avatica.AvaticaConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every route the server registers, asked without credentials, with wrong or malformed ones and by a user lacking the
 * table's grant, answers 401 (with a challenge) or 403 and leaks nothing; then the tricks: path traversal in table
 * names, batch loads outside the load directories, SQL that reaches an ungranted table through a subquery, a join,
 * a CTE, a catalog view or an error message, and JDBC connections used by someone other than who opened them.
 *
 * <p>The route list comes from the server itself ({@link TallyServer#routes()}): a route added without an entry in
 * {@link #probes()} fails {@link #everyRegisteredRouteHasAMatrixEntry()}.
 *
 * <p>Users: {@code admin} may do everything, {@code alice} may read and write {@value #A} only, {@code bob} may read
 * {@value #B} only, {@code robot} reads {@value #A} with a bearer token. {@value #B} holds the value
 * {@value #SECRET_B} in its column {@code code_b}, which nobody but admin and bob may ever see.
 *
 * <p>What is public, by decision: {@code GET /status/health} (answers {@code {"status":"ok"}} and nothing else) and
 * {@code POST /avatica} and its Druid aliases {@code POST /druid/v2/sql/avatica} and
 * {@code POST /druid/v2/sql/avatica-protobuf} (the JDBC endpoint authenticates each connection as it opens; its
 * errors travel in Avatica's own error body, HTTP 500 with SQLSTATE 28000, because the Avatica client reads no other
 * status).
 * {@code /metrics} needs credentials and shows per-table series only for the tables the caller may read. SQL on a
 * table the caller may not read is a 403 whether or not the table exists, as the table API's answers are: the
 * answer never tells whether an ungranted name exists.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthMatrixTest
{
    static final String A = "sales_a";
    static final String B = "vault_b";
    static final String SECRET_B = "SECRET_B";
    private static final String NOPE = "nope_b";
    private static final String TOKEN = Secrets.newToken();
    /** Names and values of B that a caller who may not read B must never see unless it typed them itself. */
    private static final List<String> B_MARKERS = List.of(SECRET_B, "SECRET_B_REJECTED", "code_b", "hidden_total_b",
        B);
    private static final List<String> A_MARKERS = List.of("PUBLIC_A", "region_a", "amount_a", A);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Appears in every path trick that aims outside the data directory; no file of that name may appear. */
    private static final String MARK = "tally-escape-" + Long.toHexString(System.nanoTime());
    /** The JDBC endpoint's paths: Tally's own and Druid's documented ones. */
    private static final List<String> AVATICA_PATHS = List.of("/avatica", "/druid/v2/sql/avatica",
        "/druid/v2/sql/avatica-protobuf");

    @TempDir
    static Path root;

    private TallyServer server;
    private OneShotHttp http;
    private Path dataDir;
    private Path loadDir;
    private Path outsideFile;
    private String taskOfB;

    /** A value for the Authorization header: who asks, or a way of asking wrongly. */
    record Credentials(String name, String header)
    {
    }

    /** One concrete request for a route: the route's pattern filled in with B (or an id of B's). */
    record Probe(String method, String path, String body)
    {
    }

    static final Credentials ADMIN = basic("admin", "admin-pw");
    static final Credentials ALICE = basic("alice", "alice-pw");
    static final Credentials BOB = basic("bob", "bob-pw");
    static final Credentials ROBOT = new Credentials("robot", "Bearer " + TOKEN);

    @BeforeAll
    void start() throws Exception
    {
        dataDir = root.resolve("data");
        loadDir = Files.createDirectories(root.resolve("load"));
        final Path outside = Files.createDirectories(root.resolve("outside"));
        outsideFile = Files.writeString(outside.resolve("outside.ndjson"),
            "{\"ts\": \"2026-01-01T00:00:00Z\", \"region_a\": \"OUTSIDE_FILE_CONTENT\", \"amount\": 1}\n");
        Files.createSymbolicLink(loadDir.resolve("escape.ndjson"), outsideFile);
        final Path bFile = Files.writeString(loadDir.resolve("b.ndjson"), String.join("\n",
            "{\"ts\": \"2026-01-02T00:00:00Z\", \"code_b\": \"" + SECRET_B + "\", \"hidden\": 7}",
            "{\"ts\": \"not a time\", \"code_b\": \"SECRET_B_REJECTED\"}", ""));
        final List<ServerConfig.User> users = List.of(
            user("admin", "admin-pw", Map.of("*", EnumSet.allOf(Access.class))),
            user("alice", "alice-pw", Map.of(A, EnumSet.allOf(Access.class))),
            user("bob", "bob-pw", Map.of(B, EnumSet.of(Access.READ))),
            new ServerConfig.User("robot", null, List.of(Secrets.hashToken(TOKEN)), Map.of(A, Set.of(Access.READ))));
        server = TestServers.start(TestServers.config(dataDir).withUsers(users).withLoadDirs(List.of(loadDir)));
        http = new OneShotHttp(server.port());
        expectStatus(send(ADMIN, "POST", "/v1/tables", spec(A, "region_a", "amount_a", "amount")), 201);
        expectStatus(send(ADMIN, "POST", "/v1/tables", spec(B, "code_b", "hidden_total_b", "hidden")), 201);
        final StringBuilder aEvents = new StringBuilder();
        final StringBuilder bEvents = new StringBuilder();
        for (int minute = 0; minute < 3; minute++)
        {
            aEvents.append("{\"ts\": \"2026-01-01T00:0").append(minute)
                .append(":00Z\", \"region_a\": \"PUBLIC_A\", \"amount\": 5}\n");
            bEvents.append("{\"ts\": \"2026-01-01T00:0").append(minute).append(":00Z\", \"code_b\": \"")
                .append(SECRET_B).append("\", \"hidden\": 7}\n");
        }
        expectStatus(send(ADMIN, "POST", "/v1/tables/" + A + "/events", aEvents.toString()), 200);
        expectStatus(send(ADMIN, "POST", "/v1/tables/" + B + "/events", bEvents.toString()), 200);
        final OneShotHttp.Answer load = send(ADMIN, "POST", "/v1/tables/" + B + "/load", "{\"paths\": [\"" + bFile +
            "\"], \"interval\": \"2026-01-02T00:00Z/2026-01-02T01:00Z\"}");
        expectStatus(load, 202);
        taskOfB = json(load).path("task").asText();
        final OneShotHttp.Answer task = Await.latest(Duration.ofSeconds(30),
            () -> send(ADMIN, "GET", "/v1/tasks/" + taskOfB, null),
            answer -> answer.body().contains("SUCCEEDED") || answer.body().contains("FAILED"));
        assertThat(task.body()).as("the task of B exists and would show B's rejected lines").contains("SUCCEEDED")
            .contains("SECRET_B_REJECTED");
        assertThat(Await.latest(Duration.ofSeconds(30), () -> count(ADMIN, B), n -> n >= 4)).isEqualTo(4);
        assertThat(Await.latest(Duration.ofSeconds(30), () -> count(ADMIN, A), n -> n >= 3)).isEqualTo(3);
    }

    @AfterAll
    void stop()
    {
        if (server != null)
        {
            server.close();
        }
    }

    // ---------------------------------------------------------------- the route matrix

    /** The request each registered route gets, by {@code METHOD pattern}. */
    private Map<String, Probe> probes()
    {
        final Map<String, Probe> probes = new LinkedHashMap<>();
        probes.put("GET /status/health", new Probe("GET", "/status/health", null));
        probes.put("GET /status", new Probe("GET", "/status", null));
        probes.put("GET /metrics", new Probe("GET", "/metrics", null));
        probes.put("POST /v1/sql", new Probe("POST", "/v1/sql", sqlBody("SELECT * FROM " + B)));
        probes.put("POST /druid/v2/sql", new Probe("POST", "/druid/v2/sql", sqlBody("SELECT * FROM " + B)));
        probes.put("DELETE /v1/sql/{}", new Probe("DELETE", "/v1/sql/query-of-admin", null));
        probes.put("DELETE /druid/v2/sql/{}", new Probe("DELETE", "/druid/v2/sql/query-of-admin", null));
        probes.put("GET /v1/tables", new Probe("GET", "/v1/tables", null));
        probes.put("POST /v1/tables", new Probe("POST", "/v1/tables", spec(B, "code_b", "hidden_total_b", "hidden")));
        probes.put("GET /v1/tables/{}", new Probe("GET", "/v1/tables/" + B, null));
        probes.put("PUT /v1/tables/{}", new Probe("PUT", "/v1/tables/" + B,
            spec(B, "code_b", "hidden_total_b", "hidden")));
        probes.put("DELETE /v1/tables/{}", new Probe("DELETE", "/v1/tables/" + B, null));
        probes.put("GET /v1/tables/{}/status", new Probe("GET", "/v1/tables/" + B + "/status", null));
        probes.put("POST /v1/tables/{}/events", new Probe("POST", "/v1/tables/" + B + "/events",
            "{\"ts\": \"2026-01-01T00:09:00Z\", \"code_b\": \"INJECTED\"}\n"));
        probes.put("POST /v1/tables/{}/load", new Probe("POST", "/v1/tables/" + B + "/load", "{\"paths\": [\"" +
            loadDir.resolve("b.ndjson") + "\"], \"interval\": \"2026-01-02T00:00Z/2026-01-02T01:00Z\"}"));
        probes.put("POST /v1/tables/{}/compact", new Probe("POST", "/v1/tables/" + B + "/compact", ""));
        probes.put("POST /v1/tables/{}/retention", new Probe("POST", "/v1/tables/" + B + "/retention", ""));
        probes.put("POST /v1/tables/{}/restream", new Probe("POST", "/v1/tables/" + B + "/restream",
            "{\"timestamp\": \"2026-01-01T00:00:00Z\"}"));
        probes.put("GET /v1/tasks/{}", new Probe("GET", "/v1/tasks/" + taskOfB, null));
        for (final String path : AVATICA_PATHS)
        {
            probes.put("POST " + path, new Probe("POST", path, avaticaOpen(UUID.randomUUID().toString(), null)));
        }
        probes.put("GET /", new Probe("GET", "/", null));
        probes.put("GET /console/{}", new Probe("GET", "/console/app.js", null));
        probes.put("GET /console/{}/{}", new Probe("GET", "/console/pages/query.js", null));
        probes.put("GET /console/vendor/{}", new Probe("GET", "/console/vendor/uPlot.iife.min.js", null));
        return probes;
    }

    /** Every way of asking with no valid credentials. */
    static List<Credentials> badCredentials()
    {
        final Base64.Encoder base64 = Base64.getEncoder();
        final String right = base64.encodeToString("alice:alice-pw".getBytes(StandardCharsets.UTF_8));
        return List.of(
            new Credentials("no Authorization header", null),
            new Credentials("empty Authorization header", ""),
            basic("alice", "wrong"),
            basic("mallory", "alice-pw"),
            basic("alice", ""),
            basic("", ""),
            basic("ALICE", "alice-pw"),
            basic("alice\u0000", "alice-pw"),
            basic("robot", TOKEN),
            new Credentials("Basic, bad base64", "Basic !!!not-base64!!!"),
            new Credentials("Basic, truncated base64", "Basic " + right.substring(0, right.length() - 3)),
            new Credentials("Basic, no colon", "Basic " + base64.encodeToString("alice".getBytes(
                StandardCharsets.UTF_8))),
            new Credentials("Basic, right credentials then junk", "Basic " + right + " junk"),
            new Credentials("Basic, no value", "Basic"),
            new Credentials("Basic, blank value", "Basic  "),
            new Credentials("lowercase scheme, wrong password", "basic " + base64.encodeToString(
                "alice:wrong".getBytes(StandardCharsets.UTF_8))),
            new Credentials("uppercase scheme, wrong password", "BASIC " + base64.encodeToString(
                "alice:wrong".getBytes(StandardCharsets.UTF_8))),
            new Credentials("Bearer, no value", "Bearer"),
            new Credentials("Bearer, empty token", "Bearer "),
            new Credentials("Bearer, wrong token", "Bearer " + Secrets.newToken()),
            new Credentials("Bearer, token with a character changed", "Bearer " + flipLast(TOKEN)),
            new Credentials("Bearer, a password", "Bearer alice-pw"),
            new Credentials("Bearer, the token's stored hash", "Bearer " + Secrets.hashToken(TOKEN)),
            new Credentials("unsupported scheme", "Digest username=\"alice\", response=\"x\""),
            new Credentials("scheme only", "Negotiate"),
            new Credentials("the credentials without a scheme", right));
    }

    @Test
    void everyRegisteredRouteHasAMatrixEntry()
    {
        final Set<String> registered = server.routes().stream().map(AuthMatrixTest::key)
            .collect(Collectors.toCollection(TreeSet::new));
        assertThat(registered).as("routes registered by the server vs. routes this matrix checks (add the new " +
            "route to probes() and decide who may use it)").isEqualTo(new TreeSet<>(probes().keySet()));
        assertThat(server.routes().stream().filter(Routes.Route::isPublic).map(AuthMatrixTest::key))
            .as("the routes that are public by decision").containsExactlyInAnyOrder("GET /status/health",
                "POST /avatica", "POST /druid/v2/sql/avatica", "POST /druid/v2/sql/avatica-protobuf",
                // the web console's files: a login page must load without a login, and they hold no data
                "GET /", "GET /console/{}", "GET /console/{}/{}", "GET /console/vendor/{}");
    }

    @Test
    void everyProtectedRouteRefusesEveryBadCredentialWithAChallenge()
    {
        final long before = http.sent();
        for (final Routes.Route route : server.routes())
        {
            if (route.isPublic())
            {
                continue;
            }
            final Probe probe = probes().get(key(route));
            for (final Credentials credentials : badCredentials())
            {
                final OneShotHttp.Answer answer = http.send(probe.method(), probe.path(), credentials.header(),
                    probe.body());
                final String what = key(route) + " with " + credentials.name();
                assertThat(answer.status()).as(what + ": " + answer).isEqualTo(401);
                assertThat(answer.header("WWW-Authenticate")).as(what).startsWith("Basic realm=");
                assertThat(json(answer).path("error").asText()).as(what).isEqualTo("Unauthorized");
                assertNoLeak(what, "", answer, B_MARKERS);
                assertNoLeak(what, "", answer, A_MARKERS);
            }
        }
        report("routes needing credentials x bad credentials", http.sent() - before);
        assertTablesUntouched();
    }

    @Test
    void publicRoutesTellAnonymousCallersNothing()
    {
        final long before = http.sent();
        for (final Credentials credentials : badCredentials())
        {
            final OneShotHttp.Answer health = http.send("GET", "/status/health", credentials.header(), null);
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.body()).as(credentials.name()).isEqualTo("{\"status\":\"ok\"}");
            for (final String path : AVATICA_PATHS)
            {
                final OneShotHttp.Answer open = http.send("POST", path, credentials.header(),
                    avaticaOpen(UUID.randomUUID().toString(), null));
                final String what = "POST " + path + " (openConnection) with " + credentials.name();
                if (credentials.header() == null || credentials.header().isBlank())
                {
                    assertThat(open.status()).as(what + ": " + open).isEqualTo(401);
                    assertThat(open.header("WWW-Authenticate")).as(what).contains("Basic realm=").contains("Bearer");
                }
                else
                {
                    // Avatica's error channel: HTTP 500 with an ErrorResponse the client shows as it is
                    assertThat(open.status()).as(what + ": " + open).isEqualTo(500);
                    assertThat(json(open).path("sqlState").asText()).as(what).isEqualTo("28000");
                }
                assertThat(json(open).path("errorMessage").asText()).as(what).startsWith("Unauthorized");
                assertNoLeak(what, "", open, B_MARKERS);
                assertNoLeak(what, "", open, A_MARKERS);
            }
        }
        report("public routes x bad credentials", http.sent() - before);
    }

    @Test
    void everyRouteRefusesAUserLackingTheGrant()
    {
        final long before = http.sent();
        final Map<String, Probe> probes = probes();
        for (final Routes.Route route : server.routes())
        {
            final String key = key(route);
            final Probe probe = probes.get(key);
            switch (key)
            {
                case "GET /status/health" -> assertThat(send(ALICE, probe).body()).isEqualTo("{\"status\":\"ok\"}");
                case "GET /metrics" -> metricsShowOnlyGrantedTables();
                case "GET /status" ->
                {
                    // the version and memory, nothing about any table
                    final OneShotHttp.Answer status = send(ALICE, probe);
                    expectStatus(status, 200);
                    assertThat(json(status).path("version").asText()).isNotBlank();
                    assertNoLeak(key, "", status, B_MARKERS);
                }
                case "POST /v1/sql", "POST /druid/v2/sql" ->
                {
                    forbiddenLikeAMissingTable(ALICE, probe);
                    forbiddenLikeAMissingTable(ROBOT, probe);
                }
                case "DELETE /v1/sql/{}", "DELETE /druid/v2/sql/{}" ->
                    // a user can only cancel its own statements: another's id is not found
                    expectStatus(send(ALICE, probe), 404);
                case "GET /v1/tables" ->
                {
                    final OneShotHttp.Answer list = send(ALICE, probe);
                    expectStatus(list, 200);
                    assertThat(tableNames(list)).containsExactly(A);
                    assertNoLeak(key, "", list, B_MARKERS);
                    assertThat(tableNames(send(BOB, probe))).containsExactly(B);
                }
                case "POST /v1/tables" ->
                {
                    // creating a table that exists is 403, not 409: the answer does not tell that it exists
                    forbiddenLikeAMissingTable(ALICE, probe);
                    forbiddenLikeAMissingTable(BOB, probe);
                }
                case "GET /v1/tables/{}", "GET /v1/tables/{}/status" ->
                {
                    forbiddenLikeAMissingTable(ALICE, probe);
                    forbiddenLikeAMissingTable(ROBOT, probe);
                }
                case "GET /v1/tasks/{}" ->
                {
                    final OneShotHttp.Answer task = send(ALICE, probe);
                    final OneShotHttp.Answer none = send(ALICE, "GET", "/v1/tasks/no-such-task", null);
                    expectStatus(task, 404);
                    assertThat(task.body().replace(taskOfB, "ID")).isEqualTo(none.body().replace("no-such-task",
                        "ID"));
                    assertNoLeak(key, probe.path(), task, B_MARKERS);
                }
                case "POST /avatica", "POST /druid/v2/sql/avatica", "POST /druid/v2/sql/avatica-protobuf" ->
                    avaticaQueryOfAnUngrantedTableFails(ALICE, probe.path());
                case "GET /", "GET /console/{}", "GET /console/{}/{}", "GET /console/vendor/{}" ->
                {
                    // the console's static files: the same for everyone, nothing about any table
                    final OneShotHttp.Answer file = send(ALICE, probe);
                    expectStatus(file, 200);
                    assertNoLeak(key, "", file, B_MARKERS);
                }
                default ->
                {
                    assertThat(key).as("write routes on a table").startsWith(route.method() + " /v1/tables/{}");
                    forbiddenLikeAMissingTable(ALICE, probe);
                    forbiddenLikeAMissingTable(BOB, probe);
                    forbiddenLikeAMissingTable(ROBOT, probe);
                }
            }
        }
        report("routes x users lacking the grant", http.sent() - before);
        assertTablesUntouched();
    }

    @Test
    void lowercaseSchemeWithRightCredentialsIsAcceptedAsRfc7235Says()
    {
        final String right = Base64.getEncoder().encodeToString("alice:alice-pw".getBytes(StandardCharsets.UTF_8));
        expectStatus(http.send("GET", "/v1/tables/" + A, "basic " + right, null), 200);
        expectStatus(http.send("GET", "/v1/tables/" + A, "bearer " + TOKEN, null), 200);
    }

    private void metricsShowOnlyGrantedTables()
    {
        final OneShotHttp.Answer all = send(ADMIN, "GET", "/metrics", null);
        assertThat(all.body()).as("admin sees every table's series").contains("table=\"" + B + "\"")
            .contains("table=\"" + A + "\"");
        final OneShotHttp.Answer alice = send(ALICE, "GET", "/metrics", null);
        expectStatus(alice, 200);
        assertThat(alice.body()).contains("table=\"" + A + "\"");
        assertNoLeak("GET /metrics as alice", "", alice, B_MARKERS);
        final OneShotHttp.Answer bob = send(BOB, "GET", "/metrics", null);
        assertThat(bob.body()).contains("table=\"" + B + "\"");
        assertNoLeak("GET /metrics as bob", "", bob, A_MARKERS);
    }

    // ---------------------------------------------------------------- path tricks

    /** Raw request-target segments that try to leave the table namespace or the data directory. */
    static List<String> pathTricks()
    {
        return List.of("..", ".", "%2e%2e", "%2E%2E", "..%2F..%2F" + MARK, "..%2f..%2f..%2f..%2f" + MARK,
            "%2F", "%2Ftmp%2F" + MARK, "%2Fetc%2Fpasswd", "..%5C..%5C" + MARK, "..\\..\\" + MARK, "%00",
            B + "%00", B + "%00.json", A + "%2F..%2F" + B, "%252e%252e%252f" + MARK, "%EF%BD%96ault_b",
            "vault%E2%80%8B_b", "%D1%B5ault_b", "VAULT_B", "Vault_b", "%20" + B, B + "%20", B + "%09", "*", "~",
            "tables", "x".repeat(4_000), "%C0%AE%C0%AE%C0%AF" + MARK, "%E2%80%AE" + B);
    }

    @Test
    void pathTricksInTableNamesAreRefusedAndTouchNoFileOutsideTheDataDirectory() throws IOException
    {
        final Set<Path> filesBefore = filesOutsideDataDir();
        final long before = http.sent();
        final List<Routes.Route> tableRoutes = server.routes().stream()
            .filter(route -> route.name().startsWith("/v1/tables/{}")).toList();
        assertThat(tableRoutes).hasSize(9);
        for (final String trick : pathTricks())
        {
            for (final Routes.Route route : tableRoutes)
            {
                final Probe probe = probes().get(key(route));
                final String path = route.name().replace("{}", trick);
                for (final Credentials who : List.of(ADMIN, ALICE))
                {
                    final OneShotHttp.Answer answer = http.send(probe.method(), path, who.header(), probe.body());
                    final String what = probe.method() + " " + path + " as " + who.name();
                    assertThat(answer.status()).as(what + ": " + answer).isIn(400, 403, 404);
                    if (who == ALICE)
                    {
                        assertNoLeak(what, path + " " + QueryStringDecoder.decodeComponent(path), answer,
                            B_MARKERS);
                    }
                }
            }
        }
        // a table spec naming the same places
        for (final String name : List.of("..", "../../" + MARK, "/tmp/" + MARK, "..\\..\\" + MARK, "a\u0000b",
            "\uFF56ault_b", "x".repeat(300), "", " ", "tables/../" + MARK, "*"))
        {
            final String spec = MAPPER.createObjectNode().put("name", name).toString();
            final String full = spec(A, "region_a", "amount_a", "amount").replace("\"name\": \"" + A + "\"",
                spec.substring(1, spec.length() - 1));
            final OneShotHttp.Answer created = send(ADMIN, "POST", "/v1/tables", full);
            assertThat(created.status()).as(name + ": " + created).isEqualTo(400);
        }
        final OneShotHttp.Answer tooLong = send(ADMIN, "GET", "/v1/tables/" + "x".repeat(20_000), null);
        assertThat(tooLong.status()).isEqualTo(414);
        report("path tricks x table routes x {admin, alice} + specs", http.sent() - before);
        assertThat(filesOutsideDataDir()).as("files outside the data directory").isEqualTo(filesBefore);
        assertThat(markedFiles(Path.of(System.getProperty("java.io.tmpdir")))).isEmpty();
        assertThat(markedFiles(Path.of("").toAbsolutePath())).isEmpty();
        assertThat(markedFiles(root)).isEmpty();
        try (Stream<Path> tables = Files.list(dataDir.resolve("tables")))
        {
            assertThat(tables.map(dir -> dir.getFileName().toString())).containsExactlyInAnyOrder(A, B);
        }
        assertTablesUntouched();
    }

    @Test
    void batchLoadsReadNothingOutsideTheLoadDirectories()
    {
        final List<String> outside = List.of("/etc/passwd", outsideFile.toString(),
            loadDir + "/../outside/outside.ndjson", loadDir.resolve("escape.ndjson").toString(),
            "/nonexistent-" + MARK + "/x.ndjson", root.resolve("outside/missing.ndjson").toString(),
            "outside.ndjson", "file://" + outsideFile, loadDir + "/../../../../../../etc/passwd",
            dataDir.resolve("tables").resolve(B).resolve("table.json").toString());
        final List<String> bodies = new ArrayList<>();
        for (final Credentials who : List.of(ADMIN, ALICE))
        {
            for (final String path : outside)
            {
                final OneShotHttp.Answer answer = send(who, "POST", "/v1/tables/" + A + "/load",
                    loadBody(path));
                final String what = "load of " + path + " as " + who.name();
                assertThat(answer.status()).as(what + ": " + answer).isEqualTo(403);
                assertThat(answer.body()).as(what).contains("outside the directories").doesNotContain("root:")
                    .doesNotContain("OUTSIDE_FILE_CONTENT");
                bodies.add(answer.body().replace(path, "PATH"));
            }
        }
        // whether the file exists outside the load directories is not told
        assertThat(new TreeSet<>(bodies)).hasSize(1);
        final OneShotHttp.Answer nul = send(ADMIN, "POST", "/v1/tables/" + A + "/load", loadBody(loadDir + "/\u0000x"));
        assertThat(nul.status()).as(nul.toString()).isIn(400, 403);
        final OneShotHttp.Answer missing = send(ADMIN, "POST", "/v1/tables/" + A + "/load",
            loadBody(loadDir.resolve("missing.ndjson").toString()));
        assertThat(missing.status()).as(missing.toString()).isEqualTo(400);
        assertThat(count(ADMIN, A)).isEqualTo(3);
    }

    // ---------------------------------------------------------------- SQL tricks

    /** Statements with {@code {T}} for a table: each runs for alice on A (it works) and on B (refused, no leak). */
    static List<String> sqlTemplates()
    {
        return List.of(
            "SELECT * FROM {T}",
            "SELECT COUNT(*) FROM {T}",
            "SELECT * FROM {T} WHERE 1 = 0",
            "SELECT COUNT(*) FROM sales_a WHERE __time IN (SELECT __time FROM {T})",
            "SELECT COUNT(*) FROM sales_a WHERE EXISTS (SELECT 1 FROM {T})",
            "SELECT COUNT(*) FROM sales_a WHERE NOT EXISTS (SELECT 1 FROM {T} WHERE 1 = 0)",
            "SELECT x.region_a FROM sales_a x JOIN {T} y ON x.__time = y.__time",
            "SELECT COUNT(*) FROM sales_a x, {T} y",
            "SELECT region_a FROM sales_a UNION ALL SELECT CAST(COUNT(*) AS VARCHAR) FROM {T}",
            "SELECT region_a FROM sales_a WHERE __time > (SELECT MIN(__time) FROM {T})",
            "WITH t AS (SELECT * FROM {T}) SELECT * FROM t",
            "SELECT region_a, (SELECT COUNT(*) FROM {T}) FROM sales_a",
            "SELECT * FROM sales_a x, LATERAL (SELECT COUNT(*) AS c FROM {T} y WHERE y.__time = x.__time)",
            "SELECT * FROM (SELECT * FROM (SELECT * FROM {T}))",
            "SELECT * FROM tally.{T}",
            "SELECT * FROM `tally`.`{T}`",
            "SELECT * FROM `{T}`",
            "EXPLAIN PLAN FOR SELECT * FROM {T}",
            "EXPLAIN PLAN WITH TYPE FOR SELECT * FROM {T}",
            "SELECT COUNT(*) FROM sales_a WHERE region_a IN (SELECT CAST(__time AS VARCHAR) FROM {T})");
    }

    @Test
    void sqlReachesAnUngrantedTableByNoRoute()
    {
        final long before = http.sent();
        for (final String template : sqlTemplates())
        {
            final OneShotHttp.Answer granted = send(ALICE, "POST", "/v1/sql", sqlBody(template.replace("{T}", A)));
            assertThat(granted.status()).as(template + " on A: " + granted).isEqualTo(200);
            final String onB = template.replace("{T}", B);
            for (final String endpoint : List.of("/v1/sql", "/druid/v2/sql"))
            {
                final OneShotHttp.Answer refused = send(ALICE, "POST", endpoint, sqlBody(onB));
                assertThat(refused.status()).as(onB + ": " + refused).isEqualTo(403);
                assertNoLeak(onB, onB, refused, B_MARKERS);
                final OneShotHttp.Answer absent = send(ALICE, "POST", endpoint, sqlBody(template.replace("{T}", NOPE)));
                assertThat(absent.body().replace(NOPE, B)).as("a table that exists and one that does not are " +
                    "refused alike: " + onB).isEqualTo(refused.body());
            }
        }
        for (final String name : List.of("VAULT_B", "Vault_b", "tally.tally." + B, "INFORMATION_SCHEMA." + B,
            "metadata." + B, "\"" + B + "\"", "`" + B.toUpperCase() + "`", "`tally." + B + "`", "tally.`" + B + "`"))
        {
            final String query = "SELECT * FROM " + name;
            final OneShotHttp.Answer answer = send(ALICE, "POST", "/v1/sql", sqlBody(query));
            assertThat(answer.status()).as(query + ": " + answer).isIn(400, 403);
            assertNoLeak(query, query, answer, B_MARKERS);
        }
        report("SQL tricks", http.sent() - before);
    }

    @Test
    void catalogViewsListOnlyGrantedTables()
    {
        for (final String query : List.of("SELECT * FROM INFORMATION_SCHEMA.TABLES",
            "SELECT * FROM INFORMATION_SCHEMA.COLUMNS", "SELECT * FROM INFORMATION_SCHEMA.SCHEMATA",
            "SELECT * FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'vault_b'",
            "SELECT * FROM metadata.TABLES", "SELECT * FROM metadata.COLUMNS",
            "SELECT * FROM \"metadata\".\"TABLES\"", "SELECT * FROM `metadata`.`COLUMNS`"))
        {
            final OneShotHttp.Answer answer = send(ALICE, "POST", "/v1/sql", sqlBody(query));
            assertThat(answer.status()).as(query + ": " + answer).isIn(200, 400, 403);
            assertNoLeak(query, query, answer, B_MARKERS);
        }
        final OneShotHttp.Answer tables = send(ALICE, "POST", "/v1/sql", "{\"query\": \"SELECT TABLE_NAME FROM " +
            "INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'druid'\"}");
        assertThat(json(tables).findValuesAsText("TABLE_NAME")).containsExactly(A);
        final OneShotHttp.Answer metadata = send(ALICE, "POST", "/v1/sql", sqlBody("SELECT * FROM metadata.TABLES"));
        if (metadata.status() == 200)
        {
            assertThat(metadata.body()).contains(A);
        }
    }

    @Test
    void errorsSuggestOnlyGrantedNames()
    {
        for (final String query : List.of("SELECT * FROM vault", "SELECT * FROM vault_", "SELECT * FROM vault_c",
            "SELECT * FROM VAULT_B", "SELECT * FROM Vault_B", "SELECT hidden_total FROM sales_a",
            "SELECT code FROM sales_a", "SELECT hidden_total_bb FROM sales_a", "SELECT code_bb FROM sales_a",
            "SELECT * FROM tally.vault", "SELECT * FROM INFORMATION_SCHEMA.vault_b", "SELECT SECRET_B FROM sales_a"))
        {
            final OneShotHttp.Answer answer = send(ALICE, "POST", "/v1/sql", sqlBody(query));
            assertThat(answer.status()).as(query + ": " + answer).isIn(400, 403);
            assertNoLeak(query, query, answer, B_MARKERS);
        }
        // a user who may read everything is still helped with a suggestion
        final OneShotHttp.Answer admin = send(ADMIN, "POST", "/v1/sql", sqlBody("SELECT * FROM vault"));
        assertThat(admin.status()).isEqualTo(400);
        assertThat(admin.body()).contains("did you mean '" + B + "'");
        final OneShotHttp.Answer alice = send(ALICE, "POST", "/v1/sql", sqlBody("SELECT * FROM sales"));
        assertThat(alice.body()).contains("did you mean '" + A + "'");
    }

    // ---------------------------------------------------------------- JDBC

    @Test
    void jdbcShowsAndRunsNothingOfAnUngrantedTable() throws SQLException
    {
        try (Connection alice = DriverManager.getConnection(tallyUrl(), "alice", "alice-pw"))
        {
            final List<String> tables = rows(alice.getMetaData().getTables(null, null, "%", null), "TABLE_NAME");
            assertThat(tables).contains(A).doesNotContain(B);
            final List<String> columns = rows(alice.getMetaData().getColumns(null, null, "%", "%"), "COLUMN_NAME");
            assertThat(columns).contains("region_a").doesNotContain("code_b", "hidden_total_b");
            assertThat(rows(alice.getMetaData().getColumns(null, null, B, "%"), "COLUMN_NAME")).isEmpty();
            assertThat(rows(alice.getMetaData().getTables(null, "metadata", "%", null), "TABLE_NAME"))
                .doesNotContain(B);
            for (final String template : sqlTemplates())
            {
                final String query = template.replace("{T}", B);
                try (Statement statement = alice.createStatement())
                {
                    assertThatThrownBy(() -> statement.executeQuery(query)).as(query)
                        .isInstanceOf(SQLException.class)
                        .satisfies(ex -> assertThat(ex.getMessage()).doesNotContain(SECRET_B, "code_b"));
                }
            }
            try (Statement statement = alice.createStatement();
                 ResultSet result = statement.executeQuery("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES"))
            {
                final List<String> names = new ArrayList<>();
                while (result.next())
                {
                    names.add(result.getString(1));
                }
                assertThat(names).contains(A).doesNotContain(B);
            }
        }
        try (Connection bob = DriverManager.getConnection(tallyUrl(), "bob", "bob-pw"))
        {
            assertThat(rows(bob.getMetaData().getTables(null, null, "%", null), "TABLE_NAME")).contains(B)
                .doesNotContain(A);
        }
    }

    @Test
    void jdbcConnectionsNeedTheRightCredentials()
    {
        assertThatThrownBy(() -> DriverManager.getConnection(tallyUrl())).isInstanceOf(SQLException.class);
        for (final String[] wrong : new String[][] {{"alice", "wrong"}, {"mallory", "alice-pw"}, {"alice", ""},
            {"robot", TOKEN}, {"ALICE", "alice-pw"}})
        {
            assertThatThrownBy(() -> DriverManager.getConnection(tallyUrl(), wrong[0], wrong[1]))
                .as(wrong[0] + "/" + wrong[1]).isInstanceOf(SQLException.class)
                .satisfies(ex -> assertThat(((SQLException)ex).getSQLState()).isEqualTo("28000"));
        }
    }

    /**
     * An Avatica connection id, or a statement id (they are small sequential numbers), is no way into another
     * user's connection: a request that carries other HTTP credentials is refused, and a statement runs only on the
     * connection that created it.
     */
    @Test
    void avaticaConnectionsAndStatementsServeOnlyTheUserWhoOpenedThem() throws SQLException
    {
        final String aliceConnection = UUID.randomUUID().toString();
        expectAvaticaOk(http.send("POST", "/avatica", null, avaticaOpen(aliceConnection, "alice")));
        final int aliceStatement = json(expectAvaticaOk(http.send("POST", "/avatica", null,
            "{\"request\": \"createStatement\", \"connectionId\": \"" + aliceConnection + "\"}")))
            .path("statementId").asInt();
        final String ofA = "SELECT * FROM " + A;
        assertThat(expectAvaticaOk(http.send("POST", "/avatica", null,
            prepareAndExecute(aliceConnection, aliceStatement, ofA))).body()).contains("PUBLIC_A");

        // bob's credentials with alice's connection id
        for (final String request : List.of(
            "{\"request\": \"createStatement\", \"connectionId\": \"" + aliceConnection + "\"}",
            prepareAndExecute(aliceConnection, aliceStatement, ofA),
            "{\"request\": \"fetch\", \"connectionId\": \"" + aliceConnection + "\", \"statementId\": " +
                aliceStatement + ", \"offset\": 0, \"fetchMaxRowCount\": 100}",
            "{\"request\": \"getTables\", \"connectionId\": \"" + aliceConnection + "\"}",
            "{\"request\": \"getColumns\", \"connectionId\": \"" + aliceConnection + "\"}",
            "{\"request\": \"prepare\", \"connectionId\": \"" + aliceConnection + "\", \"sql\": \"" + ofA +
                "\", \"maxRowCount\": -1}",
            "{\"request\": \"databaseProperties\", \"connectionId\": \"" + aliceConnection + "\"}",
            "{\"request\": \"closeStatement\", \"connectionId\": \"" + aliceConnection + "\", \"statementId\": " +
                aliceStatement + "}",
            "{\"request\": \"closeConnection\", \"connectionId\": \"" + aliceConnection + "\"}"))
        {
            final OneShotHttp.Answer answer = http.send("POST", "/avatica", BOB.header(), request);
            assertThat(answer.body()).as("bob with alice's connection: " + request).contains("\"error\"")
                .doesNotContain("PUBLIC_A", "region_a", A);
        }

        // bob's own connection with alice's statement ids, and no credentials with a made-up connection id
        final JsonNode prepared = json(expectAvaticaOk(http.send("POST", "/avatica", null, "{\"request\": " +
            "\"prepare\", \"connectionId\": \"" + aliceConnection + "\", \"sql\": \"" + ofA +
            "\", \"maxRowCount\": -1}"))).path("statement");
        final String bobConnection = UUID.randomUUID().toString();
        expectAvaticaOk(http.send("POST", "/avatica", BOB.header(), avaticaOpen(bobConnection, null)));
        final int last = Math.max(aliceStatement, prepared.path("id").asInt());
        for (final String[] caller : new String[][] {{BOB.header(), bobConnection}, {null, bobConnection},
            {null, UUID.randomUUID().toString()}, {BOB.header(), "made-up"}})
        {
            for (int statement = Math.max(0, aliceStatement - 3); statement <= last + 3; statement++)
            {
                final String handle = MAPPER.createObjectNode().put("connectionId", caller[1]).put("id", statement)
                    .set("signature", prepared.path("signature")).toString();
                for (final String request : List.of(prepareAndExecute(caller[1], statement, "SELECT * FROM " + A),
                    "{\"request\": \"fetch\", \"connectionId\": \"" + caller[1] + "\", \"statementId\": " +
                        statement + ", \"offset\": 0, \"fetchMaxRowCount\": 100}",
                    "{\"request\": \"execute\", \"statementHandle\": " + handle + ", \"parameterValues\": [], " +
                        "\"maxRowCount\": 100}",
                    "{\"request\": \"syncResults\", \"connectionId\": \"" + caller[1] + "\", \"statementId\": " +
                        statement + ", \"state\": {\"type\": \"SQL\", \"sql\": \"" + ofA + "\"}, \"offset\": 0}"))
                {
                    final OneShotHttp.Answer answer = http.send("POST", "/avatica", caller[0], request);
                    assertThat(answer.body()).as("statement " + statement + " through " + request)
                        .doesNotContain("PUBLIC_A");
                }
            }
        }
        // bob's HTTP credentials cannot open a connection as alice either
        assertThat(http.send("POST", "/avatica", BOB.header(), avaticaOpen(UUID.randomUUID().toString(), "alice"))
            .body()).contains("Unauthorized").contains("differ");

        // alice's connection still serves alice, as alice
        assertThat(expectAvaticaOk(http.send("POST", "/avatica", ALICE.header(),
            prepareAndExecute(aliceConnection, aliceStatement, ofA))).body()).contains("PUBLIC_A");
        assertThat(http.send("POST", "/avatica", null, prepareAndExecute(aliceConnection, aliceStatement,
            "SELECT * FROM " + B)).body()).contains("\"error\"").doesNotContain(SECRET_B);
        try (Connection jdbc = DriverManager.getConnection(tallyUrl(), "alice", "alice-pw"))
        {
            final String id = jdbc.unwrap(AvaticaConnection.class).id;
            final OneShotHttp.Answer stolen = http.send("POST", "/avatica", BOB.header(),
                "{\"request\": \"getTables\", \"connectionId\": \"" + id + "\"}");
            assertThat(stolen.body()).contains("\"error\"").doesNotContain(A);
            try (Statement statement = jdbc.createStatement();
                 ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM " + A))
            {
                assertThat(result.next()).isTrue();
            }
        }
    }

    private void avaticaQueryOfAnUngrantedTableFails(final Credentials who, final String path)
    {
        final String connection = UUID.randomUUID().toString();
        expectAvaticaOk(http.send("POST", path, who.header(), avaticaOpen(connection, null)));
        final int statement = json(expectAvaticaOk(http.send("POST", path, who.header(),
            "{\"request\": \"createStatement\", \"connectionId\": \"" + connection + "\"}"))).path("statementId")
            .asInt();
        for (final String template : List.of("SELECT * FROM {T}", "SELECT * FROM sales_a WHERE EXISTS " +
            "(SELECT 1 FROM {T})"))
        {
            final String query = template.replace("{T}", B);
            final OneShotHttp.Answer answer = http.send("POST", path, who.header(),
                prepareAndExecute(connection, statement, query));
            assertThat(answer.body()).as(query).contains("\"error\"").contains("not found");
            assertNoLeak("avatica " + query, query, answer, B_MARKERS);
        }
        final OneShotHttp.Answer tables = http.send("POST", path, who.header(),
            "{\"request\": \"getTables\", \"connectionId\": \"" + connection + "\"}");
        assertThat(tables.body()).contains(A);
        assertNoLeak("avatica getTables", "", tables, B_MARKERS);
        final OneShotHttp.Answer columns = http.send("POST", path, who.header(),
            "{\"request\": \"getColumns\", \"connectionId\": \"" + connection + "\"}");
        assertThat(columns.body()).contains("region_a");
        assertNoLeak("avatica getColumns", "", columns, B_MARKERS);
        http.send("POST", path, who.header(),
            "{\"request\": \"closeConnection\", \"connectionId\": \"" + connection + "\"}");
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Refused with 403, nothing of B in the answer beyond what the request named, and the same answer as for a
     * table that does not exist.
     */
    private void forbiddenLikeAMissingTable(final Credentials who, final Probe probe)
    {
        final String what = probe.method() + " " + probe.path() + " as " + who.name();
        final OneShotHttp.Answer answer = send(who, probe);
        assertThat(answer.status()).as(what + ": " + answer).isEqualTo(403);
        assertThat(json(answer).path("error").asText()).as(what).isEqualTo("Forbidden");
        assertNoLeak(what, probe.path() + " " + probe.body(), answer, B_MARKERS);
        final OneShotHttp.Answer absent = send(who, new Probe(probe.method(), probe.path().replace(B, NOPE),
            probe.body() == null ? null : probe.body().replace(B, NOPE)));
        assertThat(absent.status()).as(what + " vs a missing table").isEqualTo(answer.status());
        assertThat(absent.body().replace(NOPE, B)).as(what + " vs a missing table").isEqualTo(answer.body());
    }

    /** Fails when the answer names a marker (as a whole word) that the request did not name itself. */
    private static void assertNoLeak(final String what, final String request, final OneShotHttp.Answer answer,
        final List<String> markers)
    {
        for (final String marker : markers)
        {
            final Pattern word = Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(marker) + "(?![A-Za-z0-9_])");
            if (word.matcher(answer.body()).find() && !word.matcher(request).find())
            {
                fail(what + " leaked '" + marker + "': " + answer);
            }
        }
    }

    /** Nothing the matrix sent changed either table. */
    private void assertTablesUntouched()
    {
        assertThat(count(ADMIN, A)).isEqualTo(3);
        assertThat(count(ADMIN, B)).isEqualTo(4);
        assertThat(server.tables().tableNames()).containsExactlyInAnyOrder(A, B);
        assertThat(server.tables().get(B).spec().dimensions().get(0).name()).isEqualTo("code_b");
    }

    private long count(final Credentials who, final String table)
    {
        final OneShotHttp.Answer answer = send(who, "POST", "/v1/sql", "{\"query\": \"SELECT COUNT(*) FROM " + table +
            "\", \"resultFormat\": \"array\"}");
        expectStatus(answer, 200);
        return json(answer).get(0).get(0).asLong();
    }

    private OneShotHttp.Answer send(final Credentials who, final Probe probe)
    {
        return http.send(probe.method(), probe.path(), who.header(), probe.body());
    }

    private OneShotHttp.Answer send(final Credentials who, final String method, final String path, final String body)
    {
        return http.send(method, path, who.header(), body);
    }

    private static void expectStatus(final OneShotHttp.Answer answer, final int status)
    {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
    }

    private static OneShotHttp.Answer expectAvaticaOk(final OneShotHttp.Answer answer)
    {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.body()).as(answer.toString()).doesNotContain("\"response\":\"error\"");
        return answer;
    }

    private static JsonNode json(final OneShotHttp.Answer answer)
    {
        try
        {
            return MAPPER.readTree(answer.body());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("not JSON: " + answer, ex);
        }
    }

    private static List<String> tableNames(final OneShotHttp.Answer list)
    {
        final List<String> names = new ArrayList<>();
        json(list).forEach(spec -> names.add(spec.path("name").asText()));
        return names;
    }

    private static String key(final Routes.Route route)
    {
        return route.method() + " " + route.name();
    }

    private static Credentials basic(final String user, final String password)
    {
        return new Credentials("Basic " + user + ":" + password, "Basic " + Base64.getEncoder().encodeToString(
            (user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private static ServerConfig.User user(final String name, final String password,
        final Map<String, ? extends Set<Access>> grants)
    {
        return new ServerConfig.User(name, Secrets.hashPassword(password, 1_000), List.of(), Map.copyOf(grants));
    }

    private static String flipLast(final String token)
    {
        final char last = token.charAt(token.length() - 1);
        return token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
    }

    static String spec(final String name, final String dimension, final String metric, final String field)
    {
        return """
            {"name": "%s", "timestamp": {"column": "ts", "format": "iso"}, "dimensions": ["%s"],
             "metrics": [{"name": "count", "type": "count"}, {"name": "%s", "type": "longSum", "field": "%s"}],
             "rollup": "PT1M", "segmentGranularity": "PT1H", "source": {"type": "push"}}"""
            .formatted(name, dimension, metric, field);
    }

    private static String sqlBody(final String query)
    {
        return MAPPER.createObjectNode().put("query", query).put("header", true).toString();
    }

    private static String loadBody(final String path)
    {
        return MAPPER.createObjectNode().put("interval", "2026-01-01T00:00Z/2026-01-01T01:00Z")
            .set("paths", MAPPER.createArrayNode().add(path)).toString();
    }

    private static String avaticaOpen(final String connection, final String user)
    {
        final String info = user == null ? "{}" : "{\"user\": \"" + user + "\", \"password\": \"" + user + "-pw\"}";
        return "{\"request\": \"openConnection\", \"connectionId\": \"" + connection + "\", \"info\": " + info + "}";
    }

    private static String prepareAndExecute(final String connection, final int statement, final String sql)
    {
        return "{\"request\": \"prepareAndExecute\", \"connectionId\": \"" + connection + "\", \"statementId\": " +
            statement + ", \"sql\": \"" + sql + "\", \"maxRowCount\": 100, \"maxRowsInFirstFrame\": 100}";
    }

    private String tallyUrl()
    {
        return "jdbc:tally://127.0.0.1:" + server.port();
    }

    private static List<String> rows(final ResultSet result, final String column) throws SQLException
    {
        try (result)
        {
            final List<String> values = new ArrayList<>();
            while (result.next())
            {
                values.add(result.getString(column));
            }
            return values;
        }
    }

    private Set<Path> filesOutsideDataDir() throws IOException
    {
        try (Stream<Path> files = Files.walk(root))
        {
            return files.filter(path -> !path.startsWith(dataDir)).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static List<Path> markedFiles(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter(path -> path.getFileName().toString().contains(MARK)).toList();
        }
    }

    private static void report(final String what, final long requests)
    {
        System.out.println("AuthMatrixTest: " + what + ": " + requests + " requests checked");
    }
}
