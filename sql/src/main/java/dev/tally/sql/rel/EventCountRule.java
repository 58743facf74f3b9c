package dev.tally.sql.rel;

import dev.tally.storage.schema.ColumnSpec;
import dev.tally.storage.schema.MetricType;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptRuleOperand;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.tools.RelBuilder;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps COUNT right where Calcite, not the engine, aggregates a rolled-up table (a GROUP BY LOWER(country), a filter
 * the engine cannot run): a row stands for {@code count} events, so {@code COUNT(*)} becomes {@code $SUM0(count)}
 * and {@code COUNT(x)} becomes {@code $SUM0(CASE WHEN x IS NULL THEN 0 ELSE count END)} over the node's rows, which
 * now carry the table's COUNT metric as a last column; {@code AVG(x)} becomes {@code SUM(x)} divided by that event
 * count of x. Matches Aggregate over the node, optionally through one Project and one Filter; and Aggregate over an
 * inner or semi Join whose left input is the node's rows and whose right input is not a table's rows (the "top N
 * series" join and {@code IN (subquery)}: each joined row stands for its left row's events), optionally through one
 * Project.
 */
@SuppressWarnings("deprecation")
final class EventCountRule extends RelOptRule
{
    static final String EVENTS = "__events";

    static final List<RelOptRule> RULES = List.of(
        new EventCountRule(operand(Aggregate.class, operand(TallyQueryRel.class, none())), "TallyEventCountRule"),
        new EventCountRule(operand(Aggregate.class, operand(Project.class, operand(TallyQueryRel.class, none()))),
            "TallyEventCountRule:project"),
        new EventCountRule(operand(Aggregate.class, operand(Filter.class, operand(TallyQueryRel.class, none()))),
            "TallyEventCountRule:filter"),
        new EventCountRule(operand(Aggregate.class, operand(Project.class, operand(Filter.class,
            operand(TallyQueryRel.class, none())))), "TallyEventCountRule:project-filter"),
        new EventCountRule(operand(Aggregate.class, operand(Join.class, operand(TallyQueryRel.class, none()),
            operand(RelNode.class, any()))), "TallyEventCountRule:join"),
        new EventCountRule(operand(Aggregate.class, operand(Project.class, operand(Join.class,
            operand(TallyQueryRel.class, none()), operand(RelNode.class, any())))),
            "TallyEventCountRule:project-join"),
        // two joins down the left side: CASE WHEN x IN (subquery) is a left join over a cross join with the
        // subquery's row count (Calcite's form for IN's NULL semantics)
        new EventCountRule(operand(Aggregate.class, operand(Join.class, operand(Join.class,
            operand(TallyQueryRel.class, none()), operand(RelNode.class, any())), operand(RelNode.class, any()))),
            "TallyEventCountRule:join-join"),
        new EventCountRule(operand(Aggregate.class, operand(Project.class, operand(Join.class, operand(Join.class,
            operand(TallyQueryRel.class, none()), operand(RelNode.class, any())), operand(RelNode.class, any())))),
            "TallyEventCountRule:project-join-join"),
        // a filter above the joins: NOT IN (subquery), NOT EXISTS and LEFT JOIN ... WHERE right IS NULL (anti-joins)
        new EventCountRule(operand(Aggregate.class, operand(Filter.class, operand(Join.class,
            operand(TallyQueryRel.class, none()), operand(RelNode.class, any())))), "TallyEventCountRule:filter-join"),
        new EventCountRule(operand(Aggregate.class, operand(Project.class, operand(Filter.class, operand(Join.class,
            operand(TallyQueryRel.class, none()), operand(RelNode.class, any()))))),
            "TallyEventCountRule:project-filter-join"),
        new EventCountRule(operand(Aggregate.class, operand(Filter.class, operand(Join.class, operand(Join.class,
            operand(TallyQueryRel.class, none()), operand(RelNode.class, any())), operand(RelNode.class, any())))),
            "TallyEventCountRule:filter-join-join"),
        new EventCountRule(operand(Aggregate.class, operand(Project.class, operand(Filter.class, operand(Join.class,
            operand(Join.class, operand(TallyQueryRel.class, none()), operand(RelNode.class, any())),
            operand(RelNode.class, any()))))), "TallyEventCountRule:project-filter-join-join"));

    private EventCountRule(final RelOptRuleOperand operand, final String description)
    {
        super(operand, description);
    }

    @Override
    public void onMatch(final RelOptRuleCall call)
    {
        final Aggregate aggregate = call.rel(0);
        // the joins down the left side to the table's node, outermost first
        final List<Join> joins = new ArrayList<>();
        int table = 1;
        while (!(call.rel(table) instanceof TallyQueryRel))
        {
            if (call.rel(table) instanceof Join j)
            {
                joins.add(j);
            }
            table++;
        }
        final Join join = joins.isEmpty() ? null : joins.get(0);
        final TallyQueryRel query = call.rel(table);
        final Project project = call.rels.length > 2 && call.rel(1) instanceof Project p ? p : null;
        final Filter filter = join == null && call.rel(table - 1) instanceof Filter f ? f : null;
        // a filter over the joins' rows, between the aggregate (or its project) and the outermost join
        Filter joinFilter = null;
        for (int i = 1; join != null && call.rel(i) != join; i++)
        {
            joinFilter = call.rel(i) instanceof Filter f ? f : joinFilter;
        }
        final QuerySpec spec = query.spec();
        final String countMetric = countMetric(spec);
        if (countMetric == null || spec.isAggregated() || spec.isSorted() || spec.countsEvents() ||
            !countsSomething(aggregate))
        {
            return;
        }
        if (join != null ? !joins.stream().allMatch(EventCountRule::isWeightedByLeft) :
            isPushable(aggregate, project, filter, query))
        {
            return;
        }
        final List<Column> outputs = new ArrayList<>(spec.outputs());
        outputs.add(new Column.Field(countMetric, false));
        final RelDataTypeFactory types = query.getCluster().getTypeFactory();
        final RelDataType bigint = types.createTypeWithNullability(types.createSqlType(SqlTypeName.BIGINT), true);
        final RelDataType rowType = types.builder().addAll(query.getRowType().getFieldList()).add(EVENTS, bigint)
            .build();
        final TallyQueryRel withEvents = query.withSpec(spec.withEventCount(outputs), rowType);

        final RelBuilder builder = call.builder();
        final RexBuilder rex = builder.getRexBuilder();
        final int left = query.getRowType().getFieldCount();
        // where each field of the matched input is now, and where the events column is
        final int[] fields;
        final int events;
        if (join == null)
        {
            builder.push(withEvents);
            if (filter != null)
            {
                builder.filter(filter.getCondition());
            }
            fields = new int[left];
            events = left;
        }
        else
        {
            // the events column ends the table's fields, first in every join's row: the fields after it move one on
            RelNode joined = withEvents;
            for (int j = joins.size() - 1; j >= 0; j--)
            {
                final Join level = joins.get(j);
                joined = level.copy(level.getTraitSet(), RexUtil.shift(level.getCondition(), left, 1), joined,
                    level.getRight(), level.getJoinType(), level.isSemiJoinDone());
            }
            builder.push(joined);
            if (joinFilter != null)
            {
                builder.filter(RexUtil.shift(joinFilter.getCondition(), left, 1));
            }
            fields = new int[join.getRowType().getFieldCount()];
            events = left;
        }
        for (int i = 0; i < fields.length; i++)
        {
            fields[i] = i < left ? i : i + 1;
        }
        final RelDataType inputType = join != null ? join.getRowType() : query.getRowType();
        // which input fields are the table's metrics (already sums over events); the rest are per row, so per event
        final boolean[] metric = new boolean[builder.peek().getRowType().getFieldCount()];
        for (int i = 0; i < left; i++)
        {
            metric[i] = spec.outputs().get(i) instanceof Column.Field field && spec.readsMetric(field.name());
        }
        final List<RexNode> expressions = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        if (project != null)
        {
            for (final RexNode expression : project.getProjects())
            {
                expressions.add(join == null ? expression : RexUtil.shift(expression, left, 1));
            }
            names.addAll(project.getRowType().getFieldNames());
        }
        else
        {
            for (int i = 0; i < fields.length; i++)
            {
                expressions.add(builder.field(fields[i]));
                names.add(inputType.getFieldNames().get(i));
            }
        }
        final int eventsColumn = expressions.size();
        expressions.add(builder.field(events));
        names.add(EVENTS);
        final List<AggregateCall> calls = new ArrayList<>();
        // where each original call's value is in the new aggregate: one index, or (sum, events) for AVG
        final List<int[]> results = new ArrayList<>();
        final int groups = aggregate.getGroupCount();
        for (final AggregateCall aggregateCall : aggregate.getAggCallList())
        {
            final int weighted = isSum(aggregateCall) || isAverage(aggregateCall) ?
                weighted(expressions, names, aggregateCall.getArgList().get(0), metric, builder.field(events), rex) :
                -1;
            if (isSum(aggregateCall))
            {
                results.add(new int[] {groups + calls.size()});
                calls.add(weighted < 0 ? aggregateCall : aggregateCall.withArgList(List.of(weighted)));
                continue;
            }
            if (!isCount(aggregateCall) && !isAverage(aggregateCall))
            {
                results.add(new int[] {groups + calls.size()});
                calls.add(aggregateCall);
                continue;
            }
            int argument = eventsColumn;
            if (!aggregateCall.getArgList().isEmpty())
            {
                final RexNode value = expressions.get(aggregateCall.getArgList().get(0));
                argument = expressions.size();
                expressions.add(rex.makeCall(SqlStdOperatorTable.CASE,
                    rex.makeCall(SqlStdOperatorTable.IS_NULL, value), rex.makeZeroLiteral(bigint),
                    builder.field(events)));
                names.add(EVENTS + argument);
            }
            final RelDataType countType = isCount(aggregateCall) ? aggregateCall.getType() :
                types.createSqlType(SqlTypeName.BIGINT);
            final AggregateCall eventCount = AggregateCall.create(SqlStdOperatorTable.SUM0, false, false, false,
                List.of(), List.of(argument), aggregateCall.filterArg, null, aggregateCall.getCollation(), countType,
                aggregateCall.getName());
            if (isCount(aggregateCall))
            {
                results.add(new int[] {groups + calls.size()});
                calls.add(eventCount);
            }
            else
            {
                // typed once the input exists: Calcite's SUM type (DECIMAL widens, NOT NULL unless a grouping set
                // is empty)
                final AggregateCall sum = AggregateCall.create(SqlStdOperatorTable.SUM, false, false, false,
                    List.of(), weighted < 0 ? aggregateCall.getArgList() : List.of(weighted), aggregateCall.filterArg,
                    null, aggregateCall.getCollation(), types.createSqlType(SqlTypeName.ANY),
                    aggregateCall.getName() + "_sum");
                results.add(new int[] {groups + calls.size(), groups + calls.size() + 1});
                calls.add(sum);
                calls.add(eventCount);
            }
        }
        builder.project(expressions, names, true);
        final RelNode input = builder.build();
        calls.replaceAll(c -> c.getType().getSqlTypeName() != SqlTypeName.ANY ? c :
            AggregateCall.create(c.getParserPosition(), c.getAggregation(), c.isDistinct(), c.isApproximate(),
                c.ignoreNulls(), c.rexList, c.getArgList(), c.filterArg, c.distinctKeys, c.collation,
                aggregate.hasEmptyGroup(), input, null, c.getName()));
        final RelNode rewritten = aggregate.copy(aggregate.getTraitSet(), input, aggregate.getGroupSet(),
            aggregate.getGroupSets(), calls);
        if (results.stream().allMatch(r -> r.length == 1))
        {
            call.transformTo(rewritten);
            return;
        }
        // AVG = SUM(x) / events that carried x, NULL over no events
        builder.push(rewritten);
        final List<RexNode> averaged = new ArrayList<>();
        for (int g = 0; g < groups; g++)
        {
            averaged.add(builder.field(g));
        }
        final RelDataType doubleType = types.createSqlType(SqlTypeName.DOUBLE);
        for (int c = 0; c < results.size(); c++)
        {
            final int[] at = results.get(c);
            if (at.length == 1)
            {
                averaged.add(builder.field(at[0]));
                continue;
            }
            final RexNode count = builder.field(at[1]);
            final RexNode average = rex.makeCall(SqlStdOperatorTable.DIVIDE, rex.makeCast(doubleType,
                builder.field(at[0]), true, false), rex.makeCast(doubleType, count, true, false));
            final RelDataType type = aggregate.getAggCallList().get(c).getType();
            averaged.add(rex.makeCast(type, rex.makeCall(SqlStdOperatorTable.CASE,
                rex.makeCall(SqlStdOperatorTable.EQUALS, count, rex.makeZeroLiteral(count.getType())),
                rex.makeNullLiteral(type), average), true, false));
        }
        builder.project(averaged, aggregate.getRowType().getFieldNames(), true);
        call.transformTo(builder.build());
    }

    /**
     * Whether each row of the join stands for its left row's events: an inner, semi or left join whose right input is
     * not itself a table's rolled rows (a self-join of two tables would weigh a pair by both counts).
     */
    private static boolean isWeightedByLeft(final Join join)
    {
        return (join.getJoinType() == JoinRelType.INNER || join.getJoinType() == JoinRelType.SEMI ||
            join.getJoinType() == JoinRelType.LEFT) && !TallyRules.readsTableRows(join.getRight());
    }

    /** Whether the engine can run the whole pattern: then its own COUNT counts events, no rewrite is needed. */
    private static boolean isPushable(final Aggregate aggregate, final Project project, final Filter filter,
        final TallyQueryRel query)
    {
        QuerySpec spec = query.spec();
        if (filter != null)
        {
            final dev.tally.query.model.Filter translated = TallyRules.translateAll(filter, spec, query.getRowType());
            if (translated == null)
            {
                return false;
            }
            spec = spec.withFilter(translated);
        }
        if (project != null)
        {
            spec = TallyRules.ProjectRule.absorb(project, spec);
            if (spec == null)
            {
                return false;
            }
        }
        return TallyRules.AggregateRule.absorb(aggregate, spec) != null;
    }

    /**
     * For a SUM or AVG of a value that reads no metric (a dimension's function, {@code __time}'s, a constant: one
     * value per event of the row), the index of a new expression {@code value × events} (the value summed once per
     * event, in the value's own type), added to {@code expressions}; -1 when the value reads a metric (a metric is
     * already a sum over the row's events) or is not an integer or floating-point number.
     */
    private static int weighted(final List<RexNode> expressions, final List<String> names, final int argument,
        final boolean[] metric, final RexNode events, final RexBuilder rex)
    {
        final RexNode value = expressions.get(argument);
        final SqlTypeName type = value.getType().getSqlTypeName();
        if (!SqlTypeName.INT_TYPES.contains(type) && !SqlTypeName.APPROX_TYPES.contains(type) ||
            readsMetric(value, metric))
        {
            return -1;
        }
        final int index = expressions.size();
        expressions.add(rex.makeCast(value.getType(), rex.makeCall(SqlStdOperatorTable.MULTIPLY, value, events),
            true, false));
        names.add(EVENTS + index);
        return index;
    }

    private static boolean readsMetric(final RexNode value, final boolean[] metric)
    {
        final boolean[] found = {false};
        value.accept(new org.apache.calcite.rex.RexVisitorImpl<Void>(true)
        {
            @Override
            public Void visitInputRef(final org.apache.calcite.rex.RexInputRef ref)
            {
                found[0] |= ref.getIndex() < metric.length && metric[ref.getIndex()];
                return null;
            }
        });
        return found[0];
    }

    private static boolean countsSomething(final Aggregate aggregate)
    {
        return aggregate.getAggCallList().stream().anyMatch(c -> isCount(c) || isAverage(c) || isSum(c));
    }

    private static boolean isSum(final AggregateCall call)
    {
        final org.apache.calcite.sql.SqlKind kind = call.getAggregation().getKind();
        return (kind == org.apache.calcite.sql.SqlKind.SUM || kind == org.apache.calcite.sql.SqlKind.SUM0) &&
            !call.isDistinct() && call.getArgList().size() == 1;
    }

    private static boolean isAverage(final AggregateCall call)
    {
        return call.getAggregation().getKind() == org.apache.calcite.sql.SqlKind.AVG && !call.isDistinct() &&
            call.getArgList().size() == 1;
    }

    private static boolean isCount(final AggregateCall call)
    {
        return call.getAggregation().getKind() == org.apache.calcite.sql.SqlKind.COUNT && !call.isDistinct() &&
            !call.isApproximate() && call.getArgList().size() <= 1;
    }

    private static String countMetric(final QuerySpec spec)
    {
        for (final ColumnSpec metric : spec.schema().metrics())
        {
            if (metric.metricType() == MetricType.COUNT)
            {
                return metric.name();
            }
        }
        return null;
    }
}
