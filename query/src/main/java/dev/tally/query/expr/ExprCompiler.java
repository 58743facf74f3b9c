package dev.tally.query.expr;

import dev.tally.query.model.Expr;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Types and compiles an {@link Expr} into {@link ExprNode}s. The functions, by name (arguments read as settings
 * must be literals, marked {@code 'lit'}):
 * <ul>
 *   <li>arithmetic {@code + - * / %} and {@code neg}: LONG when both operands are integers (division truncates),
 *   else DOUBLE; division or modulo by zero is NULL; {@code TIMESTAMP ± LONG} milliseconds is a TIMESTAMP;</li>
 *   <li>{@code = <> < <= > >=} (numbers, strings in code point order, timestamps), {@code and or not},
 *   {@code is_null is_not_null is_true is_not_true is_false is_not_false}, {@code in(x, 'lit'...)};</li>
 *   <li>{@code case(c1, v1, ..., [else])}, {@code coalesce}, {@code nullif(a, b)}, {@code greatest}, {@code least}
 *   (NULLs skipped),
 *   {@code cast(x, 'LONG|DOUBLE|STRING|BOOLEAN|TIMESTAMP')};</li>
 *   <li>strings: {@code lower upper trim ltrim rtrim substring(s, start, [length]) concat char_length
 *   replace(s, from, to) position(needle, s) strpos(s, needle) left right reverse contains_string
 *   like(s, 'pattern', ['escape']) regexp_like(s, 'p') regexp_extract(s, 'p', [group]) regexp_replace};</li>
 *   <li>time: {@code time_floor(t, 'period', [origin], ['zone']) time_ceil time_shift(t, 'period', step, ['zone'])
 *   time_extract(t, 'unit', ['zone'])} (Druid's units), {@code extract('unit', t, ['zone'])} (SQL's: DOW is 1 on
 *   Sunday), {@code date_trunc('unit', t, ['zone']) time_format(t, ['pattern'], ['zone'])
 *   time_parse(s, ['pattern'], ['zone']) timestampadd('unit', n, t) timestampdiff('unit', t1, t2)};</li>
 *   <li>math: {@code abs round(x, [digits]) floor ceil power sqrt ln log10 exp mod sign}.</li>
 * </ul>
 * The time and string functions are the ones the SQL layer calls row by row: one implementation of each.
 */
public final class ExprCompiler
{
    /** The type of a column an expression reads; throws when there is none of that name. */
    public interface Columns
    {
        Expr.Type typeOf(String column);
    }

    /** A compiled expression and the columns it reads, in the order of the batch's slots. */
    public record Compiled(ExprNode root, List<String> columns)
    {
        public Expr.Type type()
        {
            return root.type;
        }
    }

    private final Columns columns;
    private final Map<String, Integer> slots = new LinkedHashMap<>();

    private ExprCompiler(final Columns columns)
    {
        this.columns = columns;
    }

    public static Compiled compile(final Expr expr, final Columns columns)
    {
        final ExprCompiler compiler = new ExprCompiler(columns);
        final ExprNode root = compiler.node(expr);
        return new Compiled(root, List.copyOf(compiler.slots.keySet()));
    }

    /** The columns an expression reads (each once). */
    public static Set<String> columnsOf(final Expr expr)
    {
        final Set<String> names = new java.util.LinkedHashSet<>();
        collect(expr, names);
        return names;
    }

    private static void collect(final Expr expr, final Set<String> names)
    {
        if (expr instanceof Expr.Ref ref)
        {
            names.add(ref.column());
        }
        else if (expr instanceof Expr.Call call)
        {
            call.args().forEach(arg -> collect(arg, names));
        }
    }

