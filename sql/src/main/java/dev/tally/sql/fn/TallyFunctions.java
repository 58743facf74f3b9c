package dev.tally.sql.fn;

import com.google.common.collect.ImmutableMultimap;
import com.google.common.collect.Multimap;
import dev.tally.query.expr.StringFunctions;
import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.impl.AggregateFunctionImpl;
import org.apache.calcite.sql.type.SqlTypeName;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The functions every Tally schema offers beyond Calcite's standard ones, by SQL name (upper and lower case): Druid's
 * time functions with Druid's argument order, its string functions, and the aggregate {@code APPROX_QUANTILE}. Druid's other spellings ({@code NVL}, {@code CONCAT}, {@code LATEST},
 * {@code APPROX_COUNT_DISTINCT_DS_HLL}…) are rewritten by the parser ({@code dev.tally.sql.parse.DruidRewrites}).
 */
public final class TallyFunctions
{
    public static final String TIME_FLOOR = "TIME_FLOOR";
    public static final String DATE_TRUNC = "DATE_TRUNC";
    public static final String REGEXP_LIKE = "REGEXP_LIKE";
    public static final String APPROX_QUANTILE = "APPROX_QUANTILE";

    private static final SqlTypeName TS = SqlTypeName.TIMESTAMP;
    private static final SqlTypeName TEXT = SqlTypeName.VARCHAR;
    private static final SqlTypeName LONG = SqlTypeName.BIGINT;
    private static final SqlTypeName INT = SqlTypeName.INTEGER;
    private static final SqlTypeName BOOL = SqlTypeName.BOOLEAN;

    /** Parameter types of every overload, by upper-case name and arity, for {@link #parameterTypes}. */
    private static final Map<String, List<SqlTypeName>> SIGNATURES = new HashMap<>();
    private static final Multimap<String, Function> ALL = build();

    private TallyFunctions()
    {
    }

    public static Multimap<String, Function> all()
    {
        return ALL;
    }

    /**
     * The SQL parameter types of the scalar function {@code name} taking {@code arity} arguments, or {@code null}:
     * where such a call has a dynamic parameter, the parser casts it to the type ({@code TIME_PARSE(?)}), since
     * Calcite cannot infer a parameter's type among overloads.
     */
    public static List<SqlTypeName> parameterTypes(final String name, final int arity)
    {
        return SIGNATURES.get(name.toUpperCase(Locale.ROOT) + "/" + arity);
    }

