package dev.tally.server.cli;

import dev.tally.server.InvalidConfigException;
import dev.tally.server.ServerConfig;
import dev.tally.server.TallyServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bin/tally start}: runs the server until SIGTERM or Ctrl-C, which persist and commit every table before the
 * process exits.
 */
@Command(name = "start", mixinStandardHelpOptions = true,
    description = "Run the Tally server (HTTP SQL API, table API, push ingest, Avatica/JDBC, metrics).")
final class StartCommand implements Callable<Integer>
{
    @Option(names = "--config", description = "Server config JSON (bind, port, dataDir, limits, users, tables).")
    Path config;

    @Option(names = "--port", description = "HTTP port (default 8080; 0 picks a free one).")
    Integer port;

    @Option(names = "--pg-port", description = "PostgreSQL wire protocol port (off unless given here or as " +
        "\"pg\": {\"port\": N} in the config; 0 picks a free one).")
    Integer pgPort;

    @Option(names = "--data-dir", description = "Where tables are kept (default ./data).")
    Path dataDir;

    @Option(names = "--bind", description = "Address to listen on (default 127.0.0.1).")
    String bind;

    @Override
    public Integer call() throws Exception
    {
        final ServerConfig settings;
        try
        {
            settings = config();
        }
        catch (final InvalidConfigException ex)
        {
            System.err.println("tally: invalid config: " + ex.getMessage());
            return 2;
        }
        return run(settings);
    }

    ServerConfig config() throws java.io.IOException
    {
        ServerConfig settings = config == null ? ServerConfig.defaults() : ServerConfig.load(config);
        if (port != null)
        {
            settings = settings.withPort(port);
        }
        if (pgPort != null)
        {
            settings = settings.withPgPort(pgPort);
        }
        if (dataDir != null)
        {
            settings = settings.withDataDir(dataDir);
        }
        if (bind != null)
        {
            settings = settings.withBind(bind);
        }
        return settings;
    }

    /** Starts the server and waits for the JVM to be asked to stop; the shutdown hook closes the server. */
    static Integer run(final ServerConfig settings) throws Exception
    {
        final TallyServer server;
        try
        {
            server = TallyServer.start(settings);
        }
        catch (final InvalidConfigException ex)
        {
            System.err.println("tally: " + ex.getMessage());
            return 2;
        }
        final String pg = server.pgPort() < 0 ? "" : " and PostgreSQL on " + settings.bind() + ":" +
            server.pgPort() + " (psql -h " + settings.bind() + " -p " + server.pgPort() + " -U " +
            (settings.isAuthEnabled() ? settings.users().get(0).name() : "tally") + ")";
        return runUntilStopped(server, "Tally is serving http://" + settings.bind() + ":" + server.port() +
            "/" + pg + " (the web console is there; data in " + settings.dataDir().toAbsolutePath() +
            "); Ctrl-C stops it.");
    }

    /**
     * Prints {@code banner} and waits until SIGTERM or Ctrl-C, whose shutdown hook closes {@code running} (which
     * persists and commits) before the JVM exits.
     */
    static Integer runUntilStopped(final AutoCloseable running, final String banner) throws InterruptedException
    {
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            try
            {
                running.close();
                System.out.println("tally: stopped cleanly");
            }
            catch (final Exception ex)
            {
                System.err.println("tally: stopping failed: " + ex);
                ex.printStackTrace();
            }
            finally
            {
                stopped.countDown();
            }
        }, "tally-shutdown"));
        System.out.println(banner);
        stopped.await();
        return 0;
    }
}
