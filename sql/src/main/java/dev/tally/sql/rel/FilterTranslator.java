package dev.tally.sql.rel;

import dev.tally.query.model.Filter;
import dev.tally.sql.fn.InternalScalarFunction;
import dev.tally.sql.fn.TallyFunctions;
import dev.tally.storage.schema.RowSchema;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlLikeOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates a Calcite condition over a {@link QuerySpec}'s outputs into a native {@link Filter}, or {@code null} when
 * some part has no native form (then the rule leaves that conjunct to Calcite). Both sides keep SQL's three-valued
 * logic, so {@code NOT}, {@code <>} and NULLs mean the same. Search arguments are expanded by the caller.
 */
final class FilterTranslator
{
    /** A column a leaf compares, with the way its constants convert. */
    private record Target(String name, Placeholder.ValueKind kind, boolean isStringDimension)
    {
    }

    private final QuerySpec spec;
    private final RelDataType rowType;
    private final ExprTranslator expressions;

    FilterTranslator(final QuerySpec spec, final RelDataType rowType)
    {
        this(spec, rowType, null);
    }

    /** With {@code expressions}, a condition with no column-filter form becomes an expression filter. */
    FilterTranslator(final QuerySpec spec, final RelDataType rowType, final ExprTranslator expressions)
    {
        this.spec = spec;
        this.rowType = rowType;
        this.expressions = expressions;
    }

    /**
     * The native filter: column filters (dictionary and bitmap friendly) where the condition has that form, an
     * expression filter where only the engine's expressions can say it, {@code null} where neither can.
     */
    Filter translate(final RexNode node)
    {
        final Filter filter = columnFilter(node);
        if (filter != null || expressions == null)
        {
            return filter;
        }
        final dev.tally.query.model.Expr expr = expressions.translate(node);
        return expr == null ? null : new Filter.Expression(expr);
    }

    private Filter columnFilter(final RexNode node)
    {
        if (node instanceof RexLiteral literal && literal.getType().getSqlTypeName() == SqlTypeName.BOOLEAN)
        {
            final Boolean value = literal.getValueAs(Boolean.class);
            return value == null ? null : new Filter.Constant(value);
        }
        if (!(node instanceof RexCall call))
        {
            return null;
        }
        switch (call.getKind())
        {
            case AND:
            case OR:
            {
                final List<Filter> children = new ArrayList<>();
                for (final RexNode operand : call.getOperands())
                {
                    final Filter child = translate(operand);
                    if (child == null)
                    {
                        return null;
                    }
                    children.add(child);
                }
                return call.getKind() == SqlKind.AND ? new Filter.And(children) : new Filter.Or(children);
            }
            case NOT:
            {
                final Filter child = translate(call.getOperands().get(0));
                return child == null ? null : Filter.not(child);
            }
            case IS_NULL:
            case IS_NOT_NULL:
            {
                final Target target = target(call.getOperands().get(0));
                if (target == null)
                {
                    return null;
                }
                final Filter isNull = new Filter.IsNull(target.name());
                return call.getKind() == SqlKind.IS_NULL ? isNull : Filter.not(isNull);
            }
            case EQUALS:
            case NOT_EQUALS:
            case LESS_THAN:
            case LESS_THAN_OR_EQUAL:
            case GREATER_THAN:
            case GREATER_THAN_OR_EQUAL:
                return comparison(call);
            case LIKE:
                return like(call);
            default:
                return function(call);
        }
    }

    private Filter comparison(final RexCall call)
    {
        SqlKind kind = call.getKind();
        RexNode left = call.getOperands().get(0);
        RexNode right = call.getOperands().get(1);
        Target target = target(left);
        if (target == null)
        {
            target = target(right);
            final RexNode swap = left;
            left = right;
            right = swap;
            kind = kind.reverse();
        }
        if (target == null)
        {
            return null;
        }
        final Object value = value(right, target.kind());
        if (value == null)
        {
            return null;
        }
        final String column = target.name();
        return switch (kind)
        {
            case EQUALS -> new Filter.Equals(column, value);
            case NOT_EQUALS -> Filter.not(new Filter.Equals(column, value));
            case LESS_THAN -> new Filter.Range(column, null, false, value, false);
            case LESS_THAN_OR_EQUAL -> new Filter.Range(column, null, false, value, true);
            case GREATER_THAN -> new Filter.Range(column, value, false, null, false);
            case GREATER_THAN_OR_EQUAL -> new Filter.Range(column, value, true, null, false);
            default -> null;
        };
    }

