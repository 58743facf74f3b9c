package dev.tally.sql;

import dev.tally.sql.rel.NativeTable;
import dev.tally.sql.rel.TableSources;
import dev.tally.query.exec.QueryEngine;
import dev.tally.sql.rel.QuerySpec;
import dev.tally.sql.rel.TallyQueryRel;
import dev.tally.storage.schema.ColumnSpec;
import dev.tally.storage.schema.RowSchema;
import dev.tally.storage.schema.ValueType;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

import java.util.List;

/**
 * One Tally table as Calcite sees it: {@code __time TIMESTAMP(3) NOT NULL}, dimensions as VARCHAR, BIGINT or DOUBLE,
 * metrics as BIGINT or DOUBLE, sketch metrics as VARBINARY (readable only through APPROX_COUNT_DISTINCT and
 * APPROX_QUANTILE). Translates to a {@link TallyQueryRel} that the rules grow into a native query.
 */
public final class TallyTable extends AbstractTable implements TranslatableTable, NativeTable
{
    private final String name;
    private final RowSchema schema;
    private final TableProvider provider;
    private final QueryEngine engine;

    public TallyTable(final String name, final RowSchema schema, final TableProvider provider,
        final QueryEngine engine)
    {
        this.name = name;
        this.schema = schema;
        this.provider = provider;
        this.engine = engine;
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public RowSchema rowSchema()
    {
        return schema;
    }

    @Override
    public QueryEngine engine()
    {
        return engine;
    }

    /** Whether the provider still has this table with this schema (a cached plan is stale otherwise). */
    @Override
    public boolean isCurrent()
    {
        return schema.equals(provider.schema(name));
    }

    /** The table's sources now; a query takes them once, when it starts, and closes them when it has read them. */
    @Override
    public TableSources acquire()
    {
        return provider.acquire(name);
    }

    @Override
    public RelDataType getRowType(final RelDataTypeFactory typeFactory)
    {
        final RelDataTypeFactory.Builder builder = typeFactory.builder();
        builder.add(RowSchema.TIME_COLUMN, typeFactory.createSqlType(SqlTypeName.TIMESTAMP, 3));
        for (final ColumnSpec column : schema.columns())
        {
            builder.add(column.name(), typeFactory.createTypeWithNullability(
                typeFactory.createSqlType(sqlType(column.type())), true));
        }
        return builder.build();
    }

    static SqlTypeName sqlType(final ValueType type)
    {
        return switch (type)
        {
            case STRING -> SqlTypeName.VARCHAR;
            case LONG -> SqlTypeName.BIGINT;
            case DOUBLE -> SqlTypeName.DOUBLE;
            case SKETCH -> SqlTypeName.VARBINARY;
        };
    }

    @Override
    public RelNode toRel(final RelOptTable.ToRelContext context, final RelOptTable relOptTable)
    {
        return TallyQueryRel.create(context.getCluster(), relOptTable, this, QuerySpec.scan(this));
    }
}
