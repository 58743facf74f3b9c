package dev.tally.sql.rel;

import dev.tally.sql.TallyTable;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.Blocks;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.AbstractRelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;

/**
 * The executable form of a {@link TallyQueryRel}: generated code calls {@link TallyExecutor#execute} on an executor
 * passed through {@code implementor.stash}, so every pushed query generates the same code and Calcite's compiled-code
 * cache always hits.
 */
public final class TallyEnumerableRel extends AbstractRelNode implements EnumerableRel
{
    private final RelOptTable table;
    private final TallyTable tallyTable;
    private final QuerySpec spec;

    TallyEnumerableRel(final RelOptCluster cluster, final RelTraitSet traits, final RelOptTable table,
        final TallyTable tallyTable, final QuerySpec spec, final RelDataType rowType)
    {
        super(cluster, traits);
        this.table = table;
        this.tallyTable = tallyTable;
        this.spec = spec;
        this.rowType = rowType;
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
        return super.explainTerms(pw).item("table", table.getQualifiedName()).item("query", spec.describe());
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
        final Expression call = Expressions.call(stashed, "execute", implementor.getRootExpression());
        return implementor.result(physType, Blocks.toBlock(call));
    }
}
