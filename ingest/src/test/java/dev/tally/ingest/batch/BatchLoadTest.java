package dev.tally.ingest.batch;

import dev.tally.ingest.TableIngest;
import dev.tally.ingest.persist.SegmentLifecycle;
import dev.tally.ingest.record.ParseError;
import dev.tally.ingest.rollup.TableSnapshot;
import dev.tally.ingest.sample.WebEvent;
import dev.tally.ingest.sample.WebEventGenerator;
import dev.tally.ingest.testing.Await;
import dev.tally.ingest.testing.ListSource;
import dev.tally.ingest.testing.TableFiles;
import dev.tally.ingest.testing.WebEvents;
import dev.tally.query.exec.QueryEngine;
import dev.tally.storage.schema.TableSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.tally.ingest.testing.WebEvents.HOUR;
import static dev.tally.ingest.testing.WebEvents.START;
import static org.assertj.core.api.Assertions.assertThat;

class BatchLoadTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final long WINDOW = 6 * HOUR;
    private static final TableIngest.Options OPTIONS = TableIngest.Options.DEFAULT.withBlockRows(1024)
        .withMaxRows(3_000).withLifecycle(SegmentLifecycle.Options.DEFAULT.withPassIntervalMillis(0));

    @TempDir
    Path dir;

    private final QueryEngine engine = new QueryEngine(2);
    private final TableSpec spec = WebEvents.spec("PT1M");

    @AfterEach
    void close()
    {
        engine.close();
    }

    @Test
    void replaceSwapsExactlyTheIntervalAndCountsSkippedAndBadLines() throws Exception
    {
        final Path table = dir.resolve("table");
        final List<byte[]> streamed = WebEvents.json(1, WINDOW, 20_000, null);
        final List<byte[]> batch = new ArrayList<>(WebEvents.json(2, WINDOW, 12_000, null));
        batch.add(100, "{\"ts\":\"yesterday\"}".getBytes(StandardCharsets.UTF_8));
        batch.add(200, "{broken".getBytes(StandardCharsets.UTF_8));
        batch.add(300, new byte[0]);
        final Path file = WebEvents.writeLines(dir.resolve("batch.ndjson.gz"), batch);

        final Map<Long, Long> expected = new TreeMap<>(WebEvents.countsPerHour(1, WINDOW, 20_000));
        final Map<Long, Long> batchHours = WebEvents.countsPerHour(2, WINDOW, 12_000);
        final long inInterval = batchHours.get(START + HOUR) + batchHours.get(START + 2 * HOUR);
        expected.put(START + HOUR, batchHours.get(START + HOUR));
        expected.put(START + 2 * HOUR, batchHours.get(START + 2 * HOUR));

        try (TableIngest ingest = TableIngest.start(spec, table, new ListSource(streamed, 2, streamed.size()),
            OPTIONS))
        {
            Await.until(TIMEOUT, () -> ingest.eventsApplied() == streamed.size(), () -> "streamed events");
            final BatchTask task = ingest.startBatchLoad(BatchLoadRequest.of(List.of(file.toString()), "json",
                "2026-01-01T01:00Z/2026-01-01T03:00Z", true));
            awaitDone(task);
            final BatchTask.Status status = task.status();
            assertThat(status.state()).as(status.error()).isEqualTo(BatchTask.State.SUCCEEDED);
            assertThat(status.eventsRead()).isEqualTo(12_002);
            assertThat(status.eventsLoaded()).isEqualTo(inInterval);
            assertThat(status.eventsSkipped()).isEqualTo(12_000 - inInterval);
            assertThat(status.rejected()).containsEntry(ParseError.BAD_TIMESTAMP, 1L)
                .containsEntry(ParseError.MALFORMED_JSON, 1L).hasSize(2);
            assertThat(status.segments()).isGreaterThanOrEqualTo(2);
            assertThat(ingest.batchTask(task.id())).containsSame(task);
            assertThat(countsPerHour(ingest)).isEqualTo(expected);
        }
        try (TableIngest ingest = TableIngest.start(spec, table, new ListSource(streamed, 2, streamed.size()),
            OPTIONS))
        {
            assertThat(countsPerHour(ingest)).as("after a restart").isEqualTo(expected);
            ingest.compactNow();
            assertThat(countsPerHour(ingest)).as("after compaction").isEqualTo(expected);
        }
        TableFiles.assertNoOrphans(table, TableFiles.manifest(table));
    }

    @Test
    void csvLoadIntoAnEmptyTableAnswersLikeTheSameEventsStreamed() throws Exception
    {
        final Path csv = dir.resolve("events.csv");
        final List<byte[]> lines = new ArrayList<>();
        lines.add("ts,country,device,os,browser,revenue,latency_ms,user_id".getBytes(StandardCharsets.UTF_8));
        final WebEventGenerator generator = new WebEventGenerator(3, START, WINDOW, 5_000);
        final WebEvent event = new WebEvent();
        final WebEvents.Totals totals = new WebEvents.Totals();
        while (generator.hasNext())
        {
            generator.next(event);
            totals.add(event);
            lines.add(("%s,%s,\"%s\",%s,%s,%s,%d,%s").formatted(java.time.Instant.ofEpochMilli(event.timestamp),
                event.country, event.device, event.os, event.browser, event.revenue, event.latencyMs, event.userId)
                .getBytes(StandardCharsets.UTF_8));
        }
        WebEvents.writeLines(csv, lines);
        try (TableIngest ingest = TableIngest.start(spec, dir.resolve("csv"), new ListSource(List.of(), 1, 0),
            OPTIONS))
        {
            final BatchTask task = ingest.startBatchLoad(BatchLoadRequest.of(List.of(csv.toString()), "csv",
                "2026-01-01/2026-01-02", true));
            awaitDone(task);
            assertThat(task.status().state()).as(task.status().error()).isEqualTo(BatchTask.State.SUCCEEDED);
            assertThat(task.status().eventsLoaded()).isEqualTo(5_000);
            try (TableSnapshot snapshot = ingest.acquire())
            {
                WebEvents.assertTotals(engine, spec, snapshot.sources(), totals);
            }
        }
    }

    @Test
    void replaceOfAnIntervalNotAlignedToTheChunksFailsAndChangesNothing() throws Exception
    {
        final Path file = WebEvents.writeLines(dir.resolve("b.ndjson"), WebEvents.json(4, HOUR, 100, null));
        try (TableIngest ingest = TableIngest.start(spec, dir.resolve("t"), new ListSource(List.of(), 1, 0),
            OPTIONS))
        {
            final BatchTask task = ingest.startBatchLoad(BatchLoadRequest.of(List.of(file.toString()), "json",
                "2026-01-01T00:30Z/2026-01-01T01:00Z", true));
            awaitDone(task);
            assertThat(task.status().state()).isEqualTo(BatchTask.State.FAILED);
            assertThat(task.status().error()).contains("aligned", "PT1H");
            assertThat(ingest.catalog().snapshot().segments()).isEmpty();
            assertThat(TableFiles.segmentFiles(dir.resolve("t"))).isEmpty();
        }
    }

    private Map<Long, Long> countsPerHour(final TableIngest ingest)
    {
        try (TableSnapshot snapshot = ingest.acquire())
        {
            return WebEvents.countsPerHour(engine, spec, snapshot.sources());
        }
    }

    private static void awaitDone(final BatchTask task) throws InterruptedException
    {
        Await.until(TIMEOUT, task::isDone, () -> "task " + task.status());
    }
}
