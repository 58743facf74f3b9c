package dev.tally.server.testing;

import dev.tally.ingest.TableIngest;
import dev.tally.server.ServerConfig;
import dev.tally.server.TallyServer;

import java.nio.file.Path;

/** Servers for tests: loopback, a free port, the test's own data directory, small ingest buffers. */
public final class TestServers
{
    public static final TableIngest.Options INGEST = TableIngest.Options.DEFAULT.withMaxAgeMillis(60_000);

    private TestServers()
    {
    }

    public static ServerConfig config(final Path dataDir)
    {
        return ServerConfig.defaults().withPort(0).withDataDir(dataDir);
    }

    public static TallyServer start(final ServerConfig config)
    {
        return start(config, INGEST);
    }

    public static TallyServer start(final ServerConfig config, final TableIngest.Options ingest)
    {
        try
        {
            return TallyServer.start(config, ingest);
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException("server did not start", ex);
        }
    }
}