    private static Multimap<String, Function> build()
    {
        final ImmutableMultimap.Builder<String, Function> builder = ImmutableMultimap.builder();
        // time: TIME_FLOOR(t, period, [origin, [zone]]) and friends, NULL optional arguments take their defaults
        druid(builder, TIME_FLOOR, "timeFloor", TS, TS, TEXT);
        druid(builder, TIME_FLOOR, "timeFloor", TS, TS, TEXT, TS);
        druid(builder, TIME_FLOOR, "timeFloor", TS, TS, TEXT, TS, TEXT);
        druid(builder, "TIME_CEIL", "timeCeil", TS, TS, TEXT);
        druid(builder, "TIME_CEIL", "timeCeil", TS, TS, TEXT, TS);
        druid(builder, "TIME_CEIL", "timeCeil", TS, TS, TEXT, TS, TEXT);
        druid(builder, "TIME_SHIFT", "timeShift", TS, TS, TEXT, LONG);
        druid(builder, "TIME_SHIFT", "timeShift", TS, TS, TEXT, LONG, TEXT);
        druid(builder, "TIME_EXTRACT", "timeExtract", LONG, TS);
        druid(builder, "TIME_EXTRACT", "timeExtract", LONG, TS, TEXT);
        druid(builder, "TIME_EXTRACT", "timeExtract", LONG, TS, TEXT, TEXT);
        druid(builder, "TIME_FORMAT", "timeFormat", TEXT, TS);
        druid(builder, "TIME_FORMAT", "timeFormat", TEXT, TS, TEXT);
        druid(builder, "TIME_FORMAT", "timeFormat", TEXT, TS, TEXT, TEXT);
        druid(builder, "TIME_PARSE", "timeParse", TS, TEXT);
        druid(builder, "TIME_PARSE", "timeParse", TS, TEXT, TEXT);
        druid(builder, "TIME_PARSE", "timeParse", TS, TEXT, TEXT, TEXT);
        druid(builder, "TIME_IN_INTERVAL", "timeInInterval", BOOL, TS, TEXT);
        druid(builder, "MILLIS_TO_TIMESTAMP", "millisToTimestamp", TS, LONG);
        druid(builder, "TIMESTAMP_TO_MILLIS", "timestampToMillis", LONG, TS);
        druid(builder, DATE_TRUNC, "dateTrunc", TS, TEXT, TS);
        // strings
        strict(builder, REGEXP_LIKE, StringFunctions.class, "regexpLike", BOOL, TEXT, TEXT);
        druid(builder, "REGEXP_EXTRACT", "regexpExtract", TEXT, TEXT, TEXT);
        druid(builder, "REGEXP_EXTRACT", "regexpExtract", TEXT, TEXT, TEXT, INT);
        strict(builder, "REGEXP_REPLACE", StringFunctions.class, "regexpReplace", TEXT, TEXT, TEXT, TEXT);
        strict(builder, "STRPOS", StringFunctions.class, "strpos", INT, TEXT, TEXT);
        strict(builder, "CONTAINS_STRING", StringFunctions.class, "contains", BOOL, TEXT, TEXT);
        strict(builder, "ICONTAINS_STRING", StringFunctions.class, "containsIgnoreCase", BOOL, TEXT, TEXT);
        strict(builder, "REPEAT", StringFunctions.class, "repeat", TEXT, TEXT, INT);
        strict(builder, "REVERSE", StringFunctions.class, "reverse", TEXT, TEXT);
        strict(builder, "LEFT", StringFunctions.class, "left", TEXT, TEXT, INT);
        strict(builder, "RIGHT", StringFunctions.class, "right", TEXT, TEXT, INT);
        for (int args = 0; args <= 6; args++)
        {
            final SqlTypeName[] parameters = new SqlTypeName[args + 1];
            Arrays.fill(parameters, TEXT);
            druid(builder, "STRING_FORMAT", "stringFormat", TEXT, parameters);
        }
        for (final String pad : List.of("LPAD", "RPAD"))
        {
            druid(builder, pad, pad.toLowerCase(Locale.ROOT), TEXT, TEXT, INT);
            druid(builder, pad, pad.toLowerCase(Locale.ROOT), TEXT, TEXT, INT, TEXT);
        }
        for (final String trim : List.of("BTRIM", "LTRIM", "RTRIM"))
        {
            druid(builder, trim, trim.toLowerCase(Locale.ROOT), TEXT, TEXT);
            druid(builder, trim, trim.toLowerCase(Locale.ROOT), TEXT, TEXT, TEXT);
        }
        druid(builder, "PARSE_LONG", "parseLong", LONG, TEXT);
        druid(builder, "PARSE_LONG", "parseLong", LONG, TEXT, INT);
        // aggregates
        add(builder, APPROX_QUANTILE, AggregateFunctionImpl.create(ApproxQuantile.class));
        return builder.build();
    }

    /** A {@link DruidFunctions} method taking boxed arguments: NULLs reach it (an optional argument's default). */
    private static void druid(final ImmutableMultimap.Builder<String, Function> builder, final String name,
        final String method, final SqlTypeName returns, final SqlTypeName... parameters)
    {
        SIGNATURES.put(name + "/" + parameters.length, List.of(parameters));
        add(builder, name, new InternalScalarFunction(name, method(DruidFunctions.class, method, parameters.length),
            Arrays.asList(parameters), returns, false));
    }

    /** A method on primitive or String arguments: NULL in, NULL out without calling it. */
    private static void strict(final ImmutableMultimap.Builder<String, Function> builder, final String name,
        final Class<?> owner, final String method, final SqlTypeName returns, final SqlTypeName... parameters)
    {
        SIGNATURES.put(name + "/" + parameters.length, List.of(parameters));
        add(builder, name, new InternalScalarFunction(name, method(owner, method, parameters.length),
            Arrays.asList(parameters), returns, true));
    }

    private static Method method(final Class<?> owner, final String name, final int arity)
    {
        for (final Method method : owner.getMethods())
        {
            if (method.getName().equals(name) && method.getParameterCount() == arity)
            {
                return method;
            }
        }
        throw new IllegalStateException(owner.getSimpleName() + " has no method " + name + " of " + arity +
            " arguments");
    }

    private static void add(final ImmutableMultimap.Builder<String, Function> builder, final String name,
        final Function function)
    {
        builder.put(name, function);
        builder.put(name.toLowerCase(Locale.ROOT), function);
    }
}
