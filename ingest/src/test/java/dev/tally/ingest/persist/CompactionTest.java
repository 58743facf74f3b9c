package dev.tally.ingest.persist;

import dev.tally.ingest.TableIngest;
import dev.tally.ingest.rollup.TableSnapshot;
import dev.tally.ingest.testing.Await;
import dev.tally.ingest.testing.DuckDbOracle;
import dev.tally.ingest.testing.ListSource;
import dev.tally.ingest.testing.TableFiles;
import dev.tally.ingest.testing.WebEvents;
import dev.tally.query.exec.QueryEngine;
import dev.tally.storage.catalog.Manifest;
import dev.tally.storage.schema.TableSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class CompactionTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final long SEED = 91;
    private static final long WINDOW = 6 * 3_600_000L;
    private static final int EVENTS = 60_000;

    @TempDir
    Path dir;

    @Test
    void compactionAfterLateEventsLeavesOneSegmentPerChunkAndEveryAnswerUnchanged() throws Exception
    {
        final WebEvents.Totals totals = new WebEvents.Totals();
        final List<byte[]> events = new ArrayList<>(WebEvents.json(SEED, WINDOW, EVENTS, totals));
        // events arrive in random time order: every persist writes into every chunk (heavy late data)
        Collections.shuffle(events, new Random(SEED));
        final TableSpec spec = WebEvents.spec("PT1M");
        final TableIngest.Options options = TableIngest.Options.DEFAULT.withBlockRows(1024).withMaxRows(4_000)
            .withLifecycle(SegmentLifecycle.Options.DEFAULT.withPassIntervalMillis(0));
        try (QueryEngine engine = new QueryEngine(2); DuckDbOracle oracle = DuckDbOracle.open();
            TableIngest ingest = TableIngest.start(spec, dir, new ListSource(events, 2, EVENTS), options))
        {
            oracle.loadGenerated(SEED, WINDOW, EVENTS);
            Await.until(TIMEOUT, () -> ingest.eventsApplied() == EVENTS, () -> EVENTS + " events applied");
            ingest.persistNow(TIMEOUT);
            final Manifest before = ingest.catalog().snapshot();
            assertThat(TableFiles.segmentsPerChunk(before).values()).as("segments per chunk before")
                .hasSize(6).allMatch(n -> n > 5);
            final double ratioBefore = (double)before.totalEvents() / before.totalRows();

            final List<List<Object[]>> answersBefore = answers(engine, oracle, spec, ingest);
            final SegmentLifecycle.CompactionReport report = ingest.compactNow();

            final Manifest after = ingest.catalog().snapshot();
            assertThat(TableFiles.segmentsPerChunk(after).values()).as("segments per chunk after")
                .hasSize(6).allMatch(n -> n == 1);
            assertThat(after.totalEvents()).isEqualTo(EVENTS);
            assertThat(report.chunks()).isEqualTo(6);
            assertThat(report.segmentsIn()).isEqualTo(before.segments().size());
            assertThat(report.rowsOut()).isEqualTo(after.totalRows()).isLessThan(before.totalRows());
            final List<List<Object[]>> answersAfter = answers(engine, oracle, spec, ingest);
            for (int q = 0; q < answersBefore.size(); q++)
            {
                DuckDbOracle.assertRowsMatch("query " + q + " before vs after compaction", answersAfter.get(q),
                    answersBefore.get(q));
            }
            try (TableSnapshot snapshot = ingest.acquire())
            {
                WebEvents.assertTotals(engine, spec, snapshot.sources(), totals);
            }
            final LifecycleStatus status = ingest.status().lifecycle();
            assertThat(status.chunksCompacted()).isEqualTo(6);
            assertThat(status.rollupRatioAfterCompaction()).isEqualTo(report.rollupRatio())
                .isGreaterThan(ratioBefore);
            System.out.printf("compaction: %d segments, %d rows -> %d segments, %d rows in %d ms; rollup ratio " +
                "%.3f -> %.3f events/row%n", before.segments().size(), before.totalRows(), after.segments().size(),
                after.totalRows(), report.millis(), ratioBefore, report.rollupRatio());

            assertThat(ingest.compactNow().chunks()).as("a second pass finds nothing to do").isZero();
        }
        TableFiles.assertNoOrphans(dir, TableFiles.manifest(dir));
    }

    private static List<List<Object[]>> answers(final QueryEngine engine, final DuckDbOracle oracle,
        final TableSpec spec, final TableIngest ingest) throws Exception
    {
        final List<List<Object[]>> answers = new ArrayList<>();
        try (TableSnapshot snapshot = ingest.acquire())
        {
            for (final DuckDbOracle.Query query : DuckDbOracle.webQueries())
            {
                answers.add(oracle.check(engine, spec, snapshot.sources(), query));
            }
        }
        return answers;
    }
}
