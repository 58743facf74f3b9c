package dev.tally.server;

import dev.tally.ingest.testing.Await;
import dev.tally.server.testing.HttpApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the real {@code bin/tally quickstart} over the packaged jars (hence an integration test: after
 * {@code package}) as a child process: the curl examples it prints answer over HTTP, the event count keeps growing,
 * and SIGTERM stops it cleanly with its table persisted and no process of its left running.
 */
@Tag("launcher")
class QuickstartIT
{
    private static final Pattern PSQL = Pattern.compile("psql -h 127\\.0\\.0\\.1 -p (\\d+) -U tally -c '([^']+)'");
    private static final Pattern CURL = Pattern.compile("curl -s (http://127\\.0\\.0\\.1:(\\d+))/v1/sql .* -d '(.*)'");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    @TempDir
    Path dir;

    private Process quickstart;

    @AfterEach
    void stopWhatIsLeft()
    {
        if (quickstart != null)
        {
            quickstart.descendants().forEach(ProcessHandle::destroyForcibly);
            quickstart.destroyForcibly();
        }
    }

    @Test
    void printedCurlExamplesAnswerEventsKeepFlowingAndSigtermStopsEverything() throws Exception
    {
        final Path launcher = Path.of(System.getProperty("tally.launcher", "../bin/tally"));
        final ProcessBuilder command = new ProcessBuilder(launcher.toString(), "quickstart", "--port", "0", "--pg-port", "0",
            "--data-dir", dir.resolve("data").toString(), "--events-per-second", "2000")
            .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile());
        command.environment().put("JAVA_HOME", System.getProperty("java.home"));
        command.environment().put("TALLY_JAVA_OPTS", "-Xmx1g");
        quickstart = command.start();

        final List<Matcher> curls = awaitCurlExamples();
        final HttpApi http = new HttpApi(Integer.parseInt(curls.get(0).group(2)));
        for (final Matcher curl : curls)
        {
            final HttpApi.Answer answer = http.post("/v1/sql", curl.group(3));
            assertThat(answer.status()).as(curl.group(3) + " -> " + answer.body()).isEqualTo(200);
            assertThat(answer.json().size()).as(answer.body()).isPositive();
        }
        final Matcher psql = output().stream().map(PSQL::matcher).filter(Matcher::find).findFirst().orElseThrow(() ->
            new AssertionError("no psql line; " + diagnostics()));
        try (java.sql.Connection pg = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" +
            psql.group(1) + "/tally?user=tally"); java.sql.ResultSet rs = pg.createStatement().executeQuery(
            psql.group(2)))
        {
            assertThat(rs.next()).as("the printed psql query answers").isTrue();
        }
        final long first = http.count("events");
        assertThat(first).isPositive();
        assertThat(http.awaitCount("events", first + 1_000, Duration.ofSeconds(60))).isGreaterThan(first);

        final List<ProcessHandle> children = quickstart.descendants().toList();
        assertThat(children).as("the broker's JVM").isNotEmpty();
        quickstart.destroy(); // SIGTERM
        assertThat(quickstart.waitFor(120, TimeUnit.SECONDS)).as("stopped within 120 s; " + diagnostics()).isTrue();
        assertThat(quickstart.exitValue()).as(diagnostics()).isEqualTo(143); // 128 + SIGTERM, after the hooks ran
        awaitOutputLine("tally: stopped cleanly");
        for (final ProcessHandle child : children)
        {
            child.onExit().get(30, TimeUnit.SECONDS);
            assertThat(child.isAlive()).as("child " + child.pid()).isFalse();
        }
        try (Stream<Path> files = Files.list(dir.resolve("data/tables/events")))
        {
            assertThat(files.map(Path::toString).filter(name -> name.endsWith(".seg")))
                .as("segments committed at shutdown").isNotEmpty();
        }
    }

    /** The curl lines of the banner, once it is printed in full (the line after them says how to stop). */
    private List<Matcher> awaitCurlExamples() throws Exception
    {
        awaitOutputLine("Ctrl-C stops the events, the server (persisting and committing) and the broker.");
        final List<Matcher> curls = output().stream().map(CURL::matcher).filter(Matcher::find).toList();
        assertThat(curls).as(diagnostics()).hasSize(2);
        return curls;
    }

    /** Waits until the quickstart prints {@code line}; fails when it exits without it or time runs out. */
    private void awaitOutputLine(final String line) throws Exception
    {
        Await.latest(START_TIMEOUT, () ->
        {
            try
            {
                return output();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }, out -> out.contains(line) || !quickstart.isAlive());
        // read again: it may have printed the line just before it exited
        assertThat(output()).as("no line[" + line + "] in " + START_TIMEOUT + " (alive: " + quickstart.isAlive() +
            "); " + diagnostics()).contains(line);
    }

    private List<String> output() throws IOException
    {
        return Files.readAllLines(dir.resolve("stdout.txt"));
    }

    private String diagnostics()
    {
        try
        {
            return "stdout:\n" + Files.readString(dir.resolve("stdout.txt")) + "\nstderr:\n" +
                Files.readString(dir.resolve("stderr.txt"));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
