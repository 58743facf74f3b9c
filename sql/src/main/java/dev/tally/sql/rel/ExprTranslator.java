package dev.tally.sql.rel;

import dev.tally.query.expr.TimeFunctions;
import dev.tally.query.model.Expr;
import dev.tally.sql.fn.InternalScalarFunction;
import dev.tally.storage.schema.RowSchema;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlLikeOperator;
import org.apache.calcite.sql.fun.SqlTrimFunction;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Translates a Calcite scalar expression over a {@link QuerySpec}'s (unaggregated) outputs into a native
 * {@link Expr}, or {@code null} when some part has no native form with the same meaning (then Calcite computes it,
 * over the native scan's stream). Operands keep SQL's types: integers stay LONG (integer division truncates),
 * DECIMAL computes as DOUBLE (as in Druid); time functions without a zone take the statement's
 * {@code sqlTimeZone}, fixed at planning (plans are cached per zone).
 */
final class ExprTranslator
{
    private static final long DAY_MILLIS = 86_400_000L;
    /** A Sunday: Calcite's FLOOR(t TO WEEK) starts weeks on Sunday. */
    private static final long SUNDAY = 3 * DAY_MILLIS;

    /** Druid's functions (registered as UDFs) that the engine has, by name: the engine's name for each. */
    private static final Map<String, String> FUNCTIONS = Map.ofEntries(
        Map.entry("REGEXP_LIKE", "regexp_like"),
        Map.entry("REGEXP_EXTRACT", "regexp_extract"),
        Map.entry("REGEXP_REPLACE", "regexp_replace"),
        Map.entry("STRPOS", "strpos"),
        Map.entry("CONTAINS_STRING", "contains_string"),
        Map.entry("ICONTAINS_STRING", "icontains_string"),
        Map.entry("REVERSE", "reverse"),
        Map.entry("LEFT", "left"),
        Map.entry("RIGHT", "right"),
        Map.entry("BTRIM", "btrim"),
        Map.entry("LTRIM", "ltrim"),
        Map.entry("RTRIM", "rtrim"));

    /** Calls standing for values known at execution, replaced by literals before the query runs. */
    static final String PARAMETER = "$parameter";
    static final String CURRENT_TIMESTAMP = "$current_timestamp";
    static final String CURRENT_DATE = "$current_date";

    private final QuerySpec spec;
    private final RexBuilder rexBuilder;

    ExprTranslator(final QuerySpec spec, final RexBuilder rexBuilder)
    {
        this.spec = spec;
        this.rexBuilder = rexBuilder;
    }

    /** The expression, or {@code null}. */
    Expr translate(final RexNode node)
    {
        if (spec.isAggregated())
        {
            return null;
        }
        try
        {
            return expr(RexUtil.expandSearch(rexBuilder, null, node));
        }
        catch (final RuntimeException ex)
        {
            // a shape the engine would reject (a bad literal, an unknown unit): Calcite reports or computes it
            return null;
        }
    }

    /** The engine's type for a Calcite type, or {@code null} where none holds its values alike. */
    static Expr.Type type(final SqlTypeName type)
    {
        return switch (type)
        {
            // a CHAR(n) value is a CASE of string literals of one length (ragged ones are VARCHAR: TallyTypeSystem),
            // so it holds no padding; casts to CHAR(n), which pad, stay Calcite's
            case VARCHAR, CHAR -> Expr.Type.STRING;
            case BIGINT, INTEGER, SMALLINT, TINYINT -> Expr.Type.LONG;
            case DOUBLE, FLOAT, REAL, DECIMAL -> Expr.Type.DOUBLE;
            case BOOLEAN -> Expr.Type.BOOLEAN;
            case TIMESTAMP, DATE -> Expr.Type.TIMESTAMP;
            default -> null;
        };
    }

    private Expr expr(final RexNode node)
    {
        if (node instanceof RexInputRef ref)
        {
            return column(spec.outputs().get(ref.getIndex()));
        }
        if (node instanceof RexLiteral literal)
        {
            return literal(literal);
        }
        if (node instanceof org.apache.calcite.rex.RexDynamicParam param)
        {
            // bound per execution (TallyExecutor): the value, typed as Calcite typed the parameter
            // a DATE parameter arrives as days or a local-midnight Date: Calcite's to read
            final Expr.Type type = param.getType().getSqlTypeName() == SqlTypeName.DATE ? null :
                type(param.getType().getSqlTypeName());
            return type == null ? null : Expr.call(PARAMETER, Expr.literal((long)param.getIndex()),
                Expr.literal(type.name()));
        }
        if (!(node instanceof RexCall call))
        {
            return null;
        }
        if (call.getOperator() == org.apache.calcite.sql.fun.SqlStdOperatorTable.CURRENT_TIMESTAMP ||
            call.getOperator() == org.apache.calcite.sql.fun.SqlStdOperatorTable.LOCALTIMESTAMP)
        {
            return Expr.call(CURRENT_TIMESTAMP);
        }
        if (call.getOperator() == org.apache.calcite.sql.fun.SqlStdOperatorTable.CURRENT_DATE)
        {
            return Expr.call(CURRENT_DATE);
        }
        final List<RexNode> operands = call.getOperands();
        switch (call.getKind())
        {
            case PLUS, MINUS, TIMES, DIVIDE, MOD:
            {
                final String op = switch (call.getKind())
                {
                    case PLUS -> "+";
                    case MINUS -> "-";
                    case TIMES -> "*";
                    case DIVIDE -> "/";
                    default -> "%";
                };
                if (call.getType().getSqlTypeName().getFamily() == SqlTypeFamily.INTERVAL_DAY_TIME &&
                    call.getKind() == SqlKind.MINUS)
                {
                    // t1 - t2 as a day-time interval (Calcite's TIMESTAMPDIFF): milliseconds
                    return call("-", operands);
                }
                if (type(call.getType().getSqlTypeName()) == null)
                {
                    return null;
                }
                return call(op, operands);
            }
            case MINUS_PREFIX:
                return call("neg", operands);
            case REINTERPRET:
                // a day-time interval read as its milliseconds, the engine's form of it already
                return operands.get(0).getType().getSqlTypeName().getFamily() == SqlTypeFamily.INTERVAL_DAY_TIME &&
                    type(call.getType().getSqlTypeName()) == Expr.Type.LONG ? expr(operands.get(0)) : null;
            case PLUS_PREFIX:
                return expr(operands.get(0));
            case EQUALS:
                return call("=", operands);
            case NOT_EQUALS:
                return call("<>", operands);
            case LESS_THAN:
                return call("<", operands);
            case LESS_THAN_OR_EQUAL:
                return call("<=", operands);
            case GREATER_THAN:
                return call(">", operands);
            case GREATER_THAN_OR_EQUAL:
                return call(">=", operands);
            case AND:
                return call("and", operands);
            case OR:
                return call("or", operands);
            case NOT:
                return call("not", operands);
            case IS_NULL:
                return call("is_null", operands);
            case IS_NOT_NULL:
                return call("is_not_null", operands);
            case IS_TRUE:
                return call("is_true", operands);
            case IS_NOT_TRUE:
                return call("is_not_true", operands);
            case IS_FALSE:
                return call("is_false", operands);
            case IS_NOT_FALSE:
                return call("is_not_false", operands);
            case CASE:
                return call("case", operands);
            case COALESCE:
                return call("coalesce", operands);
            case NULLIF:
                return call("nullif", operands);
            case GREATEST:
                return call("greatest", operands);
            case LEAST:
                return call("least", operands);
            case CAST:
                return cast(call);
            case LIKE:
                return like(call);
            case FLOOR, CEIL:
                return floorOrCeil(call);
            case EXTRACT:
                return extract(call);
            case TIMESTAMP_ADD:
            {
                final TimeUnitRange unit = unit(operands.get(0));
                return unit == null ? null : call("timestampadd", List.of(operands.get(1), operands.get(2)),
                    Expr.literal(unit.name()));
            }
            case TIMESTAMP_DIFF:
            {
                final TimeUnitRange unit = unit(operands.get(0));
                return unit == null ? null : call("timestampdiff", List.of(operands.get(1), operands.get(2)),
                    Expr.literal(unit.name()));
            }
            case POSITION:
                return operands.size() == 2 ? call("position", operands) : null;
            case TRIM:
                return trim(call);
            default:
                return function(call);
        }
    }

    private Expr column(final Column column)
    {
        if (column instanceof Column.Field field)
        {
            if (field.zeroIfNull())
            {
                return null;
            }
            final Expr virtual = spec.virtualExpression(field.name());
            if (virtual != null)
            {
                return virtual;
            }
            return spec.isSketch(field.name()) ? null : Expr.column(field.name());
        }
        if (column instanceof Column.TimeFloor floor)
        {
            return timeFloor(Expr.column(RowSchema.TIME_COLUMN), floor.period(), floor.zone());
        }
        if (column instanceof Column.Literal literal)
        {
            final Expr.Type type = type(literal.type());
            if (type == null)
            {
                return null;
            }
            final Object value = literal.value() instanceof BigDecimal decimal ? (Object)decimal.doubleValue() :
                literal.value() instanceof Integer integer ? (Object)integer.longValue() : literal.value();
            return new Expr.Literal(value, type);
        }
        return null;
    }

    private static Expr timeFloor(final Expr time, final String period, final String zone)
    {
        return Expr.call("time_floor", time, Expr.literal(period), new Expr.Literal(null, Expr.Type.TIMESTAMP),
            new Expr.Literal(zone, Expr.Type.STRING));
    }

    private static Expr literal(final RexLiteral literal)
    {
        final SqlTypeName sqlType = literal.getType().getSqlTypeName();
        if (sqlType == SqlTypeName.NULL)
        {
            return new Expr.Literal(null, Expr.Type.STRING);
        }
        if (sqlType == SqlTypeName.CHAR)
        {
            // CHAR literals carry no padding in expressions: 'abc' is CHAR(3)
            return new Expr.Literal(literal.isNull() ? null : literal.getValueAs(String.class), Expr.Type.STRING);
        }
        final Expr.Type type = type(sqlType);
        if (type == null)
        {
            if (sqlType.getFamily() == SqlTypeFamily.INTERVAL_DAY_TIME)
            {
                return new Expr.Literal(literal.isNull() ? null : literal.getValueAs(Long.class), Expr.Type.LONG);
            }
            return null;
        }
        if (literal.isNull())
        {
            return new Expr.Literal(null, type);
        }
        final Object value = switch (sqlType)
        {
            case VARCHAR -> literal.getValueAs(String.class);
            case BOOLEAN -> literal.getValueAs(Boolean.class);
            case TIMESTAMP -> literal.getValueAs(Long.class);
            case DATE -> literal.getValueAs(Integer.class) * DAY_MILLIS;
            case DOUBLE, FLOAT, REAL, DECIMAL -> literal.getValueAs(BigDecimal.class).doubleValue();
            default -> literal.getValueAs(BigDecimal.class).longValueExact();
        };
        return new Expr.Literal(value, type);
    }

    private Expr call(final String function, final List<RexNode> operands, final Expr... leading)
    {
        final List<Expr> args = new ArrayList<>(List.of(leading));
        for (final RexNode operand : operands)
        {
            final Expr arg = expr(operand);
            if (arg == null)
            {
                return null;
            }
            args.add(arg);
        }
        return new Expr.Call(function, args);
    }

    private Expr cast(final RexCall call)
    {
        final RexNode operand = call.getOperands().get(0);
        final SqlTypeName to = call.getType().getSqlTypeName();
        final SqlTypeName from = operand.getType().getSqlTypeName();
        final Expr input = expr(operand);
        if (input == null)
        {
            return null;
        }
        if (to == SqlTypeName.DATE)
        {
            // the UTC day, as the engine holds dates: the day's first millisecond
            final Expr time = from == SqlTypeName.DATE ? input : castTo(input, Expr.Type.TIMESTAMP);
            return from == SqlTypeName.DATE ? input : timeFloor(time, "P1D", null);
        }
        if (to == SqlTypeName.VARCHAR && truncates(call.getType(), operand.getType()))
        {
            // CAST(s AS VARCHAR(3)) keeps the first 3 characters; a number that long is Calcite's to refuse
            return from.getFamily() == SqlTypeFamily.CHARACTER ? Expr.call("substring", input, Expr.literal(1L),
                Expr.literal((long)call.getType().getPrecision())) : null;
        }
        if (to == SqlTypeName.CHAR || to == SqlTypeName.DECIMAL && call.getType().getScale() > 0 ||
            from == SqlTypeName.DECIMAL && to != SqlTypeName.DOUBLE && to != SqlTypeName.DECIMAL)
        {
            // padding, rounding to a scale, and exact decimals are Calcite's
            return null;
        }
        if (to == SqlTypeName.TIMESTAMP && from != SqlTypeName.TIMESTAMP && from != SqlTypeName.DATE &&
            from != SqlTypeName.VARCHAR && from != SqlTypeName.CHAR)
        {
            return null;
        }
        final Expr.Type type = to == SqlTypeName.DECIMAL ? Expr.Type.LONG : type(to);
        if (type == null)
        {
            return null;
        }
        if (from == SqlTypeName.TIMESTAMP && type != Expr.Type.TIMESTAMP && type != Expr.Type.STRING)
        {
            return null;
        }
        // a literal setting (a period, a zone) stays a literal
        if (input instanceof Expr.Literal literal && type == Expr.Type.STRING && literal.valueType() == Expr.Type.STRING)
        {
            return literal;
        }
        return castTo(input, type);
    }

    /** Whether a cast to a VARCHAR of a stated length may cut the value's text. */
    static boolean truncates(final org.apache.calcite.rel.type.RelDataType to,
        final org.apache.calcite.rel.type.RelDataType from)
    {
        final int length = to.getPrecision();
        if (length == org.apache.calcite.rel.type.RelDataType.PRECISION_NOT_SPECIFIED ||
            length >= org.apache.calcite.rel.type.RelDataTypeSystem.DEFAULT.getMaxPrecision(SqlTypeName.VARCHAR))
        {
            return false;
        }
        final boolean isText = from.getSqlTypeName().getFamily() == SqlTypeFamily.CHARACTER;
        return !isText || from.getPrecision() == org.apache.calcite.rel.type.RelDataType.PRECISION_NOT_SPECIFIED ||
            from.getPrecision() > length;
    }

    private static Expr castTo(final Expr input, final Expr.Type type)
    {
        if (input instanceof Expr.Literal literal && literal.valueType() == type)
        {
            return literal;
        }
        if (input instanceof Expr.Literal literal && literal.valueType() == Expr.Type.STRING && literal.value() != null)
        {
            // folded here, so a constant that does not convert is Calcite's error, as it always was
            return new Expr.Literal(dev.tally.query.expr.ExprCompiler.castText((String)literal.value(), type), type);
        }
        return Expr.call("cast", input, Expr.literal(type.name()));
    }

    private Expr like(final RexCall call)
    {
        if (!(call.getOperator() instanceof SqlLikeOperator operator) || !operator.isCaseSensitive())
        {
            return null;
        }
        final List<RexNode> operands = call.getOperands();
        final Expr like = call("like", operands);
        if (like == null || !(((Expr.Call)like).args().get(1) instanceof Expr.Literal))
        {
            return null;
        }
        return operator.isNegated() ? Expr.call("not", like) : like;
    }

    private Expr floorOrCeil(final RexCall call)
    {
        final List<RexNode> operands = call.getOperands();
        final boolean isFloor = call.getKind() == SqlKind.FLOOR;
        if (operands.size() == 1)
        {
            return call(isFloor ? "floor" : "ceil", operands);
        }
        final TimeUnitRange unit = unit(operands.get(1));
        final Expr time = expr(operands.get(0));
        if (unit == null || time == null)
        {
            return null;
        }
        if (unit == TimeUnitRange.WEEK)
        {
            return Expr.call(isFloor ? "time_floor" : "time_ceil", time, Expr.literal("P1W"),
                new Expr.Literal(SUNDAY, Expr.Type.TIMESTAMP), new Expr.Literal(null, Expr.Type.STRING));
        }
        final String period = TimeFunctions.periodOfUnit(unit.name());
        if (period == null)
        {
            return null;
        }
        return Expr.call(isFloor ? "time_floor" : "time_ceil", time, Expr.literal(period),
            new Expr.Literal(null, Expr.Type.TIMESTAMP), new Expr.Literal(null, Expr.Type.STRING));
    }

    private Expr extract(final RexCall call)
    {
        final TimeUnitRange unit = unit(call.getOperands().get(0));
        final Expr time = expr(call.getOperands().get(1));
        if (unit == null || time == null)
        {
            return null;
        }
        final String name = switch (unit)
        {
            case YEAR, QUARTER, MONTH, WEEK, DAY, DOW, ISODOW, DOY, HOUR, MINUTE, SECOND, EPOCH, ISOYEAR, DECADE,
                CENTURY, MILLENNIUM -> unit.name();
            default -> null;
        };
        return name == null ? null : Expr.call("extract", Expr.literal(name), time);
    }

    private Expr trim(final RexCall call)
    {
        // TRIM([BOTH|LEADING|TRAILING] chars FROM s): operands flag, chars, s
        final List<RexNode> operands = call.getOperands();
        if (!(operands.get(0) instanceof RexLiteral flagLiteral) ||
            !(flagLiteral.getValue() instanceof SqlTrimFunction.Flag flag))
        {
            return null;
        }
        final String function = switch (flag)
        {
            case BOTH -> "btrim";
            case LEADING -> "ltrim";
            default -> "rtrim";
        };
        final Expr chars = expr(operands.get(1));
        final Expr value = expr(operands.get(2));
        return chars instanceof Expr.Literal && value != null ? Expr.call(function, value, chars) : null;
    }

    private Expr function(final RexCall call)
    {
        final String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
        final List<RexNode> operands = call.getOperands();
        if (call.getOperator() instanceof SqlUserDefinedFunction udf &&
            udf.getFunction() instanceof InternalScalarFunction function)
        {
            return druid(function.name(), operands);
        }
        return switch (name)
        {
            case "LOWER", "UPPER", "CHAR_LENGTH", "CHARACTER_LENGTH", "REPLACE", "ABS", "POWER", "SQRT", "LN",
                "LOG10", "EXP", "SIGN" -> call(name.toLowerCase(Locale.ROOT), operands);
            case "SUBSTRING" -> call("substring", operands);
            case "||", "CONCAT" -> call("concat", operands);
            case "MOD" -> call("%", operands);
            case "ROUND" -> operands.size() == 1 || operands.get(1) instanceof RexLiteral ?
                call("round", operands) : null;
            default -> null;
        };
    }

    /** Druid's functions, with the statement's zone where the call gives none. */
    private Expr druid(final String name, final List<RexNode> operands)
    {
        final String zone = ExecutionScope.timeZone();
        switch (name)
        {
            case "TIME_FLOOR", "TIME_CEIL":
                return withZone(name.toLowerCase(Locale.ROOT), operands, 4, 3, zone, true);
            case "TIME_SHIFT":
                return withZone("time_shift", operands, 4, 3, zone, false);
            case "TIME_EXTRACT":
                return operands.size() < 2 ? null : withZone("time_extract", operands, 3, 2, zone, false);
            case "TIME_FORMAT":
                return withZone("time_format", operands, 3, 2, zone, false);
            case "TIME_PARSE":
                return withZone("time_parse", operands, 3, 2, zone, false);
            case "DATE_TRUNC":
            {
                final Expr trunc = call("date_trunc", operands);
                return trunc == null ? null : Expr.call("date_trunc", ((Expr.Call)trunc).args().get(0),
                    ((Expr.Call)trunc).args().get(1), new Expr.Literal(zone, Expr.Type.STRING));
            }
            case "MILLIS_TO_TIMESTAMP":
            {
                final Expr millis = expr(operands.get(0));
                return millis == null ? null : castTo(millis, Expr.Type.TIMESTAMP);
            }
            case "TIMESTAMP_TO_MILLIS":
            {
                final Expr time = expr(operands.get(0));
                return time == null ? null : castTo(time, Expr.Type.LONG);
            }
            default:
            {
                final String function = FUNCTIONS.get(name);
                return function == null ? null : call(function, operands);
            }
        }
    }

    /**
     * A Druid time function whose optional arguments end with a zone: missing ones become NULL literals up to
     * {@code arity}, and the zone (argument {@code zoneIndex}) the statement's when it is absent or NULL.
     */
    private Expr withZone(final String function, final List<RexNode> operands, final int arity, final int zoneIndex,
        final String zone, final boolean hasOrigin)
    {
        final Expr call = call(function, operands);
        if (call == null)
        {
            return null;
        }
        final List<Expr> args = new ArrayList<>(((Expr.Call)call).args());
        while (args.size() < arity)
        {
            args.add(hasOrigin && args.size() == 2 ? new Expr.Literal(null, Expr.Type.TIMESTAMP) :
                new Expr.Literal(null, Expr.Type.STRING));
        }
        if (args.get(zoneIndex) instanceof Expr.Literal literal && literal.value() == null)
        {
            args.set(zoneIndex, new Expr.Literal(zone, Expr.Type.STRING));
        }
        for (int i = 1; i < args.size(); i++)
        {
            // settings (period, origin, pattern, zone) must be constants
            if (!(args.get(i) instanceof Expr.Literal))
            {
                return null;
            }
        }
        return new Expr.Call(function, args);
    }

    private static TimeUnitRange unit(final RexNode node)
    {
        return node instanceof RexLiteral literal && literal.getValue() instanceof TimeUnitRange range ? range : null;
    }
}
