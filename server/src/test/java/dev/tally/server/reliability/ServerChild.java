package dev.tally.server.reliability;

import dev.tally.ingest.TableIngest;
import dev.tally.server.ServerConfig;
import dev.tally.server.TallyServer;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The real server in a child JVM for tests that kill it: {@code bin/tally start}'s server with persist settings
 * small enough that kills land inside persists. Prints {@code serving PORT} once it listens, then runs until killed.
 * Arguments: config file, persist age in ms, persist rows.
 */
public final class ServerChild
{
    private ServerChild()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final ServerConfig config = ServerConfig.load(Path.of(args[0]));
        final TallyServer server = TallyServer.start(config, TableIngest.Options.DEFAULT
            .withMaxAgeMillis(Long.parseLong(args[1])).withMaxRows(Integer.parseInt(args[2])));
        System.out.println("serving " + server.port());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
