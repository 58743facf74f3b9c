package dev.tally.sql;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Calcite's type system with two changes users of analytics databases expect: {@code AVG} of any numeric column is a
 * {@code DOUBLE} (Calcite's default keeps the argument's type, so AVG of a BIGINT would truncate), and CASE or UNION
 * branches of string literals of different lengths are VARCHAR, not blank-padded CHAR.
 */
public final class TallyTypeSystem extends RelDataTypeSystemImpl
{
    public static final TallyTypeSystem INSTANCE = new TallyTypeSystem();

    private TallyTypeSystem()
    {
    }

    @Override
    public boolean shouldConvertRaggedUnionTypesToVarying()
    {
        return true;
    }

    @Override
    public RelDataType deriveAvgAggType(final RelDataTypeFactory typeFactory, final RelDataType argumentType)
    {
        return typeFactory.createTypeWithNullability(typeFactory.createSqlType(SqlTypeName.DOUBLE),
            argumentType.isNullable());
    }
}
