package dev.tally.bench.system;

import java.util.concurrent.TimeoutException;

/**
 * Produce → visible in SQL: a {@link SteadyPusher} pushes events to table {@code fresh} at the configured rate while
 * this thread asks {@code SELECT COUNT(*)} over HTTP back to back. A request's latency runs from the moment its push
 * began to the moment an answer that counts its events came back (an upper bound: the events may have been
 * visible up to one query earlier). After pushing stops, polling continues until every request was seen, so slow
 * ones are not dropped.
 */
final class FreshnessStage
{
    static final TableShape FRESH = new TableShape("fresh", TableShape.NARROW.dimensions());

    record Figures(Latency latency, int requests, int eventsPerRequest, double pushedPerSecond, long polls)
    {
    }

    private FreshnessStage()
    {
    }

    static Figures run(final LocalTally tally, final int rate, final long millis) throws Exception
    {
        tally.createTable(FRESH);
        final SteadyPusher pusher = new SteadyPusher(tally, FRESH.name(), rate, millis + 1_000);
        final long[] latencies = new long[(int)((millis + 1_000) / SteadyPusher.TICK_MILLIS) + 1];
        int seen = 0;
        long polls = 0;
        try (pusher)
        {
            pusher.start();
            final long stop = System.nanoTime() + millis * 1_000_000L;
            while (System.nanoTime() < stop)
            {
                seen = poll(tally, pusher, latencies, seen);
                polls++;
            }
        }
        final long deadline = System.nanoTime() + 60_000_000_000L;
        while (seen < pusher.sent())
        {
            if (System.nanoTime() > deadline)
            {
                throw new TimeoutException("only " + seen + " of " + pusher.sent() + " pushes became visible");
            }
            seen = poll(tally, pusher, latencies, seen);
            polls++;
        }
        return new Figures(Latency.of(latencies, seen), seen, pusher.batchEvents(), pusher.achievedRate(), polls);
    }

    private static int poll(final LocalTally tally, final SteadyPusher pusher, final long[] latencies, final int from)
    {
        final long count = (Long)tally.sql("SELECT COUNT(*) FROM " + FRESH.name()).get(0).get(0);
        final long now = System.nanoTime();
        int seen = from;
        while (seen < latencies.length && count >= (long)(seen + 1) * pusher.batchEvents())
        {
            latencies[seen] = now - pusher.sendStart(seen);
            seen++;
        }
        return seen;
    }
}
