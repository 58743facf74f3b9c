package dev.tally.server.quickstart;

import dev.tally.ingest.localkafka.BrokerProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The quickstart's single-node KRaft Kafka broker, run in a child JVM ({@value #MAIN_CLASS} of module
 * ingest's {@code localkafka} package) over {@code kafka-lib/*} and {@code lib/*} next to {@code tally-server.jar}. Owns that child
 * process until closed.
 * <p>
 * Why a child JVM rather than this one (or an isolated class loader in it): the broker brings ~47 jars (Scala,
 * log4j-core, a Jackson newer than Calcite's) that the server's class path must not see, and Kafka loads plugins
 * through the thread context class loader, which makes class-loader isolation fragile. A process of its own keeps the
 * jars, the heap and the GC apart at the cost of ~2 s of JVM start, and it cannot outlive us: the child stops when its
 * stdin closes, which the OS does when this process ends, however it ends. Both class paths come from one Maven
 * resolution of the server's dependencies (lib = runtime, kafka-lib = what provided scope adds), so their versions
 * agree.
 */
public final class LocalKafka implements AutoCloseable
{
    /**
     * Named, not referenced: the class is on the child's class path only. ({@code BrokerProcess.READY_PREFIX} is
     * used below because a constant string is copied into this class when it compiles, JLS 13.1.)
     */
    public static final String MAIN_CLASS = "dev.tally.ingest.localkafka.BrokerProcess";
    /** Overrides the child's class path (e.g. a test's), instead of the jars next to tally-server.jar. */
    public static final String CLASS_PATH_PROP_NAME = "tally.kafka.classpath";
    public static final long START_TIMEOUT_SECONDS = 90;
    private static final long STOP_TIMEOUT_SECONDS = 30;
    private static final Logger LOG = LoggerFactory.getLogger(LocalKafka.class);

    private final Process process;
    private final String bootstrapServers;

    private LocalKafka(final Process process, final String bootstrapServers)
    {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Starts the broker with its log in {@code logDir}, creates {@code topic} unless it exists, and returns once both
     * are ready.
     */
    public static LocalKafka start(final String classPath, final Path logDir, final String topic,
        final int partitions) throws IOException, InterruptedException
    {
        final List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
            "-cp", classPath, MAIN_CLASS, logDir.toAbsolutePath().toString(), topic, Integer.toString(partitions));
        final Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        final CompletableFuture<String> ready = new CompletableFuture<>();
        final Thread reader = new Thread(() -> readOutput(process, ready), "kafka-broker-output");
        reader.setDaemon(true);
        reader.start();
        try
        {
            return new LocalKafka(process, ready.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS));
        }
        catch (final ExecutionException | TimeoutException ex)
        {
            final boolean isHung = process.isAlive();
            stop(process);
            throw new IOException("Kafka broker in " + logDir + (isHung ? " did not start within " +
                START_TIMEOUT_SECONDS + " s" : " failed to start") + "; its errors are above", ex);
        }
        catch (final InterruptedException ex)
        {
            stop(process);
            throw ex;
        }
    }

    /** Completes {@code ready} with the broker's address, then echoes anything else the child prints to stderr. */
    private static void readOutput(final Process process, final CompletableFuture<String> ready)
    {
        try (BufferedReader out = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = out.readLine()) != null)
            {
                if (!ready.isDone() && line.startsWith(BrokerProcess.READY_PREFIX))
                {
                    ready.complete(line.substring(BrokerProcess.READY_PREFIX.length()));
                }
                else
                {
                    System.err.println("kafka: " + line);
                }
            }
        }
        catch (final IOException ex)
        {
            ready.completeExceptionally(ex);
        }
        ready.completeExceptionally(new IOException("broker process ended its output before it was ready"));
    }

    /**
     * The broker's class path: {@value #CLASS_PATH_PROP_NAME} when set, else {@code kafka-lib/*} and {@code lib/*}
     * beside the jar (or classes directory) this class was loaded from.
     */
    public static String classPath()
    {
        final String configured = System.getProperty(CLASS_PATH_PROP_NAME);
        if (configured != null)
        {
            return configured;
        }
        final Path home;
        try
        {
            home = Path.of(LocalKafka.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalStateException("cannot tell where tally-server.jar is", ex);
        }
        final Path kafkaLib = home.resolve("kafka-lib");
        if (!Files.isDirectory(kafkaLib))
        {
            throw new IllegalStateException("no Kafka broker jars in " + kafkaLib + ": build with " +
                "`mvn -B -q install -DskipTests`, or name them with -D" + CLASS_PATH_PROP_NAME + "=...");
        }
        return kafkaLib.resolve("*") + File.pathSeparator + home.resolve("lib").resolve("*");
    }

    public String bootstrapServers()
    {
        return bootstrapServers;
    }

    /** The broker's process, for callers that check it is gone. */
    public ProcessHandle process()
    {
        return process.toHandle();
    }

    /** Closes the child's stdin, which shuts the broker down cleanly; forces it after 30 s. */
    @Override
    public void close()
    {
        stop(process);
    }

    private static void stop(final Process process)
    {
        try
        {
            process.getOutputStream().close();
            if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS))
            {
                LOG.warn("Kafka broker (pid {}) still running {} s after it was asked to stop; killing it",
                    process.pid(), STOP_TIMEOUT_SECONDS);
                process.destroyForcibly().waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        }
        catch (final IOException ex)
        {
            LOG.warn("could not signal the Kafka broker (pid {}) to stop; killing it", process.pid(), ex);
            process.destroyForcibly();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
