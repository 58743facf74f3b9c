package dev.tally.server.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.ingest.localkafka.KafkaBroker;
import dev.tally.ingest.testing.Await;
import dev.tally.ingest.testing.ChildJvm;
import dev.tally.server.cli.Main;
import dev.tally.server.testing.HttpApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills ({@code SIGKILL}) the real server process ({@code tally start --config}) at random moments — while it starts and replays, while it consumes
 * a 3-partition Kafka topic, takes HTTP pushes and persists every few hundred milliseconds, and while it compacts,
 * replaces an hour from a batch file, drops a table or applies retention — and checks after every restart, per table
 * and per partition, that the event counts and sums equal exactly what was produced: nothing lost, nothing counted
 * twice, every acknowledged push there once, a replaced hour wholly old or wholly new, an acknowledged drop gone, an
 * expired hour gone whole or there whole.
 */
class ServerCrashTest
{
    private static final int KILLS = Integer.getInteger("tally.test.serverKills", Profile.pick(10, 50));
    private static final int PARTITIONS = 3;
    private static final int KAFKA_EVENTS_PER_ROUND = 9_000;
    private static final int PUSH_BATCH = 200;
    private static final int DROP_EVENTS = 50;
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String TOPIC = "events";
    private static final String[] COUNTRIES = {"DE", "FR", "US", "JP", "BR"};
    private static final long START_MILLIS = 1_767_225_600_000L; // 2026-01-01T00:00Z
    private static final long HOUR_MILLIS = 3_600_000L;
    private static final String REPLACED_HOUR = "2026-01-01T01:00Z/2026-01-01T02:00Z";
    private static final Totals EMPTY = new Totals(0, 0);

    @TempDir
    Path dir;

    /** Per Kafka partition: events produced (acks=all) and the sum of their amounts. */
    private final long[] kafkaCounts = new long[PARTITIONS];
    private final long[] kafkaSums = new long[PARTITIONS];
    /** Push batches whose request was sent, and those the server acknowledged (200). */
    private final Set<Long> sent = ConcurrentHashMap.newKeySet();
    private final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
    /** Unacknowledged batches as a check first saw them (0 to a whole batch): they must never change after. */
    private final Map<Long, Long> settled = new HashMap<>();
    private final AtomicLong nextBatch = new AtomicLong();
    private final Map<String, Totals> replaceFiles = new HashMap<>();
    /** What the replaced hour may hold at the next check: what it held, or what a replace in flight would put. */
    private final List<Totals> replacedHourMayBe = new ArrayList<>(List.of(EMPTY));
    /** Table {@code d}'s events while it exists; whether a drop of it was acknowledged, or may have happened. */
    private Totals dropTable = EMPTY;
    private boolean isDropAcknowledged;
    private boolean isDropInFlight;
    /** Table {@code r}: events within its 30 days (never dropped) and before them (dropped whole or kept whole). */
    private Totals retainedRecent = EMPTY;
    private Totals retainedOld = EMPTY;
    private int retentionsSeen;
    private int replacesSeen;
    private int dropsSeen;

    private record Totals(long count, long sum)
    {
    }

