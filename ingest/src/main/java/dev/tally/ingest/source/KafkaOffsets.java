package dev.tally.ingest.source;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A topic's offsets as a rewind asks for them, looked up through the source's own consumer (so only on the source
 * thread). Log start and end offsets are read once; {@link #firstAtOrAfter} asks the broker
 * ({@code offsetsForTimes}) for every partition at once and keeps the answer for the last time asked.
 */
final class KafkaOffsets implements EventSource.SourceOffsets
{
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions;
    private final Map<TopicPartition, Long> earliest;
    private final Map<TopicPartition, Long> end;
    private long lastTime = -1;
    private Map<TopicPartition, OffsetAndTimestamp> lastFound;

    KafkaOffsets(final KafkaConsumer<byte[], byte[]> consumer, final List<TopicPartition> partitions)
    {
        this.consumer = consumer;
        this.partitions = partitions;
        this.earliest = consumer.beginningOffsets(partitions, TIMEOUT);
        this.end = consumer.endOffsets(partitions, TIMEOUT);
    }

    @Override
    public int partitionCount()
    {
        return partitions.size();
    }

    @Override
    public long earliest(final int partition)
    {
        return earliest.get(partitions.get(partition));
    }

    @Override
    public long end(final int partition)
    {
        return end.get(partitions.get(partition));
    }

    @Override
    public long firstAtOrAfter(final int partition, final long timeMillis)
    {
        final long time = Math.max(0, timeMillis);
        if (lastFound == null || time != lastTime)
        {
            final Map<TopicPartition, Long> query = new HashMap<>();
            for (final TopicPartition topicPartition : partitions)
            {
                query.put(topicPartition, time);
            }
            lastFound = consumer.offsetsForTimes(query, TIMEOUT);
            lastTime = time;
        }
        final OffsetAndTimestamp found = lastFound.get(partitions.get(partition));
        return found == null ? end(partition) : found.offset();
    }
}
