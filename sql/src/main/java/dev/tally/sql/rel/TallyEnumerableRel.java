package dev.tally.sql.rel;

import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Blocks;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.AbstractRelNode;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;

import java.util.ArrayList;
import java.util.List;

/**
 * The executable form of a {@link TallyQueryRel}: generated code calls {@link TallyExecutor#execute} on an executor
 * passed through {@code implementor.stash}, so every pushed query generates the same code and Calcite's compiled-code
 * cache always hits.
 */
public final class TallyEnumerableRel extends AbstractRelNode implements EnumerableRel
{
    private final RelOptTable table;
    private final NativeTable tallyTable;
    private final QuerySpec spec;
    private final List<RelNode> subqueries;

    TallyEnumerableRel(final RelOptCluster cluster, final RelTraitSet traits, final RelOptTable table,
        final NativeTable tallyTable, final QuerySpec spec, final RelDataType rowType, final List<RelNode> subqueries)
    {
        super(cluster, traits);
        this.table = table;
        this.tallyTable = tallyTable;
        this.spec = spec;
        this.rowType = rowType;
        this.subqueries = new ArrayList<>(subqueries);
    }

    @Override
    public List<RelNode> getInputs()
    {
        return subqueries;
    }

    @Override
    public void replaceInput(final int ordinalInParent, final RelNode p)
    {
        subqueries.set(ordinalInParent, p);
        recomputeDigest();
    }

    @Override
    public RelNode copy(final RelTraitSet traitSet, final List<RelNode> inputs)
    {
        return new TallyEnumerableRel(getCluster(), traitSet, table, tallyTable, spec, rowType, inputs);
    }

    public QuerySpec spec()
    {
        return spec;
    }

    @Override
    public RelOptTable getTable()
    {
        return table;
    }

    @Override
    protected RelDataType deriveRowType()
    {
        return rowType;
    }

    @Override
    public RelWriter explainTerms(final RelWriter pw)
    {
        RelWriter writer = super.explainTerms(pw);
        for (int i = 0; i < subqueries.size(); i++)
        {
            writer = writer.input("subquery" + i, subqueries.get(i));
        }
        return writer.item("table", table.getQualifiedName()).item("query", spec.describe());
    }

    @Override
    public RelOptCost computeSelfCost(final RelOptPlanner planner, final RelMetadataQuery mq)
    {
        return TallyRules.cost(planner, spec);
    }

    @Override
    public double estimateRowCount(final RelMetadataQuery mq)
    {
        return TallyRules.rows(spec);
    }

    @Override
    public Result implement(final EnumerableRelImplementor implementor, final Prefer pref)
    {
        // one column: rows are the values themselves, as Calcite's consumers of a single-field row expect
        final JavaRowFormat format = getRowType().getFieldCount() == 1 ? JavaRowFormat.SCALAR : JavaRowFormat.ARRAY;
        // not optimized: Calcite would declare a row of no fields a LIST, while the executor hands out arrays
        final PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), format, false);
        final TallyExecutor executor = new TallyExecutor(tallyTable, spec, getRowType());
        final Expression stashed = implementor.stash(executor, TallyExecutor.class);
        if (subqueries.isEmpty())
        {
            final Expression call = Expressions.call(stashed, "execute", implementor.getRootExpression());
            return implementor.result(physType, Blocks.toBlock(call));
        }
        // each subquery's rows as arrays, handed to the executor, which reads their values when it binds the filter
        final BlockBuilder builder = new BlockBuilder();
        final List<Expression> inputs = new ArrayList<>();
        for (int i = 0; i < subqueries.size(); i++)
        {
            final Result child = implementor.visitChild(this, i, (EnumerableRel)subqueries.get(i), Prefer.ARRAY);
            final Expression rows = builder.append("subquery" + i, child.block);
            inputs.add(child.physType.convertTo(rows, JavaRowFormat.ARRAY));
        }
        builder.add(Expressions.call(stashed, "execute", implementor.getRootExpression(),
            Expressions.newArrayInit(org.apache.calcite.linq4j.Enumerable.class, inputs)));
        return implementor.result(physType, builder.toBlock());
    }
}
