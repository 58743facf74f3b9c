package dev.tally.ingest.localkafka;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs a {@link KafkaBroker} as a process of its own, for {@code bin/tally quickstart}: the broker's jars stay out of
 * the server's JVM, and a parent that dies takes its broker with it.
 * <p>
 * Usage: {@code BrokerProcess LOG_DIR [TOPIC PARTITIONS]}. Once the broker serves (and the topic exists), prints one
 * line {@value #READY_PREFIX}{@code host:port} to stdout. It stops, shutting the broker down cleanly, when its stdin
 * ends (the parent closed it or died) or on SIGTERM. SIGINT is ignored: a Ctrl-C in a terminal reaches the whole
 * process group, and the parent must stop its Kafka clients before the broker goes away.
 */
public final class BrokerProcess
{
    public static final String READY_PREFIX = "bootstrap.servers=";

    private BrokerProcess()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        if (args.length != 1 && args.length != 3)
        {
            System.err.println("usage: BrokerProcess LOG_DIR [TOPIC PARTITIONS]");
            System.exit(2);
        }
        Signal.handle(new Signal("INT"), SignalHandler.SIG_IGN);
        final Path logDir = Path.of(args[0]);
        Files.createDirectories(logDir);
        final KafkaBroker broker = KafkaBroker.start(logDir);
        final Thread stopper = new Thread(broker::close, "kafka-broker-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        if (args.length == 3)
        {
            broker.createTopic(args[1], Integer.parseInt(args[2]));
        }
        System.out.println(READY_PREFIX + broker.bootstrapServers());
        System.out.flush();
        awaitEndOf(System.in);
        System.exit(0); // the shutdown hook stops the broker
    }

    private static void awaitEndOf(final InputStream in) throws IOException
    {
        final byte[] ignored = new byte[256];
        while (in.read(ignored) != -1)
        {
            // the parent writes nothing; only the end of the stream matters
        }
    }
}
