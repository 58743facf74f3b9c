package dev.tally.server.cli;

import dev.tally.server.InvalidConfigException;
import dev.tally.server.quickstart.Quickstart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code bin/tally quickstart}: a local Kafka broker, live generated web events flowing into it, and the server with
 * a demo table consuming them; prints a curl and a JDBC example, and runs until SIGTERM or Ctrl-C.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
    description = "Run a local Kafka broker, a live web-event generator and the server with a demo table.")
final class QuickstartCommand implements Callable<Integer>
{
    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default ${DEFAULT-VALUE}; 0 picks " +
        "a free one).")
    int port;

    @Option(names = "--pg-port", defaultValue = "8432", description = "PostgreSQL wire protocol port (default " +
        "${DEFAULT-VALUE}; 0 picks a free one; -1 turns it off).")
    int pgPort;

    @Option(names = "--data-dir", defaultValue = "./quickstart-data",
        description = "Where the broker's log and the tables are kept (default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--events-per-second", defaultValue = "2000",
        description = "Generated events per second (default ${DEFAULT-VALUE}; 0 for none).")
    int eventsPerSecond;

    @Option(names = "--seed", defaultValue = "1", description = "Generator seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception
    {
        if (eventsPerSecond < 0)
        {
            System.err.println("tally: --events-per-second[" + eventsPerSecond + "] must be >= 0");
            return 2;
        }
        final Quickstart quickstart;
        try
        {
            quickstart = Quickstart.start(new Quickstart.Settings(port, pgPort, dataDir, eventsPerSecond, seed));
        }
        catch (final InvalidConfigException ex)
        {
            System.err.println("tally: " + ex.getMessage());
            return 2;
        }
        return StartCommand.runUntilStopped(quickstart, quickstart.instructions());
    }
}
