package dev.tally.storage.read;

import org.roaringbitmap.buffer.ImmutableRoaringBitmap;

/**
 * A dimension of an in-memory source (a live or buffered index): ids in arrival order, no bitmap index and no
 * per-block id statistics. Filters match its dictionary once and then test ids.
 */
public interface UnindexedDimensionReader extends DimensionReader
{
    @Override
    default boolean isSorted()
    {
        return false;
    }

    @Override
    default boolean hasBitmaps()
    {
        return false;
    }

    @Override
    default ImmutableRoaringBitmap bitmap(final int id)
    {
        throw new UnsupportedOperationException("dimension[" + spec().name() + "] of an in-memory source has no " +
            "bitmap index");
    }

    @Override
    default int blockMinId(final int block)
    {
        return 0;
    }

    @Override
    default int blockMaxId(final int block)
    {
        return idCount() - 1;
    }
}
