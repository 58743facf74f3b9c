package dev.tally.sql;

import dev.tally.sql.rel.JoinRowBudgetRel;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.prepare.CalcitePrepareImpl;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.sql.validate.SqlValidator;

import java.lang.reflect.Type;
import java.util.function.UnaryOperator;

/**
 * Calcite's statement preparation with Tally's validator settings: its JDBC path builds the validator from a fixed
 * set of connection properties and leaves implicit casts always on, so this installs {@link TallyTypeCoercion}
 * where every statement's validator is made. It also bounds the rows joins produce in the plan that becomes code
 * ({@link JoinRowBudgetRel}). Everything else is Calcite's own.
 */
final class TallyPrepare extends CalcitePrepareImpl
{
    @Override
    protected CalcitePreparingStmt getPreparingStmt(final CalcitePrepare.Context context, final Type elementType,
        final CalciteCatalogReader catalogReader, final RelOptPlanner planner)
    {
        final EnumerableRel.Prefer prefer = elementType == Object[].class ?
            EnumerableRel.Prefer.ARRAY : EnumerableRel.Prefer.CUSTOM;
        return new CalcitePreparingStmt(this, context, catalogReader, context.getTypeFactory(),
            context.getRootSchema(), prefer, createCluster(planner, new RexBuilder(context.getTypeFactory())),
            EnumerableConvention.INSTANCE, createConvertletTable())
        {
            /** Bounds the rows joins produce (see {@link JoinRowBudgetRel}) in the plan that becomes code. */
            @Override
            protected Prepare.PreparedResult implement(final RelRoot root)
            {
                return super.implement(root.withRel(JoinRowBudgetRel.bound(root.rel)));
            }

            @Override
            protected SqlValidator createSqlValidator(final Prepare.CatalogReader reader,
                final UnaryOperator<SqlValidator.Config> transform)
            {
                return super.createSqlValidator(reader,
                    config -> transform.apply(config).withTypeCoercionFactory(TallyTypeCoercion::new));
            }
        };
    }
}
