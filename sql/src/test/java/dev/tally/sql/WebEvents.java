package dev.tally.sql;

import dev.tally.ingest.sample.WebEvent;
import dev.tally.ingest.sample.WebEventGenerator;
import dev.tally.storage.read.RowBuffer;
import dev.tally.storage.read.RowSource;
import dev.tally.storage.schema.ColumnSpec;
import dev.tally.storage.schema.MetricType;
import dev.tally.storage.schema.RowSchema;
import dev.tally.storage.schema.ValueType;
import org.apache.datasketches.hll.HllSketch;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's web-analytics events, raw (one row per event), as table {@code events} twice: in RowBuffer sources
 * for Tally (split in three, so groups span sources) and in an in-memory DuckDB, the oracle. DuckDB's {@code users}
 * column holds the user id where Tally's holds a one-value HLL sketch of it.
 */
final class WebEvents implements AutoCloseable
{
    static final long START = 1_767_225_600_000L; // 2026-01-01T00:00Z
    static final String[] DIMENSIONS = {"country", "device", "os", "browser", "page", "referrer"};

    final RowSchema schema;
    /** {@code rolled}: dimensions country, device, os, browser and the same metrics. */
    final RowSchema narrowSchema;
    final List<RowSource> sources = new ArrayList<>();
    /** The same events rolled up to one minute (count, revenue sum, latency max, HLL union per minute and dims). */
    final List<RowSource> rolledSources = new ArrayList<>();
    int rolledRows;
    final Connection duck;

    WebEvents(final long seed, final int count) throws SQLException
    {
        final List<ColumnSpec> dimensions = new ArrayList<>();
        for (final String name : DIMENSIONS)
        {
            dimensions.add(ColumnSpec.dimension(name, ValueType.STRING));
        }
        dimensions.add(ColumnSpec.dimension("quantity", ValueType.LONG));
        schema = new RowSchema(dimensions, List.of(
            ColumnSpec.metric("count", MetricType.COUNT),
            ColumnSpec.metric("revenue", MetricType.DOUBLE_SUM),
            ColumnSpec.metric("latency_max", MetricType.LONG_MAX),
            ColumnSpec.metric("users", MetricType.HLL_SKETCH)));
        narrowSchema = new RowSchema(dimensions.subList(0, 4), schema.metrics());
        duck = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement statement = duck.createStatement())
        {
            statement.execute("CREATE TABLE events (__time TIMESTAMP, country VARCHAR, device VARCHAR, os VARCHAR, " +
                "browser VARCHAR, page VARCHAR, referrer VARCHAR, quantity BIGINT, \"count\" BIGINT, " +
                "revenue DOUBLE, latency_max BIGINT, users VARCHAR)");
        }
        final RowBuffer[] buffers = {new RowBuffer(schema), new RowBuffer(schema), new RowBuffer(schema)};
        final java.util.Map<List<Object>, Rolled> rolled = new java.util.LinkedHashMap<>();
        final WebEventGenerator generator = new WebEventGenerator(seed, START, 6 * 3_600_000L, count);
        final WebEvent event = new WebEvent();
        try (PreparedStatement insert = duck.prepareStatement(
            "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"))
        {
            int i = 0;
            while (generator.hasNext())
            {
                generator.next(event);
                final Long quantity = i % 7 == 0 ? null : (long)(i % 13) - 3;
                final RowBuffer buffer = buffers[i % 3];
                buffer.row(event.timestamp);
                final String[] values = {event.country, event.device, event.os, event.browser, event.page,
                    event.referrer};
                for (int d = 0; d < values.length; d++)
                {
                    if (values[d] == null)
                    {
                        buffer.nullDimension(d);
                    }
                    else
                    {
                        buffer.dimension(d, values[d]);
                    }
                }
                if (quantity == null)
                {
                    buffer.nullDimension(6);
                }
                else
                {
                    buffer.dimension(6, quantity.longValue());
                }
                final HllSketch sketch = new HllSketch(12);
                sketch.update(event.userId);
                buffer.metric(0, 1L).metric(1, event.revenue).metric(2, event.latencyMs)
                    .sketch(3, sketch.toCompactByteArray()).endRow();

                final List<Object> key = new ArrayList<>(java.util.Arrays.asList((Object[])values).subList(0, 4));
                key.add(0, event.timestamp - Math.floorMod(event.timestamp, 60_000L));
                key.add(i % 3);
                rolled.computeIfAbsent(key, k -> new Rolled()).add(event);

                insert.setTimestamp(1, new Timestamp(event.timestamp));
                for (int d = 0; d < values.length; d++)
                {
                    insert.setString(2 + d, values[d]);
                }
                if (quantity == null)
                {
                    insert.setNull(8, Types.BIGINT);
                }
                else
                {
                    insert.setLong(8, quantity);
                }
                insert.setLong(9, 1);
                insert.setDouble(10, event.revenue);
                insert.setLong(11, event.latencyMs);
                insert.setString(12, event.userId);
                insert.addBatch();
                i++;
            }
            insert.executeBatch();
        }
        for (final RowBuffer buffer : buffers)
        {
            sources.add(buffer.view(1024));
        }
        // rolled up per raw source, as the live index does best-effort: a minute's key may have a row in each source
        final RowBuffer[] rolledBuffers = {new RowBuffer(narrowSchema), new RowBuffer(narrowSchema),
            new RowBuffer(narrowSchema)};
        for (final java.util.Map.Entry<List<Object>, Rolled> entry : rolled.entrySet())
        {
            final List<Object> k = entry.getKey();
            final RowBuffer buffer = rolledBuffers[(Integer)k.get(5)];
            buffer.row((Long)k.get(0));
            for (int d = 0; d < 4; d++)
            {
                buffer.dimension(d, (String)k.get(1 + d));
            }
            final Rolled value = entry.getValue();
            buffer.metric(0, value.count).metric(1, value.revenue).metric(2, value.latencyMax)
                .sketch(3, value.users.getResult().toCompactByteArray()).endRow();
            rolledRows++;
        }
        for (final RowBuffer buffer : rolledBuffers)
        {
            rolledSources.add(buffer.view(512));
        }
    }

    /** One minute's rolled-up metrics for one combination of dimension values. */
    private static final class Rolled
    {
        long count;
        double revenue;
        long latencyMax = Long.MIN_VALUE;
        final org.apache.datasketches.hll.Union users = new org.apache.datasketches.hll.Union(12);

        void add(final WebEvent event)
        {
            count++;
            revenue += event.revenue;
            latencyMax = Math.max(latencyMax, event.latencyMs);
            users.update(event.userId);
        }
    }

    StaticTableProvider provider()
    {
        return new StaticTableProvider().add("events", schema, sources).add("rolled", narrowSchema, rolledSources);
    }

    @Override
    public void close() throws SQLException
    {
        duck.close();
    }
}
