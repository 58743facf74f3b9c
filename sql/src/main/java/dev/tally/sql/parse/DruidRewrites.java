package dev.tally.sql.parse;

import dev.tally.sql.fn.TallyFunctions;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Druid's function spellings in terms of functions Tally has, applied to the parsed tree: the DataSketches names of
 * the approximate aggregates ({@code APPROX_COUNT_DISTINCT_DS_HLL}, {@code APPROX_QUANTILE_DS}; their sketch-size
 * arguments are dropped, Tally's sketches are sized by the table), {@code LATEST(x)} and {@code EARLIEST(x)} as
 * {@code LATEST_BY(x, __time)}, {@code NVL} as {@code COALESCE}, {@code CONCAT}/{@code TEXTCAT} as {@code ||} of
 * the arguments cast to strings, {@code STRLEN}/{@code LENGTH} as {@code CHAR_LENGTH}. A dynamic parameter given to
 * one of Tally's functions is cast to the parameter's type. Other calls pass unchanged.
 */
final class DruidRewrites extends SqlShuttle
{
    private static final DruidRewrites INSTANCE = new DruidRewrites();

    static SqlNode apply(final SqlNode node)
    {
        return node == null ? null : node.accept(INSTANCE);
    }

    @Override
    public SqlNode visit(final SqlCall call)
    {
        final SqlCall visited = (SqlCall)super.visit(call);
        if (visited == null || !(visited.getOperator() instanceof SqlUnresolvedFunction))
        {
            return visited;
        }
        final String name = visited.getOperator().getName().toUpperCase(Locale.ROOT);
        final List<SqlNode> args = visited.getOperandList();
        final SqlParserPos pos = visited.getParserPosition();
        typeParameters(visited, TallyFunctions.parameterTypes(name, args.size()));
        return switch (name)
        {
            case "APPROX_COUNT_DISTINCT_DS_HLL", "APPROX_COUNT_DISTINCT_DS_THETA", "APPROX_COUNT_DISTINCT_BUILTIN" ->
                args.isEmpty() ? visited : SqlStdOperatorTable.APPROX_COUNT_DISTINCT.createCall(pos, args.get(0));
            case "APPROX_QUANTILE_DS" -> args.size() < 2 ? visited : function("APPROX_QUANTILE", pos,
                args.subList(0, 2));
            case "LATEST", "EARLIEST" -> args.isEmpty() ? visited : function(name + "_BY", pos,
                List.of(args.get(0), new SqlIdentifier("__time", pos)));
            case "LATEST_BY", "EARLIEST_BY" -> args.size() <= 2 ? visited : function(name, pos, args.subList(0, 2));
            case "ANY_VALUE" -> args.size() <= 1 ? visited : SqlStdOperatorTable.ANY_VALUE.createCall(pos,
                args.get(0));
            case "NVL" -> args.size() != 2 ? visited : SqlStdOperatorTable.COALESCE.createCall(pos, args);
            case "CONCAT", "TEXTCAT" -> args.isEmpty() ? visited : concat(args, pos);
            case "STRLEN", "LENGTH" -> args.size() != 1 ? visited : SqlStdOperatorTable.CHAR_LENGTH.createCall(pos,
                args.get(0));
            default -> visited;
        };
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
                final SqlTypeName type = types.get(i);
                final SqlBasicTypeNameSpec spec = type == SqlTypeName.TIMESTAMP ?
                    new SqlBasicTypeNameSpec(type, 3, arg.getParserPosition()) :
                    new SqlBasicTypeNameSpec(type, arg.getParserPosition());
                call.setOperand(i, SqlStdOperatorTable.CAST.createCall(arg.getParserPosition(), arg,
                    new SqlDataTypeSpec(spec, arg.getParserPosition())));
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

    private static SqlNode asString(final SqlNode node, final SqlParserPos pos)
    {
        return SqlStdOperatorTable.CAST.createCall(pos, node,
            new SqlDataTypeSpec(new SqlBasicTypeNameSpec(SqlTypeName.VARCHAR, pos), pos));
    }

    private static SqlNode function(final String name, final SqlParserPos pos, final List<SqlNode> args)
    {
        final SqlUnresolvedFunction function = new SqlUnresolvedFunction(new SqlIdentifier(name, pos), null, null,
            null, null, SqlFunctionCategory.USER_DEFINED_FUNCTION);
        return function.createCall(pos, new ArrayList<>(args));
    }
}
