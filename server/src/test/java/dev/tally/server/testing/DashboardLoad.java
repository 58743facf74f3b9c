package dev.tally.server.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Concurrent dashboard clients over HTTP: each client sends the dashboard query set of BENCHMARKS.md in turn, as fast
 * as answers come, for a fixed time; every answer must be a 200. Reports queries/s and latency percentiles. Used by
 * the server's load test (correctness under load) and by the benchmarks (the figures).
 */
public final class DashboardLoad
{
    /** The dashboard query set of BENCHMARKS.md over {@code table}, {@code :t0} bound as a parameter. */
    public static List<String> queries(final String table, final String t0)
    {
        final String since = "TIMESTAMP '" + t0 + "'";
        return List.of(
            "SELECT COUNT(*), SUM(revenue) FROM " + table + " WHERE __time >= " + since,
            "SELECT country, COUNT(*) AS n FROM " + table + " WHERE __time >= " + since +
                " GROUP BY country ORDER BY n DESC LIMIT 10",
            "SELECT TIME_FLOOR(__time, 'PT5M') AS t, COUNT(*) FROM " + table + " WHERE __time >= " + since +
                " GROUP BY 1 ORDER BY 1",
            "SELECT device, SUM(revenue), MAX(latency_max) FROM " + table + " WHERE country = 'US' GROUP BY device",
            "SELECT page, COUNT(*) AS n FROM " + table + " WHERE country = 'DE' AND browser = 'Chrome' " +
                "GROUP BY page ORDER BY n DESC LIMIT 10",
            "SELECT country, device, COUNT(*) FROM " + table + " WHERE os IN ('iOS', 'Android') GROUP BY 1, 2 " +
                "ORDER BY 3 DESC LIMIT 20",
            "SELECT FLOOR(__time TO HOUR) AS h, APPROX_COUNT_DISTINCT(users) FROM " + table + " GROUP BY 1 ORDER BY 1",
            "SELECT referrer, COUNT(*) FROM " + table + " WHERE page LIKE '/product/%' AND referrer IS NOT NULL " +
                "GROUP BY 1 ORDER BY 2 DESC LIMIT 10",
            "SELECT COUNT(*) FROM " + table + " WHERE page = '/checkout' AND __time >= " + since);
    }

    /** What a run measured; {@code errors} holds the first failures (status and body), {@code failed} counts all. */
    public record Figures(long queries, double seconds, double queriesPerSecond, double p50Millis,
        double p99Millis, double maxMillis, long failed, List<String> errors)
    {
        @Override
        public String toString()
        {
            return String.format("%d queries in %.1f s: %.0f q/s, p50 %.2f ms, p99 %.2f ms, max %.1f ms, %d errors",
                queries, seconds, queriesPerSecond, p50Millis, p99Millis, maxMillis, failed);
        }
    }

    /** Judges one answer; called on the client's own thread, so per-client state needs no locking. */
    @FunctionalInterface
    public interface Check
    {
        /** What is wrong with {@code answer} to {@code query}, or null when it is right. */
        String problem(int client, String query, HttpApi.Answer answer);
    }

    /** Every answer must be a 200. */
    public static final Check OK = (client, query, answer) -> answer.status() == 200 ? null : "not a 200";

    private DashboardLoad()
    {
    }

    public static Figures run(final HttpApi http, final List<String> queries, final int clients,
        final long durationMillis) throws Exception
    {
        return run(http, queries, clients, durationMillis, OK);
    }

    /** As {@link #run(HttpApi, List, int, long)}, each answer judged by {@code check}; a failed request is an error. */
    public static Figures run(final HttpApi http, final List<String> queries, final int clients,
        final long durationMillis, final Check check) throws Exception
    {
        final ExecutorService pool = Executors.newFixedThreadPool(clients);
        final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        final AtomicLong failed = new AtomicLong();
        final List<Future<long[]>> results = new ArrayList<>();
        final long start = System.nanoTime();
        final long end = start + durationMillis * 1_000_000L;
        for (int c = 0; c < clients; c++)
        {
            final int client = c;
            results.add(pool.submit(() ->
            {
                long[] latencies = new long[1024];
                int count = 0;
                for (int i = client; System.nanoTime() - end < 0; i++)
                {
                    final String query = queries.get(i % queries.size());
                    final long begin = System.nanoTime();
                    String problem;
                    try
                    {
                        final HttpApi.Answer answer = http.post("/v1/sql", "{\"query\": \"" +
                            query.replace("\"", "\\\"") + "\", \"resultFormat\": \"array\"}");
                        problem = check.problem(client, query, answer);
                        problem = problem == null ? null : problem + ": " + answer;
                    }
                    catch (final RuntimeException ex)
                    {
                        problem = "request failed: " + ex;
                    }
                    final long took = System.nanoTime() - begin;
                    if (problem != null && failed.incrementAndGet() <= 20)
                    {
                        errors.add(query + " -> " + problem);
                    }
                    if (count == latencies.length)
                    {
                        latencies = Arrays.copyOf(latencies, count * 2);
                    }
                    latencies[count++] = took;
                }
                return Arrays.copyOf(latencies, count);
            }));
        }
        long[] all = new long[0];
        for (final Future<long[]> result : results)
        {
            final long[] latencies = result.get();
            final int at = all.length;
            all = Arrays.copyOf(all, at + latencies.length);
            System.arraycopy(latencies, 0, all, at, latencies.length);
        }
        final double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        Arrays.sort(all);
        return new Figures(all.length, seconds, all.length / seconds, percentile(all, 0.50),
            percentile(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1e6, failed.get(), List.copyOf(errors));
    }

    private static double percentile(final long[] sorted, final double p)
    {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int)(p * sorted.length))] / 1e6;
    }
}
