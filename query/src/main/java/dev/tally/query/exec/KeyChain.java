package dev.tally.query.exec;

import java.util.Arrays;

/**
 * Group keys too wide to pack into a long (many groupings whose codes are numbered as values occur, each given room
 * for the group limit): the codes are chained instead, each grouping after the first pairing the number of the
 * prefix so far with its own code in a primitive map, so a key of any width is one dense number below the group
 * limit, decoded back by walking the chain. Owned by the thread processing one source.
 */
final class KeyChain
{
    private final QueryContext context;
    private final String where;
    private final LongIntHashMap[] pairs;
    private final int[][] parents;
    private final int[][] codes;
    private final int[] next;

    KeyChain(final int groupings, final QueryContext context, final String where)
    {
        this.context = context;
        this.where = where;
        this.pairs = new LongIntHashMap[groupings];
        this.parents = new int[groupings][];
        this.codes = new int[groupings][];
        this.next = new int[groupings];
        for (int g = 1; g < groupings; g++)
        {
            pairs[g] = new LongIntHashMap(1024);
            parents[g] = new int[1024];
            codes[g] = new int[1024];
        }
    }

    /** Folds grouping {@code g}'s codes into the chained numbers {@code ids[0, count)} (grouping 0 starts them). */
    void fold(final int g, final int[] groupingCodes, final int count, final long[] ids)
    {
        if (g == 0)
        {
            for (int i = 0; i < count; i++)
            {
                ids[i] = groupingCodes[i];
            }
            return;
        }
        final LongIntHashMap map = pairs[g];
        for (int i = 0; i < count; i++)
        {
            final int prefix = (int)ids[i];
            final int id = map.getOrPut((long)prefix << 32 | groupingCodes[i], next[g]);
            if (id == next[g])
            {
                if (id == parents[g].length)
                {
                    parents[g] = Arrays.copyOf(parents[g], id * 2);
                    codes[g] = Arrays.copyOf(codes[g], id * 2);
                }
                parents[g][id] = prefix;
                codes[g][id] = groupingCodes[i];
                if (++next[g] > context.maxGroups())
                {
                    throw context.tooManyGroups(where);
                }
            }
            ids[i] = id;
        }
    }

    /** Grouping {@code g}'s code in the chained number {@code id} of the last grouping. */
    int code(final long id, final int g)
    {
        int at = (int)id;
        for (int level = pairs.length - 1; level > g; level--)
        {
            at = parents[level][at];
        }
        return g == 0 ? at : codes[g][at];
    }
}