    private Filter like(final RexCall call)
    {
        if (!(call.getOperator() instanceof SqlLikeOperator operator) || !operator.isCaseSensitive())
        {
            return null;
        }
        final Target target = target(call.getOperands().get(0));
        if (target == null || !target.isStringDimension())
        {
            return null;
        }
        final String pattern = string(call.getOperands().get(1));
        Character escape = null;
        if (call.getOperands().size() > 2)
        {
            final String text = string(call.getOperands().get(2));
            if (text == null || text.length() != 1)
            {
                return null;
            }
            escape = text.charAt(0);
        }
        if (pattern == null)
        {
            return null;
        }
        final Filter like = new Filter.Like(target.name(), pattern, escape);
        return operator.isNegated() ? Filter.not(like) : like;
    }

    private Filter function(final RexCall call)
    {
        if (call.getOperator() instanceof SqlUserDefinedFunction udf &&
            udf.getFunction() instanceof InternalScalarFunction function &&
            TallyFunctions.REGEXP_LIKE.equals(function.name()))
        {
            final Target target = target(call.getOperands().get(0));
            final String pattern = string(call.getOperands().get(1));
            if (target == null || !target.isStringDimension() || pattern == null)
            {
                return null;
            }
            try
            {
                java.util.regex.Pattern.compile(pattern);
            }
            catch (final java.util.regex.PatternSyntaxException ex)
            {
                return null;
            }
            return new Filter.Regex(target.name(), pattern);
        }
        return null;
    }

    /** The output column a leaf operand reads (through widening casts), or {@code null}. */
    private Target target(final RexNode operand)
    {
        RexNode node = operand;
        while (node instanceof RexCall cast && cast.getKind() == SqlKind.CAST && isWidening(cast))
        {
            node = cast.getOperands().get(0);
        }
        if (!(node instanceof RexInputRef ref))
        {
            return null;
        }
        final Column column = spec.outputs().get(ref.getIndex());
        if (!(column instanceof Column.Field field) || field.zeroIfNull())
        {
            return null;
        }
        final String name = field.name();
        if (!spec.isAggregated() && spec.isSketch(name))
        {
            return null;
        }
        final SqlTypeName type = rowType.getFieldList().get(ref.getIndex()).getType().getSqlTypeName();
        final Placeholder.ValueKind kind = switch (type)
        {
            case VARCHAR, CHAR -> Placeholder.ValueKind.STRING;
            case BIGINT, INTEGER, SMALLINT, TINYINT -> Placeholder.ValueKind.LONG;
            case DOUBLE, FLOAT, REAL -> Placeholder.ValueKind.DOUBLE;
            case TIMESTAMP -> Placeholder.ValueKind.TIME;
            default -> null;
        };
        if (kind == null)
        {
            return null;
        }
        final boolean isStringDimension = kind == Placeholder.ValueKind.STRING &&
            (spec.isAggregated() || spec.schema().dimensionIndex(name) >= 0 || spec.virtualType(name) != null) &&
            !RowSchema.TIME_COLUMN.equals(name);
        return new Target(name, kind, isStringDimension);
    }

    private static boolean isWidening(final RexCall cast)
    {
        final SqlTypeName from = cast.getOperands().get(0).getType().getSqlTypeName();
        final SqlTypeName to = cast.getType().getSqlTypeName();
        if (from == to)
        {
            return from != SqlTypeName.CHAR && from != SqlTypeName.DECIMAL &&
                !(to == SqlTypeName.VARCHAR && ExprTranslator.truncates(cast.getType(),
                    cast.getOperands().get(0).getType()));
        }
        return (from == SqlTypeName.BIGINT || from == SqlTypeName.INTEGER) && to == SqlTypeName.DOUBLE;
    }

    /** A constant operand converted for a column of {@code kind}, a placeholder, or {@code null}. */
    static Object value(final RexNode operand, final Placeholder.ValueKind kind)
    {
        RexNode node = operand;
        if (node instanceof RexCall cast && cast.getKind() == SqlKind.CAST &&
            cast.getOperands().get(0) instanceof RexDynamicParam)
        {
            node = cast.getOperands().get(0);
        }
        if (node instanceof RexDynamicParam param)
        {
            return new Placeholder.Param(param.getIndex(), kind);
        }
        if (kind == Placeholder.ValueKind.TIME)
        {
            return time(node);
        }
        if (!(node instanceof RexLiteral literal) || literal.isNull())
        {
            return null;
        }
        final SqlTypeFamily family = literal.getType().getSqlTypeName().getFamily();
        if (kind == Placeholder.ValueKind.STRING)
        {
            return family == SqlTypeFamily.CHARACTER ? literal.getValueAs(String.class) : null;
        }
        if (family != SqlTypeFamily.NUMERIC)
        {
            return null;
        }
        final BigDecimal number = literal.getValueAs(BigDecimal.class);
        if (number == null)
        {
            return null;
        }
        if (kind == Placeholder.ValueKind.DOUBLE)
        {
            return number.doubleValue();
        }
        try
        {
            return number.longValueExact();
        }
        catch (final ArithmeticException ex)
        {
            return null;
        }
    }

