package dev.tally.ingest.sample;

import dev.tally.ingest.rollup.LiveIndex;
import dev.tally.storage.read.RowBuffer;
import dev.tally.storage.schema.ColumnSpec;
import dev.tally.storage.schema.MetricType;
import dev.tally.storage.schema.RowSchema;
import org.apache.datasketches.hll.HllSketch;

import java.util.List;

/**
 * Appends generated events as raw rows (one event per row) to a {@link RowBuffer} of any schema whose columns are
 * named after the event's fields: dimensions {@code country, device, os, browser, page, referrer}, metrics
 * {@code count} (1 per event), {@code revenue}, {@code latency_max}/{@code latency_ms} and {@code users} (an HLL
 * sketch of the event's user id, as ingest builds it). Other columns stay NULL.
 */
public final class WebEventRows
{
    private static final List<String> DIMENSIONS = List.of("country", "device", "os", "browser", "page", "referrer");

    private final int[] dimensionFields;
    private final int countMetric;
    private final int revenueMetric;
    private final int latencyMetric;
    private final int usersMetric;

    public WebEventRows(final RowSchema schema)
    {
        dimensionFields = new int[schema.dimensions().size()];
        for (int d = 0; d < dimensionFields.length; d++)
        {
            dimensionFields[d] = DIMENSIONS.indexOf(schema.dimensions().get(d).name());
        }
        countMetric = schema.metricIndex("count");
        revenueMetric = schema.metricIndex("revenue");
        latencyMetric = latencyIndex(schema.metrics());
        final int users = schema.metricIndex("users");
        usersMetric = users >= 0 && schema.metrics().get(users).metricType() == MetricType.HLL_SKETCH ? users : -1;
    }

    private static int latencyIndex(final List<ColumnSpec> metrics)
    {
        for (int m = 0; m < metrics.size(); m++)
        {
            if (metrics.get(m).name().startsWith("latency"))
            {
                return m;
            }
        }
        return -1;
    }

    public void append(final RowBuffer rows, final WebEvent event)
    {
        rows.row(event.timestamp);
        for (int d = 0; d < dimensionFields.length; d++)
        {
            final String value = switch (dimensionFields[d])
            {
                case 0 -> event.country;
                case 1 -> event.device;
                case 2 -> event.os;
                case 3 -> event.browser;
                case 4 -> event.page;
                case 5 -> event.referrer;
                default -> null;
            };
            rows.dimension(d, value);
        }
        if (countMetric >= 0)
        {
            rows.metric(countMetric, 1L);
        }
        if (revenueMetric >= 0)
        {
            rows.metric(revenueMetric, event.revenue);
        }
        if (latencyMetric >= 0)
        {
            rows.metric(latencyMetric, event.latencyMs);
        }
        if (usersMetric >= 0)
        {
            final HllSketch users = new HllSketch(LiveIndex.HLL_LG_K);
            users.update(event.userId);
            rows.sketch(usersMetric, users.toCompactByteArray());
        }
        rows.endRow();
    }
}
