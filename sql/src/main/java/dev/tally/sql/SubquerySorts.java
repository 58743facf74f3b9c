package dev.tally.sql;

import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.Correlate;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.SetOp;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.Window;

import java.util.ArrayList;
import java.util.List;

/**
 * The ORDER BY of a subquery, kept where the rows' order reaches the result and dropped where it cannot. Calcite drops
 * every subquery's ORDER BY by default, but BI tools wrap a sorted statement as {@code SELECT * FROM (... ORDER BY r
 * DESC) LIMIT 10000} (Superset's SQL Lab, Metabase) and PostgreSQL and DuckDB return those rows in order; so the
 * converter keeps them all ({@code withRemoveSortInSubQuery(false)}) and this drops those whose order an operator
 * above discards: an aggregate, a join, a set operation or a window, or a sort with its own keys.
 */
final class SubquerySorts
{
    private SubquerySorts()
    {
    }

    /** {@code root} without the sorts whose order cannot reach its result. */
    static RelNode dropUnordered(final RelNode root)
    {
        return visit(root, true);
    }

    private static RelNode visit(final RelNode node, final boolean orderMatters)
    {
        if (node instanceof Sort sort)
        {
            final boolean limits = sort.fetch != null || sort.offset != null;
            if (!limits && !orderMatters)
            {
                return visit(sort.getInput(), false);
            }
            // a sort by keys orders its rows itself; a bare LIMIT or OFFSET keeps its input's order
            return withInputs(sort, sort.getCollation().getFieldCollations().isEmpty() && orderMatters);
        }
        if (node instanceof Project || node instanceof Filter || node instanceof Calc)
        {
            return withInputs(node, orderMatters);
        }
        if (node instanceof Correlate correlate)
        {
            // a nested loop keeps the left side's order
            final List<RelNode> inputs = List.of(visit(correlate.getLeft(), orderMatters),
                visit(correlate.getRight(), false));
            return inputs.equals(correlate.getInputs()) ? node : node.copy(node.getTraitSet(), inputs);
        }
        if (node instanceof Aggregate || node instanceof Join || node instanceof SetOp || node instanceof Window)
        {
            return withInputs(node, false);
        }
        return withInputs(node, true);
    }

    private static RelNode withInputs(final RelNode node, final boolean orderMatters)
    {
        final List<RelNode> inputs = new ArrayList<>();
        boolean changed = false;
        for (final RelNode input : node.getInputs())
        {
            final RelNode visited = visit(input, orderMatters);
            changed |= visited != input;
            inputs.add(visited);
        }
        return changed ? node.copy(node.getTraitSet(), inputs) : node;
    }
}
