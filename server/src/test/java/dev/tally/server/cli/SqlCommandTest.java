package dev.tally.server.cli;

import dev.tally.server.TallyServer;
import dev.tally.server.testing.DuckDb;
import dev.tally.server.testing.HttpApi;
import dev.tally.server.testing.PushTable;
import dev.tally.server.testing.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import sqlline.SqlLine;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bin/tally sql} drives the real sqlline through the Tally JDBC driver against a real server. */
class SqlCommandTest
{
    @TempDir
    Path dir;

    @Test
    void sqllineListsTablesAndColumnsAndAnswersAQuery() throws Exception
    {
        final List<String> events = PushTable.events(11, 3_600_000L, 2_000);
        try (TallyServer server = TestServers.start(TestServers.config(dir.resolve("data")));
             DuckDb duckDb = new DuckDb(dir, events))
        {
            final HttpApi http = new HttpApi(server.port());
            assertThat(http.post("/v1/tables", PushTable.SPEC).status()).isEqualTo(201);
            assertThat(http.post("/v1/tables/web/events", PushTable.ndjson(events)).status()).isEqualTo(200);
            assertThat(http.awaitCount("web", events.size())).isEqualTo(events.size());
            final long mobile = (Long)duckDb.query("SELECT COUNT(*) FROM raw WHERE device = 'mobile'").get(0).get(0);

            final Path script = Files.writeString(dir.resolve("script.sql"), """
                !tables
                !columns web
                SELECT COUNT(*) AS mobile_events FROM web WHERE device = 'mobile';
                """);
            final SqlCommand command = new SqlCommand();
            new CommandLine(command).parseArgs("--url", "jdbc:tally://127.0.0.1:" + server.port(),
                "--outputFormat=csv", "-f", script.toString());
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            final SqlLine.Status status = command.run(null, out, err, false);
            final String shown = out.toString(StandardCharsets.UTF_8);

            assertThat(status).as(shown + err.toString(StandardCharsets.UTF_8)).isEqualTo(SqlLine.Status.OK);
            assertThat(shown).as("!tables").contains("'tally','web','TABLE'");
            assertThat(shown).as("!columns web").contains("'tally','web','__time','93','TIMESTAMP(3) NOT NULL'",
                "'tally','web','country','12','VARCHAR'", "'tally','web','revenue','8','DOUBLE'");
            assertThat(shown).as("query").contains("'mobile_events'\n'" + mobile + "'\n");
        }
    }

    @Test
    void argumentsNameTheDriverAndPassTheRestToSqlline()
    {
        final SqlCommand command = new SqlCommand();
        new CommandLine(command).parseArgs("--user", "alice", "--password", "pw", "-e", "SELECT 1");
        assertThat(command.arguments()).containsExactly("-u", SqlCommand.URL_DEFAULT, "--isolation=TRANSACTION_NONE",
            "-d", "dev.tally.jdbc.Driver",
            "-n", "alice", "-p", "pw", "-e", "SELECT 1");
    }
}
