package dev.tally.ingest.journal;

import dev.tally.ingest.TableIngest;
import dev.tally.ingest.rollup.TableSnapshot;
import dev.tally.ingest.source.IngestChild;
import dev.tally.ingest.testing.Await;
import dev.tally.ingest.testing.ChildJvm;
import dev.tally.ingest.testing.WebEvents;
import dev.tally.query.exec.QueryEngine;
import dev.tally.storage.catalog.Catalog;
import dev.tally.storage.catalog.SegmentsSnapshot;
import dev.tally.storage.catalog.TableSegments;
import dev.tally.storage.schema.TableSpec;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills ({@code kill -9}) a child JVM tailing the push journal at random moments while this JVM keeps appending to
 * the journal, and checks after every kill that the committed segments hold exactly the journal's events up to the
 * committed journal index; at the end every appended event is counted once.
 */
class JournalCrashTest
{
    private static final int KILLS = Integer.getInteger("tally.test.journalKills", 6);
    private static final int EVENTS_PER_ROUND = 5_000;

    @TempDir
    Path dir;

    @Test
    void killedJournalIngestLosesNothingAndCountsNothingTwice() throws Exception
    {
        final long seed = System.nanoTime();
        System.out.println("JournalCrashTest seed " + seed);
        final SplittableRandom random = new SplittableRandom(seed);
        final Path tableDir = dir.resolve("table");
        Files.createDirectories(tableDir);
        final TableSpec spec = WebEvents.spec("PT1M");
        final Path specFile = dir.resolve("spec.json");
        Files.writeString(specFile, spec.toJson());
        try (QueryEngine engine = new QueryEngine(2); PushJournal journal = PushJournal.open(tableDir))
        {
            long appended = 0;
            for (int round = 0; round < KILLS; round++)
            {
                journal.append(WebEvents.json(seed + round, 3 * 3_600_000L, EVENTS_PER_ROUND, null));
                appended += EVENTS_PER_ROUND;
                final ChildJvm child = ChildJvm.start(IngestChild.class, List.of(specFile.toString(),
                    tableDir.toString(), "2000", "40", "journal"), dir.resolve("child-" + round + ".err"));
                try
                {
                    child.awaitLine("persisted 1");
                    Thread.sleep(random.nextInt(0, 300));
                }
                finally
                {
                    child.kill();
                }
                final long committed = checkCommittedState(engine, spec, tableDir, journal, "after kill " + round);
                System.out.println("after kill " + round + ": appended " + appended + ", committed " + committed);
            }
            final long expected = appended;
            try (TableIngest ingest = TableIngest.start(spec, tableDir,
                new JournalSource(journal, TableIngest.Options::backoff),
                TableIngest.Options.DEFAULT.withBlockRows(1024).withMaxRows(20_000)))
            {
                Await.until(Duration.ofSeconds(60), () -> count(engine, spec, ingest) == expected,
                    () -> expected + " events");
            }
            assertThat(checkCommittedState(engine, spec, tableDir, journal, "at the end")).isEqualTo(expected);
        }
    }

    /** Events in the committed segments, which must equal the journal documents up to the committed index. */
    private static long checkCommittedState(final QueryEngine engine, final TableSpec spec, final Path tableDir,
        final PushJournal journal, final String when) throws Exception
    {
        final Catalog catalog = Catalog.open(tableDir);
        final long committedIndex = catalog.snapshot().sourcePosition("journal:0").orElse(-1);
        long documents = 0;
        try (ExcerptTailer tailer = journal.queue().createTailer())
        {
            while (committedIndex >= 0)
            {
                try (DocumentContext document = tailer.readingDocument())
                {
                    if (!document.isPresent() || document.index() > committedIndex)
                    {
                        break;
                    }
                    documents++;
                }
            }
        }
        try (TableSegments segments = TableSegments.open(catalog); SegmentsSnapshot snapshot = segments.acquire())
        {
            final long counted = snapshot.size() == 0 ? 0 : WebEvents.count(engine, spec, snapshot.segments());
            assertThat(counted).as("committed events " + when).isEqualTo(documents);
            return counted;
        }
    }

    private static long count(final QueryEngine engine, final TableSpec spec, final TableIngest ingest)
    {
        try (TableSnapshot snapshot = ingest.acquire())
        {
            return WebEvents.count(engine, spec, snapshot.sources());
        }
    }
}
