package dev.tally.server.reliability;

import dev.tally.server.ServerConfig;
import dev.tally.server.TallyServer;
import dev.tally.server.testing.TestServers;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A real Tally server in a child JVM, for tests that limit or damage what the process may write (a file-size limit
 * set by the launching shell, then raised with {@code prlimit}). Arguments: the config file, and the live index's
 * age limit in milliseconds (short, so persists happen while the test watches). Prints {@value #PORT_LINE} and the
 * port once serving; SIGTERM persists, commits and exits, as {@code bin/tally start} does.
 */
public final class ChildServer
{
    public static final String PORT_LINE = "CHILD-SERVER-PORT ";

    private ChildServer()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final ServerConfig config = ServerConfig.load(Path.of(args[0]));
        final long maxAgeMillis = Long.parseLong(args[1]);
        final TallyServer server = TallyServer.start(config, TestServers.INGEST.withMaxAgeMillis(maxAgeMillis));
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            server.close();
            stopped.countDown();
        }, "child-server-shutdown"));
        System.out.println(PORT_LINE + server.port());
        System.out.flush();
        stopped.await();
    }
}
