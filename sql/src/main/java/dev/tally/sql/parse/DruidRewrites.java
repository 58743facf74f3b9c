package dev.tally.sql.parse;

import dev.tally.query.expr.TimeFunctions;
import dev.tally.sql.fn.DruidFunctions;
import dev.tally.sql.fn.TallyFunctions;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.util.TimestampString;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Druid's function spellings in terms of functions Tally has, applied to the parsed tree: the DataSketches names of
 * the approximate aggregates ({@code APPROX_COUNT_DISTINCT_DS_HLL}, {@code APPROX_QUANTILE_DS}; their sketch-size
 * arguments are dropped, Tally's sketches are sized by the table), {@code LATEST(x)}/{@code EARLIEST(x)} and
 * {@code LATEST_BY}/{@code EARLIEST_BY} as {@code ARG_MAX}/{@code ARG_MIN} over {@code __time}, {@code NVL} as
 * {@code COALESCE}, {@code SAFE_DIVIDE}, {@code GREATEST} and {@code LEAST} as CASE, {@code CONCAT}/{@code TEXTCAT} as {@code ||} of
 * the arguments cast to strings, {@code STRLEN}/{@code LENGTH} as {@code CHAR_LENGTH}, {@code TIME_IN_INTERVAL} with a
 * literal interval as a time range. A dynamic parameter given to
 * one of Tally's functions is cast to the parameter's type. Other calls pass unchanged.
 */
final class DruidRewrites extends SqlShuttle
{
    private static final DruidRewrites INSTANCE = new DruidRewrites();

    static SqlNode apply(final SqlNode node)
    {
        return node == null ? null : node.accept(INSTANCE);
    }

    private static final Set<SqlKind> COMPARISONS = Set.of(SqlKind.EQUALS, SqlKind.NOT_EQUALS, SqlKind.LESS_THAN,
        SqlKind.LESS_THAN_OR_EQUAL, SqlKind.GREATER_THAN, SqlKind.GREATER_THAN_OR_EQUAL, SqlKind.BETWEEN);
    /** Built-in string functions whose dynamic parameters are strings ({@code LOWER(?)}, as Cube writes). */
    private static final Set<String> STRING_FUNCTIONS = Set.of("LOWER", "UPPER", "INITCAP", "CHAR_LENGTH",
        "CHARACTER_LENGTH", "REPLACE", "TRIM", "SUBSTRING", "POSITION", "||", "LIKE", "NOT LIKE");

    @Override
    public SqlNode visit(final SqlCall call)
    {
        final SqlCall visited = (SqlCall)super.visit(call);
        if (visited == null)
        {
            return null;
        }
        if (!(visited.getOperator() instanceof SqlUnresolvedFunction))
        {
            return builtIn(visited);
        }
        final String name = visited.getOperator().getName().toUpperCase(Locale.ROOT);
        final List<SqlNode> args = visited.getOperandList();
        final SqlParserPos pos = visited.getParserPosition();
        typeParameters(visited, TallyFunctions.parameterTypes(name, args.size()));
        if (STRING_FUNCTIONS.contains(name))
        {
            stringParameters(visited);
        }
        return switch (name)
        {
            case "APPROX_COUNT_DISTINCT_DS_HLL", "APPROX_COUNT_DISTINCT_DS_THETA", "APPROX_COUNT_DISTINCT_BUILTIN" ->
                args.isEmpty() ? visited : SqlStdOperatorTable.APPROX_COUNT_DISTINCT.createCall(pos, args.get(0));
            case "APPROX_QUANTILE_DS" -> args.size() < 2 ? visited : function("APPROX_QUANTILE", pos,
                args.subList(0, 2));
            case "LATEST", "EARLIEST" -> args.isEmpty() ? visited : (name.equals("LATEST") ?
                SqlStdOperatorTable.ARG_MAX : SqlStdOperatorTable.ARG_MIN).createCall(pos, args.get(0),
                new SqlIdentifier("__time", pos));
            case "LATEST_BY", "EARLIEST_BY" -> args.size() < 2 ? visited : (name.equals("LATEST_BY") ?
                SqlStdOperatorTable.ARG_MAX : SqlStdOperatorTable.ARG_MIN).createCall(pos, args.get(0), args.get(1));
            case "SAFE_DIVIDE" -> args.size() != 2 ? visited : caseWhen(pos,
                SqlStdOperatorTable.EQUALS.createCall(pos, args.get(1), SqlLiteral.createExactNumeric("0", pos)),
                SqlLiteral.createNull(pos), SqlStdOperatorTable.DIVIDE.createCall(pos, args.get(0), args.get(1)));
            case "GREATEST", "LEAST" -> args.isEmpty() ? visited : extreme(args, name.equals("GREATEST"), pos);
            case "ANY_VALUE" -> args.size() <= 1 ? visited : SqlStdOperatorTable.ANY_VALUE.createCall(pos,
                args.get(0));
            case "NVL" -> args.size() != 2 ? visited : SqlStdOperatorTable.COALESCE.createCall(pos, args);
            case "CONCAT", "TEXTCAT" -> args.isEmpty() ? visited : concat(args, pos);
            case "STRING_FORMAT" -> args.size() < 2 ? visited : function(name, pos, formatArguments(args, pos));
            case "STRLEN", "LENGTH" -> args.size() != 1 ? visited : SqlStdOperatorTable.CHAR_LENGTH.createCall(pos,
                args.get(0));
            case "TIME_IN_INTERVAL" -> timeRange(visited, args, pos);
            default -> visited;
        };
    }

    /**
     * Calls Calcite parsed into its own operators: a SELECT's aggregate arguments in ORDER BY and HAVING read the
     * input's columns ({@link AggregateArguments}); {@code FLOOR(t TO WEEK)} as Druid's Monday week (Calcite's starts on
     * Sunday); a string literal where TIMESTAMPADD/DIFF want a timestamp (Metabase writes them so) cast to one;
     * dynamic parameters of string functions typed as strings; an ISO-8601 instant compared with {@code __time} as a
 * TIMESTAMP literal; integer literals in arithmetic as BIGINT (Druid's
     * numbers are 64-bit: {@code 1767229200 * 1000} must not overflow).
     */
    private static SqlNode builtIn(final SqlCall call)
    {
        final SqlKind kind = call.getKind();
        final SqlParserPos pos = call.getParserPosition();
        if (call instanceof SqlSelect select)
        {
            AggregateArguments.qualify(select, select.getOrderList());
            AggregateArguments.qualify(select, select.getHaving());
            return call;
        }
        if (call instanceof SqlOrderBy orderBy && orderBy.query instanceof SqlSelect select)
        {
            AggregateArguments.qualify(select, orderBy.orderList);
            return call;
        }
        if (kind == SqlKind.FLOOR && call.operandCount() == 2 && call.operand(1) instanceof SqlIntervalQualifier unit &&
            unit.timeUnitRange == TimeUnitRange.WEEK)
        {
            return function("DATE_TRUNC", pos, List.of(SqlLiteral.createCharString("week", pos), call.operand(0)));
        }
        if (COMPARISONS.contains(kind) && readsTime(call))
        {
            for (int i = 0; i < call.operandCount(); i++)
            {
                if (call.operand(i) instanceof SqlCharStringLiteral text)
                {
                    final Long millis = isoInstant(text.getValueAs(String.class));
                    if (millis != null)
                    {
                        call.setOperand(i, timestamp(millis, text.getParserPosition()));
                    }
                }
            }
            return call;
        }
        if (kind == SqlKind.TIMESTAMP_ADD || kind == SqlKind.TIMESTAMP_DIFF)
        {
            for (int i = 1; i < call.operandCount(); i++)
            {
                if (call.operand(i) instanceof SqlCharStringLiteral text)
                {
                    call.setOperand(i, cast(text, SqlTypeName.TIMESTAMP, pos));
                }
            }
            return call;
        }
        if (kind == SqlKind.TIMES || kind == SqlKind.PLUS || kind == SqlKind.MINUS || kind == SqlKind.DIVIDE)
        {
            for (int i = 0; i < call.operandCount(); i++)
            {
                if (call.operand(i) instanceof SqlNumericLiteral number && number.isInteger())
                {
                    call.setOperand(i, cast(number, SqlTypeName.BIGINT, pos));
                }
            }
            return call;
        }
        if (STRING_FUNCTIONS.contains(call.getOperator().getName().toUpperCase(Locale.ROOT)))
        {
            stringParameters(call);
        }
        return call;
    }

    /**
     * {@code TIME_IN_INTERVAL(t, 'start/end')} with a literal interval as {@code t >= start AND t < end}: a time range
     * the engine prunes segments and blocks by. An interval that does not parse stays the function, whose error names
     * it.
     */
    private static SqlNode timeRange(final SqlCall call, final List<SqlNode> args, final SqlParserPos pos)
    {
        if (args.size() != 2 || !(args.get(1) instanceof SqlCharStringLiteral text))
        {
            return call;
        }
        final long[] bounds;
        try
        {
            bounds = DruidFunctions.interval(text.getValueAs(String.class));
        }
        catch (final IllegalArgumentException ex)
        {
            return call;
        }
        return SqlStdOperatorTable.AND.createCall(pos,
            SqlStdOperatorTable.GREATER_THAN_OR_EQUAL.createCall(pos, args.get(0), timestamp(bounds[0], pos)),
            SqlStdOperatorTable.LESS_THAN.createCall(pos, args.get(0), timestamp(bounds[1], pos)));
    }

    private static SqlNode timestamp(final long millis, final SqlParserPos pos)
    {
        return SqlLiteral.createTimestamp(SqlTypeName.TIMESTAMP, TimestampString.fromMillisSinceEpoch(millis), 3, pos);
    }

    private static void stringParameters(final SqlCall call)
    {
        for (int i = 0; i < call.operandCount(); i++)
        {
            if (call.operand(i) instanceof SqlDynamicParam)
            {
                call.setOperand(i, cast(call.operand(i), SqlTypeName.VARCHAR, call.getParserPosition()));
            }
        }
    }

    /** Whether a comparison reads {@code __time} itself (a column reference named so). */
    private static boolean readsTime(final SqlCall call)
    {
        for (final SqlNode operand : call.getOperandList())
        {
            if (operand instanceof SqlIdentifier identifier && !identifier.isStar() &&
                "__time".equals(identifier.names.get(identifier.names.size() - 1)))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Epoch millis of an ISO-8601 instant with a {@code T} or a zone ({@code 2026-01-01T00:00:00.000Z}, as Grafana
     * writes its time range), which Calcite cannot cast to a TIMESTAMP; {@code null} for other text (Calcite's own
     * {@code 2026-01-01 00:00:00} stays a string for Calcite to cast).
     */
    private static Long isoInstant(final String text)
    {
        final String trimmed = text.trim();
        if (trimmed.length() < 11 || trimmed.charAt(10) != 'T' && !trimmed.endsWith("Z") && trimmed.indexOf('+') < 0)
        {
            return null;
        }
        return TimeFunctions.parse(trimmed, null, null);
    }

    /** {@code GREATEST}/{@code LEAST} as CASE: NULL arguments are skipped, NULL only when all are. */
    private static SqlNode extreme(final List<SqlNode> args, final boolean isGreatest, final SqlParserPos pos)
    {
        SqlNode result = args.get(0);
        for (int i = 1; i < args.size(); i++)
        {
            final SqlNode a = result;
            final SqlNode b = args.get(i);
            final SqlNode wins = (isGreatest ? SqlStdOperatorTable.GREATER_THAN_OR_EQUAL :
                SqlStdOperatorTable.LESS_THAN_OR_EQUAL).createCall(pos, a, b);
            result = new SqlCase(pos, null, SqlNodeList.of(SqlStdOperatorTable.IS_NULL.createCall(pos, a),
                SqlStdOperatorTable.IS_NULL.createCall(pos, b), wins), SqlNodeList.of(b, a, a), b);
        }
        return result;
    }

    private static SqlNode caseWhen(final SqlParserPos pos, final SqlNode when, final SqlNode then,
        final SqlNode otherwise)
    {
        return new SqlCase(pos, null, SqlNodeList.of(when), SqlNodeList.of(then), otherwise);
    }

    private static SqlNode cast(final SqlNode node, final SqlTypeName type, final SqlParserPos pos)
    {
        final SqlBasicTypeNameSpec spec = type == SqlTypeName.TIMESTAMP ? new SqlBasicTypeNameSpec(type, 3, pos) :
            new SqlBasicTypeNameSpec(type, pos);
        return SqlStdOperatorTable.CAST.createCall(pos, node, new SqlDataTypeSpec(spec, pos));
    }

    /** {@code TIME_PARSE(?)}: a dynamic parameter cast to the function's parameter type, so Calcite can type it. */
    private static void typeParameters(final SqlCall call, final List<SqlTypeName> types)
    {
        if (types == null)
        {
            return;
        }
        for (int i = 0; i < types.size(); i++)
        {
            final SqlNode arg = call.operand(i);
            if (arg instanceof SqlDynamicParam)
            {
                call.setOperand(i, cast(arg, types.get(i), arg.getParserPosition()));
            }
        }
    }

    private static SqlNode concat(final List<SqlNode> args, final SqlParserPos pos)
    {
        SqlNode result = asString(args.get(0), pos);
        for (int i = 1; i < args.size(); i++)
        {
            result = SqlStdOperatorTable.CONCAT.createCall(pos, result, asString(args.get(i), pos));
        }
        return result;
    }

    private static List<SqlNode> formatArguments(final List<SqlNode> args, final SqlParserPos pos)
    {
        final List<SqlNode> cast = new ArrayList<>();
        cast.add(args.get(0));
        for (int i = 1; i < args.size(); i++)
        {
            cast.add(asString(args.get(i), pos));
        }
        return cast;
    }

    private static SqlNode asString(final SqlNode node, final SqlParserPos pos)
    {
        return cast(node, SqlTypeName.VARCHAR, pos);
    }

    private static SqlNode function(final String name, final SqlParserPos pos, final List<SqlNode> args)
    {
        final SqlUnresolvedFunction function = new SqlUnresolvedFunction(new SqlIdentifier(name, pos), null, null,
            null, null, SqlFunctionCategory.USER_DEFINED_FUNCTION);
        return function.createCall(pos, new ArrayList<>(args));
    }
}
