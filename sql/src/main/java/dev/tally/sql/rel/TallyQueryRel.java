package dev.tally.sql.rel;

import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.AbstractRelNode;
import org.apache.calcite.rel.RelCollationTraitDef;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;

import java.util.ArrayList;
import java.util.List;

/**
 * The logical node (convention NONE, like {@code LogicalTableScan}) that stands for one native query over a table.
 * It starts as a plain scan of every column; {@link TallyRules} absorb the Filter, Project, Aggregate and Sort above
 * it one at a time, and the last rule converts it to {@link TallyEnumerableRel}. It stays logical so absorbed
 * operators keep matching: Volcano looks for a rule's children in the parent's input subset, which is NONE.
 */
public final class TallyQueryRel extends AbstractRelNode
{
    private final RelOptTable table;
    private final NativeTable tallyTable;
    private final QuerySpec spec;
    /** Subqueries whose rows a filter of the spec reads at execution ({@link Placeholder.Subquery}). */
    private final List<RelNode> subqueries;

    TallyQueryRel(final RelOptCluster cluster, final RelTraitSet traits, final RelOptTable table,
        final NativeTable tallyTable, final QuerySpec spec, final RelDataType rowType, final List<RelNode> subqueries)
    {
        super(cluster, traits);
        this.table = table;
        this.tallyTable = tallyTable;
        this.spec = spec;
        this.rowType = rowType;
        this.subqueries = new ArrayList<>(subqueries);
    }

    public static TallyQueryRel create(final RelOptCluster cluster, final RelOptTable table,
        final NativeTable tallyTable, final QuerySpec spec)
    {
        return new TallyQueryRel(cluster, cluster.traitSetOf(Convention.NONE), table, tallyTable, spec,
            table.getRowType(), List.of());
    }

    /** This node filtered by a subquery's values too: {@code newSpec} reads them as subquery number {@link #subqueryCount()}. */
    TallyQueryRel withSubquery(final QuerySpec newSpec, final RelNode subquery)
    {
        final List<RelNode> inputs = new ArrayList<>(subqueries);
        inputs.add(subquery);
        return new TallyQueryRel(getCluster(), getTraitSet(), table, tallyTable, newSpec, rowType, inputs);
    }

    int subqueryCount()
    {
        return subqueries.size();
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
        return new TallyQueryRel(getCluster(), traitSet, table, tallyTable, spec, rowType, inputs);
    }

    /** This node with a larger spec and the row type of the operator it absorbed; the collation follows the spec. */
    TallyQueryRel withSpec(final QuerySpec newSpec, final RelDataType newRowType)
    {
        RelTraitSet traits = getTraitSet();
        if (traits.getTrait(RelCollationTraitDef.INSTANCE) != null)
        {
            traits = traits.replace(TallyRules.collation(newSpec));
        }
        return new TallyQueryRel(getCluster(), traits, table, tallyTable, newSpec, newRowType, subqueries);
    }

    public QuerySpec spec()
    {
        return spec;
    }

    public NativeTable tallyTable()
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

    List<RelNode> subqueries()
    {
        return subqueries;
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
