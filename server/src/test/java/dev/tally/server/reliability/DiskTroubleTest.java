package dev.tally.server.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.ingest.localkafka.KafkaBroker;
import dev.tally.ingest.testing.Await;
import dev.tally.ingest.testing.ChildJvm;
import dev.tally.server.TallyServer;
import dev.tally.server.testing.HttpApi;
import dev.tally.server.testing.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A disk that refuses writes while a real server ingests from a real Kafka broker: the server runs in a child JVM
 * (so the limit applies to it alone) and its persists fail, first through a file-size limit ({@code ulimit -S -f},
 * raised later with {@code prlimit}: HotSpot ignores SIGXFSZ, so a write past the limit fails with "File too large"),
 * then through a table directory made immutable ({@code chattr +i}; root ignores permission bits). In both cases ingest
 * pauses with the reason in the table status and in {@code /metrics}, {@code /v1/sql} keeps answering, and once the
 * disk takes writes again ingest resumes by itself and the table holds exactly the produced events: per partition,
 * per key count and sum.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiskTroubleTest
{
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int PARTITIONS = 2;
    private static final long START = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static final int KEYS = 5;
    /** Per-file limit in KiB: the first, small persist fits, a persist of the large batch does not. */
    private static final int FILE_LIMIT_KIB = 256;
    private static final long MAX_AGE_MILLIS = 1_000;

    @TempDir
    Path dir;

    private KafkaBroker broker;

    @BeforeAll
    void startBroker(@TempDir final Path brokerDir) throws Exception
    {
        broker = KafkaBroker.start(brokerDir);
    }

    @AfterAll
    void stopBroker()
    {
        broker.close();
    }

    @Test
    void fileSizeLimitPausesIngestAndRaisingItResumesWithNothingLost() throws Exception
    {
        runScenario("fsize", "ulimit -S -f " + FILE_LIMIT_KIB, new Trouble()
        {
            @Override
            public void inflict(final ChildJvm child, final Path tableDir)
            {
                // the limit is in force from the start; the first persist is small enough to pass
            }

            @Override
            public void lift(final ChildJvm child, final Path tableDir) throws Exception
            {
                run("prlimit", "--pid", Long.toString(child.pid()), "--fsize=unlimited");
            }
        }, "File too large");
    }

    @Test
    void unwritableTableDirectoryPausesIngestAndRestoringItResumesWithNothingLost() throws Exception
    {
        final Path probe = Files.createDirectories(dir.resolve("chattr-probe"));
        Assumptions.assumeTrue(exec("chattr", "+i", probe.toString()) == 0,
            "chattr +i is not supported here (file system or privileges)");
        final boolean isBlocked = !canCreate(probe.resolve("x"));
        exec("chattr", "-i", probe.toString());
        Assumptions.assumeTrue(isBlocked, "an immutable directory still takes new files here");
        runScenario("immutable", "true", new Trouble()
        {
            @Override
            public void inflict(final ChildJvm child, final Path tableDir) throws Exception
            {
                run("chattr", "+i", tableDir.toString());
            }

            @Override
            public void lift(final ChildJvm child, final Path tableDir) throws Exception
            {
                run("chattr", "-i", tableDir.toString());
            }

            @Override
            public void cleanUp(final Path tableDir) throws Exception
            {
                exec("chattr", "-i", tableDir.toString());
            }
        }, "Operation not permitted");
    }

    /**
     * A second variant of the full disk where mounting is allowed (root, not in every CI sandbox): the data directory
     * is a 1 MiB tmpfs, so the large persist fails with "No space left on device"; remounting it larger gives space
     * back.
     */
    @Test
    void fullTmpfsPausesIngestAndGrowingItResumesWithNothingLost() throws Exception
    {
        final Path mountPoint = Files.createDirectories(dir.resolve("tmpfs-data"));
        Assumptions.assumeTrue(exec("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint.toString()) == 0,
            "cannot mount a tmpfs here");
        try
        {
            runScenario("tmpfs", "true", new Trouble()
            {
                @Override
                public void inflict(final ChildJvm child, final Path tableDir)
                {
                    // 1 MiB from the start; the first persist fits
                }

                @Override
                public void lift(final ChildJvm child, final Path tableDir) throws Exception
                {
                    run("mount", "-o", "remount,size=64m", mountPoint.toString());
                }
            }, "No space left on device");
        }
        finally
        {
            unmount(mountPoint);
        }
    }

    /**
     * A push table on a full disk (a 4 MiB tmpfs, where mounting is allowed): pushes are answered 503 with
     * {@code Retry-After} and say whether any of the request was journaled, the server keeps answering, and once the
     * disk has room again pushes are taken and every journaled event is counted exactly once.
     */
    @Test
    void fullDiskAnswersPushesWith503AndTakesThemAgainOnceThereIsRoom() throws Exception
    {
        final Path mountPoint = Files.createDirectories(dir.resolve("push-tmpfs"));
        Assumptions.assumeTrue(exec("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mountPoint.toString()) == 0,
            "cannot mount a tmpfs here");
        try (TallyServer server = TestServers.start(TestServers.config(mountPoint),
            TestServers.INGEST.withMaxAgeMillis(MAX_AGE_MILLIS)))
        {
            final HttpApi http = new HttpApi(server.port());
            final String spec = config(mountPoint, "unused");
            final ObjectNode table = (ObjectNode)MAPPER.readTree(spec).path("tables").get(0);
            table.putObject("source").put("type", "push");
            assertThat(http.post("/v1/tables", table.toString()).status()).isEqualTo(201);
            final Produced produced = new Produced();
            long journaled = 0;
            HttpApi.Answer refused = null;
            for (int push = 0; push < 200 && refused == null; push++)
            {
                final HttpApi.Answer answer = http.post("/v1/tables/t/events", ndjson(produced, 2_000, 40));
                if (answer.status() == 503)
                {
                    refused = answer;
                    final Matcher partial = Pattern.compile("the first (\\d+) accepted lines were journaled")
                        .matcher(answer.body());
                    journaled += partial.find() ? Long.parseLong(partial.group(1)) : 0;
                }
                else
                {
                    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
                    journaled += answer.json().path("accepted").asLong();
                }
            }
            assertThat(refused).as("a push refused once the disk is full").isNotNull();
            assertThat(refused.json().path("error").asText()).isEqualTo("Storage unavailable");
            assertThat(refused.json().path("errorMessage").asText()).contains("the disk is full");
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            // the server goes on answering
            assertThat(http.sql("SELECT COUNT(*) FROM t").status()).isEqualTo(200);
            assertThat(status(http).path("table").asText()).isEqualTo("t");

            run("mount", "-o", "remount,size=64m", mountPoint.toString());
            final HttpApi.Answer after = http.post("/v1/tables/t/events", ndjson(produced, 500, 8));
            assertThat(after.status()).as(after.body()).isEqualTo(200);
            journaled += after.json().path("accepted").asLong();
            final long expected = journaled;
            final JsonNode status = awaitStatus(http, s -> s.path("committedEvents").asLong() == expected &&
                "running".equals(s.path("ingestState").asText()));
            assertThat(status.path("committedEvents").asLong()).as(status.toString()).isEqualTo(expected);
            assertThat(http.count("t")).isEqualTo(expected);
            System.out.printf("DiskTroubleTest[push]: %,d events journaled before the 4 MiB disk was full, refused " +
                "with 503: %s; all %,d counted after it grew%n", journaled - after.json().path("accepted").asLong(),
                refused.json().path("errorMessage").asText(), expected);
        }
        finally
        {
            unmount(mountPoint);
        }
    }

    /** {@code count} events as NDJSON (added to {@code produced}, whose per-partition counts are not used here). */
    private static String ndjson(final Produced produced, final int count, final int uniqueChars)
    {
        final StringBuilder body = new StringBuilder();
        final String padding = "x".repeat(uniqueChars);
        for (int i = 0; i < count; i++)
        {
            final int n = produced.next++;
            body.append(MAPPER.createObjectNode().put("ts", START + n * 10L).put("k", "k" + n % KEYS)
                .put("u", n + "-" + padding).put("v", n % 997)).append('\n');
        }
        return body.toString();
    }

    /** How a scenario makes the table's disk refuse writes, and gives them back. */
    private interface Trouble
    {
        void inflict(ChildJvm child, Path tableDir) throws Exception;

        void lift(ChildJvm child, Path tableDir) throws Exception;

        /** Undoes the trouble whatever happened (the temp dir must be deletable). */
        default void cleanUp(final Path tableDir) throws Exception
        {
        }
    }

    private void runScenario(final String name, final String shell, final Trouble trouble, final String reason)
        throws Exception
    {
        final long began = System.nanoTime();
        final String topic = "disk-" + name;
        broker.createTopic(topic, PARTITIONS);
        final Path dataDir = dir.resolve(name + "-data");
        final Path tableDir = dataDir.resolve("tables").resolve("t");
        final Path config = dir.resolve(name + "-config.json");
        Files.writeString(config, config(dataDir, topic));
        final Produced produced = new Produced();
        final ChildJvm child = ChildJvm.startUnderShell(shell, ChildServer.class,
            List.of(config.toString(), Long.toString(MAX_AGE_MILLIS)), dir.resolve(name + "-stderr.log"));
        try
        {
            final String portLine = child.awaitLineStartingWith(ChildServer.PORT_LINE);
            final HttpApi http = new HttpApi(Integer.parseInt(portLine.substring(ChildServer.PORT_LINE.length())));

            // 1. a small batch persists and commits normally
            produce(topic, produced, 400, 8);
            JsonNode status = awaitStatus(http, s -> s.path("committedEvents").asLong() == produced.total());
            assertThat(status.path("committedEvents").asLong()).as(status.toString()).isEqualTo(produced.total());
            assertThat(status.path("ingestState").asText()).isEqualTo("running");
            final long committedBefore = produced.total();

            // 2. the disk refuses; a large batch cannot be persisted
            trouble.inflict(child, tableDir);
            produce(topic, produced, 20_000, 120);
            final long troubleAt = System.nanoTime();
            status = awaitStatus(http, s -> s.path("persistFailures").asLong() > 0);
            assertThat(status.path("persistFailures").asLong()).as(status.toString()).isPositive();
            // 3. more events: the writer freezes another index and, with two waiting, stops reading
            produce(topic, produced, 500, 8);
            status = awaitStatus(http, s -> "paused".equals(s.path("ingestState").asText()));
            final long pausedAt = System.nanoTime();
            assertThat(status.path("ingestState").asText()).as(status.toString()).isEqualTo("paused");
            assertThat(status.path("pauseReason").asText()).as(status.toString())
                .startsWith("persist failing: ").contains(reason);
            assertThat(status.path("lastPersistError").asText()).contains(reason);
            // on a shared full disk a small first piece of the large batch may still have fitted
            final long committedWhilePaused = status.path("committedEvents").asLong();
            assertThat(committedWhilePaused).isBetween(committedBefore, produced.total() - 1);
            // 4. events produced while paused wait in Kafka and the ring buffer
            produce(topic, produced, 2_000, 8);

            // queries keep serving committed segments and in-memory indexes; nothing is committed meanwhile
            final long counted = http.count("t");
            assertThat(counted).isBetween(committedWhilePaused, produced.total());
            final Map<String, Double> metrics = metrics(http);
            assertThat(metrics.get("tally_ingest_persist_failures_total{table=\"t\"}")).isPositive();
            assertThat(metrics.get("tally_ingest_paused{table=\"t\"}")).isEqualTo(1.0);
            status = status(http);
            assertThat(status.path("committedEvents").asLong()).isEqualTo(committedWhilePaused);
            assertThat(status.path("ingestState").asText()).isEqualTo("paused");
            assertThat(status.path("eventsIn").asLong()).isLessThan(produced.total());

            // 5. the disk takes writes again: ingest resumes by itself and loses nothing
            final long failuresBefore = status.path("persistFailures").asLong();
            trouble.lift(child, tableDir);
            final long liftedAt = System.nanoTime();
            final JsonNode resumed = awaitStatus(http, s -> "running".equals(s.path("ingestState").asText()));
            final long resumedAt = System.nanoTime();
            assertThat(resumed.path("ingestState").asText()).as(resumed.toString()).isEqualTo("running");
            status = awaitStatus(http, s -> s.path("committedEvents").asLong() == produced.total());
            final long caughtUpAt = System.nanoTime();
            assertThat(status.path("committedEvents").asLong()).as(status.toString()).isEqualTo(produced.total());
            assertThat(status.path("pauseReason").isNull()).isTrue();
            assertThat(status.path("lastPersistError").isNull()).isTrue();
            for (final JsonNode partition : status.path("partitions"))
            {
                final int p = partition.path("partition").asInt();
                assertThat(partition.path("committedOffset").asLong()).as(partition.toString())
                    .isEqualTo(produced.perPartition[p] - 1);
                assertThat(partition.path("lag").asLong()).as(partition.toString()).isZero();
            }
            assertThat(http.count("t")).isEqualTo(produced.total());
            assertSameCountsAndSums(http, produced);
            // the failed attempts left no files behind: every segment file is a committed one
            try (java.util.stream.Stream<Path> files = Files.list(tableDir))
            {
                final List<String> names = files.map(file -> file.getFileName().toString()).toList();
                assertThat(names.stream().filter(file -> file.endsWith(".seg")).count()).as(names.toString())
                    .isEqualTo(status(http).path("segments").asLong());
                assertThat(names).noneMatch(file -> file.endsWith(".seg.tmp"));
            }
            assertThat(metrics(http).get("tally_ingest_paused{table=\"t\"}")).isEqualTo(0.0);
            System.out.printf("DiskTroubleTest[%s]: %,d events; first failure -> paused in %.2f s after the large " +
                    "batch, %d failed persists, resumed %.2f s and caught up %.2f s after the disk took writes " +
                    "again; scenario %.1f s%n", name, produced.total(), (pausedAt - troubleAt) / 1e9,
                failuresBefore, (resumedAt - liftedAt) / 1e9, (caughtUpAt - liftedAt) / 1e9,
                (System.nanoTime() - began) / 1e9);
        }
        finally
        {
            trouble.cleanUp(tableDir);
            if (child.isAlive())
            {
                child.terminate();
            }
        }
    }

    private static void assertSameCountsAndSums(final HttpApi http, final Produced produced)
    {
        final HttpApi.Answer answer = http.sql("SELECT k, COUNT(*) AS n, SUM(v) AS s FROM t GROUP BY k ORDER BY k");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        final Map<String, long[]> actual = new TreeMap<>();
        for (final JsonNode row : answer.json())
        {
            actual.put(row.path("k").asText(), new long[] {row.path("n").asLong(), row.path("s").asLong()});
        }
        assertThat(actual.keySet()).isEqualTo(produced.perKey.keySet());
        for (final Map.Entry<String, long[]> key : produced.perKey.entrySet())
        {
            assertThat(actual.get(key.getKey())).as("count and sum of k=%s", key.getKey())
                .containsExactly(key.getValue());
        }
    }

    /** What was produced to the topic: per partition, per key count and sum. */
    private static final class Produced
    {
        final long[] perPartition = new long[PARTITIONS];
        final Map<String, long[]> perKey = new TreeMap<>();
        int next;

        long total()
        {
            long total = 0;
            for (final long count : perPartition)
            {
                total += count;
            }
            return total;
        }
    }

    /**
     * Produces {@code count} events, each with a unique {@code u} of about {@code uniqueChars} characters (so their
     * dictionary decides the segment's size), and adds them to {@code produced}.
     */
    private void produce(final String topic, final Produced produced, final int count, final int uniqueChars)
    {
        final List<byte[]> events = new ArrayList<>(count);
        final String padding = "x".repeat(uniqueChars);
        for (int i = 0; i < count; i++)
        {
            final int n = produced.next++;
            final String key = "k" + n % KEYS;
            final long v = n % 997;
            final ObjectNode event = MAPPER.createObjectNode().put("ts", START + n * 10L).put("k", key)
                .put("u", n + "-" + padding).put("v", v);
            events.add(event.toString().getBytes(StandardCharsets.UTF_8));
            produced.perPartition[i % PARTITIONS]++;
            final long[] sums = produced.perKey.computeIfAbsent(key, k -> new long[2]);
            sums[0]++;
            sums[1] += v;
        }
        broker.produce(topic, PARTITIONS, events);
    }

    private String config(final Path dataDir, final String topic)
    {
        final ObjectNode root = MAPPER.createObjectNode().put("port", 0).put("dataDir", dataDir.toString());
        final ObjectNode spec = root.putArray("tables").addObject().put("name", "t");
        spec.putObject("timestamp").put("column", "ts").put("format", "millis");
        spec.putArray("dimensions").add("k").add("u");
        final ArrayNode metrics = spec.putArray("metrics");
        metrics.addObject().put("name", "count").put("type", "count");
        metrics.addObject().put("name", "v").put("type", "longSum").put("field", "v");
        spec.put("segmentGranularity", "PT1H");
        spec.putObject("source").put("type", "kafka").put("bootstrapServers", broker.bootstrapServers())
            .put("topic", topic);
        return root.toString();
    }

    private static JsonNode status(final HttpApi http)
    {
        final HttpApi.Answer answer = http.get("/v1/tables/t/status");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private static JsonNode awaitStatus(final HttpApi http, final java.util.function.Predicate<JsonNode> done)
        throws InterruptedException
    {
        return Await.latest(TIMEOUT, () -> status(http), done);
    }

    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+\\{[^}]*\\}) (\\S+)$", Pattern.MULTILINE);

    /** {@code GET /metrics} as sample name with labels → value. */
    private static Map<String, Double> metrics(final HttpApi http)
    {
        final HttpApi.Answer answer = http.get("/metrics");
        assertThat(answer.status()).isEqualTo(200);
        final Map<String, Double> samples = new TreeMap<>();
        final Matcher matcher = SAMPLE.matcher(answer.body());
        while (matcher.find())
        {
            samples.put(matcher.group(1), Double.parseDouble(matcher.group(2)));
        }
        return samples;
    }

    private static boolean canCreate(final Path file)
    {
        try
        {
            Files.createFile(file);
            Files.delete(file);
            return true;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    /**
     * Unmounts a test tmpfs. Chronicle unmaps its files on background threads a little after close, so the mount is
     * detached lazily: it goes once the last mapping does.
     */
    private static void unmount(final Path mountPoint) throws Exception
    {
        run("umount", "-l", mountPoint.toString());
    }

    private static void run(final String... command) throws Exception
    {
        assertThat(exec(command)).as(String.join(" ", command)).isZero();
    }

    private static int exec(final String... command) throws Exception
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in 30 s");
        }
        if (process.exitValue() != 0)
        {
            System.out.println(String.join(" ", command) + ": exit " + process.exitValue() + ": " + output.trim());
        }
        return process.exitValue();
    }
}
