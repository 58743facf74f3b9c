package dev.tally.ingest.source;

import dev.tally.storage.schema.SourceSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads a table's Kafka topic (kafka-clients) on its own thread and writes every record through the
 * {@link RecordBatcher}, one ring-buffer message per poll (or more when a poll exceeds a batch). Partitions are
 * assigned manually and each is sought to the catalog's committed offset + 1, so the catalog, not the consumer group,
 * decides where ingest resumes. With a {@code group.id} in the source properties, positions committed to the catalog
 * are also committed to that consumer group, for monitoring only. Records without a value still advance the
 * position. Partitions added to the topic while ingest runs are noticed within about
 * {@value #METADATA_MAX_AGE_MILLIS} ms (the consumer's {@code metadata.max.age.ms}, which the source properties may
 * set) and consumed from their start. A {@link #rewind} runs between two polls on the source thread, which owns the
 * consumer, and seeks the partitions it names.
 */
public final class KafkaSource implements EventSource
{
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSource.class);
    public static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    /** How old the consumer's topic metadata may get, unless the source properties say otherwise. */
    public static final long METADATA_MAX_AGE_MILLIS = 30_000;
    /** How often the source thread asks the (cached) metadata whether the topic has new partitions. */
    private static final long PARTITION_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final SourceSpec spec;
    private final String topic;
    private volatile boolean isRunning = true;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    /** End offset per partition as last seen by the consumer; written by the source thread. */
    private volatile AtomicLongArray latestOffsets = new AtomicLongArray(0);
    /** Positions committed to the catalog, waiting to be copied to the consumer group (if one is configured). */
    private final AtomicReference<Map<Integer, Long>> groupOffsets = new AtomicReference<>();
    private final boolean hasGroup;
    /** A rewind waiting for the source thread to pause; set by {@link #rewind}, taken by the source thread. */
    private final AtomicReference<PendingRewind> pendingRewind = new AtomicReference<>();
    private Thread thread;

    private record PendingRewind(Rewind rewind, CompletableFuture<Void> done)
    {
    }

    public KafkaSource(final SourceSpec spec)
    {
        this.spec = spec;
        this.topic = spec.topic();
        this.hasGroup = spec.properties().containsKey(ConsumerConfig.GROUP_ID_CONFIG);
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
        properties.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, Long.toString(METADATA_MAX_AGE_MILLIS));
        properties.putAll(spec.properties());
        consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        thread = new Thread(() -> run(committed, batcher), "kafka-source-" + topic);
        thread.start();
    }

    private void run(final CommittedPositions committed, final RecordBatcher batcher)
    {
        try
        {
            List<TopicPartition> partitions = partitions();
            if (partitions == null)
            {
                return;
            }
            AtomicLongArray latest = grownLatest(partitions.size());
            consumer.assign(partitions);
            for (final TopicPartition partition : partitions)
            {
                consumer.seek(partition, committed.committed(partition.partition()) + 1);
            }
            long nextPartitionCheck = System.nanoTime() + PARTITION_CHECK_NANOS;
            while (isRunning)
            {
                if (System.nanoTime() - nextPartitionCheck >= 0)
                {
                    nextPartitionCheck = System.nanoTime() + PARTITION_CHECK_NANOS;
                    partitions = withNewPartitions(partitions, committed);
                    latest = latestOffsets;
                }
                if (pendingRewind.get() != null && !rewindNow(partitions, batcher))
                {
                    return;
                }
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
                commitGroupOffsets();
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
            final PendingRewind pending = pendingRewind.getAndSet(null);
            if (pending != null)
            {
                pending.done.completeExceptionally(new IllegalStateException("kafka source of topic[" + topic +
                    "] stopped before the rewind ran"));
            }
            consumer.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public void rewind(final Rewind rewind, final Duration timeout) throws Exception
    {
        if (thread == null || !isRunning)
        {
            throw new IllegalStateException("kafka source of topic[" + topic + "] is not running");
        }
        final PendingRewind pending = new PendingRewind(rewind, new CompletableFuture<>());
        if (!pendingRewind.compareAndSet(null, pending))
        {
            throw new IllegalStateException("kafka source of topic[" + topic + "] is already rewinding");
        }
        try
        {
            pending.done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (final TimeoutException ex)
        {
            if (pendingRewind.compareAndSet(pending, null))
            {
                throw new TimeoutException("kafka source of topic[" + topic + "] did not pause within " + timeout);
            }
            // the source thread has taken it: the rewind's own steps bound how long it takes
            await(pending);
        }
        catch (final ExecutionException ex)
        {
            throw unwrap(ex);
        }
    }

    private static void await(final PendingRewind pending) throws Exception
    {
        try
        {
            pending.done.get();
        }
        catch (final ExecutionException ex)
        {
            throw unwrap(ex);
        }
    }

    private static Exception unwrap(final ExecutionException ex)
    {
        return ex.getCause() instanceof Exception cause ? cause : ex;
    }

    /**
     * Source thread: hands every record read so far to the ring, runs the rewind and seeks where it says.
     *
     * @return false if the source was stopped while flushing.
     */
    private boolean rewindNow(final List<TopicPartition> partitions, final RecordBatcher batcher)
    {
        final PendingRewind pending = pendingRewind.getAndSet(null);
        if (!batcher.flush())
        {
            pending.done.completeExceptionally(new IllegalStateException("kafka source of topic[" + topic +
                "] stopped before the rewind ran"));
            return false;
        }
        try
        {
            final Map<Integer, Long> next = pending.rewind.onPaused(new KafkaOffsets(consumer, partitions));
            next.forEach((partition, position) -> consumer.seek(partitions.get(partition), position));
            pending.done.complete(null);
        }
        catch (final Exception | Error ex)
        {
            pending.done.completeExceptionally(ex);
        }
        return true;
    }

    /**
     * Copies the catalog's committed positions to the consumer group, for monitoring tools (Kafka's lag metrics);
     * ingest never reads them back. Source thread only: the consumer is not thread-safe.
     */
    private void commitGroupOffsets()
    {
        final Map<Integer, Long> positions = groupOffsets.getAndSet(null);
        if (positions == null)
        {
            return;
        }
        final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        positions.forEach((partition, position) ->
            offsets.put(new TopicPartition(topic, partition), new OffsetAndMetadata(position + 1)));
        consumer.commitAsync(offsets, (committed, error) ->
        {
            if (error != null)
            {
                // retried with the next poll (the group coordinator may not be up yet); newer positions win
                LOG.debug("informational commit of offsets{} for topic[{}] failed", committed, topic, error);
                onCommitted(positions);
            }
        });
    }

    @Override
    public void onCommitted(final Map<Integer, Long> positions)
    {
        if (hasGroup)
        {
            groupOffsets.accumulateAndGet(positions, (pending, latest) ->
            {
                if (pending == null)
                {
                    return latest;
                }
                final Map<Integer, Long> merged = new HashMap<>(pending);
                latest.forEach((partition, position) -> merged.merge(partition, position, Math::max));
                return merged;
            });
        }
    }

    /** A new end-offset array for {@code count} partitions keeping what is known of the current ones. */
    private AtomicLongArray grownLatest(final int count)
    {
        final AtomicLongArray current = latestOffsets;
        final AtomicLongArray grown = new AtomicLongArray(count);
        for (int i = 0; i < count; i++)
        {
            grown.set(i, i < current.length() ? current.get(i) : -1);
        }
        latestOffsets = grown;
        return grown;
    }

    /**
     * Source thread: if the topic has more partitions than {@code partitions}, assigns them all, keeping the
     * current ones where they are and starting the new ones after their committed position (from their start when
     * none is committed). The metadata asked is the consumer's cache, refreshed every {@code metadata.max.age.ms}.
     */
    private List<TopicPartition> withNewPartitions(final List<TopicPartition> partitions,
        final CommittedPositions committed)
    {
        final List<PartitionInfo> infos;
        try
        {
            infos = consumer.partitionsFor(topic, Duration.ofSeconds(1));
        }
        catch (final org.apache.kafka.common.errors.TimeoutException ex)
        {
            return partitions;
        }
        if (infos == null || infos.size() <= partitions.size())
        {
            return partitions;
        }
        final List<TopicPartition> grown = sorted(infos);
        final Map<TopicPartition, Long> positions = new HashMap<>();
        for (final TopicPartition partition : partitions)
        {
            positions.put(partition, consumer.position(partition));
        }
        LOG.info("topic[{}] grew from {} to {} partitions; consuming the new ones", topic, partitions.size(),
            grown.size());
        grownLatest(grown.size());
        consumer.assign(grown);
        for (final TopicPartition partition : grown)
        {
            final Long position = positions.get(partition);
            consumer.seek(partition, position != null ? position : committed.committed(partition.partition()) + 1);
        }
        return grown;
    }

    /** By number, so partition p is at index p (Kafka numbers them from 0 without gaps). */
    private List<TopicPartition> sorted(final List<PartitionInfo> infos)
    {
        final List<TopicPartition> partitions = new ArrayList<>(infos.size());
        for (final PartitionInfo info : infos)
        {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        partitions.sort(Comparator.comparingInt(TopicPartition::partition));
        return partitions;
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
                return sorted(infos);
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
