package dev.tally.bench.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The harness's block of RESULTS.md: one table per section of shared BENCHMARKS.md (ingest, freshness, queries per
 * set and shape, concurrency, memory), each row with Tally's figure, DuckDB's over raw and rolled-up rows where it has
 * one, the ratio and the target, and a header naming machine, JDK, date, commit and load.
 */
final class ResultsMarkdown
{
    private static final String DASH = "—";
    private static final double WIDE_RAW_TARGET = 0.25;
    private static final double NARROW_RAW_TARGET = 0.05;
    private static final double ROLLED_TARGET = 0.5;
    private static final double P99_TARGET_MS = 10;

    private final StringBuilder out = new StringBuilder();

    private ResultsMarkdown()
    {
    }

    static String render(final RunResults r)
    {
        final ResultsMarkdown md = new ResultsMarkdown();
        md.header(r);
        md.ingest(r);
        md.freshness(r);
        for (final QuerySet set : QuerySet.ALL)
        {
            md.queries(r, set, TableShape.WIDE, WIDE_RAW_TARGET);
            md.queries(r, set, TableShape.NARROW, NARROW_RAW_TARGET);
        }
        md.concurrency(r);
        md.memory(r);
        return md.out.toString();
    }

    private void header(final RunResults r)
    {
        line("## End-to-end harness — %s, commit %s", r.date(), r.commit());
        line("");
        line("Machine: %s. Load average %.1f at the start, %.1f at the end%s. Run took %.0f s.", r.machine(),
            r.loadBefore(), r.loadAfter(), Math.max(r.loadBefore(), r.loadAfter()) > 2.5 ?
            " — **the machine was shared with other work: treat absolute figures as indicative, ratios as the " +
            "result**" : "", r.seconds());
        line("Data: %,d generated web events (seed %d, 24 h from 2026-01-01T00:00Z), pushed as NDJSON over HTTP " +
            "into the in-process server's `wide` and `narrow` push tables, then persisted (queries read mapped " +
            "segments); DuckDB 1.5.6 in the same JVM holds the same events (`raw`) and its own minute rollup per " +
            "shape, on as many threads as Tally's engine. `:t0` = the start of the last hour. Every answer of every " +
            "engine was checked against DuckDB's raw-event answer before its time counted (the run exits non-zero " +
            "otherwise). Reproduce:", r.settings().events(), EndToEnd.SEED);
        line("");
        line("```sh");
        line("mvn -B -q -o -pl benchmarks -am package -DskipTests");
        line("bin/benchmark-e2e%s", r.settings().events() == Settings.EVENTS_DEFAULT ? "" :
            " --events " + r.settings().events());
        line("```");
        line("");
    }

    private void ingest(final RunResults r)
    {
        line("### Ingest");
        line("");
        line("| figure | Tally | DuckDB raw | DuckDB rolled up | ratio | target |");
        line("|---|---|---|---|---|---|");
        for (final IngestStage.Figures f : r.ingest())
        {
            line("| binary records → ring buffer → rollup, `%s` (events/s; per core-second) | %s; %s | %s | %s | " +
                "%s | ≥ 5 M/s on one core |", f.shape().name(), rate(f.binary().eventsPerSecond()),
                rate(f.binary().eventsPerCoreSecond()), DASH, DASH, met(f.binary().eventsPerCoreSecond() >= 5e6));
            line("| JSON → parse → ring buffer → rollup, `%s` (events/s; per core-second) | %s; %s | %s | %s | " +
                "%s | ≥ 1.5 M/s per core |", f.shape().name(), rate(f.json().eventsPerSecond()),
                rate(f.json().eventsPerCoreSecond()), DASH, DASH, met(f.json().eventsPerCoreSecond() >= 1.5e6));
        }
        line("| load: NDJSON pushed over HTTP → queryable, both tables (events/s per table) | %s | %s (appender) " +
            "| %s | %.2f | — |", rate(r.pushLoadRate()), rate(r.duckDbLoadRate()), DASH,
            r.duckDbLoadRate() / r.pushLoadRate());
        if (r.kafka() == null)
        {
            line("| Kafka → queryable, pre-loaded topic (events/s) | not measured in this run (`--no-kafka`) | %s | " +
                "%s | %s | ≥ 1 M/s |", DASH, DASH, DASH);
        }
        else
        {
            line("| Kafka → queryable, pre-loaded %d-partition topic, `wide` (events/s; a plain consumer reading it) " +
                "| %s; %s | %s | %s | %s | ≥ 1 M/s on the box |", KafkaStage.PARTITIONS,
                rate(r.kafka().eventsPerSecond()), rate(r.kafka().consumerRate()), DASH, DASH,
                met(r.kafka().eventsPerSecond() >= 1e6));
        }
        line("");
        line("Kernel figures: %,d events per run, median of %d runs; binary records were parsed beforehand; the " +
            "live index holds every event (no persist). Per core-second divides by the CPU time of the source " +
            "and writer threads. The load row is the whole push path (HTTP, validation, journal, tail, parse, " +
            "rollup) with the harness's own client on the same cores; ratio = DuckDB / Tally time.",
            r.settings().ingestEvents(), IngestStage.REPEATS);
        line("");
        if (r.kafka() != null)
        {
            kafka(r.kafka());
        }
    }

