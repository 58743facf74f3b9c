package dev.tally.ingest;

import dev.tally.ingest.record.ParseError;
import dev.tally.ingest.rollup.TableSnapshot;
import dev.tally.ingest.testing.Await;
import dev.tally.ingest.testing.ListSource;
import dev.tally.ingest.testing.WebEvents;
import dev.tally.query.exec.QueryEngine;
import dev.tally.storage.catalog.Manifest;
import dev.tally.storage.schema.TableSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TableIngestTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final TableIngest.Options OPTIONS = TableIngest.Options.DEFAULT
        .withBlockRows(1024).withMaxRows(4_000);

    @TempDir
    Path dir;

    private final QueryEngine engine = new QueryEngine(2);
    private final TableSpec spec = WebEvents.spec("PT1M");

    @AfterEach
    void close()
    {
        engine.close();
    }

    private long count(final TableIngest ingest)
    {
        try (TableSnapshot snapshot = ingest.acquire())
        {
            return WebEvents.count(engine, spec, snapshot.sources());
        }
    }

    private void awaitCount(final TableIngest ingest, final long expected) throws InterruptedException
    {
        Await.until(TIMEOUT, () -> count(ingest) == expected, () -> "count " + expected + ", have " + count(ingest));
    }

    @Test
    void restartResumesAtCommittedPositionsWithoutLossOrDuplicates() throws Exception
    {
        final WebEvents.Totals totals = new WebEvents.Totals();
        final List<byte[]> events = WebEvents.json(11, 4 * 3_600_000L, 30_000, totals);

        try (TableIngest ingest = TableIngest.start(spec, dir, new ListSource(events, 3, 12_000), OPTIONS))
        {
            awaitCount(ingest, 12_000);
            Await.until(TIMEOUT, () -> ingest.persists() > 0, () -> "the row limit forces a persist");
        }
        final Manifest afterFirst = catalogManifest();
        assertThat(afterFirst.totalEvents()).isEqualTo(12_000);
        assertThat(afterFirst.sourcePositions()).containsEntry("list:0", 3_999L).containsEntry("list:2", 3_999L);

        try (TableIngest ingest = TableIngest.start(spec, dir, new ListSource(events, 3, events.size()), OPTIONS))
        {
            awaitCount(ingest, events.size());
            try (TableSnapshot snapshot = ingest.acquire())
            {
                WebEvents.assertTotals(engine, spec, snapshot.sources(), totals);
            }
        }
        final ListSource again = new ListSource(events, 3, events.size());
        try (TableIngest ingest = TableIngest.start(spec, dir, again, OPTIONS))
        {
            // nothing left to read: everything is committed, nothing is read twice
            Await.until(TIMEOUT, again::isDone, () -> "the source's pass");
            ingest.persistNow(TIMEOUT);
            assertThat(again.offered()).isZero();
            try (TableSnapshot snapshot = ingest.acquire())
            {
                WebEvents.assertTotals(engine, spec, snapshot.sources(), totals);
            }
            assertThat(ingest.eventsApplied()).isZero();
        }
        assertThat(catalogManifest().totalEvents()).isEqualTo(events.size());
    }

    @Test
    void persistSwapsNeverShowAGapOrADoubleCount() throws Exception
    {
        final List<byte[]> events = WebEvents.json(12, 3_600_000L, 40_000, null);
        final TableIngest.Options options = OPTIONS.withMaxRows(2_000);
        final List<Long> seen = new ArrayList<>();
        try (TableIngest ingest = TableIngest.start(spec, dir, new ListSource(events, 2, events.size()), options))
        {
            long last = 0;
            final long deadline = System.nanoTime() + TIMEOUT.toNanos();
            // keep querying while the persister commits the frozen indexes behind the writer
            while (last < events.size() || ingest.persists() < 4)
            {
                assertThat(System.nanoTime() - deadline).as("deadline").isNegative();
                final long applied = ingest.eventsApplied();
                final long counted = count(ingest);
                assertThat(counted).as("query after %d applied events", applied)
                    .isBetween(Math.max(applied, last), (long)events.size());
                seen.add(counted);
                last = counted;
            }
        }
        assertThat(seen).isSorted();
    }

    @Test
    void badEventsAreCountedOnceAndTheirPositionsCommitted() throws Exception
    {
        final List<byte[]> events = new ArrayList<>(WebEvents.json(13, 600_000L, 1_000, null));
        for (int i = 0; i < events.size(); i += 100)
        {
            events.set(i, "{\"ts\":\"not a time\"}".getBytes(StandardCharsets.UTF_8));
        }
        events.set(events.size() - 1, "{broken".getBytes(StandardCharsets.UTF_8));
        try (TableIngest ingest = TableIngest.start(spec, dir, new ListSource(events, 1, events.size()), OPTIONS))
        {
            awaitCount(ingest, 989);
            Await.until(TIMEOUT, () -> ingest.errors().total() == 11, () -> "11 errors");
            assertThat(ingest.errors().counts()).containsEntry(ParseError.BAD_TIMESTAMP, 10L)
                .containsEntry(ParseError.MALFORMED_JSON, 1L);
        }
        assertThat(catalogManifest().sourcePositions()).containsEntry("list:0", 999L);
        try (TableIngest ingest = TableIngest.start(spec, dir, new ListSource(events, 1, events.size()), OPTIONS))
        {
            assertThat(count(ingest)).isEqualTo(989);
            assertThat(ingest.errors().total()).isZero();
        }
    }

    private Manifest catalogManifest() throws Exception
    {
        return dev.tally.storage.catalog.Catalog.open(dir).snapshot();
    }

    @Test
    void lateEventsLandInTheSegmentsOfTheirOwnTimeChunk() throws Exception
    {
        final List<byte[]> events = new ArrayList<>();
        for (int i = 0; i < 300; i++)
        {
            // hours 2, 0 (late), then 2 and 0 again
            final int hour = i < 100 || (i >= 200 && i < 250) ? 2 : 0;
            events.add(("{\"ts\":\"2026-01-01T0" + hour + ":%02d:00Z\",\"country\":\"US\",\"latency_ms\":1}")
                .formatted(i % 60).getBytes(StandardCharsets.UTF_8));
        }
        try (TableIngest ingest = TableIngest.start(spec, dir, new ListSource(events, 1, 200), OPTIONS))
        {
            awaitCount(ingest, 200);
            ingest.persistNow(TIMEOUT);
        }
        try (TableIngest ingest = TableIngest.start(spec, dir, new ListSource(events, 1, 300), OPTIONS))
        {
            awaitCount(ingest, 300);
            ingest.persistNow(TIMEOUT);
        }
        final Manifest manifest = catalogManifest();
        final long hour0 = WebEvents.START;
        final long hour2 = WebEvents.START + 2 * 3_600_000L;
        assertThat(manifest.segments()).extracting(s -> s.intervalStart() + ":" + s.eventCount())
            .containsExactlyInAnyOrder(hour2 + ":100", hour0 + ":100", hour2 + ":50", hour0 + ":50");
        assertThat(manifest.segments()).allMatch(s -> s.intervalEnd() - s.intervalStart() == 3_600_000L);
    }
}
