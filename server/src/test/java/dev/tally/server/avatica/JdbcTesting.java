package dev.tally.server.avatica;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What the JDBC tests share: the plain Avatica driver's URL, the shaded driver jar, reading a metadata column. */
final class JdbcTesting
{
    private JdbcTesting()
    {
    }

    /** One column of a metadata result as strings, in order; closes the result. */
    static List<String> column(final ResultSet result, final String name) throws SQLException
    {
        final List<String> values = new ArrayList<>();
        try (result)
        {
            while (result.next())
            {
                values.add(result.getString(name));
            }
        }
        return values;
    }

    /** The plain Avatica remote driver's URL for this server. */
    static String avaticaUrl(final int port, final String serialization)
    {
        return "jdbc:avatica:remote:url=http://127.0.0.1:" + port + "/avatica;serialization=" + serialization;
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
}