    @Test
    void killedServerLosesNothingAndCountsNothingTwice() throws Exception
    {
        final long seed = Long.getLong("tally.test.seed", System.nanoTime());
        System.out.println("ServerCrashTest seed " + seed + ", kills " + KILLS);
        final SplittableRandom random = new SplittableRandom(seed);
        // persists every few hundred milliseconds, so kills land inside them
        final Path config = Files.writeString(dir.resolve("config.json"), "{\"port\": 0, \"dataDir\": \"" +
            dir.resolve("data") + "\", \"ingest\": {\"maxRowsInMemory\": 4000, \"maxAgeMillis\": 300}}");
        writeReplaceFile("a", 1_000, random);
        writeReplaceFile("b", 1_500, random);
        final long testStart = System.nanoTime();
        int earlyKills = 0;
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka")))
        {
            broker.createTopic(TOPIC, PARTITIONS);
            for (int round = 0; round <= KILLS; round++)
            {
                final long startNanos = System.nanoTime();
                final ChildJvm child = ChildJvm.start(Main.class, List.of("start", "--config", config.toString()),
                    dir.resolve("server-" + round + ".err"));
                try
                {
                    if (round > 0 && round < KILLS && random.nextInt(5) == 0)
                    {
                        // a kill while the server opens its tables and replays its journals
                        assertThat(child.awaitExit(Duration.ofMillis(random.nextInt(300, 2_500))))
                            .as("the server exited by itself while starting").isFalse();
                        earlyKills++;
                        continue;
                    }
                    final String banner = child.awaitLineStartingWith("Tally is serving http://127.0.0.1:");
                    final int port = Integer.parseInt(banner.substring(banner.lastIndexOf(':') + 1,
                        banner.indexOf('/', banner.lastIndexOf(':'))));
                    final long servingNanos = System.nanoTime();
                    final HttpApi http = new HttpApi(port);
                    if (round == 0)
                    {
                        createTables(http, broker.bootstrapServers());
                    }
                    checkEverything(http, random, "after restart " + round);
                    System.out.printf("ServerCrashTest round %d: serving after %.1f s, checked after %.1f s%n",
                        round, (servingNanos - startNanos) / 1e9, (System.nanoTime() - startNanos) / 1e9);
                    if (round < KILLS)
                    {
                        runUntilKilled(http, broker, child, round, random);
                    }
                }
                finally
                {
                    child.kill();
                }
            }
        }
        System.out.printf("ServerCrashTest: %d kills (%d during start and replay) in %.0f s; %,d Kafka events, " +
            "%,d push batches acknowledged, %d unacknowledged found whole or in part; %d replaces, %d drops and %d " +
            "retentions had committed before their kill%n", KILLS, earlyKills, (System.nanoTime() - testStart) / 1e9,
            kafkaCounts[0] + kafkaCounts[1] + kafkaCounts[2], acknowledged.size(),
            settled.values().stream().filter(count -> count > 0).count(), replacesSeen, dropsSeen, retentionsSeen);
    }

    /**
     * While Kafka events are produced and pushes go on, starts one of compaction, an hour's replace, a drop or
     * retention (in turn), then kills the server at a random moment.
     */
    private void runUntilKilled(final HttpApi http, final KafkaBroker broker, final ChildJvm child, final int round,
        final SplittableRandom random) throws Exception
    {
        final AtomicBoolean stop = new AtomicBoolean();
        final Thread pusher = new Thread(() -> push(http, stop), "pusher");
        pusher.start();
        final Thread lifecycle = switch (round % 4)
        {
            case 0 -> background(() -> http.post("/v1/tables/k/compact", "{}"));
            case 1 -> replaceHour(http, round % 8 == 1 ? "a" : "b");
            case 2 -> dropTable(http);
            default -> applyRetention(http);
        };
        produce(broker, round, random);
        // the kill moment: a random deadline the server must still be alive at
        assertThat(child.awaitExit(Duration.ofMillis(random.nextInt(0, 1_200))))
            .as("the server exited by itself in round " + round).isFalse();
        child.kill();
        stop.set(true);
        pusher.join();
        lifecycle.join();
    }

    private void createTables(final HttpApi http, final String bootstrapServers)
    {
        create(http, spec("k", "part", """
            {"type": "kafka", "bootstrapServers": "%s", "topic": "%s", "properties": {"fetch.max.wait.ms": "20"}}"""
            .formatted(bootstrapServers, TOPIC)));
        create(http, spec("p", "batch", "{\"type\": \"push\"}"));
        create(http, spec("b", "batch", "{\"type\": \"push\"}"));
        create(http, retainedSpec());
    }

