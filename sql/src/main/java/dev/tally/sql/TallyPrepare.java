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
import org.apache.calcite.sql2rel.SqlToRelConverter;

import java.lang.reflect.Type;
import java.util.function.UnaryOperator;

/**
 * Calcite's statement preparation with Tally's validator settings: its JDBC path builds the validator from a fixed
 * set of connection properties and leaves implicit casts always on, so this installs {@link TallyTypeCoercion}
 * where every statement's validator is made. It also bounds the rows joins produce in the plan that becomes code
 * ({@link JoinRowBudgetRel}), and keeps a subquery's ORDER BY where its order reaches the result ({@link
 * SubquerySorts}). Everything else is Calcite's own.
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

            /**
             * Keeps a subquery's ORDER BY for {@link SubquerySorts} to judge, and an IN list as a list however long
             * (Calcite turns one of 20 values or more into a join with VALUES, which the engine cannot take; Grafana's
             * multi-value variables send such lists).
             */
            @Override
            protected SqlToRelConverter getSqlToRelConverter(final SqlValidator validator,
                final Prepare.CatalogReader reader, final SqlToRelConverter.Config config)
            {
                return super.getSqlToRelConverter(validator, reader, config.withRemoveSortInSubQuery(false)
                    .withInSubQueryThreshold(Integer.MAX_VALUE));
            }

            @Override
            protected RelRoot trimUnusedFields(final RelRoot root)
            {
                final RelRoot trimmed = super.trimUnusedFields(root);
                return trimmed.withRel(SubquerySorts.dropUnordered(trimmed.rel));
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
