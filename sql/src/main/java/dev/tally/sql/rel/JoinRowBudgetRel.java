package dev.tally.sql.rel;

import org.apache.calcite.adapter.enumerable.EnumerableHashJoin;
import org.apache.calcite.adapter.enumerable.EnumerableIntersect;
import org.apache.calcite.adapter.enumerable.EnumerableLimitSort;
import org.apache.calcite.adapter.enumerable.EnumerableMinus;
import org.apache.calcite.adapter.enumerable.EnumerableNestedLoopJoin;
import org.apache.calcite.adapter.enumerable.EnumerableSort;
import org.apache.calcite.adapter.enumerable.EnumerableWindow;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.core.Correlate;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.RepeatUnion;
import org.apache.calcite.rel.core.Uncollect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A pass-through node over an operator that can produce more rows than it reads (a join, a correlate, UNNEST, a
 * recursive union): its code counts those rows with {@link JoinRowBudget}. Every other operator Calcite runs above
 * the engine reads native results or the output of such an operator; what a sort, window, hash join or set operation
 * holds is counted on its way in against {@code maxGroups} ({@link #holdInputs}). A nested-loop join also gets one over its
 * inner input, which it reads again for every outer row, that only checks the deadline (no row limit): a selective
 * condition may let few rows out of billions of pairs. Added to the physical plan just before code generation
 * ({@link #bound}), after the planner is done, so it changes no plan choice and no EXPLAIN output.
 */
public final class JoinRowBudgetRel extends SingleRel implements EnumerableRel
{
    /** What the error names; null over a nested loop's inner input, whose rows are not counted. */
    private final String label;
    /** Whether the rows are held by the operator above (a sort, a hash table) rather than produced by a join. */
    private final boolean isHeld;

    private JoinRowBudgetRel(final RelNode input, final String label)
    {
        this(input, label, false);
    }

    private JoinRowBudgetRel(final RelNode input, final String label, final boolean isHeld)
    {
        super(input.getCluster(), input.getTraitSet(), input);
        this.label = label;
        this.isHeld = isHeld;
    }

    /** {@code plan} with every row-multiplying operator wrapped; the same tree when it has none. */
    public static RelNode bound(final RelNode plan)
    {
        final List<RelNode> inputs = plan.getInputs();
        final List<RelNode> bounded = new ArrayList<>(inputs.size());
        boolean isChanged = false;
        for (final RelNode input : inputs)
        {
            final RelNode child = bound(input);
            isChanged |= child != input;
            bounded.add(child);
        }
        if (plan instanceof EnumerableNestedLoopJoin)
        {
            bounded.set(1, new JoinRowBudgetRel(bounded.get(1), null));
            isChanged = true;
        }
        isChanged |= holdInputs(plan, bounded);
        final RelNode node = isChanged ? plan.copy(plan.getTraitSet(), bounded) : plan;
        final String label = label(node);
        return label == null ? node : new JoinRowBudgetRel(node, label);
    }

    /**
     * Counts the rows an operator holds in memory as it reads them (a sort or window its whole input, a hash join its
     * build side, EXCEPT and INTERSECT every input) against {@code maxGroups}: native scans stream without a row
     * limit, so this is what bounds the heap an operator above the engine takes.
     */
    private static boolean holdInputs(final RelNode plan, final List<RelNode> inputs)
    {
        final String holder;
        int from = 0;
        if (plan instanceof EnumerableSort || plan instanceof EnumerableLimitSort)
        {
            holder = "sort above the engine";
        }
        else if (plan instanceof EnumerableWindow)
        {
            holder = "window function";
        }
        else if (plan instanceof EnumerableHashJoin)
        {
            holder = "hash join's build side";
            from = 1;
        }
        else if (plan instanceof EnumerableMinus || plan instanceof EnumerableIntersect)
        {
            holder = plan instanceof EnumerableMinus ? "EXCEPT" : "INTERSECT";
        }
        else
        {
            return false;
        }
        for (int i = from; i < inputs.size(); i++)
        {
            inputs.set(i, new JoinRowBudgetRel(inputs.get(i), holder, true));
        }
        return from < inputs.size();
    }

    /** What the error names: "inner join on =($1, $7)", "cross join", "correlate", "UNNEST", "recursive union". */
    private static String label(final RelNode node)
    {
        if (node instanceof Join join)
        {
            final String type = join.getJoinType().name().toLowerCase(Locale.ROOT);
            return join.getCondition().isAlwaysTrue() ? type + " join without a condition (cross join)" :
                type + " join on " + join.getCondition();
        }
        if (node instanceof Correlate)
        {
            return "correlated subquery";
        }
        if (node instanceof Uncollect)
        {
            return "UNNEST";
        }
        if (node instanceof RepeatUnion)
        {
            return "recursive union";
        }
        return null;
    }

    @Override
    public RelNode copy(final RelTraitSet traitSet, final List<RelNode> inputs)
    {
        return new JoinRowBudgetRel(sole(inputs), label, isHeld);
    }

    @Override
    public Result implement(final EnumerableRelImplementor implementor, final Prefer pref)
    {
        final Result child = implementor.visitChild(this, 0, (EnumerableRel)getInput(), pref);
        final BlockBuilder builder = new BlockBuilder();
        final Expression rows = builder.append("rows", child.block);
        builder.add(Expressions.return_(null, label == null ? Expressions.call(JoinRowBudget.class, "watch", rows) :
            Expressions.call(JoinRowBudget.class, isHeld ? "held" : "bound", rows, Expressions.constant(label))));
        return implementor.result(child.physType, builder.toBlock());
    }
}