    private ExprNode node(final Expr expr)
    {
        if (expr instanceof Expr.Literal literal)
        {
            return new ExprNode.Constant(literal.valueType(), literal.valueType() == Expr.Type.TIMESTAMP &&
                literal.value() instanceof String text ? TimeFunctions.parse(text, null, null) : literal.value());
        }
        if (expr instanceof Expr.Ref ref)
        {
            final Expr.Type type = columns.typeOf(ref.column());
            final int slot = slots.computeIfAbsent(ref.column(), name -> slots.size());
            return new ExprNode.Input(type, slot);
        }
        final Expr.Call call = (Expr.Call)expr;
        try
        {
            return call(call.function().toLowerCase(Locale.ROOT), call.args());
        }
        catch (final IllegalArgumentException | IndexOutOfBoundsException | ClassCastException ex)
        {
            throw new IllegalArgumentException("expression " + call.function() + "(...): " +
                (ex.getMessage() == null ? ex.toString() : ex.getMessage()), ex);
        }
    }

    private ExprNode[] nodes(final List<Expr> args)
    {
        final ExprNode[] nodes = new ExprNode[args.size()];
        for (int i = 0; i < nodes.length; i++)
        {
            nodes[i] = node(args.get(i));
        }
        return nodes;
    }

    private ExprNode call(final String function, final List<Expr> args)
    {
        switch (function)
        {
            case "+", "-", "*", "/", "%", "mod" ->
            {
                arity(function, args, 2, 2);
                return arithmetic(function, node(args.get(0)), node(args.get(1)));
            }
            case "neg" ->
            {
                final ExprNode input = node(args.get(0));
                return input.type == Expr.Type.DOUBLE ? new ExprNode.DoubleFunction(input, x -> -x) :
                    new ExprNode.LongFunction(numeric(input).type, numeric(input), x -> -x);
            }
            case "=", "<>", "!=", "<", "<=", ">", ">=" ->
            {
                arity(function, args, 2, 2);
                return compare(function, node(args.get(0)), node(args.get(1)));
            }
            case "and", "or" ->
            {
                final ExprNode[] operands = nodes(args);
                for (final ExprNode operand : operands)
                {
                    expect(operand, Expr.Type.BOOLEAN, function);
                }
                return new ExprNode.Junction(operands, "and".equals(function));
            }
            case "not", "is_null", "is_not_null", "is_true", "is_not_true", "is_false", "is_not_false" ->
            {
                arity(function, args, 1, 1);
                final ExprNode input = node(args.get(0));
                if (!function.contains("null"))
                {
                    expect(input, Expr.Type.BOOLEAN, function);
                }
                return new ExprNode.Test(input, ExprNode.Test.Kind.valueOf(function.toUpperCase(Locale.ROOT)));
            }
            case "in" -> {
                return in(args);
            }
            case "case" -> {
                return caseWhen(args);
            }
            case "coalesce" ->
            {
                final ExprNode[] operands = nodes(args);
                final Expr.Type type = common(operands, function);
                return new ExprNode.Coalesce(type, convertAll(operands, type));
            }
            case "nullif" ->
            {
                arity(function, args, 2, 2);
                final ExprNode value = node(args.get(0));
                final ExprNode equal = compare("=", value, node(args.get(1)));
                return new ExprNode.Case(value.type, new ExprNode[] {equal},
                    new ExprNode[] {new ExprNode.Constant(value.type, null)}, value);
            }
            case "greatest", "least" ->
            {
                final ExprNode[] operands = nodes(args);
                final Expr.Type type = common(operands, function);
                final boolean isGreatest = "greatest".equals(function);
                // Druid's: NULL arguments are skipped, NULL only when all are
                return objects(type, convertAll(operands, type), false, values ->
                {
                    Object best = null;
                    for (final Object value : values)
                    {
                        final int cmp = value == null || best == null ? 0 : compareValues(value, best);
                        if (best == null || value != null && (isGreatest ? cmp > 0 : cmp < 0))
                        {
                            best = value == null ? best : value;
                        }
                    }
                    return best;
                });
            }
            case "cast" ->
            {
                arity(function, args, 2, 2);
                return cast(node(args.get(0)), Expr.Type.valueOf(text(args, 1).toUpperCase(Locale.ROOT)));
            }
            default -> {
                final ExprNode strings = StringCalls.call(this, function, args);
                if (strings != null)
                {
                    return strings;
                }
                final ExprNode time = time(function, args);
                return time != null ? time : math(function, args);
            }
        }
    }

