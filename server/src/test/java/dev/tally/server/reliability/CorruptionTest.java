package dev.tally.server.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.ingest.journal.DeadLetterJournal;
import dev.tally.ingest.journal.JournalDocument;
import dev.tally.ingest.journal.PushJournal;
import dev.tally.ingest.testing.Await;
import dev.tally.server.TallyServer;
import dev.tally.server.testing.HttpApi;
import dev.tally.server.testing.TestServers;
import dev.tally.storage.catalog.Catalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random bytes flipped in a stopped server's files, then a restart: segments, manifests, the push journal (with
 * events in it that were acknowledged but not yet persisted, the state a crash leaves) and the dead-letter journal.
 * Each round starts from a copy of one pristine data directory: two push tables, {@code t} with one segment per
 * batch (each batch its own hour and its own keys, so what a lost segment held is known) and a small {@code u}.
 * After the restart: the server runs, the damage is in the table status, and every answer is exactly the arithmetic
 * over what survived — a damaged part is left out whole and said so, never read as different numbers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorruptionTest
{
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long START = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final long HOUR = 3_600_000L;
    private static final int BATCHES = 4;
    private static final int EVENTS_PER_BATCH = 500;
    private static final int KEYS_PER_BATCH = 7;
    private static final int BAD_LINES = 20;
    private static final int EXTRA_EVENTS = 200;
    private static final long SEED = Long.getLong("tally.test.seed", System.nanoTime());

    private Path dir;
    private Path pristine;
    /** Per batch: key → {count, sum}. */
    private final List<Map<String, long[]>> batches = new ArrayList<>();

    @BeforeAll
    void buildPristineDataDir(@TempDir final Path tempDir) throws Exception
    {
        dir = tempDir;
        System.out.println("CorruptionTest seed " + SEED + " (-Dtally.test.seed=" + SEED + " repeats it)");
        pristine = dir.resolve("pristine");
        try (TallyServer server = start(pristine))
        {
            final HttpApi http = new HttpApi(server.port());
            assertThat(http.post("/v1/tables", spec("t")).status()).isEqualTo(201);
            assertThat(http.post("/v1/tables", spec("u")).status()).isEqualTo(201);
            long total = 0;
            for (int b = 0; b < BATCHES; b++)
            {
                final Map<String, long[]> expected = new TreeMap<>();
                final StringBuilder body = new StringBuilder();
                for (int i = 0; i < EVENTS_PER_BATCH; i++)
                {
                    final String key = "b" + b + "-k" + i % KEYS_PER_BATCH;
                    final long v = (b * 1_000L + i * 7L) % 1_009;
                    body.append(event(START + b * HOUR + i * 1_000L, key, v)).append('\n');
                    final long[] sums = expected.computeIfAbsent(key, k -> new long[2]);
                    sums[0]++;
                    sums[1] += v;
                }
                if (b == 0)
                {
                    for (int i = 0; i < BAD_LINES; i++)
                    {
                        body.append("{\"ts\": ").append(i).append(", broken\n");
                    }
                }
                batches.add(expected);
                assertThat(http.post("/v1/tables/t/events", body.toString()).status()).isEqualTo(200);
                total += EVENTS_PER_BATCH;
                final long applied = total;
                // one batch, one persist: each segment holds exactly one batch
                Await.until(TIMEOUT, () -> server.tables().get("t").eventsApplied() == applied,
                    () -> "batch applied");
                server.tables().get("t").persistNow(TIMEOUT);
                assertThat(status(http, "t").path("committedEvents").asLong()).isEqualTo(applied);
            }
            assertThat(http.post("/v1/tables/u/events", event(START, "u", 5) + "\n" + event(START + 1, "u", 6))
                .status()).isEqualTo(200);
            assertThat(status(http, "t").path("segments").asInt()).isEqualTo(BATCHES);
            assertThat(status(http, "t").path("parseErrors").path("malformed_json").asLong()).isEqualTo(BAD_LINES);
        }
    }

    @Test
    void aFlippedByteInASegmentQuarantinesThatSegmentAndTheRestAnswersExactly() throws Exception
    {
        final int rounds = Profile.pick(4, 12);
        final Random random = new Random(SEED);
        for (int round = 0; round < rounds; round++)
        {
            final Path data = copyOfPristine("segment-" + round);
            final Path tableDir = tableDir(data, "t");
            final List<Path> segments = files(tableDir, ".seg");
            assertThat(segments).hasSize(BATCHES);
            final Path target = segments.get(random.nextInt(segments.size()));
            final int flips = 1 + random.nextInt(4);
            flipBytes(target, 0, Files.size(target), flips, random);
            final int lostBatch = batchOf(target);
            try (TallyServer server = start(data))
            {
                final HttpApi http = new HttpApi(server.port());
                final JsonNode status = status(http, "t");
                final JsonNode damage = only(status.path("damage"));
                assertThat(damage.path("part").asText()).isEqualTo("segment");
                assertThat(damage.path("file").asText()).as(damage.toString())
                    .endsWith(TableSegmentsQuarantine.DIR + "/" + target.getFileName());
                assertThat(damage.path("problem").asText()).startsWith("corrupt segment[");
                assertThat(Path.of(damage.path("file").asText())).exists();
                assertThat(status.path("segments").asInt()).isEqualTo(BATCHES - 1);
                assertThat(metric(http, "tally_table_quarantined_segments{table=\"t\"}")).isEqualTo(1.0);
                assertAnswers(http, expectedWithout(lostBatch), Map.of());
                System.out.printf("CorruptionTest segment round %d: %d flips in %s -> quarantined: %s%n", round,
                    flips, target.getFileName(), damage.path("problem").asText());
            }
        }
    }

    @Test
    void aDamagedManifestFallsBackToThePreviousOneAndTheJournalRefillsWhatItNamed() throws Exception
    {
        final Random random = new Random(SEED + 1);
        for (int round = 0; round < Profile.pick(2, 6); round++)
        {
            final Path data = copyOfPristine("manifest-" + round);
            final Path manifest = tableDir(data, "t").resolve(Catalog.MANIFEST_FILE_NAME);
            final int flips = 1 + random.nextInt(4);
            flipBytes(manifest, 0, Files.size(manifest), flips, random);
            try (TallyServer server = start(data))
            {
                final HttpApi http = new HttpApi(server.port());
                final JsonNode damage = only(status(http, "t").path("damage"));
                assertThat(damage.path("part").asText()).isEqualTo("manifest");
                assertThat(damage.path("problem").asText()).contains("corrupt manifest file")
                    .contains("fell back to the previous manifest version");
                assertThat(Path.of(damage.path("file").asText())).exists();
                // the segment the damaged manifest added is set aside; its events come again from the push journal
                assertThat(files(tableDir(data, "t").resolve("quarantine"), ".unlisted")).hasSize(1);
                Await.until(TIMEOUT, () -> status(http, "t").path("eventsIn").asLong() == EVENTS_PER_BATCH,
                    () -> "the last batch read again from the journal");
                assertAnswers(http, expectedWithout(-1), Map.of());
                System.out.printf("CorruptionTest manifest round %d: %d flips -> %s%n", round, flips,
                    damage.path("problem").asText());
            }
        }
    }

    @Test
    void damagedManifestAndPreviousFailOnlyThatTableAndTheOtherServes() throws Exception
    {
        final Random random = new Random(SEED + 2);
        final Path data = copyOfPristine("both-manifests");
        for (final String name : List.of(Catalog.MANIFEST_FILE_NAME, Catalog.PREVIOUS_FILE_NAME))
        {
            final Path file = tableDir(data, "t").resolve(name);
            flipBytes(file, 0, Files.size(file), 2, random);
        }
        try (TallyServer server = start(data))
        {
            final HttpApi http = new HttpApi(server.port());
            final JsonNode status = status(http, "t");
            assertThat(status.path("ingestState").asText()).isEqualTo("failed");
            assertThat(status.path("error").asText()).contains("corrupt manifest file");
            assertThat(http.sql("SELECT COUNT(*) FROM t").status()).isEqualTo(400);
            assertThat(http.count("u")).isEqualTo(2);
            // its files are kept: creating it again is refused
            assertThat(http.post("/v1/tables", spec("t")).status()).isEqualTo(409);
            assertThat(tableDir(data, "t").resolve(Catalog.PREVIOUS_FILE_NAME)).exists();
            // until the operator drops it (after keeping what they need); then the name is free again
            assertThat(http.delete("/v1/tables/t").status()).isEqualTo(200);
            assertThat(http.post("/v1/tables", spec("t")).status()).isEqualTo(201);
            assertThat(http.count("t")).isZero();
        }
    }

    @Test
    void aDamagedPushJournalNeverYieldsWrongNumbersAndReportsWhatItLost() throws Exception
    {
        final Random random = new Random(SEED + 3);
        final int rounds = Profile.pick(8, 24);
        int roundsWithLoss = 0;
        for (int round = 0; round < rounds; round++)
        {
            final Path data = copyOfPristine("journal-" + round);
            final Path tableDir = tableDir(data, "t");
            final Path cycleFile = only(files(tableDir.resolve(PushJournal.DIR_NAME), ".cq4"));
            final long committedEnd = lastNonZeroByte(cycleFile) + 1;
            final Map<String, Long> extras = appendUnpersistedEvents(tableDir);
            final long end = lastNonZeroByte(cycleFile) + 1;
            // half the rounds damage only what follows the committed events, the others anywhere
            final long from = round % 2 == 0 ? committedEnd : 0;
            final int flips = 1 + random.nextInt(4);
            flipBytes(cycleFile, from, end, flips, random);
            try (TallyServer server = start(data))
            {
                final HttpApi http = new HttpApi(server.port());
                final JsonNode status = Await.latest(TIMEOUT, () -> status(http, "t"),
                    s -> s.path("eventsIn").asLong() + s.path("parseErrors").path("corrupt_journal_entry").asLong() >=
                        EXTRA_EVENTS || s.path("damage").size() > 0);
                final long rejected = status.path("parseErrors").path("corrupt_journal_entry").asLong();
                final boolean isFileMovedAside = hasDamage(status, "journal");
                // every event that arrives is exactly the one pushed; a missing one is accounted for
                final Map<String, long[]> present = answerRows(http, "WHERE k LIKE 'x%'");
                for (final Map.Entry<String, long[]> row : present.entrySet())
                {
                    assertThat(row.getValue()).as("extra event %s", row.getKey())
                        .containsExactly(1, extras.get(row.getKey()));
                }
                final int missing = EXTRA_EVENTS - present.size();
                assertThat(missing == 0 || isFileMovedAside || rejected >= missing)
                    .as("%d extra events missing, %d rejected as corrupt, status %s", missing, rejected, status)
                    .isTrue();
                if (!isFileMovedAside)
                {
                    assertThat(missing).as("missing = rejected when no file was moved aside").isEqualTo(rejected);
                }
                roundsWithLoss += missing > 0 ? 1 : 0;
                // the committed events are in segments: untouched by journal damage
                assertAnswers(http, expectedWithout(-1), Map.of());
                System.out.printf("CorruptionTest journal round %d: %d flips in [%d, %d) of %s -> %d of %d extra " +
                        "events kept, %d rejected as corrupt, file moved aside: %s%n", round, flips, from, end,
                    cycleFile.getFileName(), present.size(), EXTRA_EVENTS, rejected,
                    isFileMovedAside ? problem(status, "journal") : "no");
            }
        }
        System.out.printf("CorruptionTest journal: %d of %d rounds lost events (all reported)%n", roundsWithLoss,
            rounds);
    }

    @Test
    void aDamagedDocumentHeaderMovesTheJournalCycleAsideAndSaysWhatWasLost() throws Exception
    {
        final Path data = copyOfPristine("journal-header");
        final Path tableDir = tableDir(data, "t");
        final Path cycleFile = only(files(tableDir.resolve(PushJournal.DIR_NAME), ".cq4"));
        appendUnpersistedEvents(tableDir);
        // Chronicle's 4-byte header precedes each document; ours start with the format 2 magic. Damage the length
        // in the header of the 151st unpersisted event: Chronicle reads it as one huge document (which fails its
        // checksum), then stops there, silently, as if the journal ended.
        final long document = nthOccurrence(cycleFile, JournalDocument.MAGIC, BATCHES * EVENTS_PER_BATCH + 151);
        try (FileChannel channel = FileChannel.open(cycleFile, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final ByteBuffer header = ByteBuffer.allocate(1);
            channel.read(header, document - 2);
            header.put(0, (byte)(header.get(0) ^ 0x10));
            header.rewind();
            channel.write(header, document - 2);
        }
        try (TallyServer server = start(data))
        {
            final HttpApi http = new HttpApi(server.port());
            final JsonNode status = status(http, "t");
            final String problem = problem(status, "journal");
            assertThat(problem).as(status.toString()).contains("journal-damaged")
                .contains("a document header is damaged")
                .contains("the events it held after the committed position are lost (151 documents could be read " +
                    "up to the damage, maybe more after it)");
            assertAnswers(http, expectedWithout(-1), Map.of());
            assertThat(answerRows(http, "WHERE k LIKE 'x%'")).isEmpty();
            // the table goes on: new pushes land in a fresh cycle file and are read
            assertThat(http.post("/v1/tables/t/events", event(START + 6 * HOUR, "x-after", 42)).status())
                .isEqualTo(200);
            final Map<String, long[]> after = Await.latest(TIMEOUT, () -> answerRows(http, "WHERE k = 'x-after'"),
                rows -> !rows.isEmpty());
            assertThat(after.get("x-after")).containsExactly(1, 42);
            System.out.println("CorruptionTest journal header: " + problem);
        }
    }

    @Test
    void aDamagedJournalMetadataFileDoesNotStopTheTable() throws Exception
    {
        final Random random = new Random(SEED + 5);
        for (int round = 0; round < Profile.pick(2, 8); round++)
        {
            final Path data = copyOfPristine("journal-metadata-" + round);
            final Path tableDir = tableDir(data, "t");
            final Map<String, Long> extras = appendUnpersistedEvents(tableDir);
            final Path metadata = only(files(tableDir.resolve(PushJournal.DIR_NAME), ".cq4t"));
            final int flips = 1 + random.nextInt(4);
            flipBytes(metadata, 0, lastNonZeroByte(metadata) + 1, flips, random);
            try (TallyServer server = start(data))
            {
                final HttpApi http = new HttpApi(server.port());
                assertAnswers(http, expectedWithout(-1), Map.of());
                final Map<String, long[]> present = Await.latest(TIMEOUT,
                    () -> answerRows(http, "WHERE k LIKE 'x%'"), rows -> rows.size() == EXTRA_EVENTS);
                final JsonNode status = status(http, "t");
                for (final Map.Entry<String, long[]> row : present.entrySet())
                {
                    assertThat(row.getValue()).containsExactly(1, extras.get(row.getKey()));
                }
                assertThat(present.size() == EXTRA_EVENTS || hasDamage(status, "journal")).as(status.toString())
                    .isTrue();
                System.out.printf("CorruptionTest journal metadata round %d: %d flips -> %d of %d extra events " +
                    "kept, %s%n", round, flips, present.size(), EXTRA_EVENTS, hasDamage(status, "journal") ?
                    problem(status, "journal") : "no file moved aside");
            }
        }
    }

    @Test
    void aDamagedDeadLetterJournalDoesNotStopTheTable() throws Exception
    {
        final Random random = new Random(SEED + 4);
        for (int round = 0; round < Profile.pick(2, 8); round++)
        {
            final Path data = copyOfPristine("dead-letter-" + round);
            final Path cycleFile = only(files(tableDir(data, "t").resolve(DeadLetterJournal.DIR_NAME), ".cq4"));
            final int flips = 1 + random.nextInt(4);
            flipBytes(cycleFile, 0, lastNonZeroByte(cycleFile) + 1, flips, random);
            try (TallyServer server = start(data))
            {
                final HttpApi http = new HttpApi(server.port());
                final JsonNode status = status(http, "t");
                assertAnswers(http, expectedWithout(-1), Map.of());
                // it keeps taking rejected events
                assertThat(http.post("/v1/tables/t/events", "{broken\n").status()).isEqualTo(200);
                final List<DeadLetterJournal.Entry> entries =
                    server.tables().get("t").deadLetters().readAll();
                assertThat(entries.size()).isLessThanOrEqualTo(BAD_LINES + 1);
                System.out.printf("CorruptionTest dead-letter round %d: %d flips -> %d entries readable, %s%n",
                    round, flips, entries.size(), hasDamage(status, "dead-letter") ?
                        "file moved aside: " + problem(status, "dead-letter") : "no file moved aside");
            }
        }
    }

    /** Appends events to the push journal of a stopped table, as if acknowledged and not yet persisted. */
    private static Map<String, Long> appendUnpersistedEvents(final Path tableDir)
    {
        final Map<String, Long> extras = new HashMap<>();
        final List<byte[]> extraEvents = new ArrayList<>();
        for (int i = 0; i < EXTRA_EVENTS; i++)
        {
            final String key = "x" + i;
            extras.put(key, (long)i * 3);
            extraEvents.add(event(START + 5 * HOUR + i, key, i * 3L).getBytes(StandardCharsets.UTF_8));
        }
        try (PushJournal journal = PushJournal.open(tableDir))
        {
            journal.append(extraEvents);
        }
        return extras;
    }

    /** Byte offset of the {@code n}-th (1-based) little-endian occurrence of {@code value} in the file. */
    private static long nthOccurrence(final Path file, final int value, final int n) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(file);
        final ByteBuffer buffer = ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int seen = 0;
        for (int i = 0; i + 4 <= bytes.length; i++)
        {
            if (buffer.getInt(i) == value && ++seen == n)
            {
                return i;
            }
        }
        throw new AssertionError("only " + seen + " occurrences of " + Integer.toHexString(value) + " in " + file);
    }

    /** Where the catalog puts quarantined segments. */
    private static final class TableSegmentsQuarantine
    {
        static final String DIR = dev.tally.storage.catalog.TableSegments.QUARANTINE_DIR_NAME;
    }

    private void assertAnswers(final HttpApi http, final Map<String, long[]> expected, final Map<String, long[]> more)
    {
        final Map<String, long[]> want = new TreeMap<>(expected);
        want.putAll(more);
        final Map<String, long[]> actual = answerRows(http, "WHERE k LIKE 'b%'");
        assertThat(actual.keySet()).isEqualTo(want.keySet());
        for (final Map.Entry<String, long[]> row : want.entrySet())
        {
            assertThat(actual.get(row.getKey())).as("count and sum of %s", row.getKey())
                .containsExactly(row.getValue());
        }
        long count = 0;
        for (final long[] row : want.values())
        {
            count += row[0];
        }
        final HttpApi.Answer total = http.sql("SELECT COUNT(*) AS n FROM t WHERE k LIKE 'b%'");
        assertThat(total.json().get(0).path("n").asLong()).isEqualTo(count);
    }

    private static Map<String, long[]> answerRows(final HttpApi http, final String where)
    {
        final HttpApi.Answer answer = http.sql("SELECT k, COUNT(*) AS n, SUM(v) AS s FROM t " + where + " GROUP BY k");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        final Map<String, long[]> rows = new TreeMap<>();
        for (final JsonNode row : answer.json())
        {
            rows.put(row.path("k").asText(), new long[] {row.path("n").asLong(), row.path("s").asLong()});
        }
        return rows;
    }

    /** What the batches hold, all but batch {@code lost} (-1: all). */
    private Map<String, long[]> expectedWithout(final int lost)
    {
        final Map<String, long[]> expected = new TreeMap<>();
        for (int b = 0; b < batches.size(); b++)
        {
            if (b != lost)
            {
                expected.putAll(batches.get(b));
            }
        }
        return expected;
    }

    /** The batch a segment holds: its hour. */
    private static int batchOf(final Path segment)
    {
        final String name = segment.getFileName().toString();
        final int hour = Integer.parseInt(name.substring(name.indexOf('T') + 1, name.indexOf('T') + 3));
        return hour;
    }

    private static boolean hasDamage(final JsonNode status, final String part)
    {
        return problem(status, part) != null;
    }

    private static String problem(final JsonNode status, final String part)
    {
        for (final JsonNode damage : status.path("damage"))
        {
            if (part.equals(damage.path("part").asText()))
            {
                return damage.path("file").asText() + ": " + damage.path("problem").asText();
            }
        }
        return null;
    }

    private static TallyServer start(final Path data)
    {
        return TestServers.start(TestServers.config(data));
    }

    private static JsonNode status(final HttpApi http, final String table)
    {
        final HttpApi.Answer answer = http.get("/v1/tables/" + table + "/status");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private static double metric(final HttpApi http, final String sample)
    {
        for (final String line : http.get("/metrics").body().split("\n"))
        {
            if (line.startsWith(sample + " "))
            {
                return Double.parseDouble(line.substring(sample.length() + 1));
            }
        }
        throw new AssertionError("no metric sample " + sample);
    }

    private static String spec(final String name)
    {
        final ObjectNode spec = MAPPER.createObjectNode().put("name", name);
        spec.putObject("timestamp").put("column", "ts").put("format", "millis");
        spec.putArray("dimensions").add("k");
        final ArrayNode metrics = spec.putArray("metrics");
        metrics.addObject().put("name", "count").put("type", "count");
        metrics.addObject().put("name", "v").put("type", "longSum").put("field", "v");
        spec.put("segmentGranularity", "PT1H");
        spec.putObject("source").put("type", "push");
        return spec.toString();
    }

    private static String event(final long ts, final String key, final long v)
    {
        return MAPPER.createObjectNode().put("ts", ts).put("k", key).put("v", v).toString();
    }

    private Path copyOfPristine(final String name) throws Exception
    {
        final Path copy = dir.resolve(name);
        // journal files are large and sparse: keep them sparse
        final Process cp = new ProcessBuilder("cp", "-r", "--sparse=always", pristine.toString(), copy.toString())
            .redirectErrorStream(true).start();
        final String output = new String(cp.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cp.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(cp.exitValue()).as(output).isZero();
        return copy;
    }

    private static Path tableDir(final Path data, final String table)
    {
        return data.resolve("tables").resolve(table);
    }

    private static List<Path> files(final Path dir, final String suffix) throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter(file -> file.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static <T> T only(final List<T> items)
    {
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    private static JsonNode only(final JsonNode items)
    {
        assertThat(items.size()).as(items.toString()).isEqualTo(1);
        return items.get(0);
    }

    /** Flips one random bit in each of {@code count} distinct random bytes of {@code [from, to)}. */
    private static void flipBytes(final Path file, final long from, final long to, final int count,
        final Random random) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final List<Long> done = new ArrayList<>();
            while (done.size() < Math.min(count, to - from))
            {
                final long position = from + (long)(random.nextDouble() * (to - from));
                if (done.contains(position))
                {
                    continue;
                }
                done.add(position);
                final ByteBuffer one = ByteBuffer.allocate(1);
                channel.read(one, position);
                one.put(0, (byte)(one.get(0) ^ (1 << random.nextInt(8))));
                one.rewind();
                channel.write(one, position);
            }
        }
    }

    /** The last byte that is not zero (Chronicle's cycle files are large, sparse and zero past the data). */
    private static long lastNonZeroByte(final Path file) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
            long last = -1;
            long position = 0;
            while (position < channel.size())
            {
                buffer.clear();
                final int read = channel.read(buffer, position);
                if (read <= 0)
                {
                    break;
                }
                for (int i = 0; i < read; i++)
                {
                    if (buffer.get(i) != 0)
                    {
                        last = position + i;
                    }
                }
                position += read;
            }
            return last;
        }
    }
}
