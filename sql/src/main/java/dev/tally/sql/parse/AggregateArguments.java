package dev.tally.sql.parse;

import dev.tally.sql.fn.TallyFunctions;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.validate.SqlNameMatchers;
import org.apache.calcite.util.Util;

import java.util.ArrayList;
import java.util.List;

/**
 * Names inside an aggregate's arguments in ORDER BY and HAVING, qualified with the FROM's name so that they read the
 * input's column and not a SELECT alias of the same name. Metabase aliases an aggregate by its column's name
 * ({@code SUM(revenue) AS revenue ... ORDER BY SUM(revenue) DESC}); Calcite's lenient conformance resolves a name in
 * ORDER BY to the alias first, which makes {@code SUM(SUM(revenue))}, a nested aggregate no plan implements. An
 * aggregate's argument can only mean an input column (PostgreSQL and DuckDB read it so), hence the qualification.
 * Only where the FROM is one named table or subquery; a join's columns are not known before validation.
 */
final class AggregateArguments extends SqlBasicVisitor<Void>
{
    private final String source;
    private int depth;

    private AggregateArguments(final String source)
    {
        this.source = source;
    }

    /** Qualifies the aggregate arguments in {@code clause} (ORDER BY or HAVING of {@code select}) in place. */
    static void qualify(final SqlSelect select, final SqlNode clause)
    {
        final String source = sourceName(select.getFrom());
        if (clause != null && source != null)
        {
            clause.accept(new AggregateArguments(source));
        }
    }

    /** The name the FROM's columns can be qualified with, or {@code null} when it is not one named source. */
    private static String sourceName(final SqlNode from)
    {
        if (from instanceof SqlIdentifier table && !table.isStar())
        {
            return Util.last(table.names);
        }
        if (from instanceof SqlCall call && call.getKind() == SqlKind.AS && call.operandCount() >= 2 &&
            call.operand(1) instanceof SqlIdentifier alias && alias.isSimple())
        {
            return alias.getSimple();
        }
        return null;
    }

    @Override
    public Void visit(final SqlCall call)
    {
        if (call instanceof SqlSelect)
        {
            return null; // a subquery has its own scope
        }
        final boolean aggregate = isAggregate(call);
        depth += aggregate ? 1 : 0;
        super.visit(call);
        depth -= aggregate ? 1 : 0;
        return null;
    }

    /**
     * Whether a parsed call aggregates: the parser leaves function calls unresolved, so the name is looked up among
     * Calcite's standard operators; Tally's own {@code APPROX_QUANTILE} too.
     */
    private static boolean isAggregate(final SqlCall call)
    {
        final SqlOperator operator = call.getOperator();
        if (operator.isAggregator() || call.getKind() == SqlKind.FILTER)
        {
            return true;
        }
        if (!(operator instanceof SqlUnresolvedFunction))
        {
            return false;
        }
        if (TallyFunctions.APPROX_QUANTILE.equalsIgnoreCase(operator.getName()))
        {
            return true;
        }
        final List<SqlOperator> found = new ArrayList<>();
        SqlStdOperatorTable.instance().lookupOperatorOverloads(new SqlIdentifier(operator.getName(),
            SqlParserPos.ZERO), SqlFunctionCategory.USER_DEFINED_FUNCTION, SqlSyntax.FUNCTION, found,
            SqlNameMatchers.withCaseSensitive(false));
        return found.stream().anyMatch(SqlOperator::isAggregator);
    }

    @Override
    public Void visit(final SqlIdentifier id)
    {
        if (depth > 0 && id.isSimple() && !id.isStar())
        {
            id.setNames(List.of(source, id.getSimple()), null);
        }
        return null;
    }
}