    // ------------------------------------------------------------------ typing helpers

    static void arity(final String function, final List<Expr> args, final int min, final int max)
    {
        if (args.size() < min || args.size() > max)
        {
            throw new IllegalArgumentException(function + " takes " + (min == max ? min : min + " to " + max) +
                " arguments, not " + args.size());
        }
    }

    static void expect(final ExprNode node, final Expr.Type type, final String function)
    {
        if (node.type != type && !(node.isConstant() && ((ExprNode.Constant)node).value() == null))
        {
            throw new IllegalArgumentException(function + " needs " + type + ", not " + node.type);
        }
    }

    /** A literal argument as text (a period, a zone, a pattern); {@code null} for a NULL literal. */
    static String text(final List<Expr> args, final int index)
    {
        if (index >= args.size())
        {
            return null;
        }
        if (!(args.get(index) instanceof Expr.Literal literal))
        {
            throw new IllegalArgumentException("argument " + (index + 1) + " must be a literal");
        }
        return literal.value() == null ? null : literal.value().toString();
    }

    ExprNode nodeOf(final Expr expr)
    {
        return node(expr);
    }

    private static ExprNode numeric(final ExprNode node)
    {
        if (node.type == Expr.Type.STRING)
        {
            throw new IllegalArgumentException("a number is needed, not a STRING");
        }
        return node.type == Expr.Type.BOOLEAN ? new ExprNode.Retype(Expr.Type.LONG, node) : node;
    }

    private static ExprNode toDouble(final ExprNode node)
    {
        return node.type == Expr.Type.DOUBLE ? node : new ExprNode.ToDouble(numeric(node));
    }

    /** The type operands share: the one type, or DOUBLE for mixed numbers, or STRING; NULL literals adapt. */
    private static Expr.Type common(final ExprNode[] operands, final String function)
    {
        Expr.Type type = null;
        for (final ExprNode operand : operands)
        {
            if (operand.isConstant() && ((ExprNode.Constant)operand).value() == null)
            {
                continue;
            }
            if (type == null || type == operand.type)
            {
                type = operand.type;
            }
            else if (isNumberLike(type) && isNumberLike(operand.type))
            {
                type = type == Expr.Type.DOUBLE || operand.type == Expr.Type.DOUBLE ? Expr.Type.DOUBLE :
                    type == Expr.Type.TIMESTAMP || operand.type == Expr.Type.TIMESTAMP ? Expr.Type.TIMESTAMP :
                        Expr.Type.LONG;
            }
            else
            {
                throw new IllegalArgumentException(function + " mixes " + type + " and " + operand.type);
            }
        }
        return type == null ? Expr.Type.STRING : type;
    }

    private static boolean isNumberLike(final Expr.Type type)
    {
        return type != Expr.Type.STRING;
    }

    private static ExprNode[] convertAll(final ExprNode[] operands, final Expr.Type type)
    {
        final ExprNode[] converted = new ExprNode[operands.length];
        for (int i = 0; i < operands.length; i++)
        {
            converted[i] = convert(operands[i], type);
        }
        return converted;
    }

    /** {@code node} as {@code type} where that loses nothing (a NULL literal, widening, LONG as TIMESTAMP). */
    private static ExprNode convert(final ExprNode node, final Expr.Type type)
    {
        if (node.type == type)
        {
            return node;
        }
        if (node.isConstant() && ((ExprNode.Constant)node).value() == null)
        {
            return new ExprNode.Constant(type, null);
        }
        if (type == Expr.Type.DOUBLE)
        {
            return toDouble(node);
        }
        if (type != Expr.Type.STRING && node.type != Expr.Type.STRING && node.type != Expr.Type.DOUBLE)
        {
            return new ExprNode.Retype(type, node);
        }
        return cast(node, type);
    }

    // ------------------------------------------------------------------ operators

