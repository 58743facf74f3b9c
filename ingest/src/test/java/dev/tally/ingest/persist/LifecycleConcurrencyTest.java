package dev.tally.ingest.persist;

import dev.tally.ingest.TableIngest;
import dev.tally.ingest.batch.BatchLoadRequest;
import dev.tally.ingest.batch.BatchTask;
import dev.tally.ingest.rollup.TableSnapshot;
import dev.tally.ingest.testing.Await;
import dev.tally.ingest.testing.ListSource;
import dev.tally.ingest.testing.TableFiles;
import dev.tally.ingest.testing.WebEvents;
import dev.tally.query.exec.QueryEngine;
import dev.tally.storage.schema.TableSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static dev.tally.ingest.testing.WebEvents.HOUR;
import static dev.tally.ingest.testing.WebEvents.START;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Queries run back to back while late events stream into hours 0–3 (persists every few thousand rows), compaction
 * runs in a loop over every chunk, and hours 4–5 are replaced again and again by one of two batch files. Every query
 * (one snapshot each) must see hours 4–5 exactly as one of the two files has them, and hours 0–3 holding at least
 * every event applied before it began and never more than were streamed: no gap, no double count.
 */
class LifecycleConcurrencyTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final int STREAMED = 60_000;
    private static final int REPLACES = 8;

    @TempDir
    Path dir;

    @Test
    void queriesNeverSeeAGapOrADoubleCountDuringCompactionAndReplace() throws Exception
    {
        final TableSpec spec = WebEvents.spec("PT1M");
        final List<byte[]> streamed = new ArrayList<>(WebEvents.json(21, 4 * HOUR, STREAMED, null));
        Collections.shuffle(streamed, new Random(21));
        final Path fileA = WebEvents.writeLines(dir.resolve("a.ndjson"), shifted(22, 6_000));
        final Path fileB = WebEvents.writeLines(dir.resolve("b.ndjson.gz"), shifted(23, 9_000));
        final Map<Long, Long> hoursA = shiftedCounts(22, 6_000);
        final Map<Long, Long> hoursB = shiftedCounts(23, 9_000);
        final String interval = "2026-01-01T04:00Z/2026-01-01T06:00Z";
        final TableIngest.Options options = TableIngest.Options.DEFAULT.withBlockRows(1024).withMaxRows(2_500)
            .withLifecycle(SegmentLifecycle.Options.DEFAULT.withPassIntervalMillis(0));

        final Path table = dir.resolve("table");
        try (QueryEngine engine = new QueryEngine(2);
            TableIngest ingest = TableIngest.start(spec, table, new ListSource(List.of(), 1, 0), options))
        {
            load(ingest, fileA, interval);
        }
        try (QueryEngine engine = new QueryEngine(2);
            TableIngest ingest = TableIngest.start(spec, table, new ListSource(streamed, 2, STREAMED, 3), options))
        {
            final AtomicBoolean isDone = new AtomicBoolean();
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final Thread compactor = background("compactor", failure, () ->
            {
                while (!isDone.get())
                {
                    ingest.compactNow();
                }
            });
            final Thread replacer = background("replacer", failure, () ->
            {
                for (int i = 0; i < REPLACES; i++)
                {
                    load(ingest, i % 2 == 0 ? fileB : fileA, interval);
                }
            });
            long queries = 0;
            long lastStreamed = 0;
            final long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (replacer.isAlive() || ingest.eventsApplied() < STREAMED)
            {
                assertThat(System.nanoTime() - deadline).as("deadline").isNegative();
                final long applied = ingest.eventsApplied();
                final Map<Long, Long> hours;
                try (TableSnapshot snapshot = ingest.acquire())
                {
                    hours = WebEvents.countsPerHour(engine, spec, snapshot.sources());
                }
                final Map<Long, Long> replaced = new TreeMap<>(hours);
                replaced.keySet().removeIf(hour -> hour < START + 4 * HOUR);
                assertThat(replaced).as("hours 4-5 in query " + queries).isIn(hoursA, hoursB);
                final long streamedSeen = hours.entrySet().stream().filter(e -> e.getKey() < START + 4 * HOUR)
                    .mapToLong(Map.Entry::getValue).sum();
                assertThat(streamedSeen).as("hours 0-3 in query " + queries)
                    .isBetween(Math.max(applied, lastStreamed), (long)STREAMED);
                lastStreamed = streamedSeen;
                queries++;
            }
            isDone.set(true);
            compactor.join();
            replacer.join();
            assertThat(failure.get()).isNull();
            ingest.persistNow(TIMEOUT);
            ingest.compactNow();
            assertThat(TableFiles.segmentsPerChunk(ingest.catalog().snapshot()).values()).allMatch(n -> n == 1);
            System.out.printf("%d queries during %d replaces and %d compacted chunks%n", queries, REPLACES,
                ingest.status().lifecycle().chunksCompacted());
            assertThat(queries).isGreaterThan(20);
        }
        TableFiles.assertNoOrphans(table, TableFiles.manifest(table));
    }

    private static void load(final TableIngest ingest, final Path file, final String interval) throws Exception
    {
        final BatchTask task = ingest.startBatchLoad(BatchLoadRequest.of(List.of(file.toString()), "json", interval,
            true));
        Await.until(TIMEOUT, task::isDone, task::toString);
        assertThat(task.state()).as(task.status().error()).isEqualTo(BatchTask.State.SUCCEEDED);
    }

    /** Events of hours 4 and 5: a two-hour window generated at START, moved four hours on. */
    private static List<byte[]> shifted(final long seed, final int count)
    {
        final List<byte[]> events = new ArrayList<>();
        for (final byte[] event : WebEvents.json(seed, 2 * HOUR, count, null))
        {
            final String text = new String(event, java.nio.charset.StandardCharsets.UTF_8);
            events.add(text.replace("\"2026-01-01T00:", "\"2026-01-01T04:").replace("\"2026-01-01T01:",
                "\"2026-01-01T05:").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return events;
    }

    private static Map<Long, Long> shiftedCounts(final long seed, final int count)
    {
        final Map<Long, Long> shifted = new TreeMap<>();
        WebEvents.countsPerHour(seed, 2 * HOUR, count).forEach((hour, n) -> shifted.put(hour + 4 * HOUR, n));
        return shifted;
    }

    private interface Work
    {
        void run() throws Exception;
    }

    private static Thread background(final String name, final AtomicReference<Throwable> failure, final Work work)
    {
        final Thread thread = new Thread(() ->
        {
            try
            {
                work.run();
            }
            catch (final Throwable ex)
            {
                failure.compareAndSet(null, ex);
            }
        }, name);
        thread.start();
        return thread;
    }
}
