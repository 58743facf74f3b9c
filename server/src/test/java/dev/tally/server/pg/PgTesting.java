package dev.tally.server.pg;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.server.ServerConfig;
import dev.tally.server.testing.LoadedServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** The PostgreSQL tests' fixtures: a loaded server with the wire protocol on a free port, and pgJDBC connections. */
final class PgTesting
{
    static final int EVENTS = 5_000;

    private PgTesting()
    {
    }

    /** A loaded server ({@link LoadedServer}: table {@code web}) with the PostgreSQL listener on a free port. */
    static LoadedServer start(final Path dir, final String configJson) throws Exception
    {
        return LoadedServer.start(dir, 7, EVENTS, config ->
        {
            try
            {
                return ServerConfig.parse(new ObjectMapper().readTree(configJson)).withPort(0)
                    .withDataDir(config.dataDir()).withPgPort(0);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        });
    }

    static String url(final LoadedServer loaded, final String options)
    {
        return "jdbc:postgresql://127.0.0.1:" + loaded.server().pgPort() + "/tally" +
            (options.isEmpty() ? "" : "?" + options);
    }

    static Connection connect(final LoadedServer loaded, final String options) throws SQLException
    {
        final Properties properties = new Properties();
        properties.setProperty("user", "tally");
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("socketTimeout", "60");
        return DriverManager.getConnection(url(loaded, options), properties);
    }
}
