package dev.tally.sql.fn;

import org.apache.calcite.adapter.enumerable.CallImplementor;
import org.apache.calcite.adapter.enumerable.EnumUtils;
import org.apache.calcite.adapter.enumerable.NullPolicy;
import org.apache.calcite.adapter.enumerable.RexImpTable;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.ImplementableFunction;
import org.apache.calcite.schema.ScalarFunction;
import org.apache.calcite.sql.type.SqlTypeName;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * A scalar function whose Java method takes Calcite's internal representations (TIMESTAMP as epoch millis
 * {@code long}, VARCHAR as {@code String}), so no {@code java.sql.Timestamp} and no JVM time zone is involved.
 * A strict function answers NULL for any NULL argument without calling the method; a non-strict one takes boxed
 * arguments and decides itself (Druid's optional arguments given as NULL).
 */
public final class InternalScalarFunction implements ScalarFunction, ImplementableFunction
{
    private final String name;
    private final Method method;
    private final List<SqlTypeName> parameterTypes;
    private final SqlTypeName returnType;
    private final boolean isStrict;

    public InternalScalarFunction(final String name, final Method method, final List<SqlTypeName> parameterTypes,
        final SqlTypeName returnType, final boolean isStrict)
    {
        this.name = name;
        this.method = method;
        this.parameterTypes = List.copyOf(parameterTypes);
        this.returnType = returnType;
        this.isStrict = isStrict;
    }

    public String name()
    {
        return name;
    }

    @Override
    public RelDataType getReturnType(final RelDataTypeFactory typeFactory)
    {
        return typeFactory.createTypeWithNullability(type(typeFactory, returnType), true);
    }

    @Override
    public List<FunctionParameter> getParameters()
    {
        final List<FunctionParameter> parameters = new ArrayList<>();
        for (int i = 0; i < parameterTypes.size(); i++)
        {
            final int ordinal = i;
            parameters.add(new FunctionParameter()
            {
                @Override
                public int getOrdinal()
                {
                    return ordinal;
                }

                @Override
                public String getName()
                {
                    return "arg" + ordinal;
                }

                @Override
                public RelDataType getType(final RelDataTypeFactory typeFactory)
                {
                    return typeFactory.createTypeWithNullability(
                        type(typeFactory, parameterTypes.get(ordinal)), true);
                }

                @Override
                public boolean isOptional()
                {
                    return false;
                }
            });
        }
        return parameters;
    }

    @Override
    public CallImplementor getImplementor()
    {
        return RexImpTable.createImplementor((translator, call, operands) ->
        {
            final Class<?>[] types = method.getParameterTypes();
            final List<Expression> arguments = new ArrayList<>();
            for (int i = 0; i < operands.size(); i++)
            {
                arguments.add(EnumUtils.convert(operands.get(i), types[i]));
            }
            return Expressions.call(method, arguments);
        }, isStrict ? NullPolicy.STRICT : NullPolicy.NONE, false);
    }

    private static RelDataType type(final RelDataTypeFactory typeFactory, final SqlTypeName name)
    {
        return name == SqlTypeName.TIMESTAMP ? typeFactory.createSqlType(name, 3) : typeFactory.createSqlType(name);
    }
}