    private void kafka(final KafkaStage.Figures k)
    {
        line("Kafka row: a single-node KRaft broker in this JVM, its topic pre-loaded with the run's %,d events " +
            "(JSON, event i to partition i mod %d; produced at %s, not timed); then `POST /v1/tables` creates a " +
            "Kafka-fed `wide` table, and the clock runs until `SELECT COUNT(*)` over HTTP counts every event: " +
            "%.1f s, of which %.0f ms until the first event was applied; from then on the table caught up at %s. " +
            "Query %d on it was checked against DuckDB. The plain consumer is one `KafkaConsumer` in this JVM " +
            "reading the whole topic just before, configured as Tally's source is.", k.events(),
            KafkaStage.PARTITIONS, rate(k.produceRate()), k.queryableSeconds(), k.firstMillis(),
            rate(k.catchUpRate()), KafkaStage.CHECKED_QUERY);
        line("");
    }

    private void freshness(final RunResults r)
    {
        final FreshnessStage.Figures f = r.freshness();
        line("### Freshness");
        line("");
        line("| figure | Tally | DuckDB raw | DuckDB rolled up | ratio | target |");
        line("|---|---|---|---|---|---|");
        line("| push → visible in `SELECT COUNT(*)` over HTTP, p50 / p99 / max (ms) | %s / %s / %s | %s | %s | %s " +
            "| p99 < 50 ms (stretch 10 ms) |", ms(f.latency().p50()), ms(f.latency().p99()), ms(f.latency().max()),
            DASH, DASH, met(f.latency().p99() < 50));
        line("");
        line("%,d push requests of %,d events every %d ms (asked: %,d events/s; achieved: %,.0f events/s), %,d " +
            "polls. Latency runs from the start of a push request to the return of the first query that counts " +
            "its events.", f.requests(), f.eventsPerRequest(), SteadyPusher.TICK_MILLIS, r.settings().pushRate(),
            f.pushedPerSecond(), f.polls());
        line("");
    }

