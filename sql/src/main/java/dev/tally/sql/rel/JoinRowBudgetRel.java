package dev.tally.sql.rel;

import org.apache.calcite.adapter.enumerable.EnumerableNestedLoopJoin;
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
 * the engine reads native results (each at most {@code maxRows} rows) or the output of such an operator, so bounding
 * these bounds what any sort, aggregate or hash table above them can hold. A nested-loop join also gets one over its
 * inner input, which it reads again for every outer row, that only checks the deadline (no row limit): a selective
 * condition may let few rows out of billions of pairs. Added to the physical plan just before code generation
 * ({@link #bound}), after the planner is done, so it changes no plan choice and no EXPLAIN output.
 */
public final class JoinRowBudgetRel extends SingleRel implements EnumerableRel
{
    /** What the error names; null over a nested loop's inner input, whose rows are not counted. */
    private final String label;

    private JoinRowBudgetRel(final RelNode input, final String label)
    {
        super(input.getCluster(), input.getTraitSet(), input);
        this.label = label;
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
        final RelNode node = isChanged ? plan.copy(plan.getTraitSet(), bounded) : plan;
        final String label = label(node);
        return label == null ? node : new JoinRowBudgetRel(node, label);
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
        return new JoinRowBudgetRel(sole(inputs), label);
    }

    @Override
    public Result implement(final EnumerableRelImplementor implementor, final Prefer pref)
    {
        final Result child = implementor.visitChild(this, 0, (EnumerableRel)getInput(), pref);
        final BlockBuilder builder = new BlockBuilder();
        final Expression rows = builder.append("rows", child.block);
        builder.add(Expressions.return_(null, label == null ? Expressions.call(JoinRowBudget.class, "watch", rows) :
            Expressions.call(JoinRowBudget.class, "bound", rows, Expressions.constant(label))));
        return implementor.result(child.physType, builder.toBlock());
    }
}
