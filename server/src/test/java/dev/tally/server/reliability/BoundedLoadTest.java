package dev.tally.server.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.ingest.sample.WebEvent;
import dev.tally.ingest.sample.WebEventGenerator;
import dev.tally.ingest.testing.ChildJvm;
import dev.tally.server.cli.Main;
import dev.tally.server.testing.DashboardLoad;
import dev.tally.server.testing.HttpApi;
import dev.tally.server.testing.PushTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real server ({@code tally start --config}) in a child JVM with a 384 MB heap that exits on OutOfMemoryError, so
 * running out is a visible death: while events are pushed continuously, 16 HTTP clients run the dashboard queries
 * for a minute (ten under the long profile) and another client keeps firing queries over the per-query memory
 * limits — a GROUP BY over the user id (hundreds of thousands of values) and a DISTINCT over a self cross join, over
 * HTTP and over JDBC. Every dashboard answer is a 200, the stable history answers exactly what was pushed and the
 * total count never goes back; every over-limit query gets the resource error naming its setting; the server stays
 * up; and the heap after a full GC, sampled with jcmd, is flat (live indexes are bounded by ingest.maxRowsInMemory
 * and ingest.maxAgeMillis, so ingest growth lands in mapped segments, not on the heap).
 */
class BoundedLoadTest
{
    private static final long HOUR = 3_600_000L;
    private static final String HISTORY_END = "TIMESTAMP '2026-01-01 03:00:00'";
    private static final int HISTORY_EVENTS = 60_000;
    private static final int CLIENTS = 16;
    private static final int EVENTS_PER_TICK = 250;
    private static final long TICK_MILLIS = 100;
    private static final int MAX_GROUPS = 20_000;
    private static final long MAX_JOIN_ROWS = 200_000;
    private static final Pattern PORT = Pattern.compile("http://[^:]+:(\\d+)/");

    private static final String HISTORY_BY_COUNTRY = "SELECT country, COUNT(*), SUM(latency_sum) FROM web " +
        "WHERE __time < " + HISTORY_END + " GROUP BY country ORDER BY country";
    private static final String COUNT_ALL = "SELECT COUNT(*) FROM web";
    /** Some 200,000 user ids by the end: far over maxGroups, while the answer is ten rows. */
    private static final String MANY_GROUPS = "SELECT user_id, COUNT(*) AS n FROM web GROUP BY user_id " +
        "ORDER BY n DESC LIMIT 10";
    /**
     * Some 6,700 rows a side, 45 million distinct pairs: without the join bound the DISTINCT's hash set fills the
     * heap (tried on a similar table: a 384 MB server with maxJoinRows and the timeout out of the way died of
     * OutOfMemoryError after 70 s).
     */
    private static final String CROSS_JOIN = "SELECT COUNT(*) FROM (SELECT DISTINCT a.user_id, a.page, " +
        "a.latency_sum, a.country, b.user_id AS u2, b.page AS p2, b.latency_sum AS l2, b.country AS c2 " +
        "FROM web a CROSS JOIN web b WHERE a.__time < TIMESTAMP '2026-01-01 00:20:00' " +
        "AND b.__time < TIMESTAMP '2026-01-01 00:20:00') t";

    @TempDir
    Path dir;

    private ChildJvm server;

    @AfterEach
    void stopServer() throws Exception
    {
        if (server != null && server.isAlive())
        {
            server.kill();
        }
    }

