package dev.tally.server;

import dev.tally.ingest.IngestStatus;
import dev.tally.ingest.TableIngest;
import dev.tally.ingest.record.ParseError;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What {@code GET /metrics} shows, in Prometheus text format: HTTP requests and their latency by route and status,
 * SQL statements by outcome and their latency, per table ingest figures read at scrape time (events in, committed
 * events, rows, segments, persists, parse errors by reason, lag per partition), and the JVM's own metrics. Each
 * server has its own registry, so two servers in one JVM (tests) do not share counters. A scrape shows the series
 * labelled with a table only to a caller who may read that table: a table's name, size and ingest rate are its
 * readers' business.
 */
public final class ServerMetrics
{
    private static final double[] LATENCY_BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
        0.5, 1, 2.5, 5, 10, 30};
    private static final String TABLE_LABEL = "table";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests;
    private final Histogram requestSeconds;
    private final Counter queries;
    private final Histogram querySeconds;
    private final Counter pushedEvents;

    public ServerMetrics(final Supplier<Collection<TableIngest>> tables)
    {
        requests = Counter.builder().name("tally_http_requests_total").help("HTTP requests by route and status")
            .labelNames("route", "status").register(registry);
        requestSeconds = Histogram.builder().name("tally_http_request_seconds").help("HTTP request latency")
            .classicUpperBounds(LATENCY_BUCKETS).labelNames("route").register(registry);
        queries = Counter.builder().name("tally_sql_queries_total")
            .help("SQL statements by outcome (ok or the error category)").labelNames("outcome").register(registry);
        querySeconds = Histogram.builder().name("tally_sql_query_seconds").help("SQL statement latency")
            .classicUpperBounds(LATENCY_BUCKETS).register(registry);
        pushedEvents = Counter.builder().name("tally_push_events_total")
            .help("Events pushed over HTTP by table and outcome (accepted, rejected)")
            .labelNames(TABLE_LABEL, "outcome").register(registry);
        CounterWithCallback.builder().name("tally_ingest_events_total")
            .help("Events applied to live indexes since start").labelNames(TABLE_LABEL)
            .callback(cb -> tables.get().forEach(t -> cb.call(t.eventsApplied(), t.spec().name())))
            .register(registry);
        CounterWithCallback.builder().name("tally_ingest_persists_total")
            .help("Frozen indexes persisted and committed since start").labelNames(TABLE_LABEL)
            .callback(cb -> tables.get().forEach(t -> cb.call(t.persists(), t.spec().name())))
            .register(registry);
        CounterWithCallback.builder().name("tally_ingest_persist_failures_total")
            .help("Persist attempts that failed (disk full, file too large, unwritable directory); each is retried")
            .labelNames("table")
            .callback(cb -> tables.get().forEach(t -> cb.call(t.persistFailures(), t.spec().name())))
            .register(registry);
        GaugeWithCallback.builder().name("tally_ingest_paused")
            .help("1 while the table's ingest is paused because persisting is behind or failing, else 0")
            .labelNames("table")
            .callback(cb -> tables.get().forEach(t -> cb.call(t.isPaused() ? 1 : 0, t.spec().name())))
            .register(registry);
        GaugeWithCallback.builder().name("tally_table_quarantined_segments")
            .help("Segments taken out of service because they were found damaged").labelNames("table")
            .callback(cb -> tables.get().forEach(t ->
                cb.call(t.catalog().snapshot().quarantined().size(), t.spec().name())))
            .register(registry);
        CounterWithCallback.builder().name("tally_ingest_parse_errors_total")
            .help("Rejected events by table and reason").labelNames(TABLE_LABEL, "reason")
            .callback(cb -> tables.get().forEach(t ->
            {
                for (final Map.Entry<ParseError, Long> error : t.errors().counts().entrySet())
                {
                    cb.call(error.getValue(), t.spec().name(), error.getKey().name().toLowerCase());
                }
            }))
            .register(registry);
        GaugeWithCallback.builder().name("tally_table_committed_events")
            .help("Events in committed segments").labelNames(TABLE_LABEL)
            .callback(cb -> tables.get().forEach(t ->
                cb.call(t.catalog().snapshot().totalEvents(), t.spec().name())))
            .register(registry);
        GaugeWithCallback.builder().name("tally_table_segments").help("Committed segments").labelNames(TABLE_LABEL)
            .callback(cb -> tables.get().forEach(t ->
                cb.call(t.catalog().snapshot().segments().size(), t.spec().name())))
            .register(registry);
        GaugeWithCallback.builder().name("tally_ingest_lag_events")
            .help("Events in the source not yet committed, per partition").labelNames(TABLE_LABEL, "partition")
            .callback(cb -> tables.get().forEach(t ->
            {
                final IngestStatus status = t.status();
                for (final IngestStatus.PartitionStatus partition : status.partitions())
                {
                    if (partition.lag() >= 0)
                    {
                        cb.call(partition.lag(), t.spec().name(), Integer.toString(partition.partition()));
                    }
                }
            }))
            .register(registry);
        JvmMetrics.builder().register(registry);
    }

    public void onRequest(final String route, final int status, final long nanos)
    {
        requests.labelValues(route, Integer.toString(status)).inc();
        requestSeconds.labelValues(route).observe(nanos / 1e9);
    }

    /** @param outcome "ok" or the error category. */
    public void onQuery(final String outcome, final long nanos)
    {
        queries.labelValues(outcome).inc();
        querySeconds.observe(nanos / 1e9);
    }

    public void onPush(final String table, final long accepted, final long rejected)
    {
        pushedEvents.labelValues(table, "accepted").inc(accepted);
        pushedEvents.labelValues(table, "rejected").inc(rejected);
    }

    public String contentType()
    {
        return PrometheusTextFormatWriter.create().getContentType();
    }

    /**
     * The series a caller may see, in Prometheus text format: those without a {@value #TABLE_LABEL} label, and those
     * of the tables it may read.
     */
    public byte[] scrape(final Predicate<String> mayReadTable)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try
        {
            PrometheusTextFormatWriter.create().write(out, visible(registry.scrape(), mayReadTable));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    private static MetricSnapshots visible(final MetricSnapshots all, final Predicate<String> mayReadTable)
    {
        final List<MetricSnapshot> visible = new ArrayList<>(all.size());
        for (final MetricSnapshot snapshot : all)
        {
            if (snapshot.getDataPoints().stream().allMatch(point -> isVisible(point, mayReadTable)))
            {
                visible.add(snapshot);
            }
            else if (snapshot instanceof CounterSnapshot counter)
            {
                visible.add(new CounterSnapshot(counter.getMetadata(), counter.getDataPoints().stream()
                    .filter(point -> isVisible(point, mayReadTable)).toList()));
            }
            else if (snapshot instanceof GaugeSnapshot gauge)
            {
                visible.add(new GaugeSnapshot(gauge.getMetadata(), gauge.getDataPoints().stream()
                    .filter(point -> isVisible(point, mayReadTable)).toList()));
            }
            // any other kind with a table the caller may not read is left out whole
        }
        return new MetricSnapshots(visible);
    }

    private static boolean isVisible(final DataPointSnapshot point, final Predicate<String> mayReadTable)
    {
        final String table = point.getLabels().get(TABLE_LABEL);
        return table == null || mayReadTable.test(table);
    }
}
