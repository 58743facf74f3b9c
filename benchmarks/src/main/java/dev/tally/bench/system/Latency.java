package dev.tally.bench.system;

import java.util.Arrays;

/** Percentiles of a set of timed runs, in milliseconds (nearest rank). */
record Latency(int runs, double p50, double p99, double max)
{
    static Latency of(final long[] nanos, final int count)
    {
        final long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        return new Latency(count, rank(sorted, 0.50), rank(sorted, 0.99), count == 0 ? 0 : sorted[count - 1] / 1e6);
    }

    private static double rank(final long[] sorted, final double p)
    {
        if (sorted.length == 0)
        {
            return 0;
        }
        final int index = (int)Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
