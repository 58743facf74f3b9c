package dev.tally.query.exec;

/**
 * One aggregation's state for the groups of one source, held in primitive arrays indexed by group number and fed
 * a block at a time: {@code selection[0, count)} are the selected rows' offsets in the block and {@code groups[i]}
 * is the group of row {@code selection[i]}. {@code weights} are the rows' event counts (the rollup's count metric),
 * or {@code null} when every row is one event. Owned by the thread processing the source.
 */
abstract class GroupAggregator
{
    /** Makes room for groups {@code [0, groups)}. */
    abstract void grow(int groups);

    abstract void add(BlockData data, int[] selection, int count, int[] groups, long[] weights);

    /** The group's state as a mergeable partial (see {@link Partials}). */
    abstract Object partial(int group);

    static int grownSize(final int current, final int needed)
    {
        return Math.max(needed, Math.min(Integer.MAX_VALUE - 8, Math.max(16, current * 2)));
    }
}
