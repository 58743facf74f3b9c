package dev.tally.ingest.source;

import dev.tally.storage.schema.SourceSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Reads a table's Kafka topic (kafka-clients) on its own thread and writes every record through the
 * {@link RecordBatcher}, one ring-buffer message per poll (or more when a poll exceeds a batch). Partitions are
 * assigned manually and each is sought to the catalog's committed offset + 1, so the catalog, not the consumer group,
 * decides where ingest resumes; no consumer-group offsets are committed. Records without a value still advance the
 * position. Partitions added to the topic after start are not picked up (a restart does).
 */
public final class KafkaSource implements EventSource
{
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSource.class);
    public static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

    private final SourceSpec spec;
    private final String topic;
    private volatile boolean isRunning = true;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    /** End offset per partition as last seen by the consumer; written by the source thread. */
    private volatile AtomicLongArray latestOffsets = new AtomicLongArray(0);
    private Thread thread;

    public KafkaSource(final SourceSpec spec)
    {
        this.spec = spec;
        this.topic = spec.topic();
    }

    @Override
    public String positionKey(final int partition)
    {
        return "kafka:" + topic + ":" + partition;
    }

    @Override
    public int partitionCount()
    {
        return latestOffsets.length();
    }

    @Override
    public long latestPosition(final int partition)
    {
        final AtomicLongArray latest = latestOffsets;
        return partition < latest.length() ? latest.get(partition) : -1;
    }

    @Override
    public void start(final CommittedPositions committed, final RecordBatcher batcher)
    {
        final Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, spec.bootstrapServers());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // a partition never committed starts at offset 0; if retention removed that, start at the earliest left
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "tally-" + topic);
        properties.putAll(spec.properties());
        consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        thread = new Thread(() -> run(committed, batcher), "kafka-source-" + topic);
        thread.start();
    }

    private void run(final CommittedPositions committed, final RecordBatcher batcher)
    {
        try
        {
            final List<TopicPartition> partitions = partitions();
            if (partitions == null)
            {
                return;
            }
            final AtomicLongArray latest = new AtomicLongArray(partitions.size());
            for (int i = 0; i < latest.length(); i++)
            {
                latest.set(i, -1);
            }
            latestOffsets = latest;
            consumer.assign(partitions);
            for (final TopicPartition partition : partitions)
            {
                consumer.seek(partition, committed.committed(partition.partition()) + 1);
            }
            while (isRunning)
            {
                final ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL_TIMEOUT);
                for (final ConsumerRecord<byte[], byte[]> record : records)
                {
                    final byte[] value = record.value();
                    final boolean isTaken = value == null ?
                        batcher.offerSkipped(record.partition(), record.offset()) :
                        batcher.offer(value, 0, value.length, record.partition(), record.offset());
                    if (!isTaken)
                    {
                        return;
                    }
                }
                if (!batcher.flush())
                {
                    return;
                }
                for (final TopicPartition partition : partitions)
                {
                    final OptionalLong lag = consumer.currentLag(partition);
                    if (lag.isPresent())
                    {
                        latest.set(partition.partition(), consumer.position(partition) + lag.getAsLong());
                    }
                }
            }
        }
        catch (final WakeupException ex)
        {
            if (isRunning)
            {
                throw ex;
            }
        }
        catch (final RuntimeException ex)
        {
            LOG.error("kafka source of topic[{}] stopped", topic, ex);
        }
        finally
        {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** The topic's partitions, waiting while the topic does not exist yet; null if stopped meanwhile. */
    private List<TopicPartition> partitions()
    {
        while (isRunning)
        {
            final List<PartitionInfo> infos;
            try
            {
                infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            }
            catch (final org.apache.kafka.common.errors.TimeoutException ex)
            {
                LOG.warn("no metadata for topic[{}] yet; retrying", topic, ex);
                continue;
            }
            if (infos != null && !infos.isEmpty())
            {
                final List<TopicPartition> partitions = new ArrayList<>(infos.size());
                for (final PartitionInfo info : infos)
                {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
                return partitions;
            }
            LOG.warn("topic[{}] has no partitions yet; waiting", topic);
        }
        return null;
    }

    @Override
    public void close()
    {
        isRunning = false;
        final KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null)
        {
            current.wakeup();
        }
        if (thread != null)
        {
            try
            {
                thread.join();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }
}
