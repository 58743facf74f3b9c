package dev.tally.ingest.testing;

import dev.tally.ingest.sample.WebEvent;
import dev.tally.ingest.sample.WebEventGenerator;
import dev.tally.query.exec.QueryContext;
import dev.tally.query.exec.QueryEngine;
import dev.tally.query.exec.QueryResult;
import dev.tally.query.model.Aggregation;
import dev.tally.query.model.Grouping;
import dev.tally.query.model.NativeQuery;
import dev.tally.storage.read.RowSource;
import dev.tally.storage.schema.TableSpec;
import org.apache.datasketches.hll.HllSketch;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Generated web events as JSON, the table spec that ingests them, and their exact totals. */
public final class WebEvents
{
    public static final long START = 1_767_225_600_000L; // 2026-01-01T00:00Z
    public static final long HOUR = 3_600_000L;

    public static TableSpec spec(final String rollup)
    {
        return TableSpec.parse("""
            {"name": "web", "timestamp": {"column": "ts", "format": "iso"},
             "dimensions": ["country", "device", "os", "browser"],
             "metrics": [
               {"name": "count", "type": "count"},
               {"name": "revenue", "type": "doubleSum", "field": "revenue"},
               {"name": "latency_max", "type": "longMax", "field": "latency_ms"},
               {"name": "latency_sum", "type": "longSum", "field": "latency_ms"},
               {"name": "users", "type": "hllSketch", "field": "user_id"}],
             "rollup": "%s", "segmentGranularity": "PT1H", "source": {"type": "push"}}
            """.formatted(rollup));
    }

    /** Totals of a set of events, as the query below answers them. */
    public static final class Totals
    {
        public long count;
        public double revenue;
        public long latencyMax = Long.MIN_VALUE;
        public long latencySum;
        public final HllSketch users = new HllSketch(12);

        public void add(final WebEvent event)
        {
            count++;
            revenue += event.revenue;
            latencyMax = Math.max(latencyMax, event.latencyMs);
            latencySum += event.latencyMs;
            users.update(event.userId);
        }
    }

    /** {@code count} events from {@code seed} over {@code windowMillis} as JSON; totals added to {@code totals}. */
    public static List<byte[]> json(final long seed, final long windowMillis, final int count, final Totals totals)
    {
        final WebEventGenerator generator = new WebEventGenerator(seed, START, windowMillis, count);
        final WebEvent event = new WebEvent();
        final List<byte[]> events = new ArrayList<>(count);
        final StringBuilder text = new StringBuilder();
        while (generator.hasNext())
        {
            generator.next(event);
            text.setLength(0);
            events.add(event.appendJson(text).toString().getBytes(StandardCharsets.UTF_8));
            if (totals != null)
            {
                totals.add(event);
            }
        }
        return events;
    }

    /** The event time of one event {@link #json} generated (its {@code ts} field, which comes first). */
    public static long eventTime(final byte[] json)
    {
        final String text = new String(json, 0, Math.min(json.length, 64), StandardCharsets.UTF_8);
        return java.time.Instant.parse(text.substring(7, text.indexOf('"', 7))).toEpochMilli();
    }

    /** Events per hour (hour start → count) of what {@link #json} generates for the same arguments. */
    public static Map<Long, Long> countsPerHour(final long seed, final long windowMillis, final int count)
    {
        final WebEventGenerator generator = new WebEventGenerator(seed, START, windowMillis, count);
        final WebEvent event = new WebEvent();
        final Map<Long, Long> perHour = new TreeMap<>();
        while (generator.hasNext())
        {
            generator.next(event);
            perHour.merge(Math.floorDiv(event.timestamp, HOUR) * HOUR, 1L, Long::sum);
        }
        return perHour;
    }

    /** Events per hour that the engine counts over {@code sources}, hours without events left out. */
    public static Map<Long, Long> countsPerHour(final QueryEngine engine, final TableSpec spec,
        final List<? extends RowSource> sources)
    {
        final Map<Long, Long> perHour = new TreeMap<>();
        if (sources.isEmpty())
        {
            return perHour;
        }
        final QueryResult result = engine.run(NativeQuery.groupBy("web")
            .groupings(new Grouping.TimeBucket("PT1H", null, "hour")).aggregations(Aggregation.count("n")).build(),
            spec.rowSchema(), sources, QueryContext.defaults());
        for (final Object[] row : result.rows())
        {
            if ((Long)row[1] != 0)
            {
                perHour.put(((Number)row[0]).longValue(), (Long)row[1]);
            }
        }
        return perHour;
    }

    /** Writes events one per line, gzip-compressed when the name ends in {@code .gz}. */
    public static Path writeLines(final Path file, final List<byte[]> lines) throws IOException
    {
        try (OutputStream out = file.toString().endsWith(".gz") ?
            new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file))
        {
            for (final byte[] line : lines)
            {
                out.write(line);
                out.write('\n');
            }
        }
        return file;
    }

    public static NativeQuery totalsQuery()
    {
        return NativeQuery.groupBy("web")
            .aggregations(Aggregation.count("n"),
                Aggregation.of(Aggregation.Kind.SUM, "revenue", "revenue"),
                Aggregation.of(Aggregation.Kind.MAX, "latency_max", "latency_max"),
                Aggregation.of(Aggregation.Kind.SUM, "latency_sum", "latency_sum"),
                Aggregation.of(Aggregation.Kind.APPROX_COUNT_DISTINCT, "users", "users"))
            .build();
    }

    /** Events counted by the engine over {@code sources}: 0 when there are none. */
    public static long count(final QueryEngine engine, final TableSpec spec, final List<? extends RowSource> sources)
    {
        final QueryResult result = engine.run(NativeQuery.groupBy("web").aggregations(Aggregation.count("n"))
            .build(), spec.rowSchema(), sources, QueryContext.defaults());
        return result.rows().isEmpty() ? 0 : (Long)result.rows().get(0)[0];
    }

    public static void assertTotals(
        final QueryEngine engine, final TableSpec spec, final List<? extends RowSource> sources, final Totals totals)
    {
        final QueryResult result = engine.run(totalsQuery(), spec.rowSchema(), sources, QueryContext.defaults());
        assertThat(result.rows()).hasSize(1);
        final Object[] row = result.rows().get(0);
        assertThat(row[0]).isEqualTo(totals.count);
        assertThat((Double)row[1]).isCloseTo(totals.revenue, within(1e-6 * Math.max(1, totals.revenue)));
        assertThat(row[2]).isEqualTo(totals.latencyMax);
        assertThat(row[3]).isEqualTo(totals.latencySum);
        assertThat(((Long)row[4]).doubleValue()).isCloseTo(totals.users.getEstimate(),
            within(0.02 * totals.users.getEstimate() + 1));
    }

    private WebEvents()
    {
    }
}
