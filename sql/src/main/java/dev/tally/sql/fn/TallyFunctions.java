package dev.tally.sql.fn;

import com.google.common.collect.ImmutableMultimap;
import com.google.common.collect.Multimap;
import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.impl.AggregateFunctionImpl;
import org.apache.calcite.sql.type.SqlTypeName;

import java.util.List;

/** The functions every Tally schema offers beyond Calcite's standard ones, by SQL name (upper and lower case). */
public final class TallyFunctions
{
    public static final String TIME_FLOOR = "TIME_FLOOR";
    public static final String DATE_TRUNC = "DATE_TRUNC";
    public static final String REGEXP_LIKE = "REGEXP_LIKE";
    public static final String APPROX_QUANTILE = "APPROX_QUANTILE";

    private TallyFunctions()
    {
    }

    public static Multimap<String, Function> all()
    {
        final ImmutableMultimap.Builder<String, Function> builder = ImmutableMultimap.builder();
        try
        {
            final Class<TimeFunctions> c = TimeFunctions.class;
            final SqlTypeName ts = SqlTypeName.TIMESTAMP;
            final SqlTypeName text = SqlTypeName.VARCHAR;
            add(builder, TIME_FLOOR, new InternalScalarFunction(TIME_FLOOR,
                c.getMethod("timeFloor", long.class, String.class), List.of(ts, text), ts));
            add(builder, TIME_FLOOR, new InternalScalarFunction(TIME_FLOOR,
                c.getMethod("timeFloor", long.class, String.class, String.class), List.of(ts, text, text), ts));
            add(builder, DATE_TRUNC, new InternalScalarFunction(DATE_TRUNC,
                c.getMethod("dateTrunc", String.class, long.class), List.of(text, ts), ts));
            add(builder, REGEXP_LIKE, new InternalScalarFunction(REGEXP_LIKE,
                c.getMethod("regexpLike", String.class, String.class), List.of(text, text), SqlTypeName.BOOLEAN));
        }
        catch (final NoSuchMethodException ex)
        {
            throw new IllegalStateException(ex);
        }
        add(builder, APPROX_QUANTILE, AggregateFunctionImpl.create(ApproxQuantile.class));
        return builder.build();
    }

    private static void add(final ImmutableMultimap.Builder<String, Function> builder, final String name,
        final Function function)
    {
        builder.put(name, function);
        builder.put(name.toLowerCase(java.util.Locale.ROOT), function);
    }
}
