package dev.tally.ingest.localkafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * A single-node KRaft Kafka broker in this JVM, from the Maven artifacts (shared DEPENDENCIES.md): broker and
 * controller on two free loopback ports, its log in a directory of the caller's. Owns the broker's threads until
 * closed. A directory formatted by an earlier start is used as it is (its cluster id included), so topics and
 * offsets survive a restart, and the ports of that start are taken again when they are free; when they are not, the
 * ports change, so clients take {@link #bootstrapServers()} from the running broker. Tests run it in their own JVM;
 * {@code bin/tally quickstart} runs it in a child JVM through {@link BrokerProcess}.
 */
public final class KafkaBroker implements AutoCloseable
{
    /** In the log directory, which Kafka leaves alone: it reads only directories and its own files there. */
    private static final String PORTS_FILE = "tally-ports.properties";

    private final KafkaRaftServer server;
    private final String bootstrapServers;

    private KafkaBroker(final KafkaRaftServer server, final String bootstrapServers)
    {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    public static KafkaBroker start(final Path logDir) throws Exception
    {
        final Properties ports = lastPorts(logDir);
        final int brokerPort = freePort(ports.getProperty("broker"));
        final int controllerPort = freePort(ports.getProperty("controller"));
        ports.setProperty("broker", Integer.toString(brokerPort));
        ports.setProperty("controller", Integer.toString(controllerPort));
        Files.createDirectories(logDir);
        try (Writer out = Files.newBufferedWriter(logDir.resolve(PORTS_FILE)))
        {
            ports.store(out, "ports of the last start; reused while free");
        }
        final Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("min.insync.replicas", "1");
        props.put("default.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "false");
        props.put("num.network.threads", "1");
        props.put("num.io.threads", "2");
        props.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));

        if (!Files.exists(logDir.resolve("meta.properties")))
        {
            format(logDir);
        }
        final KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        server.startup();
        return new KafkaBroker(server, "127.0.0.1:" + brokerPort);
    }

    /** Formats an empty log directory for a new cluster of this one node. */
    private static void format(final Path logDir) throws Exception
    {
        new Formatter()
            .setPrintStream(new PrintStream(new ByteArrayOutputStream()))
            .setClusterId(Uuid.randomUuid().toString())
            .setNodeId(1)
            .setDirectories(List.of(logDir.toString()))
            .setMetadataLogDirectory(logDir.toString())
            .setControllerListenerName("CONTROLLER")
            .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
            .run();
    }

    public String bootstrapServers()
    {
        return bootstrapServers;
    }

    /** Creates {@code topic} unless it exists (a restarted broker keeps its topics). */
    public void createTopic(final String topic, final int partitions) throws Exception
    {
        createTopic(topic, partitions, Map.of());
    }

    /**
     * Creates {@code topic} with topic-level {@code configs} (e.g. {@code retention.ms}) unless it exists, and returns
     * once every partition has a leader: a produce to a partition still without one fails and is retried, and the
     * idempotent producer's retries could end in OutOfOrderSequenceException, losing the batch (seen in RestreamTest).
     */
    public void createTopic(final String topic, final int partitions, final Map<String, String> configs)
        throws Exception
    {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers)))
        {
            try
            {
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short)1).configs(configs))).all()
                    .get(60, TimeUnit.SECONDS);
            }
            catch (final ExecutionException ex)
            {
                if (!(ex.getCause() instanceof TopicExistsException))
                {
                    throw ex;
                }
            }
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!hasLeaders(admin, topic))
            {
                if (System.nanoTime() > deadline)
                {
                    throw new IllegalStateException("topic[" + topic + "] has partitions without a leader after 60 s");
                }
                Thread.sleep(20);
            }
        }
    }

    private static boolean hasLeaders(final Admin admin, final String topic) throws Exception
    {
        try
        {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(60, TimeUnit.SECONDS).get(topic)
                .partitions().stream().allMatch(partition -> partition.leader() != null &&
                    !partition.leader().isEmpty());
        }
        catch (final ExecutionException ex)
        {
            // the topic's metadata has not reached the broker yet
            return false;
        }
    }

    /** Grows {@code topic} to {@code partitions} partitions (Kafka never shrinks a topic). */
    public void addPartitions(final String topic, final int partitions) throws Exception
    {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers)))
        {
            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(partitions))).all()
                .get(60, TimeUnit.SECONDS);
        }
    }

    /** Produces {@code events} with acks=all; event i goes to partition {@code i % partitions}. */
    public void produce(final String topic, final int partitions, final List<byte[]> events)
    {
        produce(topic, partitions, events.iterator(), null);
    }

    /**
     * Produces {@code events} with acks=all, event i to partition {@code i % partitions}, each stamped (Kafka
     * CreateTime) with {@code timestamps.applyAsLong(event)}, or with the send time when it is null.
     */
    public void produce(final String topic, final int partitions, final List<byte[]> events,
        final ToLongFunction<byte[]> timestamps)
    {
        produce(topic, partitions, events.iterator(), timestamps);
    }

    /**
     * Produces what {@code events} yields, without holding it all (the benchmark pre-loads millions), with acks=all;
     * the i-th event goes to partition {@code i % partitions}, stamped as {@link #produce(String, int, List,
     * ToLongFunction)} says.
     */
    public void produce(final String topic, final int partitions, final Iterator<byte[]> events,
        final ToLongFunction<byte[]> timestamps)
    {
        final Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        // a send that fails (the producer gave up on a batch) must not pass as produced
        final java.util.concurrent.atomic.AtomicReference<Exception> failure =
            new java.util.concurrent.atomic.AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer()))
        {
            for (int i = 0; events.hasNext() && failure.get() == null; i++)
            {
                final byte[] event = events.next();
                producer.send(new ProducerRecord<>(topic, i % partitions,
                    timestamps == null ? null : timestamps.applyAsLong(event), null, event),
                    (metadata, ex) -> failure.compareAndSet(null, ex));
            }
            producer.flush();
        }
        if (failure.get() != null)
        {
            throw new IllegalStateException("producing to topic[" + topic + "] failed: " + failure.get(),
                failure.get());
        }
    }

    @Override
    public void close()
    {
        server.shutdown();
        server.awaitShutdown();
    }

    private static Properties lastPorts(final Path logDir) throws IOException
    {
        final Properties ports = new Properties();
        if (Files.exists(logDir.resolve(PORTS_FILE)))
        {
            try (Reader in = Files.newBufferedReader(logDir.resolve(PORTS_FILE)))
            {
                ports.load(in);
            }
        }
        return ports;
    }

    /** {@code preferred} if it is a port that is free now, else any free loopback port. */
    private static int freePort(final String preferred) throws IOException
    {
        if (preferred != null)
        {
            try (ServerSocket socket = new ServerSocket(Integer.parseInt(preferred), 1,
                InetAddress.getLoopbackAddress()))
            {
                return socket.getLocalPort();
            }
            catch (final IOException | IllegalArgumentException ex)
            {
                // taken (or not a port): any other will do
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
    }
}