    /**
     * One table per query set and shape, from one renderer: DuckDB rolled-up columns only when a query of the set has
     * that figure, a target column only when BENCHMARKS.md sets targets for the set.
     */
    private void queries(final RunResults r, final QuerySet set, final TableShape shape, final double rawTarget)
    {
        final List<QueryStage.Figures> figures = r.queries().stream()
            .filter(f -> f.set() == set && f.shape() == shape).toList();
        if (figures.isEmpty())
        {
            return;
        }
        final boolean hasRolled = figures.stream().anyMatch(f -> f.rolled() != null);
        line("### %s, `%s`, %,d events", set.heading(), shape.name(), r.settings().events());
        line("");
        line("p50 / p99 in ms over %d hot runs each (after %d warm-ups, engines interleaved). Ratio = Tally " +
            "native p50 / DuckDB p50, both in this JVM; Tally over HTTP adds the client, JSON and SQL layers.",
            r.settings().runs(), r.settings().warmups());
        line("");
        final List<String> header = new ArrayList<>(List.of("query", "Tally SQL over HTTP", "Tally native",
            "DuckDB raw"));
        if (hasRolled)
        {
            header.add("DuckDB rolled up");
        }
        header.add("ratio raw");
        if (hasRolled)
        {
            header.add("ratio rolled");
        }
        if (set.hasTargets())
        {
            header.add("target");
        }
        row(header);
        row(header.stream().map(h -> "---").toList());
        final List<Double> rawRatios = new ArrayList<>();
        for (final QueryStage.Figures f : figures)
        {
            final List<String> cells = new ArrayList<>();
            final String label = f.query().number() + (f.query().title() == null ? "" : ". " + f.query().title());
            if (f.query().isRawOnly())
            {
                cells.addAll(List.of(label + " (raw-only sanity check)", DASH, DASH, latency(f.raw())));
                cells.addAll(hasRolled ? List.of(DASH, DASH, DASH) : List.of(DASH));
                if (set.hasTargets())
                {
                    cells.add(DASH);
                }
                row(cells);
                continue;
            }
            // without one native query, Tally's time is its SQL over HTTP, and the ratio says so
            final boolean isNative = f.nativeEngine() != null;
            final Latency tally = isNative ? f.nativeEngine() : f.http();
            final double rawRatio = tally.p50() / f.raw().p50();
            if (isNative)
            {
                rawRatios.add(rawRatio);
            }
            cells.addAll(List.of(label, latency(f.http()), isNative ? latency(f.nativeEngine()) :
                DASH + " (" + f.notNative() + ")", latency(f.raw())));
            if (hasRolled)
            {
                cells.add(f.rolled() == null ? "n/a" : latency(f.rolled()));
            }
            cells.add(ratio(rawRatio) + (isNative ? "" : " (HTTP)"));
            if (hasRolled)
            {
                cells.add(f.rolled() == null ? "n/a" : ratio(tally.p50() / f.rolled().p50()));
            }
            if (set.hasTargets())
            {
                cells.add(met(f.http().p99() < P99_TARGET_MS && rawRatio <= rawTarget &&
                    (f.rolled() == null || tally.p50() / f.rolled().p50() <= ROLLED_TARGET)));
            }
            row(cells);
        }
        geometricMean(set, shape, rawRatios, hasRolled);
        line("");
        if (set.hasTargets())
        {
            line("Targets: every query p99 < %.0f ms over HTTP%s; ratio raw ≤ %.2f each; ratio rolled ≤ %.1f. " +
                "Query 7 (distinct users) has no DuckDB rolled-up figure: DuckDB cannot merge distinct counts of " +
                "rolled rows; Tally's HLL estimate is checked against DuckDB's exact count to 5 %%.", P99_TARGET_MS,
                shape == TableShape.WIDE ? " (at 10M events)" : "", rawTarget, ROLLED_TARGET);
        }
        else
        {
            line("No targets yet (BENCHMARKS.md asks for these figures beside the dashboard set's). Tally native " +
                "runs the native query that `EXPLAIN PLAN FOR` shows the SQL layer pushing for the statement, not " +
                "one written by hand. Where that plan is not one native query, the native column says why " +
                "(\"subquery first\": a semi-join runs its subquery as a native query, then the table's query " +
                "filtered by its values) and the ratio is Tally over HTTP p50 / DuckDB p50, marked (HTTP); the " +
                "geometric mean is of the native ratios only.");
        }
        line("");
    }

    private void geometricMean(final QuerySet set, final TableShape shape, final List<Double> rawRatios,
        final boolean hasRolled)
    {
        double logSum = 0;
        for (final double ratio : rawRatios)
        {
            logSum += Math.log(ratio);
        }
        final double geomean = Math.exp(logSum / Math.max(1, rawRatios.size()));
        final List<String> cells = new ArrayList<>(List.of("geometric mean", "", "", ""));
        if (hasRolled)
        {
            cells.add("");
        }
        cells.add(ratio(geomean));
        if (hasRolled)
        {
            cells.add("");
        }
        if (set.hasTargets())
        {
            cells.add(shape == TableShape.WIDE ? "≤ 0.1: " + met(geomean <= 0.1) : DASH);
        }
        row(cells);
    }

