package dev.tally.bench.system;

import dev.tally.bench.BenchFiles;
import dev.tally.ingest.localkafka.KafkaBroker;
import dev.tally.ingest.sample.WebEvent;
import dev.tally.ingest.sample.WebEventGenerator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Kafka → queryable from a pre-loaded local topic: a single-node KRaft broker in this JVM, a {@value #PARTITIONS}-
 * partition topic pre-loaded with the run's generated events (same generator and seed as every other stage), then a
 * Kafka-sourced table created over {@code POST /v1/tables}, timed until {@code SELECT COUNT(*)} over HTTP counts
 * every event; one dashboard query is then checked against DuckDB's answer over the same raw events. For comparison,
 * a plain {@link KafkaConsumer} in this JVM reads the whole topic first (which also leaves the topic's files in the
 * page cache for both readers alike). The broker runs in process, as the raw-consumer figure of shared BENCHMARKS.md
 * was measured: while a table catches up the broker only serves fetches, which it sends from the page cache without
 * copying them through its heap, and a child JVM would run on the same two cores anyway. The table is dropped and
 * the broker stopped, its log directory deleted, before the stage returns.
 */
final class KafkaStage
{
    static final TableShape KAFKA = new TableShape("kafka", TableShape.WIDE.dimensions());
    static final String TOPIC = "web-events";
    static final int PARTITIONS = 3;
    /** The dashboard query checked against DuckDB once the table has every event (device revenue where US). */
    static final int CHECKED_QUERY = 4;
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    /**
     * @param produceRate      events/s pre-loading the topic (acks=all; not part of the figure).
     * @param consumerRate     events/s of a plain KafkaConsumer reading the whole topic in this JVM.
     * @param firstMillis      from {@code POST /v1/tables} until the first event was applied (consumer start-up).
     * @param queryableSeconds from {@code POST /v1/tables} until {@code COUNT(*)} over HTTP returned every event.
     * @param catchUpRate      events/s between the first applied event and the last.
     */
    record Figures(long events, double produceRate, double consumerRate, double firstMillis, double queryableSeconds,
        double catchUpRate)
    {
        double eventsPerSecond()
        {
            return events / queryableSeconds;
        }
    }

    private KafkaStage()
    {
    }

    static Figures run(final LocalTally tally, final DuckDbPeer duckdb, final Settings settings, final Path dir,
        final long t0) throws Exception
    {
        final long events = settings.events();
        final Path logDir = dir.resolve("kafka");
        try (KafkaBroker broker = KafkaBroker.start(logDir))
        {
            broker.createTopic(TOPIC, PARTITIONS);
            long start = System.nanoTime();
            broker.produce(TOPIC, PARTITIONS, json(EndToEnd.events(events)), null);
            final double produceRate = events / seconds(start);
            final double consumerRate = consume(broker.bootstrapServers(), events);

            start = System.nanoTime();
            tally.createTable(KAFKA, "{\"type\": \"kafka\", \"bootstrapServers\": \"" + broker.bootstrapServers() +
                "\", \"topic\": \"" + TOPIC + "\"}");
            final long deadline = start + TIMEOUT.toNanos();
            while (tally.eventsApplied(KAFKA.name()) == 0)
            {
                awaitBefore(deadline, tally, events);
            }
            final long first = System.nanoTime();
            final long firstEvents = tally.eventsApplied(KAFKA.name());
            while (tally.eventsApplied(KAFKA.name()) < events)
            {
                awaitBefore(deadline, tally, events);
            }
            final long applied = System.nanoTime();
            while (count(tally) != events)
            {
                awaitBefore(deadline, tally, events);
            }
            final long queryable = System.nanoTime();
            try
            {
                check(tally, duckdb, settings, t0);
            }
            finally
            {
                tally.dropTable(KAFKA.name()); // stops its consumer before the broker goes
            }
            return new Figures(events, produceRate, consumerRate, (first - start) / 1e6, (queryable - start) / 1e9,
                (events - firstEvents) / Math.max(1e-9, (applied - first) / 1e9));
        }
        finally
        {
            BenchFiles.deleteRecursively(logDir);
        }
    }

    /** The generated events as the JSON values of the topic's records, made as the producer asks for them. */
    private static Iterator<byte[]> json(final WebEventGenerator generator)
    {
        final WebEvent event = new WebEvent();
        final StringBuilder text = new StringBuilder();
        return new Iterator<>()
        {
            @Override
            public boolean hasNext()
            {
                return generator.hasNext();
            }

            @Override
            public byte[] next()
            {
                text.setLength(0);
                return generator.next(event).appendJson(text).toString().getBytes(StandardCharsets.UTF_8);
            }
        };
    }

    /** Reads the whole topic with a plain consumer configured as Tally's source is; returns events/s. */
    private static double consume(final String bootstrapServers, final long events) throws TimeoutException
    {
        final List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++)
        {
            partitions.add(new TopicPartition(TOPIC, p));
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000",
            ConsumerConfig.CLIENT_ID_CONFIG, "bench-raw-consumer"),
            new ByteArrayDeserializer(), new ByteArrayDeserializer()))
        {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final long start = System.nanoTime();
            final long deadline = start + TIMEOUT.toNanos();
            long read = 0;
            long bytes = 0;
            while (read < events)
            {
                if (System.nanoTime() - deadline > 0)
                {
                    throw new TimeoutException("raw consumer read " + read + " of " + events + " events of topic[" +
                        TOPIC + "] in " + TIMEOUT);
                }
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100)))
                {
                    bytes += record.value().length;
                    read++;
                }
            }
            final double rate = read / seconds(start);
            if (read != events || bytes == 0)
            {
                throw new IllegalStateException("topic[" + TOPIC + "] holds " + read + " events, not " + events);
            }
            return rate;
        }
    }

    private static long count(final LocalTally tally)
    {
        return (Long)tally.sql("SELECT COUNT(*) FROM " + KAFKA.name()).get(0).get(0);
    }

    /** The table's answer to one dashboard query over HTTP must be DuckDB's over the same raw events. */
    private static void check(final LocalTally tally, final DuckDbPeer duckdb, final Settings settings, final long t0)
        throws Exception
    {
        final QuerySet.Query query = QuerySet.DASHBOARD.queries().stream()
            .filter(q -> q.number() == CHECKED_QUERY).findFirst().orElseThrow();
        final List<List<Object>> reference = settings.referenceHook().apply(
            duckdb.answer(QuerySet.Query.fill(query.referenceSql(), DuckDbPeer.RAW, t0)));
        Answers.check("query " + query.number() + " on " + KAFKA.name() + " (Kafka-fed), Tally SQL over HTTP",
            tally.sql(query.tally(KAFKA.name(), t0)), reference, query.sortKeys(), query.limit(), query.tolerance());
    }

    /** Sleeps a millisecond (the table's threads need the cores more than this one), failing past the deadline. */
    private static void awaitBefore(final long deadline, final LocalTally tally, final long events)
        throws TimeoutException, InterruptedException
    {
        if (System.nanoTime() - deadline > 0)
        {
            throw new TimeoutException("table[" + KAFKA.name() + "] applied " + tally.eventsApplied(KAFKA.name()) +
                " of " + events + " events from topic[" + TOPIC + "] in " + TIMEOUT);
        }
        Thread.sleep(1);
    }

    private static double seconds(final long startNanos)
    {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
