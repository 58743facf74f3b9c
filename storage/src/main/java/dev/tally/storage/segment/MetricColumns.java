package dev.tally.storage.segment;

import dev.tally.index.BitmapIndex;
import dev.tally.storage.schema.ColumnSpec;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;
import org.roaringbitmap.buffer.MutableRoaringBitmap;

/** Opens the typed reader of a metric column from its table-of-contents sections. */
final class MetricColumns
{
    private static final ImmutableRoaringBitmap NO_NULLS = new MutableRoaringBitmap();

    private MetricColumns()
    {
    }

    static MetricColumn open(final Segment segment, final ColumnSpec spec, final long[] sections)
    {
        final ColumnBlocks.Payload payload = switch (spec.type())
        {
            case LONG -> ColumnBlocks.Payload.FRAME_OF_REFERENCE;
            case DOUBLE -> ColumnBlocks.Payload.FIXED8;
            case SKETCH -> ColumnBlocks.Payload.SKETCH;
            default -> throw new IllegalStateException("metric[" + spec.name() + "] of type " + spec.type());
        };
        final ColumnBlocks blocks = new ColumnBlocks(segment, spec.name(), payload, 0, (int)sections[0],
            (int)sections[1]);
        final ImmutableRoaringBitmap nulls;
        if (sections[7] == 0)
        {
            nulls = NO_NULLS;
        }
        else
        {
            final BitmapIndex index = new BitmapIndex(segment.mapped().slice((int)sections[6], (int)sections[7]));
            if (index.count() != 1)
            {
                throw new IllegalStateException("null bitmap count[" + index.count() + "] != 1");
            }
            nulls = index.bitmap(0);
        }
        return switch (spec.type())
        {
            case LONG -> new LongColumn(spec, blocks, nulls, segment.blockRows());
            case DOUBLE -> new DoubleColumn(spec, blocks, nulls, segment.blockRows());
            default -> new SketchColumn(spec, blocks, nulls, segment.blockRows());
        };
    }
}