    private static ExprNode arithmetic(final String op, final ExprNode left, final ExprNode right)
    {
        final boolean isDouble = left.type == Expr.Type.DOUBLE || right.type == Expr.Type.DOUBLE;
        final boolean byZero = "/".equals(op) || "%".equals(op) || "mod".equals(op);
        final ExprNode.Op kind = switch (op)
        {
            case "+" -> ExprNode.Op.ADD;
            case "-" -> ExprNode.Op.SUBTRACT;
            case "*" -> ExprNode.Op.MULTIPLY;
            case "/" -> ExprNode.Op.DIVIDE;
            default -> ExprNode.Op.MODULO;
        };
        if (isDouble)
        {
            final java.util.function.DoubleBinaryOperator f = switch (op)
            {
                case "+" -> Double::sum;
                case "-" -> (x, y) -> x - y;
                case "*" -> (x, y) -> x * y;
                case "/" -> (x, y) -> x / y;
                default -> (x, y) -> x % y;
            };
            return new ExprNode.DoubleArithmetic(toDouble(left), toDouble(right), f, kind, byZero);
        }
        final ExprNode x = numeric(left);
        final ExprNode y = numeric(right);
        final java.util.function.LongBinaryOperator f = switch (op)
        {
            case "+" -> Long::sum;
            case "-" -> (a, b) -> a - b;
            case "*" -> (a, b) -> a * b;
            case "/" -> (a, b) -> a / b;
            default -> (a, b) -> a % b;
        };
        // a timestamp moved by milliseconds stays a timestamp; the difference of two is milliseconds
        final boolean leftTime = x.type == Expr.Type.TIMESTAMP;
        final boolean rightTime = y.type == Expr.Type.TIMESTAMP;
        final Expr.Type type = (leftTime ^ rightTime) && ("+".equals(op) || "-".equals(op) && leftTime) ?
            Expr.Type.TIMESTAMP : Expr.Type.LONG;
        return new ExprNode.LongArithmetic(type, x, y, f, kind, byZero);
    }

    private static ExprNode compare(final String op, final ExprNode left, final ExprNode right)
    {
        final ExprNode.Compare.Op kind = switch (op)
        {
            case "=" -> ExprNode.Compare.Op.EQ;
            case "<>", "!=" -> ExprNode.Compare.Op.NE;
            case "<" -> ExprNode.Compare.Op.LT;
            case "<=" -> ExprNode.Compare.Op.LE;
            case ">" -> ExprNode.Compare.Op.GT;
            default -> ExprNode.Compare.Op.GE;
        };
        Expr.Type type = common(new ExprNode[] {left, right}, op);
        if (type == Expr.Type.TIMESTAMP || type == Expr.Type.BOOLEAN)
        {
            type = Expr.Type.LONG;
        }
        final ExprNode x = type == Expr.Type.LONG ? numeric(convert(left, left.type == Expr.Type.STRING ?
            Expr.Type.LONG : left.type)) : convert(left, type);
        final ExprNode y = type == Expr.Type.LONG ? numeric(convert(right, right.type == Expr.Type.STRING ?
            Expr.Type.LONG : right.type)) : convert(right, type);
        return new ExprNode.Compare(x, y, kind);
    }

    private ExprNode in(final List<Expr> args)
    {
        final ExprNode value = node(args.get(0));
        final Set<Object> set = new HashSet<>();
        for (int i = 1; i < args.size(); i++)
        {
            if (!(args.get(i) instanceof Expr.Literal literal))
            {
                throw new IllegalArgumentException("in takes literal values");
            }
            if (literal.value() != null)
            {
                set.add(normalize(literal.value(), value.type));
            }
        }
        final Expr.Type type = value.type;
        return objects(Expr.Type.BOOLEAN, new ExprNode[] {value}, true,
            values -> set.contains(normalize(values[0], type)));
    }

