package dev.tally.sql.rel;

import dev.tally.query.model.Aggregation;
import dev.tally.query.model.Expr;
import dev.tally.query.model.VirtualColumn;
import dev.tally.query.model.Filter;
import dev.tally.query.model.Grouping;
import dev.tally.query.model.OrderBy;
import dev.tally.sql.fn.InternalScalarFunction;
import dev.tally.sql.fn.TallyFunctions;
import dev.tally.query.expr.TimeFunctions;
import dev.tally.storage.schema.ColumnSpec;
import dev.tally.storage.schema.Granularity;
import dev.tally.storage.schema.MetricType;
import dev.tally.storage.schema.RowSchema;
import dev.tally.storage.schema.ValueType;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlUserDefinedAggFunction;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One rule per operator a {@link TallyQueryRel} absorbs (the shape of Calcite's {@code DruidRules}), and the rule that
 * makes it enumerable. A rule that cannot translate all of its operator leaves it alone (Filter: pushes the conjuncts
 * it can and keeps the rest), so Calcite runs it on top and the answer stays correct.
 */
@SuppressWarnings("deprecation")
public final class TallyRules
{
    public static final RelOptRule FILTER = new FilterRule();
    public static final RelOptRule PROJECT = new ProjectRule();
    public static final RelOptRule AGGREGATE = new AggregateRule();
    public static final RelOptRule SORT = new SortRule();
    public static final RelOptRule SEMI_JOIN = new SemiJoinRule(true);
    public static final RelOptRule SEMI_JOIN_RIGHT = new SemiJoinRule(false);
    public static final RelOptRule TO_ENUMERABLE = ConverterRule.Config.INSTANCE
        .withConversion(TallyQueryRel.class, Convention.NONE, EnumerableConvention.INSTANCE, "TallyToEnumerableRule")
        .withRuleFactory(ToEnumerableRule::new)
        .toRule();

    private static final double BASE_ROWS = 1_000_000;
    /** {@code COALESCE(SUM(x), 0)} as {@code $SUM0(x)}, for aggregates without GROUP BY (see {@link #register}). */
    private static final RelOptRule TOTAL_OR_ZERO =
        org.apache.calcite.rel.rules.ProjectAggregateMergeRule.Config.DEFAULT
            .withOperandSupplier(b0 -> b0.operand(Project.class).oneInput(b1 -> b1.operand(Aggregate.class)
                .predicate(aggregate -> aggregate.getGroupCount() == 0).anyInputs()))
            .as(org.apache.calcite.rel.rules.ProjectAggregateMergeRule.Config.class)
            .withDescription("TallyTotalOrZero")
            .toRule();
    /** AVG into SUM / COUNT where no table scan below could take it: over a subquery's aggregate, a join, a union. */
    private static final RelOptRule AVERAGE_REDUCTION =
        org.apache.calcite.rel.rules.AggregateReduceFunctionsRule.Config.DEFAULT
            .withOperandSupplier(b -> b.operand(Aggregate.class)
                .predicate(aggregate -> !readsTableRows(aggregate.getInput())).anyInputs())
            .as(org.apache.calcite.rel.rules.AggregateReduceFunctionsRule.Config.class)
            .withFunctionsToReduce(java.util.EnumSet.of(SqlKind.AVG))
            .withDescription("TallyAverageReduction")
            .toRule();

    private TallyRules()
    {
    }

    static void register(final RelOptPlanner planner)
    {
        // AVG into SUM/COUNT and a nullable SUM into CASE(COUNT = 0, NULL, $SUM0) would leave a Calcite projection
        // above every such aggregate; the engine computes AVG and SUM's NULL over no rows itself.
        planner.removeRule(org.apache.calcite.rel.rules.CoreRules.AGGREGATE_REDUCE_FUNCTIONS);
        // ...but an AVG the engine cannot take (over a subquery's result) has no enumerable form without the
        // reduction: offered as an alternative, which costs more than the pushed AVG wherever that exists
        planner.addRule(AVERAGE_REDUCTION);
        // COALESCE(SUM(x), 0) as $SUM0(x) only without GROUP BY: under one, Calcite's rule types the new call NOT NULL
        // while the aggregate it builds derives a nullable field, and its own type check fails ("type mismatch: ref:
        // DOUBLE NOT NULL input: DOUBLE"; Looker and Metabase write the COALESCE); the projection above the engine's
        // groups costs little
        planner.removeRule(org.apache.calcite.rel.rules.CoreRules.PROJECT_AGGREGATE_MERGE);
        planner.addRule(TOTAL_OR_ZERO);
        planner.addRule(FILTER);
        planner.addRule(PROJECT);
        planner.addRule(AGGREGATE);
        planner.addRule(SORT);
        planner.addRule(SEMI_JOIN);
        planner.addRule(SEMI_JOIN_RIGHT);
        planner.addRule(TO_ENUMERABLE);
        EventCountRule.RULES.forEach(planner::addRule);
    }

    /** The plan node a planner's placeholder stands for (the original in Volcano's set, Hep's current one). */
    private static RelNode original(final RelNode node)
    {
        if (node instanceof org.apache.calcite.plan.volcano.RelSubset subset)
        {
            return subset.getOriginal() != null ? subset.getOriginal() : subset.getBest();
        }
        if (node instanceof org.apache.calcite.plan.hep.HepRelVertex vertex)
        {
            return vertex.getCurrentRel();
        }
        return node;
    }

    /** Whether {@code node} is a table's rows (not aggregated), through projections, filters and joins' left sides. */
    static boolean readsTableRows(final RelNode node)
    {
        RelNode rel = node;
        while (true)
        {
            rel = original(rel);
            if (rel instanceof TallyQueryRel query)
            {
                return !query.spec().isAggregated();
            }
            if (!(rel instanceof Project) && !(rel instanceof org.apache.calcite.rel.core.Filter) &&
                !(rel instanceof org.apache.calcite.rel.core.Join))
            {
                return false;
            }
            // a join's rows stand for its left input's (EventCountRule weighs them by its events)
            rel = rel.getInput(0);
        }
    }

    /** Falls tenfold per absorbed operator, so the plan that pushes the most wins. */
    static RelOptCost cost(final RelOptPlanner planner, final QuerySpec spec)
    {
        final double factor = Math.pow(0.1, spec.absorbed());
        return planner.getCostFactory().makeCost(BASE_ROWS * factor, BASE_ROWS * factor, 0);
    }

    static double rows(final QuerySpec spec)
    {
        double rows = BASE_ROWS;
        if (spec.filter() != null)
        {
            rows *= 0.25;
        }
        if (spec.isAggregated())
        {
            rows = spec.outputs().isEmpty() ? 1 : Math.max(1, rows * 0.01);
        }
        if (spec.limit() instanceof Long limit && limit >= 0)
        {
            rows = Math.min(rows, limit);
        }
        return Math.max(1, rows);
    }

    /** The order a spec's rows come in, as far as its outputs show the ordering columns. */
    static RelCollation collation(final QuerySpec spec)
    {
        final List<RelFieldCollation> fields = new ArrayList<>();
        for (final OrderBy order : spec.orderBy())
        {
            int index = -1;
            for (int i = 0; i < spec.outputs().size() && index < 0; i++)
            {
                if (spec.outputs().get(i) instanceof Column.Field field && !field.zeroIfNull() &&
                    field.name().equals(order.column()))
                {
                    index = i;
                }
            }
            if (index < 0)
            {
                break;
            }
            fields.add(new RelFieldCollation(index,
                order.descending() ? RelFieldCollation.Direction.DESCENDING : RelFieldCollation.Direction.ASCENDING,
                order.nullsFirst() ? RelFieldCollation.NullDirection.FIRST : RelFieldCollation.NullDirection.LAST));
        }
        return RelCollations.of(fields);
    }

    /** Filter over the node: a WHERE before aggregation, a HAVING after it; not over an absorbed sort or limit. */
    static final class FilterRule extends RelOptRule
    {
        FilterRule()
        {
            super(operand(org.apache.calcite.rel.core.Filter.class, operand(TallyQueryRel.class, none())),
                "TallyFilterRule");
        }

        @Override
        public void onMatch(final RelOptRuleCall call)
        {
            final org.apache.calcite.rel.core.Filter filter = call.rel(0);
            final TallyQueryRel query = call.rel(1);
            final QuerySpec spec = query.spec();
            if (spec.isSorted())
            {
                return;
            }
            final RexNode condition = RexUtil.expandSearch(filter.getCluster().getRexBuilder(), null,
                filter.getCondition());
            final FilterTranslator translator = new FilterTranslator(spec, query.getRowType(), spec.isAggregated() ?
                null : new ExprTranslator(spec, filter.getCluster().getRexBuilder()));
            final List<Filter> pushed = new ArrayList<>();
            final List<RexNode> remaining = new ArrayList<>();
            for (final RexNode conjunct : RelOptUtil.conjunctions(condition))
            {
                final Filter translated = translator.translate(conjunct);
                if (translated == null)
                {
                    remaining.add(conjunct);
                }
                else
                {
                    pushed.add(translated);
                }
            }
            if (pushed.isEmpty())
            {
                return;
            }
            final Filter native0 = pushed.size() == 1 ? pushed.get(0) : new Filter.And(pushed);
            final QuerySpec newSpec = spec.isAggregated() ? spec.withHaving(native0) : spec.withFilter(native0);
            final RelNode absorbed = query.withSpec(newSpec, query.getRowType());
            call.transformTo(remaining.isEmpty() ? absorbed :
                call.builder().push(absorbed).filter(remaining).build());
        }
    }

    /** The whole condition as a native filter over the spec's outputs, or {@code null}. */
    static Filter translateAll(final org.apache.calcite.rel.core.Filter filter, final QuerySpec spec,
        final org.apache.calcite.rel.type.RelDataType rowType)
    {
        final RexNode condition = RexUtil.expandSearch(filter.getCluster().getRexBuilder(), null,
            filter.getCondition());
        return new FilterTranslator(spec, rowType, spec.isAggregated() ? null :
            new ExprTranslator(spec, filter.getCluster().getRexBuilder())).translate(condition);
    }

    /** Project over the node: column references, constants, and time floors of {@code __time} before aggregation. */
    static final class ProjectRule extends RelOptRule
    {
        ProjectRule()
        {
            super(operand(Project.class, operand(TallyQueryRel.class, none())), "TallyProjectRule");
        }

        @Override
        public void onMatch(final RelOptRuleCall call)
        {
            final Project project = call.rel(0);
            final TallyQueryRel query = call.rel(1);
            final QuerySpec absorbed = absorb(project, query.spec());
            if (absorbed != null)
            {
                call.transformTo(query.withSpec(absorbed, project.getRowType()));
            }
        }

        /**
         * The spec with the projection absorbed: column references, constants and time floors as they are, any
         * other expression the engine can compute as a virtual column (before aggregation); {@code null} when some
         * expression has no native form.
         */
        static QuerySpec absorb(final Project project, final QuerySpec spec)
        {
            final List<Column> outputs = new ArrayList<>();
            final List<VirtualColumn> added = new ArrayList<>();
            final Map<String, Expr.Type> types = new HashMap<>();
            final ExprTranslator translator = new ExprTranslator(spec, project.getCluster().getRexBuilder());
            for (final RexNode expression : project.getProjects())
            {
                Column column = column(expression, spec);
                if (column == null)
                {
                    final Expr expr = translator.translate(expression);
                    final Expr.Type type = ExprTranslator.type(expression.getType().getSqlTypeName());
                    if (expr == null || type == null)
                    {
                        return null;
                    }
                    String name = spec.virtualNamed(expr);
                    for (final VirtualColumn known : added)
                    {
                        name = known.expression().equals(expr) ? known.name() : name;
                    }
                    if (name == null)
                    {
                        name = spec.nextVirtualName(added.size());
                        added.add(new VirtualColumn(name, expr));
                        types.put(name, type);
                    }
                    column = new Column.Field(name, false);
                }
                outputs.add(column);
            }
            return added.isEmpty() ? spec.withOutputs(outputs) : spec.withProjection(outputs, added, types);
        }

        /** The projection as output columns of the spec, or {@code null} when some expression is not a column. */
        static List<Column> columns(final Project project, final QuerySpec spec)
        {
            final List<Column> outputs = new ArrayList<>();
            for (final RexNode expression : project.getProjects())
            {
                final Column column = column(expression, spec);
                if (column == null)
                {
                    return null;
                }
                outputs.add(column);
            }
            return outputs;
        }

        private static Column column(final RexNode expression, final QuerySpec spec)
        {
            final RexNode node = stripCasts(expression);
            if (node instanceof RexInputRef ref)
            {
                return spec.outputs().get(ref.getIndex());
            }
            if (spec.isAggregated())
            {
                return null;
            }
            if (node instanceof RexLiteral literal)
            {
                return literal(literal);
            }
            if (node instanceof RexCall call)
            {
                return timeFloor(call, spec);
            }
            return null;
        }

        private static Column literal(final RexLiteral literal)
        {
            final SqlTypeName type = literal.getType().getSqlTypeName();
            if (literal.isNull())
            {
                return new Column.Literal(null, type);
            }
            final Object value = switch (type)
            {
                case CHAR, VARCHAR -> literal.getValueAs(String.class);
                case DECIMAL -> literal.getValueAs(BigDecimal.class);
                case INTEGER -> literal.getValueAs(Integer.class);
                case BIGINT -> literal.getValueAs(Long.class);
                case DOUBLE, FLOAT -> literal.getValueAs(Double.class);
                case BOOLEAN -> literal.getValueAs(Boolean.class);
                case TIMESTAMP -> literal.getValueAs(Long.class);
                default -> null;
            };
            return value == null ? null : new Column.Literal(value, type);
        }

        private static Column timeFloor(final RexCall call, final QuerySpec spec)
        {
            final List<RexNode> operands = call.getOperands();
            if (call.getKind() == SqlKind.CAST && call.getType().getSqlTypeName() == SqlTypeName.DATE &&
                isTime(operands.get(0), spec))
            {
                // CAST(__time AS DATE): the UTC day, as a daily bucket (the executor hands Calcite its day number)
                return new Column.TimeFloor("P1D", null);
            }
            if (call.getKind() == SqlKind.FLOOR && operands.size() == 2 && isTime(operands.get(0), spec) &&
                operands.get(1) instanceof RexLiteral unit)
            {
                // Calcite's FLOOR(t TO WEEK) starts on Sunday (the parser turns the SQL form into DATE_TRUNC)
                final TimeUnitRange range = unit.getValueAs(TimeUnitRange.class);
                final String period = range == null || range == TimeUnitRange.WEEK ? null :
                    TimeFunctions.periodOfUnit(range.name());
                return period == null ? null : new Column.TimeFloor(period, null);
            }
            if (!(call.getOperator() instanceof SqlUserDefinedFunction udf) ||
                !(udf.getFunction() instanceof InternalScalarFunction function))
            {
                return null;
            }
            if (TallyFunctions.TIME_FLOOR.equals(function.name()) && isTime(operands.get(0), spec))
            {
                // Druid's TIME_FLOOR(t, period, [origin, [zone]]): a time bucket when there is no origin
                final String period = text(operands.get(1));
                if (operands.size() > 2 && !isNull(operands.get(2)))
                {
                    return null;
                }
                final String zone = operands.size() > 3 ? text(operands.get(3)) : ExecutionScope.timeZone();
                if (period == null || (operands.size() > 3 && zone == null && !isNull(operands.get(3))) ||
                    !isPeriod(period, zone))
                {
                    return null;
                }
                return new Column.TimeFloor(period, zone != null ? zone : ExecutionScope.timeZone());
            }
            if (TallyFunctions.DATE_TRUNC.equals(function.name()) && isTime(operands.get(1), spec))
            {
                final String unit = text(operands.get(0));
                final String period = unit == null ? null : TimeFunctions.periodOfUnit(unit);
                return period == null ? null : new Column.TimeFloor(period, ExecutionScope.timeZone());
            }
            return null;
        }

        private static boolean isPeriod(final String period, final String zone)
        {
            try
            {
                new Grouping.TimeBucket(period, zone, "check");
                return !Granularity.parse(period).isNone();
            }
            catch (final RuntimeException ex)
            {
                return false;
            }
        }

        private static boolean isNull(final RexNode node)
        {
            return stripCasts(node) instanceof RexLiteral literal && literal.isNull();
        }

        private static boolean isTime(final RexNode node, final QuerySpec spec)
        {
            return stripCasts(node) instanceof RexInputRef ref &&
                spec.outputs().get(ref.getIndex()) instanceof Column.Field field &&
                RowSchema.TIME_COLUMN.equals(field.name());
        }

        private static String text(final RexNode node)
        {
            final RexNode stripped = stripCasts(node);
            return stripped instanceof RexLiteral literal && !literal.isNull() &&
                literal.getType().getSqlTypeName().getFamily() == SqlTypeFamily.CHARACTER ?
                literal.getValueAs(String.class) : null;
        }
    }

    /** Casts that keep every value (nullability, BIGINT to DOUBLE, a wider VARCHAR) do not hide a column. */
    static RexNode stripCasts(final RexNode expression)
    {
        RexNode node = expression;
        while (node instanceof RexCall cast && cast.getKind() == SqlKind.CAST)
        {
            final SqlTypeName from = cast.getOperands().get(0).getType().getSqlTypeName();
            final SqlTypeName to = cast.getType().getSqlTypeName();
            final boolean keeps = from == to && from != SqlTypeName.CHAR && from != SqlTypeName.DECIMAL &&
                from != SqlTypeName.TIMESTAMP &&
                !(to == SqlTypeName.VARCHAR && ExprTranslator.truncates(cast.getType(),
                    cast.getOperands().get(0).getType())) ||
                from == SqlTypeName.BIGINT && to == SqlTypeName.DOUBLE ||
                from == SqlTypeName.TIMESTAMP && to == SqlTypeName.TIMESTAMP &&
                    cast.getType().getPrecision() >= cast.getOperands().get(0).getType().getPrecision();
            if (!keeps)
            {
                return node;
            }
            node = cast.getOperands().get(0);
        }
        return node;
    }

    /** Aggregate over a filtered, projected scan: GROUP BY dimensions and time floors, the native aggregations. */
    static final class AggregateRule extends RelOptRule
    {
        AggregateRule()
        {
            super(operand(Aggregate.class, operand(TallyQueryRel.class, none())), "TallyAggregateRule");
        }

        @Override
        public void onMatch(final RelOptRuleCall call)
        {
            final Aggregate aggregate = call.rel(0);
            final TallyQueryRel query = call.rel(1);
            final QuerySpec absorbed = absorb(aggregate, query.spec());
            if (absorbed != null)
            {
                call.transformTo(query.withSpec(absorbed, aggregate.getRowType()));
            }
        }

        /** The spec with the aggregate absorbed, or {@code null} when the engine cannot compute it. */
        static QuerySpec absorb(final Aggregate aggregate, final QuerySpec spec)
        {
            if (spec.isAggregated() || spec.isSorted() || spec.countsEvents() ||
                aggregate.getGroupType() != Aggregate.Group.SIMPLE)
            {
                return null;
            }
            final List<Grouping> groupings = new ArrayList<>();
            final List<Aggregation> aggregations = new ArrayList<>();
            final List<Column> outputs = new ArrayList<>();
            for (final int key : aggregate.getGroupSet())
            {
                final String name = "d" + groupings.size();
                final Column column = spec.outputs().get(key);
                if (column instanceof Column.Field field && !field.zeroIfNull() &&
                    (spec.schema().dimensionIndex(field.name()) >= 0 || spec.virtualType(field.name()) != null ||
                    RowSchema.TIME_COLUMN.equals(field.name())))
                {
                    // a dimension, an expression (a virtual column), or __time itself
                    groupings.add(new Grouping.Dimension(field.name(), name));
                }
                else if (column instanceof Column.TimeFloor floor)
                {
                    groupings.add(new Grouping.TimeBucket(floor.period(), floor.zone(), name));
                }
                else
                {
                    return null;
                }
                outputs.add(new Column.Field(name, false));
            }
            // a constant argument (SUM(1), Tableau's number of records) becomes a virtual column: SUM of a value
            // that reads no metric counts it once per event
            final List<Column> columns = new ArrayList<>(spec.outputs());
            final List<VirtualColumn> constants = new ArrayList<>();
            final Map<String, Expr.Type> constantTypes = new HashMap<>();
            for (final AggregateCall aggregateCall : aggregate.getAggCallList())
            {
                if (aggregateCall.getArgList().size() != 1 ||
                    aggregateCall.getAggregation() instanceof SqlUserDefinedAggFunction ||
                    !(columns.get(aggregateCall.getArgList().get(0)) instanceof Column.Literal literal) ||
                    !(literal.value() instanceof Number number))
                {
                    continue;
                }
                final Expr.Type type = ExprTranslator.type(literal.type());
                if (type == Expr.Type.LONG || type == Expr.Type.DOUBLE)
                {
                    final String virtual = spec.nextVirtualName(constants.size());
                    constants.add(new VirtualColumn(virtual, new Expr.Literal(type == Expr.Type.LONG ?
                        (Object)number.longValue() : (Object)number.doubleValue(), type)));
                    constantTypes.put(virtual, type);
                    columns.set(aggregateCall.getArgList().get(0), new Column.Field(virtual, false));
                }
            }
            final QuerySpec input = constants.isEmpty() ? spec :
                spec.withProjection(columns, constants, constantTypes);
            for (final AggregateCall aggregateCall : aggregate.getAggCallList())
            {
                final String name = "a" + aggregations.size();
                final Aggregation aggregation = aggregation(aggregateCall, input, name);
                if (aggregation == null)
                {
                    return null;
                }
                aggregations.add(aggregation);
                outputs.add(new Column.Field(name, aggregateCall.getAggregation().getKind() == SqlKind.SUM0));
            }
            return input.withAggregate(groupings, aggregations, outputs);
        }

        private static Aggregation aggregation(final AggregateCall call, final QuerySpec spec, final String name)
        {
            if (call.hasCollation())
            {
                return null;
            }
            final Aggregation unfiltered = unfilteredAggregation(call, spec, name);
            if (unfiltered == null || !call.hasFilter())
            {
                return unfiltered;
            }
            // FILTER (WHERE c): c is a BOOLEAN output, an expression the engine computes
            final Column condition = spec.outputs().get(call.filterArg);
            final Expr expr = condition instanceof Column.Field field ? spec.virtualExpression(field.name()) : null;
            return expr == null ? null : unfiltered.filtered(new Filter.Expression(expr));
        }

        private static Aggregation unfilteredAggregation(final AggregateCall call, final QuerySpec spec,
            final String name)
        {
            final List<Integer> args = call.getArgList();
            final SqlKind kind = call.getAggregation().getKind();
            if (kind == SqlKind.COUNT && args.isEmpty())
            {
                return call.isDistinct() ? null : Aggregation.count(name);
            }
            if ((kind == SqlKind.MIN || kind == SqlKind.MAX) && args.size() == 1 &&
                spec.outputs().get(args.get(0)) instanceof Column.Field field &&
                RowSchema.TIME_COLUMN.equals(field.name()))
            {
                // MIN/MAX(__time): a BI tool's first question about a table
                return Aggregation.of(kind == SqlKind.MIN ? Aggregation.Kind.MIN : Aggregation.Kind.MAX,
                    RowSchema.TIME_COLUMN, name);
            }
            if (!args.isEmpty() && spec.outputs().get(args.get(0)) instanceof Column.Field field &&
                spec.virtualType(field.name()) != null)
            {
                return expressionAggregation(call, field.name(), spec.virtualType(field.name()), name);
            }
            final ColumnSpec column = args.isEmpty() ? null : tableColumn(spec, args.get(0));
            if (column == null)
            {
                return null;
            }
            final boolean isDimension = column.isDimension();
            final boolean isNumeric = column.type() == ValueType.LONG || column.type() == ValueType.DOUBLE;
            if (kind == SqlKind.COUNT && args.size() == 1)
            {
                if (!call.isDistinct())
                {
                    return column.type() == ValueType.SKETCH ? null :
                        Aggregation.of(Aggregation.Kind.COUNT, column.name(), name);
                }
                if (call.isApproximate())
                {
                    return isDimension || column.metricType() == MetricType.HLL_SKETCH ?
                        Aggregation.of(Aggregation.Kind.APPROX_COUNT_DISTINCT, column.name(), name) : null;
                }
                return isDimension ? Aggregation.of(Aggregation.Kind.COUNT_DISTINCT, column.name(), name) : null;
            }
            if (call.isDistinct() && kind != SqlKind.MIN && kind != SqlKind.MAX)
            {
                return null;
            }
            final Aggregation.Kind simple = switch (kind)
            {
                case SUM, SUM0 -> Aggregation.Kind.SUM;
                case AVG -> Aggregation.Kind.AVG;
                case MIN -> Aggregation.Kind.MIN;
                case MAX -> Aggregation.Kind.MAX;
                default -> null;
            };
            if (simple != null && args.size() == 1)
            {
                if (!isNumeric && !(isDimension && (simple == Aggregation.Kind.MIN || simple == Aggregation.Kind.MAX)))
                {
                    return null;
                }
                return Aggregation.of(simple, column.name(), name);
            }
            if (call.getAggregation() instanceof SqlUserDefinedAggFunction udaf &&
                TallyFunctions.APPROX_QUANTILE.equals(udaf.getName().toUpperCase(Locale.ROOT)) && args.size() == 2 &&
                spec.outputs().get(args.get(1)) instanceof Column.Literal literal &&
                literal.value() instanceof Number fraction)
            {
                final double p = fraction.doubleValue();
                if (!(p >= 0 && p <= 1) || !(isNumeric || column.metricType() == MetricType.QUANTILES_SKETCH))
                {
                    return null;
                }
                return new Aggregation(Aggregation.Kind.APPROX_QUANTILE, column.name(), name, p);
            }
            return null;
        }

        /** An aggregation of a virtual column (an expression) of type {@code type}, or {@code null}. */
        private static Aggregation expressionAggregation(final AggregateCall call, final String column,
            final Expr.Type type, final String name)
        {
            final SqlKind kind = call.getAggregation().getKind();
            final int args = call.getArgList().size();
            if (kind == SqlKind.COUNT && args == 1)
            {
                return Aggregation.of(!call.isDistinct() ? Aggregation.Kind.COUNT : call.isApproximate() ?
                    Aggregation.Kind.APPROX_COUNT_DISTINCT : Aggregation.Kind.COUNT_DISTINCT, column, name);
            }
            if (args != 1 || call.isDistinct() && kind != SqlKind.MIN && kind != SqlKind.MAX)
            {
                return null;
            }
            final boolean isNumeric = type == Expr.Type.LONG || type == Expr.Type.DOUBLE;
            return switch (kind)
            {
                case SUM, SUM0 -> isNumeric ? Aggregation.of(Aggregation.Kind.SUM, column, name) : null;
                case AVG -> isNumeric ? Aggregation.of(Aggregation.Kind.AVG, column, name) : null;
                case MIN, MAX -> type == Expr.Type.BOOLEAN ? null : Aggregation.of(kind == SqlKind.MIN ?
                    Aggregation.Kind.MIN : Aggregation.Kind.MAX, column, name);
                default -> null;
            };
        }

        /** The table column (not {@code __time}) an argument reads, or {@code null}. */
        private static ColumnSpec tableColumn(final QuerySpec spec, final int arg)
        {
            if (!(spec.outputs().get(arg) instanceof Column.Field field))
            {
                return null;
            }
            for (final ColumnSpec column : spec.schema().columns())
            {
                if (column.name().equals(field.name()))
                {
                    return column;
                }
            }
            return null;
        }
    }

    /** Sort, limit and offset over the node, once. */
    static final class SortRule extends RelOptRule
    {
        SortRule()
        {
            super(operand(Sort.class, operand(TallyQueryRel.class, none())), "TallySortRule");
        }

        @Override
        public void onMatch(final RelOptRuleCall call)
        {
            final Sort sort = call.rel(0);
            final TallyQueryRel query = call.rel(1);
            final QuerySpec spec = query.spec();
            final Object limit = sort.fetch == null ? (Object)(-1L) : count(sort.fetch);
            final Object offset = sort.offset == null ? (Object)0L : count(sort.offset);
            if (limit == null || offset == null)
            {
                return;
            }
            if (spec.isSorted())
            {
                // a bare LIMIT or OFFSET over an ordered query without one (SELECT * FROM (... ORDER BY r) LIMIT n)
                if (sort.getCollation().getFieldCollations().isEmpty() && Long.valueOf(-1L).equals(spec.limit()) &&
                    Long.valueOf(0L).equals(spec.offset()))
                {
                    call.transformTo(query.withSpec(spec.withSort(spec.orderBy(), limit, offset),
                        sort.getRowType()));
                }
                return;
            }
            final List<OrderBy> orderBy = new ArrayList<>();
            for (final RelFieldCollation field : sort.getCollation().getFieldCollations())
            {
                final Column column = spec.outputs().get(field.getFieldIndex());
                if (!(column instanceof Column.Field output) || output.zeroIfNull() ||
                    (!spec.isAggregated() && spec.isSketch(output.name())))
                {
                    return;
                }
                final boolean descending;
                if (field.getDirection() == RelFieldCollation.Direction.ASCENDING)
                {
                    descending = false;
                }
                else if (field.getDirection() == RelFieldCollation.Direction.DESCENDING)
                {
                    descending = true;
                }
                else
                {
                    return;
                }
                final RelFieldCollation.NullDirection nulls =
                    field.nullDirection == RelFieldCollation.NullDirection.UNSPECIFIED ?
                        field.getDirection().defaultNullDirection() : field.nullDirection;
                orderBy.add(new OrderBy(output.name(), descending, nulls == RelFieldCollation.NullDirection.FIRST));
            }
            call.transformTo(query.withSpec(spec.withSort(orderBy, limit, offset), sort.getRowType()));
        }

        private static Object count(final RexNode node)
        {
            if (node instanceof RexLiteral literal)
            {
                final BigDecimal value = literal.getValueAs(BigDecimal.class);
                return value == null || value.signum() < 0 ? null : (Object)value.longValue();
            }
            if (node instanceof RexDynamicParam param)
            {
                return new Placeholder.Param(param.getIndex(), Placeholder.ValueKind.COUNT);
            }
            return null;
        }
    }

    /**
     * A semi-join of the table's rows with a subquery on one key ({@code x IN (SELECT ...)}, a join with a distinct
     * subquery): the subquery runs first and its values filter the native query, which then aggregates as if the
     * filter were written out, instead of the table's every row streaming into a hash join above the engine.
     */
    static final class SemiJoinRule extends RelOptRule
    {
        private final boolean tableOnLeft;

        SemiJoinRule(final boolean tableOnLeft)
        {
            super(tableOnLeft ?
                operand(org.apache.calcite.rel.core.Join.class, some(operand(TallyQueryRel.class, none()))) :
                operand(org.apache.calcite.rel.core.Join.class, operand(RelNode.class, any()),
                    operand(TallyQueryRel.class, none())),
                tableOnLeft ? "TallySemiJoinRule" : "TallySemiJoinRule:right");
            this.tableOnLeft = tableOnLeft;
        }

        @Override
        public void onMatch(final RelOptRuleCall call)
        {
            final org.apache.calcite.rel.core.Join join = call.rel(0);
            final TallyQueryRel query = call.rel(tableOnLeft ? 1 : 2);
            final RelNode other = tableOnLeft ? join.getRight() : join.getLeft();
            final QuerySpec spec = query.spec();
            final org.apache.calcite.rel.core.JoinRelType type = join.getJoinType();
            final org.apache.calcite.rel.core.JoinInfo info = join.analyzeCondition();
            if (spec.isAggregated() || spec.isSorted() || spec.countsEvents() || !info.isEqui() ||
                info.leftKeys.size() != 1)
            {
                return;
            }
            final int tableKey = tableOnLeft ? info.leftKeys.get(0) : info.rightKeys.get(0);
            final int otherKey = tableOnLeft ? info.rightKeys.get(0) : info.leftKeys.get(0);
            // a SEMI join keeps the table's rows that match; an INNER join does the same when the other side is
            // just its distinct keys (its one column equals the table's key in every output row)
            final boolean isSemi = type == org.apache.calcite.rel.core.JoinRelType.SEMI && tableOnLeft;
            final boolean isDistinctInner = type == org.apache.calcite.rel.core.JoinRelType.INNER &&
                other.getRowType().getFieldCount() == 1 && Boolean.TRUE.equals(call.getMetadataQuery()
                .areColumnsUnique(other, org.apache.calcite.util.ImmutableBitSet.of(otherKey)));
            if (!isSemi && !isDistinctInner)
            {
                return;
            }
            if (!(spec.outputs().get(tableKey) instanceof Column.Field field) || field.zeroIfNull() ||
                spec.isSketch(field.name()))
            {
                return;
            }
            final SqlTypeName tableType = query.getRowType().getFieldList().get(tableKey).getType().getSqlTypeName();
            final SqlTypeName otherType = other.getRowType().getFieldList().get(otherKey).getType().getSqlTypeName();
            final Placeholder.ValueKind kind = switch (tableType)
            {
                case VARCHAR, CHAR -> Placeholder.ValueKind.STRING;
                case BIGINT, INTEGER, SMALLINT, TINYINT -> Placeholder.ValueKind.LONG;
                case DOUBLE, FLOAT, REAL -> Placeholder.ValueKind.DOUBLE;
                case TIMESTAMP -> Placeholder.ValueKind.TIME;
                default -> null;
            };
            if (kind == null || tableType.getFamily() != otherType.getFamily() ||
                kind == Placeholder.ValueKind.LONG && !SqlTypeName.INT_TYPES.contains(otherType))
            {
                return;
            }
            final Filter in = new Filter.In(field.name(),
                List.of(new Placeholder.Subquery(query.subqueryCount(), otherKey, kind)));
            final TallyQueryRel filtered = query.withSubquery(spec.withFilter(in), other);
            if (isSemi)
            {
                call.transformTo(filtered);
                return;
            }
            // the inner join's rows: the other side's key (the table's key's value) beside the table's columns
            final org.apache.calcite.tools.RelBuilder builder = call.builder().push(filtered);
            final List<RexNode> fields = new ArrayList<>();
            final int tableFields = query.getRowType().getFieldCount();
            if (!tableOnLeft)
            {
                fields.add(builder.field(tableKey));
            }
            for (int i = 0; i < tableFields; i++)
            {
                fields.add(builder.field(i));
            }
            if (tableOnLeft)
            {
                fields.add(builder.field(tableKey));
            }
            call.transformTo(builder.project(fields, join.getRowType().getFieldNames(), true).convert(
                join.getRowType(), false).build());
        }
    }

    /** Makes the finished node executable. */
    static final class ToEnumerableRule extends ConverterRule
    {
        ToEnumerableRule(final Config config)
        {
            super(config);
        }

        @Override
        public RelNode convert(final RelNode rel)
        {
            final TallyQueryRel query = (TallyQueryRel)rel;
            final List<RelNode> subqueries = new ArrayList<>();
            for (final RelNode subquery : query.subqueries())
            {
                subqueries.add(convert(subquery, subquery.getTraitSet().replace(EnumerableConvention.INSTANCE)));
            }
            return new TallyEnumerableRel(query.getCluster(),
                query.getTraitSet().replace(EnumerableConvention.INSTANCE), query.relOptTable(), query.tallyTable(),
                query.spec(), query.getRowType(), subqueries);
        }
    }
}
