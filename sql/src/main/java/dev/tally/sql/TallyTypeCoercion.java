package dev.tally.sql;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.implicit.TypeCoercionImpl;

import java.util.List;

/**
 * Calcite's implicit casts, minus the ones that turn a type error into a run-time failure: a string is never cast to
 * a number for arithmetic ({@code country * 2}) or for a function that wants a number ({@code SUM(country)}), so such
 * a statement fails validation with Calcite's "Cannot apply ..." message and its position, instead of failing on the
 * first value that does not parse. Comparisons keep their casts ({@code __time >= '2026-01-01'}), as dashboards
 * written for Druid expect.
 */
final class TallyTypeCoercion extends TypeCoercionImpl
{
    TallyTypeCoercion(final RelDataTypeFactory typeFactory, final SqlValidator validator)
    {
        super(typeFactory, validator);
    }

    @Override
    public boolean binaryArithmeticCoercion(final SqlCallBinding binding)
    {
        for (int i = 0; i < binding.getOperandCount(); i++)
        {
            if (SqlTypeUtil.isCharacter(binding.getOperandType(i)))
            {
                return false;
            }
        }
        return super.binaryArithmeticCoercion(binding);
    }

    @Override
    public boolean builtinFunctionCoercion(final SqlCallBinding binding, final List<RelDataType> operandTypes,
        final List<SqlTypeFamily> expectedFamilies)
    {
        for (int i = 0; i < Math.min(operandTypes.size(), expectedFamilies.size()); i++)
        {
            final SqlTypeFamily family = expectedFamilies.get(i);
            final boolean wantsNumber = family == SqlTypeFamily.NUMERIC || family == SqlTypeFamily.INTEGER ||
                family == SqlTypeFamily.EXACT_NUMERIC || family == SqlTypeFamily.APPROXIMATE_NUMERIC ||
                family == SqlTypeFamily.DECIMAL;
            if (wantsNumber && SqlTypeUtil.isCharacter(operandTypes.get(i)))
            {
                return false;
            }
        }
        return super.builtinFunctionCoercion(binding, operandTypes, expectedFamilies);
    }
}
