package dev.tally.ingest.journal;

import dev.tally.ingest.TableIngest;
import dev.tally.ingest.record.EventParser;
import dev.tally.ingest.record.ParseError;
import dev.tally.ingest.rollup.TableSnapshot;
import dev.tally.ingest.testing.Await;
import dev.tally.ingest.testing.BadEvents;
import dev.tally.ingest.testing.WebEvents;
import dev.tally.query.exec.QueryContext;
import dev.tally.query.exec.QueryEngine;
import dev.tally.query.exec.QueryResult;
import dev.tally.query.model.Aggregation;
import dev.tally.query.model.NativeQuery;
import dev.tally.storage.catalog.Catalog;
import dev.tally.storage.schema.TableSpec;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JournalIngestTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final TableIngest.Options OPTIONS = TableIngest.Options.DEFAULT.withBlockRows(1024)
        .withMaxRows(3_000);

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

    @Test
    void pushedEventsAreIngestedExactlyOnceAcrossRestarts() throws Exception
    {
        final WebEvents.Totals totals = new WebEvents.Totals();
        final List<byte[]> events = WebEvents.json(31, 3_600_000L, 20_000, totals);
        try (PushJournal journal = PushJournal.open(dir))
        {
            journal.append(events.subList(0, 8_000));
            try (TableIngest ingest = TableIngest.start(spec, dir, new JournalSource(journal,
                TableIngest.Options::backoff), OPTIONS))
            {
                Await.until(TIMEOUT, () -> count(ingest) == 8_000, () -> "8000 events");
                journal.append(events.subList(8_000, 12_000));
                Await.until(TIMEOUT, () -> count(ingest) == 12_000, () -> "12000 events");
            }
            journal.append(events.subList(12_000, events.size()));
            try (TableIngest ingest = TableIngest.start(spec, dir, new JournalSource(journal,
                TableIngest.Options::backoff), OPTIONS))
            {
                Await.until(TIMEOUT, () -> count(ingest) == events.size(), () -> "all events");
                try (TableSnapshot snapshot = ingest.acquire())
                {
                    WebEvents.assertTotals(engine, spec, snapshot.sources(), totals);
                }
                // the writer counts applied events just after publishing them
                Await.until(TIMEOUT, () -> ingest.eventsApplied() == events.size() - 12_000, () -> "applied count");
            }
        }
        assertThat(Catalog.open(dir).snapshot().totalEvents()).isEqualTo(events.size());
    }

    @Test
    void rejectedEventsAreDeadLetteredWithReasonAndPosition() throws Exception
    {
        final List<byte[]> events = new ArrayList<>(WebEvents.json(32, 60_000L, 200, null));
        final String ts = "\"ts\":\"2026-01-01T00:00:00Z\"";
        final String[] bad = {"{\"ts\":", "[1]", "{\"ts\":\"soon\"}", "{" + ts + ",\"country\":{}}", "",
            "{" + ts + "} x"};
        for (int i = 0; i < bad.length; i++)
        {
            events.set(10 + 30 * i, bad[i].getBytes(StandardCharsets.UTF_8));
        }
        try (PushJournal journal = PushJournal.open(dir))
        {
            journal.append(events);
            try (TableIngest ingest = TableIngest.start(spec, dir, new JournalSource(journal,
                TableIngest.Options::backoff), OPTIONS))
            {
                Await.until(TIMEOUT, () -> count(ingest) == 200 - bad.length && ingest.errors().total() == bad.length,
                    () -> "good events counted and bad ones rejected");
                final List<DeadLetterJournal.Entry> entries = ingest.deadLetters().readAll();
                assertThat(entries).extracting(DeadLetterJournal.Entry::reason).containsExactly(
                    ParseError.TRUNCATED, ParseError.NOT_AN_OBJECT, ParseError.BAD_TIMESTAMP, ParseError.WRONG_TYPE,
                    ParseError.EMPTY, ParseError.TRAILING_DATA);
                for (int i = 0; i < bad.length; i++)
                {
                    assertThat(new String(entries.get(i).raw(), StandardCharsets.UTF_8)).isEqualTo(bad[i]);
                }
                assertThat(entries.get(1).position()).isGreaterThan(entries.get(0).position());
                assertThat(ingest.errors().samples()).hasSize(bad.length);
            }
        }
    }

    @Test
    void everyKindOfBadEventIsCountedAndDeadLetteredWhileTheGoodOnesAroundThemAreIngested() throws Exception
    {
        final TableSpec badSpec = TableSpec.parse(BadEvents.SPEC);
        final List<BadEvents.BadEvent> corpus = BadEvents.corpus(
            EventParser.MAX_EVENT_BYTES_DEFAULT, EventParser.MAX_VALUE_BYTES_DEFAULT);
        final List<byte[]> events = new ArrayList<>();
        final byte[] good = BadEvents.GOOD.getBytes(StandardCharsets.UTF_8);
        for (final BadEvents.BadEvent bad : corpus)
        {
            events.add(good);
            events.add(bad.raw());
        }
        events.add(good);
        try (PushJournal journal = PushJournal.open(dir))
        {
            journal.append(events);
            try (TableIngest ingest = TableIngest.start(badSpec, dir, new JournalSource(journal,
                TableIngest.Options::backoff), OPTIONS))
            {
                final NativeQuery query = NativeQuery.groupBy("events").aggregations(Aggregation.count("n"),
                    Aggregation.of(Aggregation.Kind.SUM, "revenue", "revenue")).build();
                Await.until(TIMEOUT, () -> ingest.errors().total() == corpus.size() &&
                    ingest.eventsApplied() == corpus.size() + 1, () -> "every event handled");
                try (TableSnapshot snapshot = ingest.acquire())
                {
                    final QueryResult result = engine.run(query, badSpec.rowSchema(), snapshot.sources(),
                        QueryContext.defaults());
                    assertThat(result.rows().get(0)).containsExactly((long)corpus.size() + 1,
                        1.5 * (corpus.size() + 1));
                }
                final List<DeadLetterJournal.Entry> entries = ingest.deadLetters().readAll();
                assertThat(entries).hasSize(corpus.size());
                for (int i = 0; i < corpus.size(); i++)
                {
                    assertThat(entries.get(i).reason()).as(corpus.get(i).toString()).isEqualTo(corpus.get(i).reason());
                    assertThat(entries.get(i).raw()).isEqualTo(corpus.get(i).raw());
                }
            }
        }
    }

    @Test
    void aPushTableStartedFromItsSpecOwnsItsJournal() throws Exception
    {
        final List<byte[]> events = WebEvents.json(33, 600_000L, 1_000, null);
        try (TableIngest ingest = TableIngest.start(spec, dir, OPTIONS))
        {
            ingest.pushJournal().append(events);
            Await.until(TIMEOUT, () -> count(ingest) == 1_000, () -> "1000 events");
        }
        try (TableIngest ingest = TableIngest.start(spec, dir, OPTIONS))
        {
            assertThat(count(ingest)).isEqualTo(1_000);
            ingest.pushJournal().append(events.subList(0, 10));
            Await.until(TIMEOUT, () -> count(ingest) == 1_010, () -> "1010 events");
        }
    }

    @Test
    void journalCyclesBelowTheCommittedIndexAreDeleted() throws Exception
    {
        final List<byte[]> events = WebEvents.json(34, 600_000L, 400, null);
        final Path journalDir = dir.resolve(PushJournal.DIR_NAME);
        try (PushJournal journal = PushJournal.open(dir, TestRollCycles.TEST_SECONDLY))
        {
            for (int cycle = 0; cycle < 3; cycle++)
            {
                final long second = System.currentTimeMillis() / 1000;
                journal.append(events.subList(cycle * 100, cycle * 100 + 100));
                Await.until(TIMEOUT, () -> System.currentTimeMillis() / 1000 > second, () -> "the next cycle");
            }
            assertThat(cycleFiles(journalDir)).hasSize(3);
            try (TableIngest ingest = TableIngest.start(spec, dir, new JournalSource(journal,
                TableIngest.Options::backoff), OPTIONS))
            {
                Await.until(TIMEOUT, () -> count(ingest) == 300, () -> "300 events");
                ingest.persistNow(TIMEOUT);
                assertThat(cycleFiles(journalDir)).hasSize(1);
                journal.append(events.subList(300, 400));
                Await.until(TIMEOUT, () -> count(ingest) == 400, () -> "400 events");
            }
            try (TableIngest ingest = TableIngest.start(spec, dir, new JournalSource(journal,
                TableIngest.Options::backoff), OPTIONS))
            {
                assertThat(count(ingest)).isEqualTo(400);
            }
        }
    }

    private static List<Path> cycleFiles(final Path journalDir) throws Exception
    {
        try (var files = java.nio.file.Files.list(journalDir))
        {
            return files.filter(f -> f.getFileName().toString().endsWith(".cq4")).toList();
        }
    }
}
