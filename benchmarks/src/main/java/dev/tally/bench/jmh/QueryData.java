package dev.tally.bench.jmh;

import dev.tally.bench.BenchFiles;
import dev.tally.ingest.sample.WebEvent;
import dev.tally.ingest.sample.WebEventGenerator;
import dev.tally.ingest.sample.WebEventRows;
import dev.tally.storage.read.RowBuffer;
import dev.tally.storage.segment.Segment;
import dev.tally.storage.segment.SegmentWriter;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The query benchmarks' data: {@code rows} generated web events of the wide schema over 24 h, as one segment per
 * hour (Tally) and as one DuckDB table holding the very same rows. Built once per size under the system temp dir and
 * reused by later forks and runs (delete the directory to rebuild).
 */
final class QueryData implements AutoCloseable
{
    static final long DAY_MILLIS = 24 * 3_600_000L;

    final List<Segment> segments = new ArrayList<>();
    final Connection duckdb;

    QueryData(final int rows) throws IOException, SQLException
    {
        final Path dir = Path.of(System.getProperty("java.io.tmpdir"), "tally-bench-query-" + rows);
        final Path done = dir.resolve("COMPLETE");
        if (!Files.exists(done))
        {
            BenchFiles.deleteRecursively(dir);
            Files.createDirectories(dir);
            build(dir, rows);
            Files.writeString(done, "ok");
        }
        try (var files = Files.list(dir))
        {
            for (final Path file : files.filter(p -> p.toString().endsWith(".seg")).sorted().toList())
            {
                segments.add(Segment.open(file));
            }
        }
        duckdb = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("events.duckdb"));
    }

    private static void build(final Path dir, final int rows) throws IOException, SQLException
    {
        final WebEventGenerator generator = new WebEventGenerator(BenchSegments.SEED, BenchSegments.START, DAY_MILLIS,
            rows);
        final WebEvent event = new WebEvent();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("events.duckdb")))
        {
            try (Statement statement = connection.createStatement())
            {
                statement.execute("CREATE TABLE raw_events (ts_ms BIGINT, country VARCHAR, device VARCHAR, " +
                    "os VARCHAR, browser VARCHAR, page VARCHAR, referrer VARCHAR, count BIGINT, revenue DOUBLE, " +
                    "latency_max BIGINT)");
            }
            final RowBuffer[] hours = new RowBuffer[24];
            final WebEventRows eventRows = new WebEventRows(BenchSegments.WIDE);
            try (DuckDBAppender appender = ((DuckDBConnection)connection).createAppender(
                DuckDBConnection.DEFAULT_SCHEMA, "raw_events"))
            {
                while (generator.hasNext())
                {
                    generator.next(event);
                    // one segment per hour, as segmentGranularity PT1H would make
                    final int index = (int)((event.timestamp - BenchSegments.START) / 3_600_000L);
                    if (hours[index] == null)
                    {
                        hours[index] = new RowBuffer(BenchSegments.WIDE);
                    }
                    eventRows.append(hours[index], event);
                    appender.beginRow();
                    appender.append(event.timestamp);
                    appender.append(event.country);
                    appender.append(event.device);
                    appender.append(event.os);
                    appender.append(event.browser);
                    appender.append(event.page);
                    appender.append(event.referrer);
                    appender.append(1L);
                    appender.append(event.revenue);
                    appender.append(event.latencyMs);
                    appender.endRow();
                }
            }
            for (int h = 0; h < hours.length; h++)
            {
                if (hours[h] != null)
                {
                    write(dir, hours[h], BenchSegments.START + h * 3_600_000L);
                    hours[h] = null;
                }
            }
            try (Statement statement = connection.createStatement())
            {
                statement.execute("CREATE TABLE events AS SELECT epoch_ms(ts_ms) AS __time, * EXCLUDE (ts_ms) " +
                    "FROM raw_events ORDER BY ts_ms");
                statement.execute("DROP TABLE raw_events");
                statement.execute("CHECKPOINT");
            }
        }
    }

    private static void write(final Path dir, final RowBuffer rows, final long hourStart) throws IOException
    {
        new SegmentWriter(rows, SegmentWriter.Options.DEFAULT).write(dir.resolve("events-" + hourStart + ".seg"));
    }

    @Override
    public void close() throws SQLException
    {
        segments.forEach(Segment::close);
        duckdb.close();
    }
}
