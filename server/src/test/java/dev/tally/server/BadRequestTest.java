package dev.tally.server;

import com.fasterxml.jackson.databind.JsonNode;
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

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way a request can be wrong gets the right status and DESIGN §6's JSON error naming the problem, and the
 * server keeps serving everyone else. The server runs with auth on: {@code admin} may do everything, {@code alice}
 * may read and write {@code web}, {@code reader} may only read {@code web}, {@code carol} authenticates by token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadRequestTest
{
    private static final int MAX_REQUEST_BYTES = 256 * 1024;
    private static final String TOKEN = Secrets.newToken();

    @TempDir
    static Path dir;

    private TallyServer server;
    private HttpApi anonymous;
    private HttpApi admin;
    private HttpApi alice;
    private HttpApi reader;

    @BeforeAll
    void start() throws Exception
    {
        final List<ServerConfig.User> users = List.of(
            user("admin", "admin-pw", List.of(), Map.of("*", EnumSet.allOf(Access.class))),
            user("alice", "alice-pw", List.of(), Map.of("web", EnumSet.allOf(Access.class))),
            user("reader", "reader-pw", List.of(), Map.of("web", EnumSet.of(Access.READ))),
            user("carol", null, List.of(Secrets.hashToken(TOKEN)), Map.of("web", EnumSet.of(Access.READ))));
        server = TestServers.start(TestServers.config(dir).withUsers(users).withLimits(MAX_REQUEST_BYTES, 2, 30_000));
        anonymous = new HttpApi(server.port());
        admin = anonymous.withBasic("admin", "admin-pw");
        alice = anonymous.withBasic("alice", "alice-pw");
        reader = anonymous.withBasic("reader", "reader-pw");
        assertThat(admin.post("/v1/tables", PushTable.SPEC).status()).isEqualTo(201);
        assertThat(admin.post("/v1/tables", PushTable.spec("secret")).status()).isEqualTo(201);
        final List<String> events = PushTable.events(7, 3_600_000, 5_000);
        for (int from = 0; from < events.size(); from += 1_000)
        {
            assertThat(alice.post("/v1/tables/web/events", PushTable.ndjson(events.subList(from, from + 1_000)))
                .status()).isEqualTo(200);
        }
        assertThat(admin.post("/v1/tables/secret/events", PushTable.ndjson(PushTable.events(8, 3_600_000, 100)))
            .status()).isEqualTo(200);
        admin.awaitCount("web", 5_000, java.time.Duration.ofSeconds(30));
    }

    @AfterAll
    void stop()
    {
        if (server != null)
        {
            server.close();
        }
    }

    private static ServerConfig.User user(final String name, final String password, final List<String> tokens,
        final Map<String, ? extends java.util.Set<Access>> grants)
    {
        return new ServerConfig.User(name, password == null ? null : Secrets.hashPassword(password, 1_000), tokens,
            Map.copyOf(grants));
    }

    @Test
    void malformedSqlRequestsAre400sThatNameTheField()
    {
        expect(alice.post("/v1/sql", "{\"query\": "), 400, "Invalid request", "invalid JSON");
        expect(alice.post("/v1/sql", ""), 400, "Invalid request", "empty request body");
        expect(alice.post("/v1/sql", "[1, 2]"), 400, "Invalid request", "expected a JSON object");
        expect(alice.post("/v1/sql", "{\"sql\": \"SELECT 1\"}"), 400, "Invalid request", "sql: unknown field");
        expect(alice.post("/v1/sql", "{\"resultFormat\": \"array\"}"), 400, "Invalid request", "query: required");
        expect(alice.post("/v1/sql", "{\"query\": \"SELECT 1\", \"resultFormat\": \"xml\"}"), 400,
            "Invalid request", "resultFormat: unknown format 'xml'");
        expect(alice.post("/v1/sql", "{\"query\": \"SELECT 1\", \"header\": \"yes\"}"), 400, "Invalid request",
            "header: must be true or false");
        expect(alice.post("/v1/sql", "{\"query\": \"SELECT ?\", \"parameters\": [{\"type\": \"BLOB\", " +
            "\"value\": 1}]}"), 400, "Invalid request", "parameters[0].type: unknown type 'BLOB'");
        expect(alice.post("/v1/sql", "{\"query\": \"SELECT COUNT(*) FROM web WHERE latency_max > ?\", " +
            "\"parameters\": [{\"type\": \"BIGINT\", \"value\": \"many\"}]}"), 400, "Invalid request",
            "parameters[0].value: BIGINT needs an integer");
        expect(alice.post("/v1/sql", "{\"query\": \"SELECT COUNT(*) FROM web WHERE device = ?\"}"), 400,
            "Plan validation failed", "statement has 1 parameters, request gives 0");
        expect(alice.post("/v1/sql", "{\"query\": \"SELECT 1\", \"context\": {\"timeout\": -5}}"), 400,
            "Invalid request", "context.timeout: must be a positive integer");
    }

    @Test
    void badSqlIs400WithPositionAndSuggestion()
    {
        expect(alice.sql("SELECT COUNT(*) FROM web WHERE"), 400, "SQL parse failed", "line 1, column");
        expect(admin.sql("SELECT COUNT(*) FROM webb"), 400, "Plan validation failed", "did you mean 'web'");
        // a table alice may not read is a 403 whether it exists or not (AuthMatrixTest), still with the suggestion
        expect(alice.sql("SELECT COUNT(*) FROM webb"), 403, "Forbidden", "did you mean 'web'");
        expect(alice.sql("SELECT contry FROM web"), 400, "Plan validation failed", "did you mean 'country'");
        expect(alice.sql("INSERT INTO web (country) VALUES ('x')"), 400, "Plan validation failed", "read-only");
        expect(alice.sql("SELECT country FROM web GROUP BY device"), 400, "Plan validation failed",
            "'country' is not being grouped");
    }

    @Test
    void limitsGiveClearErrors()
    {
        expect(alice.post("/v1/sql", "{\"query\": \"SELECT country, device, os, browser, page FROM web\", " +
            "\"context\": {\"maxRows\": 10}}"), 400, "Resource limit exceeded", "maxRows[10]");
        final String huge = "{\"query\": \"SELECT '" + "x".repeat(MAX_REQUEST_BYTES) + "'\"}";
        expect(alice.post("/v1/sql", huge), 413, "Request too large", "exceeds the limit of " + MAX_REQUEST_BYTES);
        expect(alice.post("/v1/tables/web/events", ("{}\n".repeat(MAX_REQUEST_BYTES / 3 + 1))
            .getBytes(StandardCharsets.UTF_8)), 413, "Request too large", "http.maxRequestBytes");
        // a self-join runs in Calcite: 1 ms is not enough
        expect(alice.post("/v1/sql", "{\"query\": \"SELECT COUNT(*) FROM web a JOIN web b ON a.os = b.os " +
            "JOIN web c ON b.os = c.os\", \"context\": {\"timeout\": 1}}"), 408, "Query timeout", "");
    }

    @Test
    void credentialsAreChecked()
    {
        final HttpApi.Answer missing = anonymous.sql("SELECT 1");
        expect(missing, 401, "Unauthorized", "credentials required");
        assertThat(missing.header("WWW-Authenticate")).startsWith("Basic");
        expect(anonymous.withBasic("alice", "wrong").sql("SELECT 1"), 401, "Unauthorized", "wrong user name");
        expect(anonymous.withBasic("mallory", "alice-pw").sql("SELECT 1"), 401, "Unauthorized", "wrong user name");
        expect(anonymous.withBearer("not-a-token").sql("SELECT 1"), 401, "Unauthorized", "unknown bearer token");
        expect(anonymous.send(anonymous.request("/v1/tables").header("Authorization", "Digest abc").GET()), 401,
            "Unauthorized", "unsupported authorization scheme 'Digest'");
        expect(anonymous.send(anonymous.request("/v1/tables").header("Authorization", "Basic !!!").GET()), 401,
            "Unauthorized", "not base64");
        expect(anonymous.get("/metrics"), 401, "Unauthorized", "credentials required");
        assertThat(anonymous.withBearer(TOKEN).sql("SELECT COUNT(*) FROM web").status()).isEqualTo(200);
        assertThat(anonymous.get("/status/health").status()).isEqualTo(200);
    }

    @Test
    void grantsAreEnforcedEverywhere()
    {
        expect(reader.sql("SELECT COUNT(*) FROM secret"), 403, "Forbidden", "may not read table 'secret'");
        expect(reader.sql("SELECT COUNT(*) FROM web WHERE country IN (SELECT country FROM secret)"), 403,
            "Forbidden", "secret");
        expect(reader.post("/v1/tables/web/events", "{\"ts\": \"2026-01-01T00:00:00Z\"}"), 403, "Forbidden",
            "may not write table 'web'");
        expect(reader.get("/v1/tables/secret"), 403, "Forbidden", "may not read table 'secret'");
        expect(reader.get("/v1/tables/secret/status"), 403, "Forbidden", "may not read");
        expect(reader.delete("/v1/tables/web"), 403, "Forbidden", "may not write table 'web'");
        expect(alice.post("/v1/tables", PushTable.spec("mine")), 403, "Forbidden", "may not write table 'mine'");
        final JsonNode visible = reader.get("/v1/tables").json();
        assertThat(visible).hasSize(1);
        assertThat(visible.get(0).path("name").asText()).isEqualTo("web");
        final HttpApi.Answer listed = reader.post("/v1/sql", "{\"query\": \"SELECT TABLE_NAME FROM " +
            "INFORMATION_SCHEMA.TABLES WHERE TABLE_TYPE = 'TABLE'\", \"resultFormat\": \"array\"}");
        assertThat(listed.body()).isEqualTo("[[\"web\"]]");
        assertThat(reader.sql("SELECT * FROM INFORMATION_SCHEMA.COLUMNS").body()).doesNotContain("secret");
        // the table a user may not read is not even a suggestion
        assertThat(reader.sql("SELECT COUNT(*) FROM secre").body()).doesNotContain("did you mean 'secret'");
    }

    @Test
    void tableRequestsNameTheProblem()
    {
        expect(admin.post("/v1/tables", PushTable.SPEC.replace("\"doubleSum\"", "\"sum\"")), 400,
            "Invalid table spec", "metrics[1].type: unknown type 'sum'");
        expect(admin.post("/v1/tables", PushTable.SPEC), 409, "Conflict", "table 'web' exists");
        expect(admin.post("/v1/tables", PushTable.spec("../../etc")), 400, "Invalid table spec", "name");
        expect(admin.get("/v1/tables/nope"), 404, "Unknown table", "no table named 'nope'");
        expect(admin.get("/v1/tables/..%2F..%2Fetc"), 404, "Unknown table", "");
        expect(admin.put("/v1/tables/web", PushTable.spec("other")), 400, "Invalid request", "cannot be renamed");
        expect(admin.put("/v1/tables/web", PushTable.SPEC.replace("\"referrer\"]", "\"referrer\", \"city\"]")), 400,
            "Invalid table spec", "dimensions: cannot be changed");
        expect(admin.post("/v1/tables/nope/events", "{}"), 404, "Unknown table", "");
        expect(admin.delete("/v1/sql/no-such-query"), 404, "Not found", "no running query");
        // with auth on and no loadDirs configured, a batch load may read nothing on the server
        expect(admin.post("/v1/tables/web/load", "{\"paths\": [\"/etc/passwd\"], \"interval\": " +
            "\"2026-01-01T00:00Z/2026-01-02T00:00Z\"}"), 403, "Forbidden", "outside the directories");
        expect(reader.post("/v1/tables/web/compact", ""), 403, "Forbidden", "may not write table 'web'");
        expect(admin.get("/v2/everything"), 404, "Not found", "no endpoint at /v2/everything");
        expect(admin.send(admin.request("/v1/sql").GET()), 405, "Invalid request", "allowed: POST");
    }

    @Test
    void badEventLinesAreCountedAndNamedWhileGoodOnesLand()
    {
        final String lines = String.join("\n",
            "{\"ts\": \"2026-01-01T00:00:00Z\", \"country\": \"FR\", \"revenue\": 1.5}",
            "{\"ts\": \"yesterday\", \"country\": \"FR\"}",
            "not json at all",
            "",
            "{\"country\": \"FR\"}",
            "{\"ts\": \"2026-01-01T00:00:01Z\", \"country\": \"FR\", \"latency_ms\": \"slow\"}",
            "{\"ts\": \"2026-01-01T00:00:02Z\", \"country\": \"FR\"}");
        final HttpApi.Answer answer = alice.post("/v1/tables/web/events", lines);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        final JsonNode body = answer.json();
        assertThat(body.path("accepted").asInt()).isEqualTo(2);
        assertThat(body.path("rejected").asInt()).isEqualTo(4);
        assertThat(body.path("errors").findValuesAsText("line")).containsExactly("2", "3", "5", "6");
        assertThat(body.path("errors").get(0).path("reason").asText()).contains("timestamp");
        final JsonNode status = alice.get("/v1/tables/web/status").json();
        assertThat(status.path("samples").findValuesAsText("raw")).contains("not json at all");
    }

    /** (Malformed HTTP itself, from bad request lines to slow clients, is what reliability.MalformedHttpTest tries.) */
    @Test
    void vanishingClientsLeaveTheServerServing() throws Exception
    {
        // clients that go away mid-request and mid-result
        for (int i = 0; i < 20; i++)
        {
            try (Socket socket = new Socket("127.0.0.1", server.port()))
            {
                final String body = "{\"query\": \"SELECT country, device, os, browser, page FROM web\"}";
                final String head = "POST /v1/sql HTTP/1.1\r\nHost: x\r\nAuthorization: Basic " +
                    java.util.Base64.getEncoder().encodeToString("alice:alice-pw".getBytes(StandardCharsets.UTF_8)) +
                    "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n";
                socket.getOutputStream().write((i % 2 == 0 ? head + body : head + body.substring(0, 10))
                    .getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().flush();
            }
        }
        // queries whose clients left stop at their next check; until then they may hold the two query slots
        final long deadline = System.nanoTime() + 20_000_000_000L;
        int status = 0;
        while (status != 200 && System.nanoTime() < deadline)
        {
            status = alice.sql("SELECT COUNT(*) FROM web").status();
            assertThat(status).isIn(200, 429);
        }
        assertThat(status).isEqualTo(200);
    }

    @Test
    void responsesAreGzippedWhenAsked() throws Exception
    {
        final HttpRequest request = alice.request("/v1/sql").header("Accept-Encoding", "gzip")
            .POST(HttpRequest.BodyPublishers.ofString("{\"query\": \"SELECT country, COUNT(*) FROM web GROUP BY 1\"}"))
            .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                "alice:alice-pw".getBytes(StandardCharsets.UTF_8)))
            .build();
        final java.net.http.HttpResponse<byte[]> response = java.net.http.HttpClient.newHttpClient()
            .send(request, java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body())))
        {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).startsWith("[{\"country\":");
        }
    }

    @Test
    void tooManyConcurrentQueriesAre429() throws Exception
    {
        final ExecutorService pool = Executors.newFixedThreadPool(2);
        // JDBC shares the HTTP API's budget of concurrent queries
        try (Connection jdbc = DriverManager.getConnection("jdbc:avatica:remote:url=http://127.0.0.1:" +
            server.port() + "/avatica;serialization=protobuf", "alice", "alice-pw"))
        {
            // some 25 million pairs through a nested loop and none matching: slow, yet under query.maxJoinRows
            final String slow = "{\"query\": \"SELECT COUNT(*) FROM web a JOIN web b ON a.page || b.os = 'never'\", " +
                "\"context\": {\"timeout\": 20000}}";
            HttpApi.Answer refused = null;
            SQLException jdbcRefused = null;
            for (int attempt = 0; attempt < 5 && (refused == null || jdbcRefused == null); attempt++)
            {
                final List<Future<HttpApi.Answer>> running = new ArrayList<>();
                for (int i = 0; i < 2; i++)
                {
                    running.add(pool.submit(() -> alice.post("/v1/sql", slow)));
                }
                while ((refused == null || jdbcRefused == null) && running.stream().anyMatch(f -> !f.isDone()))
                {
                    final HttpApi.Answer answer = alice.sql("SELECT 1");
                    if (answer.status() == 429)
                    {
                        refused = answer;
                    }
                    try (Statement statement = jdbc.createStatement())
                    {
                        statement.executeQuery("SELECT 1").close();
                    }
                    catch (final SQLException ex)
                    {
                        jdbcRefused = ex;
                    }
                }
                for (final Future<HttpApi.Answer> future : running)
                {
                    assertThat(future.get().status()).as(future.get().body()).isIn(200, 408, 429);
                }
            }
            assertThat(refused).as("a third query while two run").isNotNull();
            expect(refused, 429, "Resource limit exceeded", "too many concurrent queries");
            assertThat((Throwable)jdbcRefused).as("a JDBC query while two run").isNotNull();
            assertThat(jdbcRefused.getMessage()).contains("too many concurrent queries", "http.maxConcurrentQueries");
            assertThat(jdbcRefused.getSQLState()).isEqualTo("53000");
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    private static void expect(final HttpApi.Answer answer, final int status, final String category,
        final String messagePart)
    {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        final JsonNode body = answer.json();
        assertThat(body.path("error").asText()).as(answer.body()).isEqualTo(category);
        assertThat(body.path("errorMessage").asText()).as(answer.body()).contains(messagePart);
        assertThat(body.path("errorClass").asText()).as(answer.body()).isNotBlank();
    }
}