    /** A table row; a cell's own {@code |} (SQL's {@code ||}) is escaped so it does not split the cell. */
    private void row(final List<String> cells)
    {
        final StringBuilder text = new StringBuilder("|");
        for (final String cell : cells)
        {
            text.append(' ').append(cell.replace("|", "\\|")).append(" |");
        }
        out.append(text).append('\n');
    }

    private void concurrency(final RunResults r)
    {
        final var c = r.concurrency();
        line("### Concurrency");
        line("");
        line("| figure | Tally | DuckDB raw | DuckDB rolled up | ratio | target |");
        line("|---|---|---|---|---|---|");
        line("| %d clients × dashboard queries 1–9 on `wide` over HTTP while pushing: q/s, p50 / p99 (ms) | %,.0f " +
            "q/s, %s / %s | %s | %s | %s | ≥ 500 q/s at p99 < 100 ms: %s |", r.settings().clients(),
            c.queriesPerSecond(), ms(c.p50Millis()), ms(c.p99Millis()), DASH, DASH, DASH,
            met(c.queriesPerSecond() >= 500 && c.p99Millis() < 100));
        line("");
        line("%,d queries in %.0f s, %d errors; events pushed meanwhile at %,.0f events/s (asked: %,d).",
            c.queries(), c.seconds(), c.errors().size(), r.concurrencyPushRate(), r.settings().pushRate());
        line("");
    }

    private void memory(final RunResults r)
    {
        final RunResults.Memory m = r.memory();
        final double millions = r.storedRows() / 1e6;
        line("### Storage and memory");
        line("");
        line("| figure | Tally | DuckDB raw | DuckDB rolled up | ratio | target |");
        line("|---|---|---|---|---|---|");
        for (final RunResults.Stored s : r.stored())
        {
            line("| `%s`: stored rows; rollup ratio (events / row) | %,d; %.2f | %,d; 1.00 | %,d; %.2f | %.2f | — |",
                s.shape().name(), s.tallyRows(), s.tallyRatio(), s.events(), s.duckDbRolledRows(), s.duckDbRatio(),
                (double)s.tallyRows() / s.duckDbRolledRows());
        }
        line("| heap peak during the push load, per million stored rows | %s | %s | %s | %s | — |",
            mib(m.heapPeak() / millions), DASH, DASH, DASH);
        line("| live heap after the load (after a full GC), per million stored rows | %s | %s | %s | %s | — |",
            mib(m.liveHeap() / millions), DASH, DASH, DASH);
        line("| resident memory after the load; peak so far, per million stored rows | %s; %s | %s | %s | %s | — |",
            mib(m.rss() / millions), mib(m.peakRss() / millions), DASH, DASH, DASH);
        line("");
        line("Stored rows: %,d over both tables. Memory is the whole process (server, harness client and " +
            "generator), measured before DuckDB loads; the ratio column for rows is Tally / DuckDB's perfect " +
            "rollup (Tally's live rollup is best effort per index; compaction makes it perfect).", r.storedRows());
    }

    private void line(final String format, final Object... args)
    {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    private static String met(final boolean isMet)
    {
        return isMet ? "met" : "**missed**";
    }

    private static String rate(final double perSecond)
    {
        return perSecond >= 1e6 ? String.format(Locale.ROOT, "%.2f M/s", perSecond / 1e6) :
            String.format(Locale.ROOT, "%.0f k/s", perSecond / 1e3);
    }

    private static String ms(final double millis)
    {
        return String.format(Locale.ROOT, millis < 10 ? "%.2f" : "%.1f", millis);
    }

    private static String latency(final Latency latency)
    {
        return ms(latency.p50()) + " / " + ms(latency.p99());
    }

    private static String ratio(final double ratio)
    {
        return String.format(Locale.ROOT, "%.2f", ratio);
    }

    private static String mib(final double bytes)
    {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / (1 << 20));
    }
}
