package dev.tally.server.cli;

import dev.tally.server.testing.LoadedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import sqlline.SqlLine;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bin/tally sql} drives the real sqlline through the Tally JDBC driver against a real server. */
class SqlCommandTest
{
    @TempDir
    Path dir;

    @Test
    void sqllineListsTablesAndColumnsAndAnswersAQuery() throws Exception
    {
        try (LoadedServer loaded = LoadedServer.start(dir, 11, 2_000))
        {
            final long mobile = (Long)loaded.duckDb().query("SELECT COUNT(*) FROM raw WHERE device = 'mobile'")
                .get(0).get(0);

            final Path script = Files.writeString(dir.resolve("script.sql"), """
                !tables
                !columns web
                SELECT COUNT(*) AS mobile_events FROM web WHERE device = 'mobile';
                """);
            final SqlCommand command = new SqlCommand();
            new CommandLine(command).parseArgs("--url", "jdbc:tally://127.0.0.1:" + loaded.port(),
                "--outputFormat=csv", "-f", script.toString());
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            final SqlLine.Status status = command.run(null, out, err, false);
            final String shown = out.toString(StandardCharsets.UTF_8);

            assertThat(status).as(shown + err.toString(StandardCharsets.UTF_8)).isEqualTo(SqlLine.Status.OK);
            assertThat(shown).as("!tables").contains("'druid','web','TABLE'");
            assertThat(shown).as("!columns web").contains("'druid','web','__time','93','TIMESTAMP'",
                "'druid','web','country','12','VARCHAR'", "'druid','web','revenue','8','DOUBLE'");
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
