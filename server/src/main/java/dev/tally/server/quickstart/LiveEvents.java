package dev.tally.server.quickstart;

import dev.tally.ingest.sample.WebEvent;
import dev.tally.ingest.sample.WebEventGenerator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A live stream of web-analytics events for the quickstart: the seeded {@link WebEventGenerator}, paced to the wall
 * clock at a steady rate, each event produced as JSON into a Kafka topic when it is due, so its timestamp is now
 * (less the generator's occasional disorder of up to 5 s) and dashboards over the last minutes show live data. Owns
 * one thread and one Kafka producer until closed.
 */
public final class LiveEvents implements AutoCloseable
{
    /** The generator's window: long enough never to end, at one event every {@code 1000 / rate} ms. */
    private static final long WINDOW_SECONDS = 10L * 366 * 86_400;
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final Logger LOG = LoggerFactory.getLogger(LiveEvents.class);

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final int eventsPerSecond;
    private final long seed;
    private final AtomicLong produced = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Thread thread;
    private volatile boolean isRunning = true;

    private LiveEvents(final String bootstrapServers, final String topic, final int eventsPerSecond, final long seed)
    {
        final Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "tally-quickstart-events");
        properties.put(ProducerConfig.ACKS_CONFIG, "1");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        this.producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.eventsPerSecond = eventsPerSecond;
        this.seed = seed;
        this.thread = new Thread(this::run, "quickstart-events");
    }

    /** Starts producing {@code eventsPerSecond} events into {@code topic}, from now on. */
    public static LiveEvents start(final String bootstrapServers, final String topic, final int eventsPerSecond,
        final long seed)
    {
        if (eventsPerSecond < 1)
        {
            throw new IllegalArgumentException("eventsPerSecond[" + eventsPerSecond + "] must be > 0");
        }
        final LiveEvents events = new LiveEvents(bootstrapServers, topic, eventsPerSecond, seed);
        events.thread.start();
        return events;
    }

    /** Events handed to the producer so far. */
    public long produced()
    {
        return produced.get();
    }

    /** Events the broker did not accept. */
    public long failed()
    {
        return failed.get();
    }

    private void run()
    {
        final long startMillis = System.currentTimeMillis();
        final WebEventGenerator generator = new WebEventGenerator(seed, startMillis, WINDOW_SECONDS * 1000,
            WINDOW_SECONDS * eventsPerSecond);
        final WebEvent event = new WebEvent();
        final StringBuilder json = new StringBuilder(256);
        while (isRunning && generator.hasNext())
        {
            final long due = (System.currentTimeMillis() - startMillis) * eventsPerSecond / 1000;
            while (generator.index() < due && isRunning)
            {
                json.setLength(0);
                generator.next(event).appendJson(json);
                producer.send(new ProducerRecord<>(topic, json.toString().getBytes(StandardCharsets.UTF_8)),
                    (metadata, error) -> onSent(error));
                produced.incrementAndGet();
            }
            LockSupport.parkNanos(TICK_NANOS);
        }
    }

    private void onSent(final Exception error)
    {
        if (error != null && failed.incrementAndGet() == 1)
        {
            LOG.warn("producing to topic[{}] failed (further failures are only counted)", topic, error);
        }
    }

    /** Stops the thread, then sends what the producer holds (waiting at most 5 s) and closes it. */
    @Override
    public void close()
    {
        isRunning = false;
        try
        {
            thread.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
