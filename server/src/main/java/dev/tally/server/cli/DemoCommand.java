package dev.tally.server.cli;

import dev.tally.ingest.sample.WebEvent;
import dev.tally.ingest.sample.WebEventGenerator;
import dev.tally.ingest.sample.WebEventRows;
import dev.tally.storage.catalog.Catalog;
import dev.tally.storage.catalog.SegmentDescriptor;
import dev.tally.storage.schema.TableSpec;
import dev.tally.storage.segment.BlockScratch;
import dev.tally.storage.segment.DimensionColumn;
import dev.tally.storage.segment.Segment;
import dev.tally.storage.segment.SegmentInfo;
import dev.tally.storage.segment.SegmentWriter;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Writes generated web events to a segment of a demo table, commits it to the table's catalog, maps it back and
 * answers two dashboard questions through the bitmap index and a column scan. Stands in for the server's
 * quickstart until the query and ingest layers exist.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Write generated events to a segment, commit it, read it back and query it.")
final class DemoCommand implements Callable<Integer>
{
    private static final String SPEC = """
        {"name": "events",
         "timestamp": {"column": "ts", "format": "auto"},
         "dimensions": ["country", "device", "os", "browser", "page"],
         "metrics": [{"name": "count", "type": "count"},
                     {"name": "revenue", "type": "doubleSum", "field": "revenue"},
                     {"name": "latency_max", "type": "longMax", "field": "latency_ms"}],
         "rollup": "NONE", "segmentGranularity": "P1D"}
        """;

    @Option(names = "--rows", defaultValue = "1000000", description = "Events to generate (default ${DEFAULT-VALUE}).")
    private int rows;

    @Option(names = "--data-dir", defaultValue = "./data", description = "Data directory (default ${DEFAULT-VALUE}).")
    private Path dataDir;

    @Option(names = "--seed", defaultValue = "1", description = "Generator seed (default ${DEFAULT-VALUE}).")
    private long seed;

    @Override
    public Integer call() throws Exception
    {
        final TableSpec spec = TableSpec.parse(SPEC);
        final Path tableDir = dataDir.resolve(spec.name());
        Files.createDirectories(tableDir);
        final long dayStart = 1_767_225_600_000L; // 2026-01-01T00:00Z
        final WebEventGenerator generator = new WebEventGenerator(seed, dayStart,
            WebEventGenerator.DEFAULT_WINDOW_MILLIS,
            rows);
        final WebEvent event = new WebEvent();
        final SegmentWriter writer = new SegmentWriter(spec.rowSchema());
        final WebEventRows eventRows = new WebEventRows(spec.rowSchema());

        long started = System.nanoTime();
        while (generator.hasNext())
        {
            eventRows.append(writer.rows(), generator.next(event));
        }
        final double generateSeconds = seconds(started);

        final Catalog catalog = Catalog.open(tableDir);
        {
            final long version = catalog.snapshot().version() + 1;
            final SegmentDescriptor pending = SegmentDescriptor.of(spec.name(), dayStart, dayStart + 86_400_000L,
                version, 0, rows, rows, 0);
            started = System.nanoTime();
            final SegmentInfo info = writer.write(tableDir.resolve(pending.fileName()));
            final double writeSeconds = seconds(started);
            final SegmentDescriptor written = SegmentDescriptor.of(spec.name(), dayStart, dayStart + 86_400_000L,
                version, 0, rows, rows, info.sizeBytes());
            final List<SegmentDescriptor> replaced = catalog.snapshot().segments();
            catalog.replaceSegments(replaced.stream().map(SegmentDescriptor::id).toList(), List.of(written));
            for (final SegmentDescriptor old : replaced)
            {
                if (!old.fileName().equals(written.fileName()))
                {
                    Files.deleteIfExists(tableDir.resolve(old.fileName()));
                }
            }

            System.out.printf("generated %,d events in %.2f s%n", rows, generateSeconds);
            System.out.printf("wrote %s: %,d bytes (%.1f bytes/row) in %.2f s (%,.0f rows/s)%n", info.file(),
                info.sizeBytes(), (double)info.sizeBytes() / rows, writeSeconds, rows / writeSeconds);
            System.out.printf("committed manifest version %d of table '%s' in %s%n", catalog.snapshot().version(),
                spec.name(), tableDir);
            query(info.file());
        }
        return 0;
    }

    private static void query(final Path file) throws Exception
    {
        try (Segment segment = Segment.open(file))
        {
            final DimensionColumn country = segment.dimension("country");
            final DimensionColumn device = segment.dimension("device");
            long started = System.nanoTime();
            final int us = country.idOf("US");
            final int mobile = device.idOf("mobile");
            final long usMobile = ImmutableRoaringBitmap.andCardinality(country.bitmap(us), device.bitmap(mobile));
            System.out.printf("SELECT COUNT(*) WHERE country = 'US' AND device = 'mobile' -> %,d  (bitmaps, %.3f ms)%n",
                usMobile, (System.nanoTime() - started) / 1e6);

            started = System.nanoTime();
            final BlockScratch scratch = new BlockScratch();
            final double[] revenue = new double[segment.blockRows()];
            double total = 0;
            for (int b = 0; b < segment.blockCount(); b++)
            {
                final int n = segment.doubleMetric(1).read(b, revenue, scratch);
                for (int i = 0; i < n; i++)
                {
                    total += revenue[i];
                }
            }
            System.out.printf("SELECT SUM(revenue) -> %,.2f  (scan of %,d rows, %.3f ms)%n", total, segment.rowCount(),
                (System.nanoTime() - started) / 1e6);
            System.out.printf("columns: country %d values, page %d values; %d blocks of %,d rows%n",
                country.cardinality(), segment.dimension("page").cardinality(), segment.blockCount(),
                segment.blockRows());
        }
    }

    private static double seconds(final long startedNanos)
    {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
