package dev.tally.bench.system;

import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * What one end-to-end run does: how many events, how long each timed stage runs, where results go. The defaults are
 * the suite of shared BENCHMARKS.md sized to finish in under 10 minutes on 2 cores.
 *
 * @param events          generated events loaded into Tally and DuckDB (1M by default; 10M and 100M for big runs).
 * @param runs            timed runs per query and engine after the warm-up (at least 20 for published figures).
 * @param warmups         untimed runs per query and engine first.
 * @param ingestEvents    events per ingest-kernel measurement (binary and JSON through the rollup).
 * @param pushRate        events/s pushed during the freshness and concurrency stages (BENCHMARKS.md: 100k).
 * @param freshnessMillis how long the freshness stage pushes.
 * @param loadMillis      how long the 16 dashboard clients run.
 * @param clients         concurrent dashboard clients.
 * @param out             RESULTS.md to refresh, or null to only print.
 * @param workDir         where the server's data goes (deleted after the run).
 * @param isKafkaMeasured whether the Kafka stage runs (a broker start costs seconds; {@code --no-kafka} skips it).
 * @param referenceHook   test hook: changes DuckDB's reference answers before they are compared (identity normally).
 */
record Settings(long events, int runs, int warmups, int ingestEvents, int pushRate, long freshnessMillis,
    long loadMillis, int clients, Path out, Path workDir, boolean isKafkaMeasured,
    UnaryOperator<List<List<Object>>> referenceHook)
{
    static final long EVENTS_DEFAULT = 1_000_000;

    static Settings defaults()
    {
        return new Settings(EVENTS_DEFAULT, 20, 5, 1_000_000, 100_000, 10_000, 20_000, 16, null,
            Path.of(System.getProperty("java.io.tmpdir")), true, UnaryOperator.identity());
    }

    /** A tiny run for tests: seconds, not minutes. */
    static Settings tiny(final Path workDir)
    {
        return new Settings(20_000, 3, 1, 20_000, 5_000, 1_000, 1_000, 4, null, workDir, true,
            UnaryOperator.identity());
    }

    Settings withReferenceHook(final UnaryOperator<List<List<Object>>> hook)
    {
        return new Settings(events, runs, warmups, ingestEvents, pushRate, freshnessMillis, loadMillis, clients, out,
            workDir, isKafkaMeasured, hook);
    }

    Settings withOut(final Path file)
    {
        return new Settings(events, runs, warmups, ingestEvents, pushRate, freshnessMillis, loadMillis, clients, file,
            workDir, isKafkaMeasured, referenceHook);
    }

    Settings withoutKafka()
    {
        return new Settings(events, runs, warmups, ingestEvents, pushRate, freshnessMillis, loadMillis, clients, out,
            workDir, false, referenceHook);
    }

    /**
     * {@code --events N --runs N --push-rate N --freshness-seconds N --load-seconds N --out FILE --no-out --work DIR
     * --no-kafka}.
     */
    static Settings parse(final String[] args)
    {
        final Settings d = defaults();
        long events = d.events;
        int runs = d.runs;
        int pushRate = d.pushRate;
        long freshnessMillis = d.freshnessMillis;
        long loadMillis = d.loadMillis;
        Path out = Path.of("benchmarks/RESULTS.md");
        Path workDir = d.workDir;
        boolean isKafkaMeasured = d.isKafkaMeasured;
        for (int i = 0; i < args.length; i++)
        {
            final String flag = args[i];
            if (flag.equals("--no-out"))
            {
                out = null;
                continue;
            }
            if (flag.equals("--no-kafka"))
            {
                isKafkaMeasured = false;
                continue;
            }
            if (i + 1 >= args.length)
            {
                throw new IllegalArgumentException("flag[" + flag + "] needs a value");
            }
            final String value = args[++i].replace("_", "");
            switch (flag)
            {
                case "--events" -> events = Long.parseLong(value);
                case "--runs" -> runs = Integer.parseInt(value);
                case "--push-rate" -> pushRate = Integer.parseInt(value);
                case "--freshness-seconds" -> freshnessMillis = Long.parseLong(value) * 1000;
                case "--load-seconds" -> loadMillis = Long.parseLong(value) * 1000;
                case "--out" -> out = Path.of(args[i]);
                case "--work" -> workDir = Path.of(args[i]);
                default -> throw new IllegalArgumentException("unknown flag[" + flag + "]; flags: --events N " +
                    "--runs N --push-rate N --freshness-seconds N --load-seconds N --out FILE --no-out --work DIR " +
                    "--no-kafka");
            }
        }
        if (events < 10_000 || runs < 1 || pushRate < 1)
        {
            throw new IllegalArgumentException("events[" + events + "] must be at least 10000, runs[" + runs +
                "] and push rate[" + pushRate + "] positive");
        }
        return new Settings(events, runs, d.warmups, d.ingestEvents, pushRate, freshnessMillis, loadMillis,
            d.clients, out, workDir, isKafkaMeasured, d.referenceHook);
    }
}
