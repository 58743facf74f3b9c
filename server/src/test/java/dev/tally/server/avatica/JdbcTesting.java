package dev.tally.server.avatica;

import dev.tally.server.TallyServer;
import dev.tally.server.testing.HttpApi;
import dev.tally.server.testing.PushTable;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Fixtures the JDBC tests share: URLs and a loaded push table. */
final class JdbcTesting
{
    private JdbcTesting()
    {
    }

    /** The plain Avatica remote driver's URL for this server. */
    static String avaticaUrl(final TallyServer server, final String serialization)
    {
        return "jdbc:avatica:remote:url=http://127.0.0.1:" + server.port() + "/avatica;serialization=" + serialization;
    }

    /**
     * The jdbc-driver module's shaded jar; the reactor packages that module before this one's tests run
     * ({@code mvn verify}). A test run that did not package it skips the tests that need it.
     */
    static Path shadedDriverJar() throws IOException
    {
        final Path target = Path.of("..", "jdbc-driver", "target");
        try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty())
        {
            final Path jar = files.filter(f -> f.getFileName().toString().matches("tally-jdbc-driver-.*-all\\.jar"))
                .findFirst().orElse(null);
            Assumptions.assumeTrue(jar != null, "no shaded driver jar in " + target.toAbsolutePath() +
                ": package the jdbc-driver module first (mvn verify does)");
            return jar;
        }
    }

    /** Creates table {@code web}, pushes the events and waits until SQL counts all of them. */
    static void createAndPush(final HttpApi http, final List<String> events) throws InterruptedException
    {
        assertThat(http.post("/v1/tables", PushTable.SPEC).status()).isEqualTo(201);
        for (int from = 0; from < events.size(); from += 10_000)
        {
            final HttpApi.Answer pushed = http.post("/v1/tables/web/events",
                PushTable.ndjson(events.subList(from, Math.min(events.size(), from + 10_000))));
            assertThat(pushed.status()).as(pushed.body()).isEqualTo(200);
        }
        final long count = http.awaitCount("web", events.size());
        assertThat(count).as("events counted by SQL").isEqualTo(events.size());
    }
}
