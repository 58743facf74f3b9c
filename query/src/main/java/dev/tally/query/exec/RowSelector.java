package dev.tally.query.exec;

import dev.tally.query.model.Interval;
import dev.tally.storage.read.RowSource;
import org.roaringbitmap.PeekableIntIterator;
import org.roaringbitmap.buffer.MutableRoaringBitmap;

import java.util.List;

/**
 * Chooses the rows of one source a query reads, block by block: blocks outside the time intervals are skipped on
 * their min/max; a filter whose leaves all have bitmaps is evaluated once for the whole source as a bitmap (blocks
 * without a selected row are skipped unread); any other filter is evaluated on the block's decoded vectors. Owned
 * by the thread processing the source.
 */
final class RowSelector
{
    private final RowSource source;
    private final List<Interval> intervals;
    private final FilterNode filter;
    private final MutableRoaringBitmap selected;
    private final PeekableIntIterator selectedRows;

    /** @param intervals sorted, non-overlapping; empty means all time. */
    RowSelector(final RowSource source, final List<Interval> intervals, final FilterNode filter)
    {
        this.source = source;
        this.intervals = intervals;
        if (filter != null && filter.isBitmapCapable())
        {
            this.selected = filter.bitmaps(source.rowCount())[0];
            this.selectedRows = selected.getIntIterator();
            this.filter = null;
        }
        else
        {
            this.selected = null;
            this.selectedRows = null;
            this.filter = filter;
        }
    }

    /** Whether the source holds no rows the query can select (checked before any block is read). */
    boolean isEmpty()
    {
        if (source.rowCount() == 0 || (selected != null && selected.isEmpty()))
        {
            return true;
        }
        return timeCoverage(source.minTime(), source.maxTime()) == Coverage.NONE;
    }

    /**
     * Selects the rows of block {@code block} ({@code data} positioned on it by the caller, nothing read yet).
     *
     * @return the number of selected row offsets written to {@code data.selection()}; 0 when the block is skipped.
     */
    int select(final BlockData data, final int block)
    {
        final Coverage coverage = timeCoverage(source.time().blockMin(block), source.time().blockMax(block));
        if (coverage == Coverage.NONE)
        {
            return 0;
        }
        final int rows = data.rows();
        final int[] selection = data.selection();
        int count = 0;
        if (selected != null)
        {
            final int first = block * source.blockRows();
            final int end = first + rows;
            selectedRows.advanceIfNeeded(first);
            while (selectedRows.hasNext() && selectedRows.peekNext() < end)
            {
                selection[count++] = selectedRows.next() - first;
            }
            if (count == 0)
            {
                return 0;
            }
        }
        else if (filter != null)
        {
            filter.evaluate(data, rows);
            final byte[] truth = data.truth(filter.slot);
            for (int i = 0; i < rows; i++)
            {
                selection[count] = i;
                count += truth[i] == Truth.TRUE ? 1 : 0;
            }
        }
        else
        {
            for (int i = 0; i < rows; i++)
            {
                selection[i] = i;
            }
            count = rows;
        }
        if (coverage == Coverage.PARTIAL && count > 0)
        {
            final long[] time = data.time();
            int kept = 0;
            for (int i = 0; i < count; i++)
            {
                final int row = selection[i];
                selection[kept] = row;
                kept += inIntervals(time[row]) ? 1 : 0;
            }
            count = kept;
        }
        return count;
    }

    private enum Coverage
    {
        NONE,
        PARTIAL,
        ALL
    }

    private Coverage timeCoverage(final long min, final long max)
    {
        if (intervals.isEmpty())
        {
            return Coverage.ALL;
        }
        boolean overlaps = false;
        for (final Interval interval : intervals)
        {
            if (interval.start() <= min && max < interval.end())
            {
                return Coverage.ALL;
            }
            overlaps |= interval.overlaps(min, max);
        }
        return overlaps ? Coverage.PARTIAL : Coverage.NONE;
    }

    private boolean inIntervals(final long time)
    {
        for (final Interval interval : intervals)
        {
            if (interval.contains(time))
            {
                return true;
            }
        }
        return false;
    }
}
