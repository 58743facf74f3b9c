package dev.tally.sql.rel;

import dev.tally.sql.TallyTable;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.AbstractRelNode;
import org.apache.calcite.rel.RelCollationTraitDef;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;

/**
 * The logical node (convention NONE, like {@code LogicalTableScan}) that stands for one native query over a table.
 * It starts as a plain scan of every column; {@link TallyRules} absorb the Filter, Project, Aggregate and Sort above
 * it one at a time, and the last rule converts it to {@link TallyEnumerableRel}. It stays logical so absorbed
 * operators keep matching: Volcano looks for a rule's children in the parent's input subset, which is NONE.
 */
public final class TallyQueryRel extends AbstractRelNode
{
    private final RelOptTable table;
    private final TallyTable tallyTable;
    private final QuerySpec spec;

    TallyQueryRel(final RelOptCluster cluster, final RelTraitSet traits, final RelOptTable table,
        final TallyTable tallyTable, final QuerySpec spec, final RelDataType rowType)
    {
        super(cluster, traits);
        this.table = table;
        this.tallyTable = tallyTable;
        this.spec = spec;
        this.rowType = rowType;
    }

    public static TallyQueryRel create(final RelOptCluster cluster, final RelOptTable table,
        final TallyTable tallyTable, final QuerySpec spec)
    {
        return new TallyQueryRel(cluster, cluster.traitSetOf(Convention.NONE), table, tallyTable, spec,
            table.getRowType());
    }

    /** This node with a larger spec and the row type of the operator it absorbed; the collation follows the spec. */
    TallyQueryRel withSpec(final QuerySpec newSpec, final RelDataType newRowType)
    {
        RelTraitSet traits = getTraitSet();
        if (traits.getTrait(RelCollationTraitDef.INSTANCE) != null)
        {
            traits = traits.replace(TallyRules.collation(newSpec));
        }
        return new TallyQueryRel(getCluster(), traits, table, tallyTable, newSpec, newRowType);
    }

    public QuerySpec spec()
    {
        return spec;
    }

    public TallyTable tallyTable()
    {
        return tallyTable;
    }

    @Override
    public RelOptTable getTable()
    {
        return table;
    }

    RelOptTable relOptTable()
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
    public void register(final RelOptPlanner planner)
    {
        TallyRules.register(planner);
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
}