    /** A value as the key of an IN set for an operand of {@code type}: integral numbers as Long, others Double. */
    private static Object normalize(final Object value, final Expr.Type type)
    {
        if (type == Expr.Type.STRING)
        {
            return value.toString();
        }
        if (value instanceof Boolean bool)
        {
            return bool ? 1L : 0L;
        }
        final double number = value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString());
        return number == Math.rint(number) && Math.abs(number) < 9.0E18 ? (Object)(long)number : (Object)number;
    }

    private ExprNode caseWhen(final List<Expr> args)
    {
        final int pairs = args.size() / 2;
        final ExprNode[] conditions = new ExprNode[pairs];
        final ExprNode[] values = new ExprNode[pairs + 1];
        for (int p = 0; p < pairs; p++)
        {
            conditions[p] = node(args.get(2 * p));
            expect(conditions[p], Expr.Type.BOOLEAN, "case");
            values[p] = node(args.get(2 * p + 1));
        }
        values[pairs] = args.size() % 2 == 1 ? node(args.get(args.size() - 1)) :
            new ExprNode.Constant(values[0] == null ? Expr.Type.STRING : values[0].type, null);
        final Expr.Type type = common(values, "case");
        final ExprNode[] converted = convertAll(values, type);
        return new ExprNode.Case(type, conditions, java.util.Arrays.copyOf(converted, pairs), converted[pairs]);
    }

    /**
     * The engine's order of two non-null values of one kind: strings by code point (as dictionaries sort), booleans
     * false first, numbers numerically (of different kinds as doubles, {@link Double#compare}).
     */
    public static int compareValues(final Object a, final Object b)
    {
        if (a instanceof String x && b instanceof String y)
        {
            return ExprNode.compareStrings(x, y);
        }
        if (a instanceof Long x && b instanceof Long y)
        {
            return Long.compare(x, y);
        }
        if (a instanceof Boolean x && b instanceof Boolean y)
        {
            return Boolean.compare(x, y);
        }
        if (a instanceof Number x && b instanceof Number y)
        {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        throw new IllegalArgumentException("cannot compare[" + a + "] with[" + b + "]");
    }

    static ExprNode objects(final Expr.Type type, final ExprNode[] inputs, final boolean strict,
        final ExprNode.ObjectFunction.Body body)
    {
        return new ExprNode.ObjectFunction(type, inputs, strict, body);
    }

    // ------------------------------------------------------------------ casts

    private static final DateTimeFormatter SQL_TIMESTAMP =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    /**
     * {@code CAST}: numbers convert as SQL does (a DOUBLE to an integer truncates), a string converts when it reads
     * as the type and is an error otherwise (as in Calcite and DuckDB), a TIMESTAMP reads as its epoch
     * milliseconds and prints as {@code yyyy-MM-dd HH:mm:ss}.
     */
    static ExprNode cast(final ExprNode input, final Expr.Type target)
    {
        if (input.type == target)
        {
            return input;
        }
        final Expr.Type from = input.type;
        switch (target)
        {
            case DOUBLE:
                if (from != Expr.Type.STRING)
                {
                    return toDouble(input);
                }
                return objects(target, new ExprNode[] {input}, true, v -> castText((String)v[0], target));
            case LONG:
            case TIMESTAMP:
                if (from == Expr.Type.DOUBLE)
                {
                    return objects(target, new ExprNode[] {input}, true, v -> (long)(double)(Double)v[0]);
                }
                if (from == Expr.Type.STRING)
                {
                    return objects(target, new ExprNode[] {input}, true, v -> castText((String)v[0], target));
                }
                return new ExprNode.Retype(target, input);
            case BOOLEAN:
                if (from == Expr.Type.STRING)
                {
                    return objects(target, new ExprNode[] {input}, true, v -> castText((String)v[0], target));
                }
                return objects(target, new ExprNode[] {input}, true, v -> ((Number)v[0]).doubleValue() != 0);
            default:
                return objects(target, new ExprNode[] {input}, true, v -> switch (from)
                {
                    case TIMESTAMP -> SQL_TIMESTAMP.format(Instant.ofEpochMilli((Long)v[0]));
                    case BOOLEAN -> (Boolean)v[0] ? "TRUE" : "FALSE";
                    case DOUBLE -> doubleText((Double)v[0]);
                    default -> v[0].toString();
                });
        }
    }

    /** A string cast to {@code type}; a {@link NumberFormatException} naming the value when it does not read so. */
    public static Object castText(final String text, final Expr.Type type)
    {
        final String trimmed = text.trim();
        final Object value = switch (type)
        {
            case TIMESTAMP -> TimeFunctions.parse(trimmed, null, null);
            case BOOLEAN -> "true".equalsIgnoreCase(trimmed) ? Boolean.TRUE :
                "false".equalsIgnoreCase(trimmed) ? Boolean.FALSE : null;
            case DOUBLE, LONG -> parseNumber(trimmed, type == Expr.Type.DOUBLE);
            default -> text;
        };
        if (value == null)
        {
            throw new NumberFormatException("Invalid " + type + " value '" + text + "' for CAST");
        }
        return value;
    }

    private static String doubleText(final double value)
    {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long)value) + ".0" :
            Double.toString(value);
    }

    private static Object parseNumber(final String text, final boolean asDouble)
    {
        try
        {
            final BigDecimal number = new BigDecimal(text.trim());
            return asDouble ? (Object)number.doubleValue() : (Object)number.setScale(0, RoundingMode.DOWN)
                .longValueExact();
        }
        catch (final NumberFormatException | ArithmeticException ex)
        {
            return null;
        }
    }

    // ------------------------------------------------------------------ time

    private ExprNode time(final String function, final List<Expr> args)
    {
        switch (function)
        {
            case "time_floor", "time_ceil" ->
            {
                arity(function, args, 2, 4);
                final ExprNode time = timestamp(node(args.get(0)), function);
                final String period = text(args, 1);
                final Long origin = args.size() > 2 ? originOf(args.get(2)) : null;
                final String zone = text(args, 3);
                TimeFunctions.period(period, function.toUpperCase(Locale.ROOT));
                TimeFunctions.zone(zone);
                return new ExprNode.LongFunction(Expr.Type.TIMESTAMP, time, "time_floor".equals(function) ?
                    t -> TimeFunctions.floor(t, period, origin, zone) :
                    t -> TimeFunctions.ceil(t, period, origin, zone));
            }
            case "time_shift" ->
            {
                arity(function, args, 3, 4);
                final ExprNode time = timestamp(node(args.get(0)), function);
                final String period = text(args, 1);
                final long step = ((Number)((Expr.Literal)args.get(2)).value()).longValue();
                final String zone = text(args, 3);
                TimeFunctions.period(period, "TIME_SHIFT");
                return new ExprNode.LongFunction(Expr.Type.TIMESTAMP, time,
                    t -> TimeFunctions.shift(t, period, step, zone));
            }
            case "time_extract" ->
            {
                arity(function, args, 2, 3);
                final ExprNode time = timestamp(node(args.get(0)), function);
                final String unit = text(args, 1);
                final String zone = text(args, 2);
                TimeFunctions.extract(0, unit, zone);
                return extract(time, unit.toUpperCase(Locale.ROOT), zone);
            }
            case "extract" ->
            {
                arity(function, args, 2, 3);
                final String unit = text(args, 0).toUpperCase(Locale.ROOT);
                final ExprNode time = timestamp(node(args.get(1)), function);
                final String zone = text(args, 2);
                if ("DOW".equals(unit))
                {
                    // SQL's (and Calcite's) day of week: 1 on Sunday to 7 on Saturday
                    return new ExprNode.LongFunction(Expr.Type.LONG, extract(time, "ISODOW", zone), d -> d % 7 + 1);
                }
                TimeFunctions.extract(0, unit, zone);
                return extract(time, unit, zone);
            }
            case "date_trunc" ->
            {
                arity(function, args, 2, 3);
                final String unit = text(args, 0);
                final ExprNode time = timestamp(node(args.get(1)), function);
                final String zone = text(args, 2);
                TimeFunctions.truncate(unit, 0, zone);
                return new ExprNode.LongFunction(Expr.Type.TIMESTAMP, time,
                    t -> TimeFunctions.truncate(unit, t, zone));
            }
            case "time_format" ->
            {
                arity(function, args, 1, 3);
                final ExprNode time = timestamp(node(args.get(0)), function);
                final String pattern = text(args, 1);
                final String zone = text(args, 2);
                TimeFunctions.format(0, pattern, zone);
                return objects(Expr.Type.STRING, new ExprNode[] {time}, true,
                    v -> TimeFunctions.format((Long)v[0], pattern, zone));
            }
            case "time_parse" ->
            {
                arity(function, args, 1, 3);
                final ExprNode text = node(args.get(0));
                expect(text, Expr.Type.STRING, function);
                final String pattern = text(args, 1);
                final String zone = text(args, 2);
                return objects(Expr.Type.TIMESTAMP, new ExprNode[] {text}, true,
                    v -> TimeFunctions.parse((String)v[0], pattern, zone));
            }
            case "timestampadd" ->
            {
                arity(function, args, 3, 3);
                final String unit = text(args, 0).toUpperCase(Locale.ROOT);
                final ExprNode count = numeric(node(args.get(1)));
                final ExprNode time = timestamp(node(args.get(2)), function);
                return objects(Expr.Type.TIMESTAMP, new ExprNode[] {count, time}, true,
                    v -> TimeArithmetic.add(unit, ((Number)v[0]).longValue(), (Long)v[1]));
            }
            case "timestampdiff" ->
            {
                arity(function, args, 3, 3);
                final String unit = text(args, 0).toUpperCase(Locale.ROOT);
                final ExprNode from = timestamp(node(args.get(1)), function);
                final ExprNode to = timestamp(node(args.get(2)), function);
                return objects(Expr.Type.LONG, new ExprNode[] {from, to}, true,
                    v -> TimeArithmetic.difference(unit, (Long)v[0], (Long)v[1]));
            }
            default -> {
                return null;
            }
        }
    }

    private static final long DAY = 86_400_000L;

    /**
     * {@code TIME_EXTRACT} of one unit (upper case). In UTC the time-of-day units are arithmetic on the millis and the
     * date units are computed once per day (rows of one day in a row share the answer); elsewhere, per value.
     */
    private static ExprNode extract(final ExprNode time, final String unit, final String zone)
    {
        final boolean isUtc = zone == null || "UTC".equalsIgnoreCase(zone) || "Z".equals(zone);
        if (!isUtc)
        {
            return new ExprNode.LongFunction(Expr.Type.LONG, time, t -> TimeFunctions.extract(t, unit, zone));
        }
        return switch (unit)
        {
            case "EPOCH" -> new ExprNode.LongFunction(Expr.Type.LONG, time, t -> Math.floorDiv(t, 1000L));
            case "MILLISECOND", "MILLISECONDS" -> new ExprNode.LongFunction(Expr.Type.LONG, time,
                t -> Math.floorMod(t, 1000L));
            case "SECOND" -> new ExprNode.LongFunction(Expr.Type.LONG, time, t -> Math.floorMod(t, 60_000L) / 1000L);
            case "MINUTE" -> new ExprNode.LongFunction(Expr.Type.LONG, time,
                t -> Math.floorMod(t, 3_600_000L) / 60_000L);
            case "HOUR" -> new ExprNode.LongFunction(Expr.Type.LONG, time, t -> Math.floorMod(t, DAY) / 3_600_000L);
            case "DOW", "ISODOW" -> new ExprNode.LongFunction(Expr.Type.LONG, time,
                t -> Math.floorMod(Math.floorDiv(t, DAY) + 3, 7L) + 1);
            // the day first (cheap), then the calendar once per day
            default -> new ExprNode.LongFunction(Expr.Type.LONG, new ExprNode.LongFunction(Expr.Type.TIMESTAMP,
                time, t -> Math.floorDiv(t, DAY) * DAY), d -> TimeFunctions.extract(d, unit, null));
        };
    }

    private static Long originOf(final Expr origin)
    {
        if (!(origin instanceof Expr.Literal literal) || literal.value() == null)
        {
            if (origin instanceof Expr.Literal)
            {
                return null;
            }
            throw new IllegalArgumentException("the origin must be a literal");
        }
        return literal.value() instanceof Number number ? number.longValue() :
            TimeFunctions.parse(literal.value().toString(), null, null);
    }

    private static ExprNode timestamp(final ExprNode node, final String function)
    {
        if (node.type == Expr.Type.STRING)
        {
            return cast(node, Expr.Type.TIMESTAMP);
        }
        if (node.type == Expr.Type.DOUBLE || node.type == Expr.Type.BOOLEAN)
        {
            throw new IllegalArgumentException(function + " needs a TIMESTAMP, not " + node.type);
        }
        return node;
    }

    // ------------------------------------------------------------------ math

    private ExprNode math(final String function, final List<Expr> args)
    {
        switch (function)
        {
            case "abs", "sign" ->
            {
                arity(function, args, 1, 1);
                final ExprNode input = node(args.get(0));
                final boolean isAbs = "abs".equals(function);
                if (input.type == Expr.Type.DOUBLE)
                {
                    return new ExprNode.DoubleFunction(input, isAbs ? Math::abs : Math::signum);
                }
                return new ExprNode.LongFunction(Expr.Type.LONG, numeric(input),
                    isAbs ? Math::abs : x -> Long.signum(x));
            }
            case "floor", "ceil" ->
            {
                arity(function, args, 1, 1);
                final ExprNode input = node(args.get(0));
                if (input.type != Expr.Type.DOUBLE)
                {
                    return numeric(input);
                }
                return new ExprNode.DoubleFunction(input, "floor".equals(function) ? Math::floor : Math::ceil);
            }
            case "round" ->
            {
                arity(function, args, 1, 2);
                final ExprNode input = node(args.get(0));
                final int digits = args.size() > 1 ? ((Number)((Expr.Literal)args.get(1)).value()).intValue() : 0;
                if (input.type != Expr.Type.DOUBLE)
                {
                    if (digits >= 0)
                    {
                        return numeric(input);
                    }
                    final long unit = (long)Math.pow(10, -digits);
                    return new ExprNode.LongFunction(Expr.Type.LONG, numeric(input), x ->
                        BigDecimal.valueOf(x).divide(BigDecimal.valueOf(unit)).setScale(0, RoundingMode.HALF_UP)
                            .longValue() * unit);
                }
                return new ExprNode.DoubleFunction(input, x -> Double.isFinite(x) ?
                    BigDecimal.valueOf(x).setScale(digits, RoundingMode.HALF_UP).doubleValue() : x);
            }
            case "sqrt", "ln", "log10", "exp" ->
            {
                arity(function, args, 1, 1);
                final ExprNode input = toDouble(node(args.get(0)));
                return new ExprNode.DoubleFunction(input, switch (function)
                {
                    case "sqrt" -> Math::sqrt;
                    case "ln" -> x -> x <= 0 ? Double.NaN : Math.log(x);
                    case "log10" -> x -> x <= 0 ? Double.NaN : Math.log10(x);
                    default -> Math::exp;
                });
            }
            case "power" ->
            {
                arity(function, args, 2, 2);
                return new ExprNode.DoubleArithmetic(toDouble(node(args.get(0))), toDouble(node(args.get(1))),
                    Math::pow, ExprNode.Op.OTHER, false);
            }
            default -> throw new IllegalArgumentException("unknown function[" + function + "]");
        }
    }

    /** Compiles {@code expr} and checks it is of {@code type}. */
    public static Compiled compile(final Expr expr, final Columns columns, final Expr.Type type)
    {
        final Compiled compiled = compile(expr, columns);
        if (compiled.type() != type)
        {
            throw new IllegalArgumentException("expression is " + compiled.type() + ", not " + type);
        }
        return compiled;
    }

    /** A LIKE pattern, compiled once. */
    static Pattern like(final String pattern, final String escape)
    {
        return StringFunctions.likePattern(pattern, escape == null || escape.isEmpty() ? null : escape.charAt(0));
    }
}