    @Test
    void sixteenClientsWhileIngestingKeepTheHeapFlatAndOverLimitQueriesGetAResourceError() throws Exception
    {
        final int seconds = Profile.pick(60, 600);
        final Path config = Files.writeString(dir.resolve("tally.json"), """
            {"port": 0, "dataDir": "%s",
             "http": {"maxConcurrentQueries": 32},
             "query": {"maxGroups": %d, "maxJoinRows": %d},
             "ingest": {"maxRowsInMemory": 50000, "maxAgeMillis": 10000}}
            """.formatted(dir.resolve("data"), MAX_GROUPS, MAX_JOIN_ROWS));
        server = ChildJvm.start(Main.class, List.of("-Xmx384m", "-XX:+ExitOnOutOfMemoryError",
            "-XX:TieredStopAtLevel=4"), List.of("start", "--config", config.toString()), dir.resolve("server.err"));
        final Matcher banner = PORT.matcher(server.awaitLineStartingWith("Tally is serving "));
        assertThat(banner.find()).isTrue();
        final HttpApi http = new HttpApi(Integer.parseInt(banner.group(1)));
        assertThat(http.post("/v1/tables", PushTable.spec("web").replace("\"referrer\"]", "\"referrer\", \"user_id\"]"))
            .status()).isEqualTo(201);

        final Map<String, long[]> history = pushHistory(http);
        final ChildHeap heap = new ChildHeap(server.pid(), dir);
        final List<long[]> heapAfterGc = Collections.synchronizedList(new ArrayList<>());
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        final AtomicLong pushed = new AtomicLong(HISTORY_EVENTS);
        final OverLimit overLimit = new OverLimit(http, jdbc(banner.group(1)), failures);
        final long start = System.nanoTime();
        final ScheduledExecutorService pusher = Executors.newSingleThreadScheduledExecutor();
        pusher.scheduleAtFixedRate(new Pusher(http, seconds, pushed, failures), 0, TICK_MILLIS,
            TimeUnit.MILLISECONDS);
        // one thread for both: a heap sample never counts the transient memory of an over-limit query in flight
        final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor();
        background.scheduleWithFixedDelay(overLimit::fire, 500, 1_500, TimeUnit.MILLISECONDS);
        background.scheduleWithFixedDelay(() ->
        {
            try
            {
                heapAfterGc.add(new long[] {(System.nanoTime() - start) / 1_000_000, heap.afterFullGc()});
            }
            catch (final Exception ex)
            {
                failures.add("heap sample (server alive: " + server.isAlive() + "): " + ex);
            }
        }, Profile.pick(8, 30), Profile.pick(3, 15), TimeUnit.SECONDS);

        final long[] lastCount = new long[CLIENTS];
        final List<String> queries = new ArrayList<>(DashboardLoad.queries("web", "2026-01-01 03:00:00"));
        queries.add(HISTORY_BY_COUNTRY);
        queries.add(COUNT_ALL);
        final DashboardLoad.Figures figures = DashboardLoad.run(http, queries, CLIENTS, seconds * 1_000L,
            (client, query, answer) ->
            {
                if (answer.status() != 200)
                {
                    return "not a 200";
                }
                if (query.equals(HISTORY_BY_COUNTRY))
                {
                    return historyProblem(answer.json(), history);
                }
                if (query.equals(COUNT_ALL))
                {
                    final long count = answer.json().get(0).get(0).asLong();
                    final String problem = count < lastCount[client] ? "count went back from " + lastCount[client] :
                        null;
                    lastCount[client] = Math.max(count, lastCount[client]);
                    return problem;
                }
                return null;
            });
        pusher.shutdown();
        background.shutdown();
        assertThat(pusher.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(background.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
        overLimit.close();

        final String heapFigures = heapFigures(heapAfterGc) + medians(heapAfterGc);
        final long persists = server.isAlive() ? persists(http) : -1;
        System.out.printf("bounded load, %d clients for %d s while pushing (%d events in all, %d persists), server " +
            "-Xmx384m: %s%nover-limit queries: %s%nheap after full GC: %s%n", CLIENTS, seconds, pushed.get(),
            persists, figures, overLimit, heapFigures);
        assertThat(server.isAlive()).as("the server survived; see " + dir.resolve("server.err")).isTrue();
        assertThat(figures.errors()).as(figures.toString()).isEmpty();
        assertThat(failures).as("pushes, over-limit answers and heap samples").isEmpty();
        assertThat(overLimit.refused).as("over-limit queries refused, by protocol and kind")
            .containsOnlyKeys("HTTP groups", "HTTP join", "JDBC groups", "JDBC join");
        assertThat(http.awaitCount("web", pushed.get(), Duration.ofSeconds(60))).isEqualTo(pushed.get());
        assertThat(historyProblem(http.sql(HISTORY_BY_COUNTRY, "array").json(), history)).isNull();
        assertThat(persists).as("live indexes persisted during the run").isGreaterThanOrEqualTo(seconds / 20);
        assertHeapIsFlat(heapAfterGc, heapFigures);
        assertThat(server.terminate()).as("SIGTERM, not ExitOnOutOfMemoryError's 3").isEqualTo(143);
    }

    /** Pushes the history (00:00 to 03:00) and waits until SQL counts it; returns per country {events, latency}. */
    private static Map<String, long[]> pushHistory(final HttpApi http) throws Exception
    {
        final Map<String, long[]> expected = new TreeMap<>();
        final WebEventGenerator generator = new WebEventGenerator(7, PushTable.START, 3 * HOUR, HISTORY_EVENTS);
        final WebEvent event = new WebEvent();
        final StringBuilder batch = new StringBuilder();
        while (generator.hasNext())
        {
            generator.next(event);
            event.appendJson(batch).append('\n');
            final long[] figures = expected.computeIfAbsent(event.country, c -> new long[2]);
            figures[0]++;
            figures[1] += event.latencyMs;
            if (generator.index() % 10_000 == 0)
            {
                final HttpApi.Answer answer = http.post("/v1/tables/web/events",
                    batch.toString().getBytes(StandardCharsets.UTF_8));
                assertThat(answer.status()).as(answer.body()).isEqualTo(200);
                assertThat(answer.json().path("accepted").asInt()).isEqualTo(10_000);
                batch.setLength(0);
            }
        }
        assertThat(http.awaitCount("web", HISTORY_EVENTS, Duration.ofSeconds(60))).isEqualTo(HISTORY_EVENTS);
        return expected;
    }

    private static String historyProblem(final JsonNode rows, final Map<String, long[]> expected)
    {
        final Map<String, long[]> seen = new TreeMap<>();
        for (final JsonNode row : rows)
        {
            seen.put(row.get(0).asText(), new long[] {row.get(1).asLong(), row.get(2).asLong()});
        }
        if (seen.size() != expected.size())
        {
            return "history has " + seen.size() + " countries, not " + expected.size();
        }
        for (final Map.Entry<String, long[]> country : expected.entrySet())
        {
            final long[] got = seen.get(country.getKey());
            if (got == null || got[0] != country.getValue()[0] || got[1] != country.getValue()[1])
            {
                return "history of " + country.getKey() + " changed: expected events and latency " +
                    country.getValue()[0] + ", " + country.getValue()[1];
            }
        }
        return null;
    }

    /**
     * The median heap after GC of the last third of the samples is at most 1.5 times that of the first third plus
     * 16 MB. Sampling starts once the clients have warmed up (sessions and plan caches made). The live and frozen
     * indexes are bounded (ingest.maxRowsInMemory, a persist every 10 s), so ingest adds mapped segments, whose heap
     * share is small; single samples still move by tens of MB with compaction or a dozen queries in flight, hence
     * medians and the slack. In a minute this catches gross growth only: an unbounded live index (the ingest
     * defaults) measured 78 MB then 100 MB, inside the bound. The long profile, ten times the events and queries,
     * is the leak test: there the same unbounded index grows by some 400 MB, and a leak of a kilobyte per query by 60.
     */
    private static void assertHeapIsFlat(final List<long[]> samples, final String figures)
    {
        assertThat(samples.size()).as("heap samples: " + figures).isGreaterThanOrEqualTo(6);
        final int third = samples.size() / 3;
        final long first = median(samples.subList(0, third));
        final long last = median(samples.subList(samples.size() - third, samples.size()));
        assertThat(last).as("heap after GC, median of the last third vs the first: " + figures)
            .isLessThanOrEqualTo((long)(first * 1.5) + (16L << 20));
    }

    /** The medians the flat-heap assertion compares, for the printed figures. */
    private static String medians(final List<long[]> samples)
    {
        final int third = samples.size() / 3;
        if (third == 0)
        {
            return "";
        }
        return String.format("; median first third %.1f MB, last third %.1f MB",
            median(samples.subList(0, third)) / 1048576.0,
            median(samples.subList(samples.size() - third, samples.size())) / 1048576.0);
    }

    private static long persists(final HttpApi http)
    {
        final Matcher persists = Pattern.compile("(?m)^tally_ingest_persists_total\\{table=\"web\"} (\\S+)$")
            .matcher(http.get("/metrics").body());
        assertThat(persists.find()).as("tally_ingest_persists_total in /metrics").isTrue();
        return (long)Double.parseDouble(persists.group(1));
    }

    private static long median(final List<long[]> samples)
    {
        final long[] bytes = samples.stream().mapToLong(sample -> sample[1]).sorted().toArray();
        return bytes[bytes.length / 2];
    }

    private static String heapFigures(final List<long[]> samples)
    {
        final StringBuilder out = new StringBuilder();
        synchronized (samples)
        {
            for (final long[] sample : samples)
            {
                out.append(String.format("%.0fs %.1fMB  ", sample[0] / 1000.0, sample[1] / 1048576.0));
            }
        }
        return out.toString().trim();
    }

    private static Connection jdbc(final String port) throws SQLException
    {
        return DriverManager.getConnection("jdbc:avatica:remote:url=http://127.0.0.1:" + port +
            "/avatica;serialization=protobuf");
    }

    /** Pushes the next {@link #EVENTS_PER_TICK} events of the live window (03:00 on) each tick. */
    private static final class Pusher implements Runnable
    {
        private final HttpApi http;
        private final WebEventGenerator generator;
        private final AtomicLong pushed;
        private final ConcurrentLinkedQueue<String> failures;
        private final WebEvent event = new WebEvent();
        private final StringBuilder batch = new StringBuilder();

        Pusher(final HttpApi http, final int seconds, final AtomicLong pushed,
            final ConcurrentLinkedQueue<String> failures)
        {
            this.http = http;
            // twice what the ticks can push, spread over three hours: never runs out
            this.generator = new WebEventGenerator(8, PushTable.START + 3 * HOUR, 3 * HOUR,
                2L * seconds * EVENTS_PER_TICK * (1_000 / TICK_MILLIS));
            this.pushed = pushed;
            this.failures = failures;
        }

        @Override
        public void run()
        {
            batch.setLength(0);
            for (int i = 0; i < EVENTS_PER_TICK; i++)
            {
                generator.next(event);
                event.appendJson(batch).append('\n');
            }
            try
            {
                final HttpApi.Answer answer = http.post("/v1/tables/web/events",
                    batch.toString().getBytes(StandardCharsets.UTF_8));
                if (answer.status() == 200 && answer.json().path("accepted").asInt() == EVENTS_PER_TICK)
                {
                    pushed.addAndGet(EVENTS_PER_TICK);
                }
                else
                {
                    failures.add("push -> " + answer);
                }
            }
            catch (final RuntimeException ex)
            {
                // a scheduled task that throws is never run again: report it instead
                failures.add("push failed: " + ex);
            }
        }
    }

    /**
     * Fires one query over a per-query limit each call, in turn the many-groups and the cross-join one, two rounds
     * in four over JDBC (Avatica): each must be refused with the resource error that names its setting.
     */
    private static final class OverLimit implements AutoCloseable
    {
        /** How many were refused as they should be, by "protocol kind". */
        final Map<String, Integer> refused = new ConcurrentSkipListMap<>();
        private final AtomicLong nanos = new AtomicLong();
        private final AtomicLong maxNanos = new AtomicLong();
        private final HttpApi http;
        private final Connection jdbc;
        private final ConcurrentLinkedQueue<String> failures;
        private int round;

        OverLimit(final HttpApi http, final Connection jdbc, final ConcurrentLinkedQueue<String> failures)
        {
            this.http = http;
            this.jdbc = jdbc;
            this.failures = failures;
        }

        void fire()
        {
            final boolean isGroups = round % 2 == 0;
            final boolean isJdbc = round % 4 >= 2;
            round++;
            final String sql = isGroups ? MANY_GROUPS : CROSS_JOIN;
            final String setting = isGroups ? "query.maxGroups[" + MAX_GROUPS + "]" :
                "query.maxJoinRows[" + MAX_JOIN_ROWS + "]";
            final long begin = System.nanoTime();
            String problem;
            try
            {
                problem = isJdbc ? overJdbc(sql, setting) : overHttp(sql, setting);
            }
            catch (final RuntimeException ex)
            {
                problem = ex.toString();
            }
            final long took = System.nanoTime() - begin;
            if (problem != null)
            {
                failures.add((isJdbc ? "JDBC " : "HTTP ") + sql + " -> " + problem);
                return;
            }
            refused.merge((isJdbc ? "JDBC " : "HTTP ") + (isGroups ? "groups" : "join"), 1, Integer::sum);
            nanos.addAndGet(took);
            maxNanos.accumulateAndGet(took, Math::max);
        }

        private String overHttp(final String sql, final String setting)
        {
            final HttpApi.Answer answer = http.sql(sql, "array");
            final boolean isResourceError = answer.status() == 400 &&
                "Resource limit exceeded".equals(answer.json().path("error").asText()) &&
                answer.json().path("errorMessage").asText().contains(setting);
            return isResourceError ? null : "expected 400 Resource limit exceeded naming " + setting + ": " + answer;
        }

        private String overJdbc(final String sql, final String setting)
        {
            try (Statement statement = jdbc.createStatement())
            {
                statement.executeQuery(sql).close();
                return "no error";
            }
            catch (final SQLException ex)
            {
                return String.valueOf(ex.getMessage()).contains(setting) ? null :
                    "an SQLException not naming " + setting + ": " + ex;
            }
        }

        @Override
        public void close() throws SQLException
        {
            jdbc.close();
        }

        @Override
        public String toString()
        {
            final int count = refused.values().stream().mapToInt(Integer::intValue).sum();
            return String.format("%d refused %s, mean %.0f ms, max %.0f ms", count, refused,
                nanos.get() / 1e6 / Math.max(1, count), maxNanos.get() / 1e6);
        }
    }
}