    private static void create(final HttpApi http, final String spec)
    {
        final HttpApi.Answer created = http.post("/v1/tables", spec);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    private static String spec(final String name, final String keyDimension, final String source)
    {
        return """
            {"name": "%s", "timestamp": {"column": "ts", "format": "iso"},
             "dimensions": ["country", {"name": "%s", "type": "long"}],
             "metrics": [{"name": "count", "type": "count"},
                         {"name": "amount", "type": "longSum", "field": "amount"}],
             "rollup": "PT1M", "segmentGranularity": "PT1H", "source": %s}
            """.formatted(name, keyDimension, source);
    }

    /** Table {@code r}: kept 30 days, so its January hours are what retention drops. */
    private static String retainedSpec()
    {
        return spec("r", "batch", "{\"type\": \"push\"}").replace("\"rollup\"", "\"retention\": \"P30D\", \"rollup\"");
    }

    private void produce(final KafkaBroker broker, final int round, final SplittableRandom random)
    {
        final List<byte[]> events = new ArrayList<>(KAFKA_EVENTS_PER_ROUND);
        final long[] counts = new long[PARTITIONS];
        final long[] sums = new long[PARTITIONS];
        for (int i = 0; i < KAFKA_EVENTS_PER_ROUND; i++)
        {
            final int partition = i % PARTITIONS;
            final long amount = random.nextInt(1, 1_000);
            events.add(event(random.nextLong(START_MILLIS, START_MILLIS + 3 * HOUR_MILLIS), random, "part",
                partition, amount).getBytes(StandardCharsets.UTF_8));
            counts[partition]++;
            sums[partition] += amount;
        }
        broker.produce(TOPIC, PARTITIONS, events);
        for (int p = 0; p < PARTITIONS; p++)
        {
            kafkaCounts[p] += counts[p];
            kafkaSums[p] += sums[p];
        }
    }

    /** Pushes batches to {@code p} until told to stop; a batch counts as acknowledged only on a 200. */
    private void push(final HttpApi http, final AtomicBoolean stop)
    {
        while (!stop.get())
        {
            final long batch = nextBatch.getAndIncrement();
            sent.add(batch);
            try
            {
                if (http.post("/v1/tables/p/events", pushBatch(batch)).status() == 200)
                {
                    acknowledged.add(batch);
                }
            }
            catch (final RuntimeException ex)
            {
                // the server was killed under the request: unacknowledged
            }
        }
    }

    private static byte[] pushBatch(final long batch)
    {
        final SplittableRandom random = new SplittableRandom(batch);
        final StringBuilder lines = new StringBuilder();
        for (int i = 0; i < PUSH_BATCH; i++)
        {
            lines.append(event(START_MILLIS + random.nextLong(3 * HOUR_MILLIS), random, "batch", batch,
                batchAmount(batch, i))).append('\n');
        }
        return lines.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static long batchAmount(final long batch, final int i)
    {
        return (batch * 31 + i) % 997;
    }

    private static String event(final long millis, final SplittableRandom random, final String keyName,
        final long key, final long amount)
    {
        return "{\"ts\": \"" + java.time.Instant.ofEpochMilli(millis) + "\", \"country\": \"" +
            COUNTRIES[random.nextInt(COUNTRIES.length)] + "\", \"" + keyName + "\": " + key + ", \"amount\": " +
            amount + "}";
    }

    private void writeReplaceFile(final String name, final int events, final SplittableRandom random)
        throws Exception
    {
        final StringBuilder lines = new StringBuilder();
        long sum = 0;
        for (int i = 0; i < events; i++)
        {
            final long amount = random.nextInt(1, 100);
            sum += amount;
            lines.append(event(START_MILLIS + HOUR_MILLIS + random.nextLong(HOUR_MILLIS), random, "batch", 0,
                amount)).append('\n');
        }
        Files.createDirectories(dir.resolve("load"));
        Files.writeString(dir.resolve("load").resolve(name + ".ndjson"), lines);
        replaceFiles.put(name, new Totals(events, sum));
    }

    private Thread replaceHour(final HttpApi http, final String file)
    {
        replacedHourMayBe.add(replaceFiles.get(file));
        return background(() -> http.post("/v1/tables/b/load", "{\"paths\": [\"" +
            dir.resolve("load").resolve(file + ".ndjson") + "\"], \"format\": \"json\", \"interval\": \"" +
            REPLACED_HOUR + "\", \"replace\": true}"));
    }

    private Thread dropTable(final HttpApi http)
    {
        isDropInFlight = true;
        isDropAcknowledged = false;
        return background(() ->
        {
            final HttpApi.Answer dropped = http.delete("/v1/tables/d");
            assertThat(dropped.status()).as(dropped.body()).isBetween(200, 204);
            isDropAcknowledged = true;
        });
    }

    private static Thread background(final Runnable request)
    {
        final Thread thread = new Thread(() ->
        {
            try
            {
                request.run();
            }
            catch (final RuntimeException ex)
            {
                // the server was killed under the request
            }
        }, "lifecycle");
        thread.start();
        return thread;
    }

    private void checkEverything(final HttpApi http, final SplittableRandom random, final String when)
        throws Exception
    {
        checkKafkaTable(http, when);
        checkPushTable(http, when);
        checkReplacedHour(http, when);
        checkDroppedTable(http, random, when);
        checkRetention(http, random, when);
    }

    /** Per partition, the events and the sum of their amounts equal what Kafka holds: no loss, no duplicate. */
    private void checkKafkaTable(final HttpApi http, final String when) throws Exception
    {
        final long produced = kafkaCounts[0] + kafkaCounts[1] + kafkaCounts[2];
        final long seen = Await.latest(TIMEOUT, () -> count(http, "SELECT COUNT(*) FROM k"), n -> n >= produced);
        assertThat(seen).as("Kafka events in k " + when).isEqualTo(produced);
        final Map<Long, Totals> expected = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++)
        {
            if (kafkaCounts[p] > 0)
            {
                expected.put((long)p, new Totals(kafkaCounts[p], kafkaSums[p]));
            }
        }
        assertThat(totalsBy(http, "k", "part")).as("k per partition " + when).isEqualTo(expected);
    }

    /**
     * Every acknowledged batch is there exactly once; a batch killed under its request is absent, or there whole or
     * in part (a prefix of its lines) but never more than once, and stays as the first check found it.
     */
    private void checkPushTable(final HttpApi http, final String when) throws Exception
    {
        // a batch pushed now is behind every earlier one in the journal: once it is visible, all before it are
        final long sentinel = nextBatch.getAndIncrement();
        sent.add(sentinel);
        final HttpApi.Answer pushed = http.post("/v1/tables/p/events", pushBatch(sentinel));
        assertThat(pushed.status()).as(pushed.body()).isEqualTo(200);
        acknowledged.add(sentinel);
        final long seen = Await.latest(TIMEOUT, () -> count(http, "SELECT COUNT(*) FROM p WHERE batch = " + sentinel),
            n -> n >= PUSH_BATCH);
        assertThat(seen).as("sentinel batch " + when).isEqualTo(PUSH_BATCH);

        final Map<Long, Totals> found = totalsBy(http, "p", "batch");
        for (final long batch : acknowledged)
        {
            assertThat(found.get(batch)).as("acknowledged batch " + batch + " " + when)
                .isEqualTo(new Totals(PUSH_BATCH, prefixSum(batch, PUSH_BATCH)));
        }
        for (final Map.Entry<Long, Totals> row : found.entrySet())
        {
            assertThat(sent).as("batches in p " + when).contains(row.getKey());
            final long count = row.getValue().count();
            assertThat(count).as("batch " + row.getKey() + " " + when).isBetween(1L, (long)PUSH_BATCH);
            assertThat(row.getValue().sum()).as("batch " + row.getKey() + " holds a prefix " + when)
                .isEqualTo(prefixSum(row.getKey(), (int)count));
        }
        for (final long batch : sent)
        {
            if (!acknowledged.contains(batch))
            {
                final long count = found.getOrDefault(batch, EMPTY).count();
                final Long before = settled.putIfAbsent(batch, count);
                assertThat(count).as("unacknowledged batch " + batch + " since first seen " + when)
                    .isEqualTo(before == null ? count : before);
            }
        }
    }

    private static long prefixSum(final long batch, final int lines)
    {
        long sum = 0;
        for (int i = 0; i < lines; i++)
        {
            sum += batchAmount(batch, i);
        }
        return sum;
    }

    /** The replaced hour holds what it held before the last replace, or all of what that replace loaded. */
    private void checkReplacedHour(final HttpApi http, final String when)
    {
        final JsonNode row = rows(http, "SELECT COUNT(*), SUM(amount) FROM b").get(0);
        final Totals hour = new Totals(row.get(0).asLong(), row.get(1).asLong());
        assertThat(replacedHourMayBe).as("the replaced hour " + when).contains(hour);
        if (!hour.equals(replacedHourMayBe.get(0)))
        {
            replacesSeen++;
        }
        replacedHourMayBe.clear();
        replacedHourMayBe.add(hour);
    }

    /**
     * An acknowledged drop is gone; one killed under its request is gone or whole. A gone table is created again
     * with a few events, for the next drop.
     */
    private void checkDroppedTable(final HttpApi http, final SplittableRandom random, final String when)
        throws InterruptedException
    {
        final boolean exists = http.get("/v1/tables/d").status() == 200;
        if (isDropAcknowledged)
        {
            assertThat(exists).as("table d, whose drop was acknowledged, " + when).isFalse();
        }
        else if (!isDropInFlight && dropTable != EMPTY)
        {
            assertThat(exists).as("table d, never dropped, " + when).isTrue();
        }
        if (exists)
        {
            final JsonNode row = rows(http, "SELECT COUNT(*), SUM(amount) FROM d").get(0);
            assertThat(new Totals(row.get(0).asLong(), row.get(1).asLong())).as("table d " + when)
                .isEqualTo(dropTable);
        }
        else
        {
            dropsSeen += dropTable == EMPTY ? 0 : 1;
            create(http, spec("d", "batch", "{\"type\": \"push\"}"));
            final StringBuilder lines = new StringBuilder();
            long sum = 0;
            for (int i = 0; i < DROP_EVENTS; i++)
            {
                final long amount = random.nextInt(1, 100);
                sum += amount;
                lines.append(event(START_MILLIS + random.nextLong(HOUR_MILLIS), random, "batch", 0, amount))
                    .append('\n');
            }
            final HttpApi.Answer pushed = http.post("/v1/tables/d/events", lines.toString());
            assertThat(pushed.status()).as(pushed.body()).isEqualTo(200);
            dropTable = new Totals(DROP_EVENTS, sum);
            http.awaitCount("d", DROP_EVENTS, TIMEOUT);
        }
        isDropAcknowledged = false;
        isDropInFlight = false;
    }

    private Thread applyRetention(final HttpApi http)
    {
        return background(() -> http.post("/v1/tables/r/retention", "{}"));
    }

    /**
     * Events within the retention period are all there; those before it are all there, or all gone once retention
     * ran (asked for, or scheduled). Then more old and recent events are pushed and committed, for the next retention.
     */
    private void checkRetention(final HttpApi http, final SplittableRandom random, final String when)
        throws InterruptedException
    {
        final long cutoff = System.currentTimeMillis() - 30L * 24 * HOUR_MILLIS;
        final String old = "__time < TIMESTAMP '" + java.time.Instant.ofEpochMilli(cutoff).toString()
            .replace('T', ' ').substring(0, 19) + "'";
        final Totals recent = totals(http, "SELECT COUNT(*), SUM(amount) FROM r WHERE NOT (" + old + ")");
        final Totals older = totals(http, "SELECT COUNT(*), SUM(amount) FROM r WHERE " + old);
        assertThat(recent).as("r within its retention " + when).isEqualTo(retainedRecent);
        if (older.count() == 0 && retainedOld.count() > 0)
        {
            // retention ran: asked for in the last round, or on its own schedule
            retainedOld = EMPTY;
            retentionsSeen++;
        }
        assertThat(older).as("r before its retention " + when).isEqualTo(retainedOld);

        final StringBuilder lines = new StringBuilder();
        long oldSum = 0;
        long recentSum = 0;
        final long now = System.currentTimeMillis();
        for (int i = 0; i < DROP_EVENTS; i++)
        {
            final long amount = random.nextInt(1, 100);
            oldSum += amount;
            lines.append(event(START_MILLIS + random.nextLong(HOUR_MILLIS), random, "batch", 0, amount)).append('\n');
            recentSum += amount;
            lines.append(event(now - random.nextLong(HOUR_MILLIS), random, "batch", 1, amount)).append('\n');
        }
        final HttpApi.Answer pushed = http.post("/v1/tables/r/events", lines.toString());
        assertThat(pushed.status()).as(pushed.body()).isEqualTo(200);
        retainedOld = new Totals(retainedOld.count() + DROP_EVENTS, retainedOld.sum() + oldSum);
        retainedRecent = new Totals(retainedRecent.count() + DROP_EVENTS, retainedRecent.sum() + recentSum);
        // committed before the next retention, so that one drops the old hour whole (it does not touch live rows)
        final long committed = retainedOld.count() + retainedRecent.count();
        final long seen = Await.latest(TIMEOUT, () -> http.get("/v1/tables/r/status").json()
            .path("committedEvents").asLong(), n -> n >= committed);
        assertThat(seen).as("r committed " + when).isEqualTo(committed);
    }

    private static Totals totals(final HttpApi http, final String query)
    {
        final JsonNode row = rows(http, query).get(0);
        return new Totals(row.get(0).asLong(), row.get(1).asLong());
    }

    private static Map<Long, Totals> totalsBy(final HttpApi http, final String table, final String key)
    {
        final Map<Long, Totals> totals = new HashMap<>();
        for (final JsonNode row : rows(http, "SELECT " + key + ", COUNT(*), SUM(amount) FROM " + table +
            " GROUP BY " + key))
        {
            totals.put(row.get(0).asLong(), new Totals(row.get(1).asLong(), row.get(2).asLong()));
        }
        return totals;
    }

    private static long count(final HttpApi http, final String query)
    {
        return rows(http, query).get(0).get(0).asLong();
    }

    private static JsonNode rows(final HttpApi http, final String query)
    {
        final HttpApi.Answer answer = http.sql(query, "array");
        assertThat(answer.status()).as(query + ": " + answer.body()).isEqualTo(200);
        return answer.json();
    }
}
