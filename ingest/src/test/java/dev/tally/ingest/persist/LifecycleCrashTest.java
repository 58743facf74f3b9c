package dev.tally.ingest.persist;

import dev.tally.ingest.TableIngest;
import dev.tally.ingest.testing.ChildJvm;
import dev.tally.ingest.testing.ListSource;
import dev.tally.ingest.testing.TableFiles;
import dev.tally.ingest.testing.WebEvents;
import dev.tally.query.exec.QueryEngine;
import dev.tally.storage.catalog.Catalog;
import dev.tally.storage.catalog.SegmentsSnapshot;
import dev.tally.storage.catalog.TableSegments;
import dev.tally.storage.schema.Granularity;
import dev.tally.storage.schema.TableSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static dev.tally.ingest.testing.WebEvents.HOUR;
import static dev.tally.ingest.testing.WebEvents.START;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills ({@code kill -9}) a child JVM at random moments inside compaction, batch replace and retention (after a batch
 * append) ({@link LifecycleChild}), ten times each by default, and checks after every kill, once the table is opened again:
 * every hour holds exactly its events, the old hour is there whole or not at all, and no segment file is left that
 * the manifest does not name.
 */
class LifecycleCrashTest
{
    private static final String[] STEPS = {"replace", "compact", "retention"};
    /** Upper bound of the random delay after a step begins, per step, in ms (about the step's duration). */
    private static final int[] STEP_MILLIS = {700, 200, 30};
    private static final int KILLS = Integer.getInteger("tally.test.lifecycleKills", 30);
    private static final int HOURS = 3;
    private static final long OLD_HOUR = LifecycleChild.OLD_HOUR;

    @TempDir
    Path dir;

    @Test
    void killedLifecycleStepsLeaveACompleteConsistentSegmentSet() throws Exception
    {
        final long seed = Long.getLong("tally.test.seed", System.nanoTime());
        System.out.println("LifecycleCrashTest seed " + seed);
        final SplittableRandom random = new SplittableRandom(seed);
        final TableSpec web = WebEvents.spec("PT1M");
        final TableSpec spec = new TableSpec(web.name(), web.timestamp(), web.dimensions(), web.metrics(),
            web.rollup(), web.segmentGranularity(), Optional.of(Granularity.parse("P1000D")), web.source());
        final Path specFile = Files.writeString(dir.resolve("spec.json"), spec.toJson());
        final Path table = dir.resolve("table");
        final Map<Long, Long> expected = writeFiles(dir);
        final long oldEvents = Files.readAllLines(dir.resolve("old.ndjson")).size();
        try (TableIngest ingest = TableIngest.start(spec, table, new ListSource(List.of(), 1, 0),
            LifecycleChild.options()))
        {
            for (int h = 0; h < HOURS; h++)
            {
                LifecycleChild.load(ingest, dir.resolve("hour-" + h + ".ndjson"), START + h * HOUR, true);
            }
        }

        final Map<String, Integer> kills = new HashMap<>();
        try (QueryEngine engine = new QueryEngine(2))
        {
            for (int round = 0; round < KILLS; round++)
            {
                final int step = round % STEPS.length;
                final ChildJvm child = ChildJvm.start(LifecycleChild.class, List.of(specFile.toString(),
                    table.toString(), dir.toString(), Integer.toString(HOURS), Long.toString(START), STEPS[step]),
                    dir.resolve("child-" + round + ".err"));
                final long startNanos = System.nanoTime();
                try
                {
                    child.awaitLine("ready");
                    final long readyNanos = System.nanoTime();
                    child.awaitLine("begin " + STEPS[step]);
                    System.out.printf("round %d: ready after %.0f ms, %s began after %.0f ms more%n", round,
                        (readyNanos - startNanos) / 1e6, STEPS[step], (System.nanoTime() - readyNanos) / 1e6);
                    Thread.sleep(random.nextInt(0, STEP_MILLIS[step] + 1));
                }
                finally
                {
                    child.kill();
                }
                kills.merge(STEPS[step], 1, Integer::sum);
                check(engine, spec, table, expected, oldEvents, "after kill " + round + " in " + STEPS[step]);
            }
        }
        System.out.println("kills per step: " + kills);
        assertThat(kills.values()).allMatch(n -> n >= KILLS / STEPS.length);
    }

    private static void check(final QueryEngine engine, final TableSpec spec, final Path table,
        final Map<Long, Long> expected, final long oldEvents, final String when) throws Exception
    {
        try (TableSegments segments = TableSegments.open(Catalog.open(table));
            SegmentsSnapshot snapshot = segments.acquire())
        {
            TableFiles.assertNoOrphans(table, segments.catalog().snapshot());
            assertThat(segments.quarantineEvents()).as(when).isEmpty();
            final Map<Long, Long> hours = WebEvents.countsPerHour(engine, spec, snapshot.segments());
            final Long old = hours.remove(OLD_HOUR);
            assertThat(hours).as(when).isEqualTo(expected);
            assertThat(old == null ? 0 : old).as("old hour " + when).isIn(0L, oldEvents);
        }
    }

    /** Splits generated events into one file per hour, plus an old hour for retention; returns events per hour. */
    private static Map<Long, Long> writeFiles(final Path dir) throws Exception
    {
        final List<List<byte[]>> perHour = new ArrayList<>();
        for (int h = 0; h < HOURS; h++)
        {
            perHour.add(new ArrayList<>());
        }
        final Map<Long, Long> expected = new TreeMap<>();
        for (final byte[] event : WebEvents.json(71, HOURS * HOUR, 3_000, null))
        {
            final String text = new String(event, StandardCharsets.UTF_8);
            final long time = Instant.parse(text.substring(7, text.indexOf('"', 7))).toEpochMilli();
            final int hour = (int)Math.floorDiv(time - START, HOUR);
            if (hour >= 0 && hour < HOURS)
            {
                perHour.get(hour).add(event);
                expected.merge(START + hour * HOUR, 1L, Long::sum);
            }
        }
        for (int h = 0; h < HOURS; h++)
        {
            WebEvents.writeLines(dir.resolve("hour-" + h + ".ndjson"), perHour.get(h));
        }
        final List<byte[]> old = new ArrayList<>();
        for (final byte[] event : WebEvents.json(72, HOUR, 300, null))
        {
            old.add(new String(event, StandardCharsets.UTF_8).replace("\"2026-01-01T00:", "\"2020-01-01T00:")
                .getBytes(StandardCharsets.UTF_8));
        }
        WebEvents.writeLines(dir.resolve("old.ndjson"), old);
        return expected;
    }
}
