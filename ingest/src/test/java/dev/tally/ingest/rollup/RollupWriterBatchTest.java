package dev.tally.ingest.rollup;

import dev.tally.ingest.record.EventParser;
import dev.tally.ingest.record.EventRecordReader;
import dev.tally.ingest.record.IngestErrors;
import dev.tally.ingest.source.RecordBatcher;
import dev.tally.ingest.testing.BadEvents;
import dev.tally.ingest.testing.WriterDrain;
import dev.tally.storage.catalog.Catalog;
import dev.tally.storage.catalog.TableSegments;
import dev.tally.storage.read.RowBuffer;
import dev.tally.storage.schema.TableSpec;
import dev.tally.storage.segment.SegmentWriter;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.jctools.queues.MpscUnboundedArrayQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The writer applies a batch that surely fits the live index in passes ({@link LiveIndex#applyBatch}) and any other
 * record by record; both must leave exactly the indexes that applying every record in turn leaves: same rows in the
 * same order, same dictionary ids, same positions, and byte-identical segments.
 */
class RollupWriterBatchTest
{
    private static final int EVENTS = 30_000;

    @TempDir
    Path dir;

    private final TableSpec spec = TableSpec.parse(BadEvents.SPEC);

    @Test
    void batchesAcrossRotationsLeaveTheIndexesRecordByRecordApplyLeaves() throws Exception
    {
        final List<byte[]> events = events(11);
        for (final int maxRows : new int[] {EVENTS + 1, 2_500, 777})
        {
            final List<LiveIndex> expected = recordByRecord(events, maxRows);
            final List<LiveIndex> actual = throughWriter(events, maxRows);
            assertThat(actual).hasSameSizeAs(expected);
            assertThat(expected.size() > 2).isEqualTo(maxRows < EVENTS);
            if (maxRows > EVENTS)
            {
                // most events roll into an existing row, so the row hash matches as often as it appends
                assertThat(expected.get(0).eventCount()).isGreaterThan(expected.get(0).rowCount() * 3L / 2);
            }
            for (int i = 0; i < expected.size(); i++)
            {
                assertSame(expected.get(i), actual.get(i), "maxRows " + maxRows + " index " + i);
            }
        }
    }

    @Test
    void batchesOnlyWhenEveryRecordCouldBeANewRowOfARollingIndex()
    {
        final LiveIndex rolling = new LiveIndex(spec, 64, 100, "t");
        assertThat(rolling.fitsBatch(100)).isTrue();
        assertThat(rolling.fitsBatch(101)).isFalse();
        final TableSpec none = TableSpec.parse(BadEvents.SPEC.replace("\"PT1M\"", "\"NONE\""));
        assertThat(new LiveIndex(none, 64, 100, "t").fitsBatch(1)).isFalse();
    }

    /** Good events over two hours (some fields missing) with a bad one now and then, which becomes a skipped record. */
    private static List<byte[]> events(final long seed)
    {
        final Random random = new Random(seed);
        final List<BadEvents.BadEvent> bad = BadEvents.corpus(EventParser.MAX_EVENT_BYTES_DEFAULT,
            EventParser.MAX_VALUE_BYTES_DEFAULT);
        final List<byte[]> events = new ArrayList<>(EVENTS);
        final long start = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        for (int i = 0; i < EVENTS; i++)
        {
            if (random.nextInt(40) == 0)
            {
                events.add(bad.get(random.nextInt(bad.size())).raw());
                continue;
            }
            final StringBuilder json = new StringBuilder("{\"ts\":\"")
                .append(Instant.ofEpochMilli(start + random.nextInt(7_200_000))).append('"');
            if (random.nextInt(20) != 0)
            {
                final int country = random.nextInt(8);
                json.append(",\"country\":\"c").append(country).append('-').append("x".repeat(country * 3))
                    .append('"');
            }
            json.append(",\"device\":\"").append(random.nextBoolean() ? "phone" : "desktop").append('"');
            if (random.nextInt(10) != 0)
            {
                json.append(",\"quantity\":").append(random.nextInt(6));
            }
            json.append(",\"revenue\":").append(random.nextInt(1000) / 100.0)
                .append(",\"latency_ms\":").append(random.nextInt(5000))
                .append(",\"user_id\":\"u").append(random.nextInt(random.nextBoolean() ? 3 : 3000)).append("\"}");
            events.add(json.toString().getBytes(StandardCharsets.UTF_8));
        }
        return events;
    }

    /** The reference: each record applied in turn, a fresh index whenever one is full. */
    private List<LiveIndex> recordByRecord(final List<byte[]> events, final int maxRows)
    {
        final EventParser parser = new EventParser(spec, new IngestErrors());
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[parser.maxRecordLength()]);
        final EventRecordReader reader = new EventRecordReader();
        final List<LiveIndex> indexes = new ArrayList<>();
        LiveIndex live = new LiveIndex(spec, 256, maxRows, "expected");
        for (int i = 0; i < events.size(); i++)
        {
            final byte[] raw = events.get(i);
            assertThat(parser.parse(raw, 0, raw.length, i % 3, i, buffer, 0, buffer.capacity())).isPositive();
            reader.wrap(buffer, 0);
            if (!live.hasRoom())
            {
                live.publish();
                indexes.add(live);
                live = new LiveIndex(spec, 256, maxRows, "expected");
            }
            live.apply(reader);
        }
        live.publish();
        indexes.add(live);
        return indexes;
    }

    /** The events through a source's batcher, the ring buffer and the writer; then a persist takes the last index. */
    private List<LiveIndex> throughWriter(final List<byte[]> events, final int maxRows) throws Exception
    {
        final Path tableDir = Files.createTempDirectory(dir, "table");
        try (TableSegments segments = TableSegments.open(Catalog.open(tableDir)))
        {
            final ManyToOneRingBuffer ring = new ManyToOneRingBuffer(new UnsafeBuffer(
                ByteBuffer.allocateDirect((1 << 20) + RingBufferDescriptor.TRAILER_LENGTH)));
            final Queue<FrozenIndex> frozen = new MpscUnboundedArrayQueue<>(16);
            final RollupTable table = new RollupTable(spec, segments, 256, maxRows);
            final RollupWriter writer = new RollupWriter(table, ring, frozen, 3_600_000, Integer.MAX_VALUE);
            final RecordBatcher batcher = new RecordBatcher(ring, new EventParser(spec, new IngestErrors()),
                new WriterDrain(writer, ring), () -> false);
            for (int i = 0; i < events.size(); i++)
            {
                final byte[] raw = events.get(i);
                assertThat(batcher.offer(raw, 0, raw.length, i % 3, i)).isTrue();
            }
            assertThat(batcher.flush()).isTrue();
            WriterDrain.drain(writer, ring);
            writer.requestPersist();
            writer.doWork();
            final List<LiveIndex> indexes = new ArrayList<>();
            for (FrozenIndex index = frozen.poll(); index != null; index = frozen.poll())
            {
                indexes.add(index.index());
            }
            return indexes;
        }
    }

    private void assertSame(final LiveIndex expected, final LiveIndex actual, final String what) throws Exception
    {
        assertThat(actual.rowCount()).as(what).isEqualTo(expected.rowCount());
        assertThat(actual.eventCount()).as(what).isEqualTo(expected.eventCount());
        assertThat(actual.partitionLimit()).as(what).isEqualTo(expected.partitionLimit());
        for (int p = 0; p < expected.partitionLimit(); p++)
        {
            assertThat(actual.position(p)).as(what).isEqualTo(expected.position(p));
        }
        for (int d = 0; d < spec.rowSchema().dimensions().size(); d++)
        {
            final LiveDictionary a = actual.dictionary(d);
            final LiveDictionary e = expected.dictionary(d);
            assertThat(a.size()).as(what).isEqualTo(e.size());
            if (e.strings() != null)
            {
                assertThat(Arrays.copyOf(a.strings(), a.size() + 1)).as(what)
                    .containsExactly(Arrays.copyOf(e.strings(), e.size() + 1));
            }
            else
            {
                assertThat(Arrays.copyOf(a.numerics(), a.size() + 1)).as(what)
                    .containsExactly(Arrays.copyOf(e.numerics(), e.size() + 1));
            }
        }
        for (int row = 0; row < expected.rowCount(); row++)
        {
            assertThat(actual.time(row)).as(what).isEqualTo(expected.time(row));
            assertThat(actual.events(row)).as(what).isEqualTo(expected.events(row));
        }
        assertThat(segment(actual, "actual")).as(what).isEqualTo(segment(expected, "expected"));
    }

    private byte[] segment(final LiveIndex index, final String name) throws Exception
    {
        final RowBuffer rows = new RowBuffer(spec.rowSchema());
        final int[] all = new int[index.rowCount()];
        Arrays.setAll(all, i -> i);
        index.copyRows(all, all.length, rows);
        final Path file = Files.createTempFile(dir, name, ".seg");
        new SegmentWriter(rows, SegmentWriter.Options.DEFAULT).write(file);
        return Files.readAllBytes(file);
    }

}
