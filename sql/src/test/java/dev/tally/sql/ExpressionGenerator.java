package dev.tally.sql;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Random SQL expressions over the web events, each written twice, in Tally's dialect and in DuckDB's, meaning the
 * same: predicates (comparisons, LIKE over LOWER/UPPER, IN, BETWEEN, IS NULL of any expression, IS TRUE/FALSE, AND/OR
 * across columns and expressions, NOT) and string, integer, floating point and time expressions (CASE, COALESCE,
 * NULLIF, arithmetic, string and time functions), nesting up to a depth. NULLs come from {@code referrer} and
 * {@code quantity}, from NULLIF and from CASE without ELSE, so three-valued logic is always in play.
 *
 * <p>The dialects differ where it matters: Calcite's {@code EXTRACT(DOW)} is 1 on Sunday, DuckDB's
 * {@code dayofweek} 0; BIGINT / BIGINT truncates in Tally, DuckDB writes that {@code //}; DuckDB's CAST of a DOUBLE
 * to BIGINT rounds where Calcite's truncates; {@code TIMESTAMPDIFF} counts whole units elapsed, as DuckDB's
 * {@code datesub} does (its {@code date_diff} counts boundaries). A narrow generator reads only the columns of the
 * rolled-up table ({@code country, device, os, browser}, {@code __time} and the metrics).
 */
final class ExpressionGenerator
{
    /** One expression in both dialects. */
    record Expression(String tally, String duck)
    {
        static Expression same(final String sql)
        {
            return new Expression(sql, sql);
        }

        /** Both forms put into {@code template}, where {@code %s} stands for this expression. */
        Expression in(final String template)
        {
            return new Expression(fill(template, tally, tally), fill(template, duck, duck));
        }

        /** Both forms put into {@code template}, where {@code %1} and {@code %2} stand for this and {@code other}. */
        Expression with(final Expression other, final String template)
        {
            return new Expression(fill(template, tally, other.tally), fill(template, duck, other.duck));
        }

        /** The template with {@code %s} or {@code %1} and {@code %2} replaced in one pass (values hold LIKE's %). */
        private static String fill(final String template, final String first, final String second)
        {
            final StringBuilder out = new StringBuilder();
            for (int i = 0; i < template.length(); i++)
            {
                final char c = template.charAt(i);
                final char next = i + 1 < template.length() ? template.charAt(i + 1) : 0;
                if (c == '%' && (next == 's' || next == '1' || next == '2'))
                {
                    out.append(next == '2' ? second : first);
                    i++;
                }
                else
                {
                    out.append(c);
                }
            }
            return out.toString();
        }
    }

    private static final String[] STRING_LITERALS = {"US", "us", "DE", "mobile", "MOBILE", "desktop", "Chrome",
        "chrome", "iOS", "/", "/cart", "M", "m", "google.com", "", "N/A", "desktop-iOS"};
    private static final String[] LIKE_LOWER = {"%o%", "m%", "%e", "_h%", "%/%", "%i%o%", "de%", "%site%", "%.com",
        "%1%", "/c%"};
    private static final String[] LIKE_UPPER = {"%O%", "M%", "%E", "_H%", "DESK%", "%IN%", "%.COM", "/P%"};
    private static final String[] COUNTRIES = {"US", "DE", "GB", "FR", "IN", "BR", "JP", "nowhere"};
    private static final String[] DEVICES = {"desktop", "mobile", "tablet"};
    private static final String[] OSES = {"iOS", "Android", "Windows", "macOS", "Linux"};
    private static final String[] BROWSERS = {"Chrome", "Safari", "Firefox", "Edge"};

    private static final Pattern OTHER_COLUMNS =
        Pattern.compile("\\b(country|device|os|browser|page|referrer|quantity|revenue|latency_max|count)\\b");

    private final Random random;
    private final boolean narrow;
    private final String[] strings;

    /**
     * @param narrow only the rolled-up table's columns (no page, referrer or quantity).
     */
    ExpressionGenerator(final Random random, final boolean narrow)
    {
        this.random = random;
        this.narrow = narrow;
        this.strings = narrow ? new String[] {"country", "device", "os", "browser"} :
            new String[] {"country", "device", "os", "browser", "page", "referrer", "referrer"};
    }

    /** A predicate, which may read metrics. */
    Expression predicate(final int depth)
    {
        return predicate(depth, true);
    }

    /** A predicate; {@code metrics} says whether it may read metrics (a group key's must not). */
    Expression predicate(final int depth, final boolean metrics)
    {
        if (depth > 0)
        {
            switch (random.nextInt(12))
            {
                case 0, 1:
                    return predicate(depth - 1, metrics).with(predicate(depth - 1, metrics), "(%1 AND %2)");
                case 2, 3:
                    return predicate(depth - 1, metrics).with(predicate(depth - 1, metrics), "(%1 OR %2)");
                case 4:
                    return predicate(depth - 1, metrics).in("NOT (%s)");
                case 5:
                    return predicate(depth - 1, metrics).in("(%s) IS " + one(new String[] {"NULL", "NOT NULL",
                        "TRUE", "NOT TRUE", "FALSE", "NOT FALSE"}));
                default:
                    break;
            }
        }
        return comparison(Math.max(0, depth - 1), metrics);
    }

    /** A predicate that is no AND/OR/NOT of others. */
    private Expression comparison(final int depth, final boolean metrics)
    {
        switch (random.nextInt(narrow ? 12 : 14))
        {
            case 0:
                return integer(depth, metrics).in("%s " + comparator() + " " + (random.nextInt(14) - 4));
            case 1:
                return text(depth).in("%s " + comparator() + " '" + one(STRING_LITERALS) + "'");
            case 2:
                return guarded(text(depth), text(depth), true, "%1 " + comparator() + " %2");
            case 3:
                return guarded(integer(depth, metrics), integer(depth, metrics), false, "%1 " + comparator() + " %2");
            case 4:
            {
                final boolean upper = random.nextBoolean();
                return Expression.same((upper ? "UPPER(" : "LOWER(") + one(strings) + ")" +
                    (random.nextInt(4) == 0 ? " NOT" : "") + " LIKE '" + one(upper ? LIKE_UPPER : LIKE_LOWER) + "'");
            }
            case 5:
                return any(depth, metrics).in("(%s) IS " + (random.nextBoolean() ? "" : "NOT ") + "NULL");
            case 6:
                return text(depth).in("%s " + (random.nextInt(3) == 0 ? "NOT " : "") + "IN ('" + one(STRING_LITERALS) +
                    "', '" + one(STRING_LITERALS) + "')");
            case 7:
            {
                final int low = random.nextInt(12) - 4;
                return integer(depth, metrics).in("%s " + (random.nextInt(4) == 0 ? "NOT " : "") + "BETWEEN " + low +
                    " AND " + (low + random.nextInt(8)));
            }
            case 8:
                return time().in("%s " + comparator() + " TIMESTAMP '2026-01-01 0" + random.nextInt(6) + ":" +
                    (10 + random.nextInt(50)) + ":00'");
            case 9:
                return metrics ? decimal(depth, true).in("%s " + comparator() + " " + random.nextInt(40)) :
                    column(false);
            case 10:
                return depth > 0 ? predicate(depth - 1, metrics).with(predicate(depth - 1, metrics),
                    "CASE WHEN %1 THEN %2 ELSE " + (random.nextBoolean() ? "FALSE" : "NOT (%1)") + " END") :
                    column(metrics);
            case 11:
                return column(metrics);
            case 12:
                // a NOT IN whose list holds NULL is never TRUE: three-valued logic in its plainest form
                return Expression.same("quantity " + (random.nextBoolean() ? "NOT " : "") + "IN (" +
                    (random.nextInt(6) - 3) + ", " + (random.nextBoolean() ? "NULL" : random.nextInt(9)) + ")");
            default:
                return new Expression("REGEXP_LIKE(page, '^/product/[0-9]$')",
                    "regexp_matches(page, '^/product/[0-9]$')");
        }
    }

    /** A plain filter on one column, as dashboards write them; on a metric only where {@code metrics}. */
    private Expression column(final boolean metrics)
    {
        return switch (random.nextInt(narrow ? 6 : 9))
        {
            case 0 -> Expression.same("country = '" + one(COUNTRIES) + "'");
            case 1 -> Expression.same("device <> '" + one(DEVICES) + "'");
            case 2 -> Expression.same("os IN ('" + one(OSES) + "', '" + one(OSES) + "')");
            case 3 -> Expression.same("browser NOT IN ('" + one(BROWSERS) + "')");
            case 4 -> Expression.same((metrics ? "latency_max" : "CHAR_LENGTH(browser) * 20") + " BETWEEN " +
                (40 + random.nextInt(40)) + " AND " + (80 + random.nextInt(60)));
            case 5 -> Expression.same("country < 'M'");
            case 6 -> Expression.same("referrer IS " + (random.nextBoolean() ? "" : "NOT ") + "NULL");
            case 7 -> Expression.same("page LIKE '" + one(new String[] {"/product/%", "%1%", "/c%", "%/2_"}) + "'");
            default -> Expression.same("quantity " + comparator() + " " + (random.nextInt(12) - 3));
        };
    }

    /** An expression of any type. */
    Expression any(final int depth, final boolean metrics)
    {
        return switch (random.nextInt(4))
        {
            case 0 -> text(depth);
            case 1 -> integer(depth, metrics);
            case 2 -> metrics ? decimal(depth, true) : time();
            default -> depth > 0 ? predicate(depth - 1, metrics) : time();
        };
    }

    /** A VARCHAR expression over dimensions and time. */
    Expression text(final int depth)
    {
        if (depth <= 0 || random.nextInt(3) == 0)
        {
            return Expression.same(one(strings));
        }
        final int d = depth - 1;
        return switch (random.nextInt(13))
        {
            case 0 -> text(d).in("LOWER(%s)");
            case 1 -> text(d).in("UPPER(%s)");
            case 2 -> text(d).in("SUBSTRING(%s, " + (1 + random.nextInt(3)) + ", " + (1 + random.nextInt(5)) + ")");
            case 3 -> text(d).with(text(d), "(%1 || '-' || %2)");
            case 4 -> narrow ? nullableText(text(d)).in("COALESCE(NULLIF(%s, 'US'), 'none')") :
                nullableText(text(d)).in("COALESCE(referrer, %s)");
            case 5 -> nullableText(text(d)).in("NULLIF(%s, '" + one(STRING_LITERALS) + "')");
            case 6 -> predicate(d, false).with(nullableText(text(d)).with(nullableText(text(d)), "%1 ELSE %2"),
                "CASE WHEN %1 THEN %2 END");
            case 7 -> predicate(d, false).with(nullableText(text(d)), "CASE WHEN %1 THEN %2 END");
            case 8 -> trim(text(d));
            case 9 -> text(d).in("REPLACE(%s, 'o', '0')");
            case 10 -> integer(d, false).in("CAST(%s AS VARCHAR)");
            case 11 -> new Expression("TIME_FORMAT(__time, 'HH')", "strftime(__time, '%H')");
            default -> nullableText(text(d)).in("COALESCE(%s, '" + one(STRING_LITERALS) + "')");
        };
    }

    private static Expression trim(final Expression text)
    {
        return new Expression("TRIM(BOTH '/' FROM " + text.tally() + ")", "trim(" + text.duck() + ", '/')");
    }

    /** A BIGINT expression; {@code metrics} says whether it may read metrics. */
    Expression integer(final int depth, final boolean metrics)
    {
        if (depth <= 0 || random.nextInt(4) == 0)
        {
            return switch (random.nextInt(narrow ? 4 : 6))
            {
                case 0 -> text(depth - 1).in("CHAR_LENGTH(%s)");
                case 1 -> Expression.same("EXTRACT(" + one(new String[] {"HOUR", "MINUTE"}) + " FROM __time)");
                case 2 -> new Expression("EXTRACT(DOW FROM __time)", "(dayofweek(__time) + 1)");
                case 3 -> metrics ? Expression.same("latency_max") : text(depth - 1).in("POSITION('o' IN %s)");
                default -> Expression.same("quantity");
            };
        }
        final int d = depth - 1;
        final int n = random.nextInt(7) - 2;
        return switch (random.nextInt(12))
        {
            case 0 -> integer(d, metrics).in("(%s + " + n + ")");
            case 1 -> integer(d, metrics).with(integer(d, metrics), "(%1 - %2)");
            case 2 -> integer(d, metrics).in("(%s * " + n + ")");
            // Finding: x / 0 is NULL in the engine (and DuckDB) but an error, or NULL only when x is, where Calcite
            // evaluates it (SELECT COUNT(*) FROM events WHERE (quantity / 0) IS NULL: 5000, over a window 715)
            case 3 -> divide(integer(d, metrics), n == 0 ? 3 : n);
            case 4 -> integer(d, metrics).in("MOD(%s, " + (n == 0 ? 3 : n) + ")");
            case 5 -> integer(d, metrics).in("ABS(%s)");
            case 6 -> integer(d, metrics).in("COALESCE(%s, " + n + ")");
            case 7 -> nullable(integer(d, metrics)).in("NULLIF(%s, " + n + ")");
            case 8 -> predicate(d, metrics).with(nullable(integer(d, metrics)).with(nullable(integer(d, metrics)),
                "%1 ELSE %2"), "CASE WHEN %1 THEN %2 END");
            case 9 -> text(d).in("POSITION('o' IN %s)");
            case 10 -> new Expression("TIMESTAMPDIFF(MINUTE, TIMESTAMP '2026-01-01 00:00:00', __time)",
                "datesub('minute', TIMESTAMP '2026-01-01 00:00:00', __time)");
            default -> metrics ? new Expression("CAST(revenue AS BIGINT)", "CAST(trunc(revenue) AS BIGINT)") :
                text(d).in("CHAR_LENGTH(%s)");
        };
    }

    /**
     * The integer expression, made to read a nullable column where it reads only {@code __time} (and so can never
     * be NULL). Finding: a NULLIF, CASE or COALESCE over such a value, or a comparison of such a value with one,
     * tested for NULL, fails planning with an AssertionError in Calcite's RexSimplify.validateStrongPolicy
     * ("cannot validate or plan this statement": SELECT COUNT(*) FROM events WHERE (NULLIF(EXTRACT(MINUTE FROM
     * __time), 4) < 3) IS NULL, DuckDB 83; SELECT COUNT(*) FROM events WHERE (CAST(EXTRACT(HOUR FROM __time) AS
     * VARCHAR) <> COALESCE(referrer, country)) IS NULL, DuckDB 0). The TLP partition {@code (p) IS NULL} meets every
     * predicate, so these shapes are not generated at all.
     */
    private static Expression nullable(final Expression expression)
    {
        return readsOnlyTime(expression) ? expression.in("(%s + CHAR_LENGTH(os))") : expression;
    }

    /** The string expression, made to read a nullable column where it reads only {@code __time}; see above. */
    private static Expression nullableText(final Expression expression)
    {
        return readsOnlyTime(expression) ? expression.in("(%s || os)") : expression;
    }

    /** A comparison of two expressions, keeping a never-NULL side away from a CASE, COALESCE or NULLIF; see above. */
    private static Expression guarded(final Expression left, final Expression right, final boolean text,
        final String template)
    {
        final boolean guard = isConditional(left) || isConditional(right);
        final Expression a = guard ? text ? nullableText(left) : nullable(left) : left;
        final Expression b = guard ? text ? nullableText(right) : nullable(right) : right;
        return a.with(b, template);
    }

    private static boolean isConditional(final Expression expression)
    {
        return expression.tally().contains("CASE ") || expression.tally().contains("COALESCE(") ||
            expression.tally().contains("NULLIF(");
    }

    /**
     * The statement with FLOOR(__time TO unit) written DATE_TRUNC where it also extracts that unit. Finding: where
     * Calcite evaluates both in one expression, planning fails ("Unable to implement EnumerableAggregate": SELECT CASE
     * WHEN FLOOR(__time TO HOUR) <= TIMESTAMP '2026-01-01 02:19:00' THEN EXTRACT(HOUR FROM __time) END AS k,
     * MAX(TIMESTAMPADD(MINUTE, 10, __time)) FROM events GROUP BY CASE WHEN FLOOR(__time TO HOUR) <= TIMESTAMP
     * '2026-01-01 02:19:00' THEN EXTRACT(HOUR FROM __time) END); TIME_FLOOR, or the engine evaluating it, is fine.
     */
    static String withoutSharedTimeUnit(final String sql)
    {
        String out = sql;
        for (final String unit : new String[] {"HOUR", "MINUTE"})
        {
            if (out.contains("EXTRACT(" + unit))
            {
                out = out.replace("FLOOR(__time TO " + unit + ")", "DATE_TRUNC('" + unit.toLowerCase(Locale.ROOT) +
                    "', __time)");
            }
        }
        return out;
    }

    /** Whether an expression reads {@code __time} and no other column: then it is never NULL. */
    static boolean readsOnlyTime(final Expression expression)
    {
        return expression.tally().contains("__time") && !OTHER_COLUMNS.matcher(expression.tally()).find();
    }

    /** Integer division, which truncates in both (DuckDB writes it {@code //}); never by zero (see the finding). */
    private static Expression divide(final Expression dividend, final int divisor)
    {
        return new Expression("(" + dividend.tally() + " / " + divisor + ")", "(" + dividend.duck() + " // " +
            divisor + ")");
    }

    /** A DOUBLE expression; {@code metrics} says whether it may read metrics. */
    Expression decimal(final int depth, final boolean metrics)
    {
        if (depth <= 0 || random.nextInt(4) == 0)
        {
            return metrics ? Expression.same("revenue") : integer(depth - 1, false).in("CAST(%s AS DOUBLE)");
        }
        final int d = depth - 1;
        return switch (random.nextInt(7))
        {
            case 0 -> decimal(d, metrics).in("(%s * 2)");
            case 1 -> decimal(d, metrics).with(integer(d, metrics), "(%1 + %2)");
            case 2 -> decimal(d, metrics).in("ROUND(%s)");
            case 3 -> decimal(d, metrics).in("ABS(%s - 20)");
            case 4 -> integer(d, metrics).in("(%s * 1.5)");
            case 5 -> integer(d, metrics).in("SQRT(ABS(%s))");
            default -> decimal(d, metrics).in("(%s / 4.0)");
        };
    }

    /** A TIMESTAMP expression over {@code __time}: itself, a bucket of it, or it shifted. */
    Expression time()
    {
        final int n = 1 + random.nextInt(3);
        return switch (random.nextInt(7))
        {
            case 0 -> Expression.same("__time");
            case 1 ->
            {
                final String unit = one(new String[] {"HOUR", "MINUTE"});
                yield new Expression("FLOOR(__time TO " + unit + ")", "date_trunc('" + unit + "', __time)");
            }
            case 2 -> new Expression("TIME_FLOOR(__time, 'PT15M')", "time_bucket(INTERVAL '15 minutes', __time)");
            case 3 -> Expression.same("DATE_TRUNC('hour', __time)");
            case 4 -> new Expression("TIMESTAMPADD(MINUTE, " + n * 10 + ", __time)",
                "(__time + INTERVAL " + n * 10 + " MINUTE)");
            case 5 -> new Expression("TIME_SHIFT(FLOOR(__time TO HOUR), 'PT1H', " + n + ")",
                "(date_trunc('hour', __time) + INTERVAL " + n + " HOUR)");
            default -> new Expression("TIME_FLOOR(__time, 'PT1H')", "time_bucket(INTERVAL '1 hours', __time)");
        };
    }

    /**
     * A group key: an expression over dimensions or time (a metric is no key); a predicate only where
     * {@code predicates}.
     */
    Expression groupKey(final boolean predicates)
    {
        return switch (random.nextInt(predicates ? 8 : 7))
        {
            case 0 -> new Expression("CASE WHEN country IN ('US', 'DE') THEN country ELSE 'other' END",
                "CASE WHEN country IN ('US', 'DE') THEN country ELSE 'other' END");
            case 1 -> integer(1 + random.nextInt(2), false);
            case 2 -> time();
            case 7 -> predicate(1, false);
            default -> text(1 + random.nextInt(2));
        };
    }

    private String comparator()
    {
        return one(new String[] {"=", "<>", "<", "<=", ">", ">="});
    }

    String one(final String[] values)
    {
        return values[random.nextInt(values.length)];
    }

    /** {@code count} distinct picks from {@code values}, in the order picked. */
    List<String> pick(final String[] values, final int count)
    {
        final Set<String> picked = new LinkedHashSet<>();
        while (picked.size() < count)
        {
            picked.add(one(values));
        }
        return List.copyOf(picked);
    }
}