    /**
     * A TIMESTAMP or DATE literal as epoch millis, or {@code CURRENT_TIMESTAMP}/{@code CURRENT_DATE} (truncated,
     * ± an interval) as a placeholder.
     */
    private static Object time(final RexNode node)
    {
        if (node instanceof RexLiteral literal)
        {
            if (literal.isNull())
            {
                return null;
            }
            // a DATE (__time >= DATE '2026-01-01', as BI tools write day filters) is its UTC midnight
            return literal.getType().getSqlTypeName() == SqlTypeName.TIMESTAMP ? literal.getValueAs(Long.class) :
                literal.getType().getSqlTypeName() == SqlTypeName.DATE ?
                (Object)(literal.getValueAs(Integer.class) * 86_400_000L) : null;
        }
        if (!(node instanceof RexCall call))
        {
            return null;
        }
        if (call.getKind() == SqlKind.CAST && call.getType().getSqlTypeName() == SqlTypeName.TIMESTAMP &&
            (call.getOperands().get(0).getType().getSqlTypeName() == SqlTypeName.TIMESTAMP ||
            call.getOperands().get(0).getType().getSqlTypeName() == SqlTypeName.DATE))
        {
            return time(call.getOperands().get(0));
        }
        if (call.getOperator() == SqlStdOperatorTable.CURRENT_DATE)
        {
            // today's midnight (UTC, the session's zone)
            return new Placeholder.Now(0, "P1D", 0);
        }
        if (call.getOperator() == SqlStdOperatorTable.CURRENT_TIMESTAMP ||
            call.getOperator() == SqlStdOperatorTable.LOCALTIMESTAMP)
        {
            return new Placeholder.Now(0);
        }
        final Truncation truncation = truncation(call);
        if (truncation != null && time(truncation.time()) instanceof Placeholder.Now now && now.floor() == null)
        {
            return new Placeholder.Now(now.offsetMillis(), truncation.period(), 0);
        }
        if ((call.getKind() == SqlKind.MINUS || call.getKind() == SqlKind.PLUS) && call.getOperands().size() == 2 &&
            call.getOperands().get(1) instanceof RexLiteral interval &&
            interval.getType().getSqlTypeName().getFamily() == SqlTypeFamily.INTERVAL_DAY_TIME &&
            time(call.getOperands().get(0)) instanceof Placeholder.Now now)
        {
            final Long millis = interval.getValueAs(Long.class);
            if (millis == null)
            {
                return null;
            }
            return now.plus(call.getKind() == SqlKind.MINUS ? -millis : millis);
        }
        return null;
    }

    /** A UTC truncation of a time: its ISO period and the time it truncates. */
    private record Truncation(String period, RexNode time)
    {
    }

    /** {@code DATE_TRUNC(unit, t)} or {@code TIME_FLOOR(t, period)} (no origin, no zone), or {@code null}. */
    private static Truncation truncation(final RexCall call)
    {
        if (!(call.getOperator() instanceof SqlUserDefinedFunction udf) ||
            !(udf.getFunction() instanceof InternalScalarFunction function) || call.getOperands().size() != 2 ||
            ExecutionScope.timeZone() != null)
        {
            // with a sqlTimeZone these truncate in that zone: left to Calcite
            return null;
        }
        final List<RexNode> operands = call.getOperands();
        final boolean isTrunc = TallyFunctions.DATE_TRUNC.equals(function.name());
        if (!isTrunc && !TallyFunctions.TIME_FLOOR.equals(function.name()))
        {
            return null;
        }
        final String text = string(operands.get(isTrunc ? 0 : 1));
        final String period = text == null ? null : isTrunc ?
            dev.tally.query.expr.TimeFunctions.periodOfUnit(text) : text;
        try
        {
            return period == null ? null : new Truncation(dev.tally.query.expr.TimeFunctions.period(period,
                function.name()).toString(), operands.get(isTrunc ? 1 : 0));
        }
        catch (final IllegalArgumentException ex)
        {
            return null;
        }
    }

    private static String string(final RexNode node)
    {
        return node instanceof RexLiteral literal && !literal.isNull() &&
            literal.getType().getSqlTypeName().getFamily() == SqlTypeFamily.CHARACTER ?
            literal.getValueAs(String.class) : null;
    }
}
