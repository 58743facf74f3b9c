package dev.tally.ingest.restream;

import dev.tally.ingest.TableIngest;
import dev.tally.ingest.source.KafkaSource;
import dev.tally.storage.catalog.RestreamMarker;
import dev.tally.storage.schema.TableSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The child JVM of {@link RestreamCrashTest}: opens a Kafka table (resuming a re-stream in progress) and re-streams
 * it again and again until killed, from a random time or random offsets, printing {@code begin restream} before each
 * reset, {@code reset ...} once it is committed and {@code caught up} when it is finished. While one is still in
 * progress (from a killed run) the next starts at or before it, from a time or from the earliest offsets.
 * Arguments: table spec file, table directory, seed, first hour (epoch millis), hours of events, partitions.
 */
public final class RestreamChild
{
    public static void main(final String[] args) throws Exception
    {
        final TableSpec spec = TableSpec.parse(Files.readString(Path.of(args[0])));
        final SplittableRandom random = new SplittableRandom(Long.parseLong(args[2]));
        final long start = Long.parseLong(args[3]);
        final int hours = Integer.parseInt(args[4]);
        final int partitions = Integer.parseInt(args[5]);
        try (TableIngest ingest = TableIngest.start(spec, Path.of(args[1]), new KafkaSource(spec.source()),
            options()))
        {
            say("ready");
            while (true)
            {
                final RestreamMarker marker = ingest.catalog().snapshot().restream();
                final RestreamRequest request;
                if (marker != null && marker.inProgress())
                {
                    request = random.nextBoolean() || marker.chunkStart() <= start ? earliest(partitions) :
                        RestreamRequest.fromTimestamp(random.nextLong(start, marker.chunkStart() + 1));
                }
                else if (random.nextBoolean())
                {
                    request = RestreamRequest.fromTimestamp(start + random.nextLong(hours * 3_600_000L));
                }
                else
                {
                    final Map<Integer, Long> offsets = new HashMap<>();
                    for (int p = 0; p < partitions; p++)
                    {
                        final long committed = ingest.catalog().snapshot().sourcePosition(
                            "kafka:" + spec.source().topic() + ":" + p).orElse(-1);
                        offsets.put(p, random.nextLong(committed + 2));
                    }
                    request = RestreamRequest.fromOffsets(offsets);
                }
                say("begin restream " + request);
                say("reset " + ingest.restream(request));
                while (ingest.catalog().snapshot().restream().inProgress())
                {
                    Thread.sleep(2);
                }
                say("caught up");
            }
        }
    }

    static TableIngest.Options options()
    {
        return TableIngest.Options.DEFAULT.withBlockRows(1024).withMaxRows(4_000).withMaxAgeMillis(40);
    }

    private static RestreamRequest earliest(final int partitions)
    {
        final Map<Integer, Long> offsets = new HashMap<>();
        for (int p = 0; p < partitions; p++)
        {
            offsets.put(p, 0L);
        }
        return RestreamRequest.fromOffsets(offsets);
    }

    private static void say(final String line)
    {
        System.out.println(line);
        System.out.flush();
    }

    private RestreamChild()
    {
    }
}
