package dev.tally.ingest.rollup;

import dev.tally.ingest.record.EventParser;
import dev.tally.ingest.record.EventRecord;
import dev.tally.ingest.record.EventRecordReader;
import dev.tally.ingest.record.IngestErrors;
import dev.tally.storage.read.DimensionReader;
import dev.tally.storage.read.RowBuffer;
import dev.tally.storage.read.RowSource;
import dev.tally.storage.schema.TableSpec;
import dev.tally.storage.segment.BlockScratch;
import dev.tally.storage.segment.SketchBlock;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.datasketches.hll.HllSketch;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A row's HLL sketch, whether the index holds it as a single coupon or as a sketch object, reads and persists as the
 * exact bytes of a library sketch fed the row's values the way the index always fed them.
 */
class LiveIndexHllTest
{
    private static final long SEED = 0x4C4C_5EEDL;
    private static final int HLL = 1;

    private static final TableSpec SPEC = TableSpec.parse("""
        {"name": "t", "timestamp": {"column": "ts", "format": "millis"},
         "dimensions": ["k"],
         "metrics": [
           {"name": "count", "type": "count"},
           {"name": "u", "type": "hllSketch", "field": "u"}],
         "rollup": "PT1M", "segmentGranularity": "PT1H", "source": {"type": "push"}}
        """);

    @Test
    void rowSketchBytesEqualTheLibrarysForOneTwoAndManyValuesOfEveryType()
    {
        System.out.println("LiveIndexHllTest seed " + SEED);
        final Random random = new Random(SEED);
        final int keys = 400;
        final int events = 6_000;
        final LiveIndex index = new LiveIndex(SPEC, 256, events, "t");
        final EventParser parser = new EventParser(SPEC, new IngestErrors());
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1 << 12]);
        final EventRecordReader reader = new EventRecordReader();
        final Map<String, HllSketch> expected = new HashMap<>();
        final byte[] utf8 = new byte[1 << 12];
        for (int i = 0; i < events; i++)
        {
            // skewed keys: many rows see one event, some a few, some hundreds
            final int key = (int)Math.min(keys - 1, Math.abs(random.nextGaussian()) * keys / 3);
            final String k = "k" + key;
            final String json = "{\"ts\": " + (1_767_225_600_000L + i) + ", \"k\": \"" + k + "\"" +
                value(random, key) + "}";
            final byte[] raw = json.getBytes(StandardCharsets.UTF_8);
            assertThat(parser.parse(raw, 0, raw.length, 0, i, buffer, 0, buffer.capacity())).isPositive();
            reader.wrap(buffer, 0);
            index.apply(reader);

            // the library, fed as LiveIndex fed it before rows kept coupons
            final int field = 1;
            final byte tag = reader.tag(field);
            if (tag == EventRecord.TAG_NULL)
            {
                continue;
            }
            final HllSketch sketch = expected.computeIfAbsent(k, ignored -> new HllSketch(LiveIndex.HLL_LG_K));
            if (tag == EventRecord.TAG_STRING)
            {
                final int length = reader.stringLength(field);
                reader.buffer().getBytes(reader.stringOffset(field), utf8, 0, length);
                sketch.update(ByteBuffer.wrap(utf8, 0, length));
            }
            else if (tag == EventRecord.TAG_LONG)
            {
                sketch.update(reader.longValue(field));
            }
            else
            {
                sketch.update(reader.doubleValue(field));
            }
        }
        index.publish();

        final int rows = index.rowCount();
        final RowBuffer copied = new RowBuffer(SPEC.rowSchema());
        final int[] all = new int[rows];
        Arrays.setAll(all, i -> i);
        index.copyRows(all, rows, copied);
        final RowSource view = index.view();
        final DimensionReader dimension = view.dimension(0);
        final SketchBlock block = new SketchBlock();
        final int[] ids = new int[view.blockRows()];
        int oneCoupon = 0;
        for (int b = 0, row = 0; row < rows; b++)
        {
            final int n = dimension.readIds(b, ids, new BlockScratch());
            view.metric(HLL).readSketches(b, block, new BlockScratch());
            for (int i = 0; i < n; i++, row++)
            {
                final String k = dimension.stringValue(ids[i]);
                final HllSketch library = expected.get(k);
                final byte[] bytes = library == null ? null : library.toCompactByteArray();
                assertThat(block.length(i) == 0 ? null : block.copy(i)).as("view row[%d] key[%s]", row, k)
                    .isEqualTo(bytes);
                assertThat(copied.sketch(HLL, row)).as("copied row[%d] key[%s]", row, k).isEqualTo(bytes);
                oneCoupon += index.sketches[HLL][row >>> index.shift()][row & (view.blockRows() - 1)] == null &&
                    bytes != null ? 1 : 0;
            }
        }
        assertThat(oneCoupon).as("rows held as one coupon").isGreaterThan(10).isLessThan(rows);
    }

    /** The u field: mostly one value per key (often repeated), sometimes others, of every type, or missing. */
    private static String value(final Random random, final int key)
    {
        final int kind = random.nextInt(20);
        return switch (kind)
        {
            case 0 -> "";
            case 1 -> ", \"u\": \"\"";
            case 2 -> ", \"u\": " + random.nextInt(5);
            case 3 -> ", \"u\": " + (random.nextBoolean() ? "-0.0" : "0.0");
            case 4 -> ", \"u\": " + random.nextInt(5) + ".5";
            case 5 -> ", \"u\": \"\u00e9t\u00e9-" + random.nextInt(3) + "\"";
            case 6, 7 -> ", \"u\": \"user-" + random.nextInt(1_000) + "-with-a-longer-name\"";
            default -> ", \"u\": \"user-" + key + "\"";
        };
    }
}
