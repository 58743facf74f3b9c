package dev.tally.query.exec;

import dev.tally.query.model.Filter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code FILTER (WHERE ...)} of a group-by's aggregations over one source: each distinct filter compiled once
 * (aggregations with the same filter share it) and evaluated at most once per block, narrowing the block's
 * selection and group numbers to the rows it passes. Owned by the thread processing the source.
 */
final class AggregationFilters
{
    private final int[] filterOf;
    private final List<FilterNode> nodes = new ArrayList<>();
    private final long[] evaluatedAt;
    private final int[][] selections;
    private final int[][] groups;

    AggregationFilters(final GroupByPlan plan, final BlockColumn.SourceColumns columns)
    {
        final int aggregations = plan.aggregations.size();
        filterOf = new int[aggregations];
        final Map<Filter, Integer> distinct = new HashMap<>();
        int slot = FilterCompiler.slots(plan.filter);
        for (int a = 0; a < aggregations; a++)
        {
            final Filter filter = plan.aggregations.get(a).filter();
            if (filter == null)
            {
                filterOf[a] = -1;
                continue;
            }
            final Integer known = distinct.get(filter);
            if (known != null)
            {
                filterOf[a] = known;
                continue;
            }
            nodes.add(FilterCompiler.compile(filter, columns, slot));
            slot += FilterCompiler.slots(filter);
            filterOf[a] = nodes.size() - 1;
            distinct.put(filter, filterOf[a]);
        }
        evaluatedAt = new long[nodes.size()];
        java.util.Arrays.fill(evaluatedAt, -1);
        final int rows = columns.source().blockRows();
        selections = new int[nodes.size()][rows];
        groups = new int[nodes.size()][rows];
    }

    boolean has(final int aggregation)
    {
        return filterOf[aggregation] >= 0;
    }

    /**
     * Narrows {@code selection[0, count)} (with its group numbers) to the rows the aggregation's filter passes.
     * @return how many rows pass; they are in {@link #selection} and {@link #groups}.
     */
    int select(final int aggregation, final BlockData data, final int[] selection, final int count,
        final int[] rowGroups)
    {
        final int f = filterOf[aggregation];
        final FilterNode node = nodes.get(f);
        final long stamp = data.stamp();
        if (evaluatedAt[f] != stamp)
        {
            node.evaluate(data, data.rows());
            evaluatedAt[f] = stamp;
        }
        final byte[] truth = data.truth(node.slot);
        final int[] kept = selections[f];
        final int[] keptGroups = groups[f];
        int n = 0;
        for (int i = 0; i < count; i++)
        {
            final int row = selection[i];
            if (truth[row] == Truth.TRUE)
            {
                kept[n] = row;
                keptGroups[n++] = rowGroups[i];
            }
        }
        return n;
    }

    int[] selection(final int aggregation)
    {
        return selections[filterOf[aggregation]];
    }

    int[] groups(final int aggregation)
    {
        return groups[filterOf[aggregation]];
    }
}
