package dev.tally.storage.segment;

/**
 * A stable merge sort of an {@code int[]} of row numbers by a primitive comparator, so sorting a million rows boxes
 * nothing.
 */
final class RowSort
{
    private static final int INSERTION_THRESHOLD = 24;

    @FunctionalInterface
    interface RowComparator
    {
        int compare(int a, int b);
    }

    private RowSort()
    {
    }

    static void sort(final int[] rows, final RowComparator comparator)
    {
        final int[] scratch = rows.clone();
        mergeSort(scratch, rows, 0, rows.length, comparator);
    }

    /** Sorts {@code src[from, to)} into {@code dst[from, to)}; both hold the same elements on entry. */
    private static void mergeSort(
        final int[] src, final int[] dst, final int from, final int to, final RowComparator comparator)
    {
        final int length = to - from;
        if (length <= INSERTION_THRESHOLD)
        {
            for (int i = from + 1; i < to; i++)
            {
                final int value = dst[i];
                int j = i - 1;
                while (j >= from && comparator.compare(dst[j], value) > 0)
                {
                    dst[j + 1] = dst[j];
                    j--;
                }
                dst[j + 1] = value;
            }
            return;
        }
        final int mid = (from + to) >>> 1;
        mergeSort(dst, src, from, mid, comparator);
        mergeSort(dst, src, mid, to, comparator);
        if (comparator.compare(src[mid - 1], src[mid]) <= 0)
        {
            System.arraycopy(src, from, dst, from, length);
            return;
        }
        int i = from;
        int j = mid;
        for (int k = from; k < to; k++)
        {
            if (j >= to || (i < mid && comparator.compare(src[i], src[j]) <= 0))
            {
                dst[k] = src[i++];
            }
            else
            {
                dst[k] = src[j++];
            }
        }
    }
}
