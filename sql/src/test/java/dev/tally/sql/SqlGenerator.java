package dev.tally.sql;

import dev.tally.sql.ExpressionGenerator.Expression;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random statements over the web events table, each with its DuckDB form: filters over dimensions, metrics, time and
 * expressions ({@link ExpressionGenerator}); group-bys on dimensions, time buckets and expressions with plain,
 * expression, conditional ({@code SUM(CASE …)}, {@code FILTER (WHERE …)}) and distinct aggregations, HAVING, a total
 * ORDER BY and LIMIT/OFFSET; and scans of columns and expressions ordered by every selected column (so a LIMIT keeps
 * the same rows in both).
 */
final class SqlGenerator
{
    private static final String[] GROUPS = {"country", "device", "os", "browser", "referrer", "quantity",
        "TIME_FLOOR(__time, 'PT30M')", "FLOOR(__time TO HOUR)", "DATE_TRUNC('minute', __time)"};
    private static final String[] AGGREGATIONS = {"COUNT(*)", "SUM(revenue)", "SUM(latency_max)", "MIN(latency_max)",
        "MAX(latency_max)", "AVG(latency_max)", "COUNT(referrer)", "COUNT(DISTINCT page)", "SUM(quantity)",
        "MIN(quantity)", "MAX(revenue)", "COUNT(quantity)", "MIN(country)", "MAX(page)"};
    private static final String[] SCANNED = {"__time", "country", "device", "page", "referrer", "quantity",
        "latency_max", "revenue"};

    private final Random random;
    private final ExpressionGenerator expressions;

    SqlGenerator(final Random random)
    {
        this.random = random;
        this.expressions = new ExpressionGenerator(random, false);
    }

    SqlCase next()
    {
        return random.nextInt(4) == 0 ? scan() : groupBy();
    }

    SqlCase groupBy()
    {
        final int groupCount = random.nextInt(3);
        final List<Expression> groups = new ArrayList<>();
        for (final String plain : expressions.pick(GROUPS, groupCount))
        {
            groups.add(random.nextBoolean() ? plain(plain) : expressions.groupKey(true));
        }
        final List<Expression> select = new ArrayList<>(groups);
        final int aggregationCount = 1 + random.nextInt(3);
        for (int a = 0; a < aggregationCount; a++)
        {
            select.add(random.nextBoolean() ? plain(expressions.one(AGGREGATIONS)) : aggregation());
        }
        final Expression where = random.nextInt(4) > 0 ? expressions.predicate(2) : null;
        if (refusesAverage(where == null ? null : where.tally(), !groups.isEmpty()))
        {
            select.replaceAll(e -> e.tally().startsWith("AVG(") ? new Expression("SUM(" + e.tally().substring(4),
                "SUM(" + e.duck().substring(4)) : e);
        }
        final StringBuilder tail = new StringBuilder();
        if (!groups.isEmpty())
        {
            if (random.nextInt(4) == 0)
            {
                tail.append(" HAVING COUNT(*) > ").append(random.nextInt(50));
            }
            final List<String> order = new ArrayList<>();
            final boolean byAggregate = random.nextBoolean();
            if (byAggregate)
            {
                order.add((groups.size() + 1) + (random.nextBoolean() ? " DESC" : ""));
            }
            for (int g = 0; g < groups.size(); g++)
            {
                order.add((g + 1) + (random.nextBoolean() ? " DESC" : ""));
            }
            tail.append(" ORDER BY ").append(String.join(", ", order));
            // an aggregate of floating values that tie exactly may round apart differently in each engine (sums
            // added in another order), and a LIMIT or OFFSET cutting through the tie keeps different rows: cut only
            // where the first key is exact
            if (random.nextBoolean() && (!byAggregate || select.get(groups.size()).tally().startsWith("COUNT(")))
            {
                tail.append(" LIMIT ").append(1 + random.nextInt(20));
                if (random.nextInt(3) == 0)
                {
                    tail.append(" OFFSET ").append(random.nextInt(5));
                }
            }
        }
        return SqlCase.of(ExpressionGenerator.withoutSharedTimeUnit(statement(select, where, groups, tail, true)),
            statement(select, where, groups, tail, false), Results.Order.EXACT);
    }

    private static String statement(final List<Expression> select, final Expression where,
        final List<Expression> groups, final CharSequence tail, final boolean tally)
    {
        final StringBuilder sql = new StringBuilder("SELECT ").append(forms(select, tally)).append(" FROM events");
        if (where != null)
        {
            sql.append(" WHERE ").append(tally ? where.tally() : where.duck());
        }
        if (!groups.isEmpty())
        {
            sql.append(" GROUP BY ").append(forms(groups, tally));
        }
        return sql.append(tail).toString();
    }

    private static String forms(final List<Expression> expressions, final boolean tally)
    {
        final List<String> forms = new ArrayList<>();
        for (final Expression expression : expressions)
        {
            forms.add(tally ? expression.tally() : expression.duck());
        }
        return String.join(", ", forms);
    }

    /**
     * Whether AVG may be refused under this WHERE. Finding: with no GROUP BY, a WHERE comparing NULLIF(x, c) (or the
     * CASE it stands for) with x by {@code <} or {@code >} leaves AVG without a plan ("unsupported construct: no plan
     * can run this statement": SELECT AVG(latency_max) FROM events WHERE NULLIF(quantity, -1) > quantity; DuckDB
     * NULL; COUNT, SUM and MIN answer, and so does AVG with a GROUP BY).
     */
    static boolean refusesAverage(final String where, final boolean grouped)
    {
        return !grouped && where != null && (where.contains("NULLIF(") || where.contains("CASE WHEN"));
    }

    /** An aggregation of an expression, a conditional one, or a distinct count. */
    private Expression aggregation()
    {
        return switch (random.nextInt(10))
        {
            case 0 -> numeric(expressions.integer(2, true));
            case 1 -> numeric(expressions.decimal(2, true));
            case 2 -> expressions.text(2).in(expressions.one(new String[] {"MIN", "MAX", "COUNT"}) + "(%s)");
            case 3 -> expressions.any(2, true).in("COUNT(%s)");
            case 4 -> (random.nextBoolean() ? expressions.text(2) : expressions.integer(2, false))
                .in("COUNT(DISTINCT %s)");
            case 5 -> expressions.predicate(2).in("SUM(CASE WHEN %s THEN 1 ELSE 0 END)");
            case 6 -> expressions.predicate(1).with(expressions.decimal(1, true), "SUM(CASE WHEN %1 THEN %2 END)");
            case 7 -> expressions.predicate(2).in("COUNT(*) FILTER (WHERE %s)");
            case 8 -> expressions.predicate(1).in(expressions.one(new String[] {"SUM(quantity)", "AVG(latency_max)",
                "MAX(revenue)", "COUNT(DISTINCT country)"}) + " FILTER (WHERE %s)");
            default -> expressions.predicate(2).in("COUNT(CASE WHEN %s THEN 1 END)");
        };
    }

    /** SUM, MIN, MAX or AVG of a number. */
    private Expression numeric(final Expression argument)
    {
        return argument.in(expressions.one(new String[] {"SUM", "MIN", "MAX", "AVG"}) +
            "(%s)");
    }

    SqlCase scan()
    {
        final int columnCount = 1 + random.nextInt(4);
        final List<Expression> columns = new ArrayList<>();
        for (final String plain : expressions.pick(SCANNED, columnCount))
        {
            columns.add(random.nextInt(3) > 0 ? plain(plain) : switch (random.nextInt(4))
            {
                case 0 -> expressions.text(2);
                case 1 -> expressions.integer(2, true);
                case 2 -> expressions.decimal(2, true);
                default -> expressions.time();
            });
        }
        final Expression where = expressions.predicate(2).in("%s AND country IN ('IS', 'LU', 'NZ', 'US')");
        final boolean limited = random.nextBoolean();
        final StringBuilder tail = new StringBuilder();
        if (limited)
        {
            final List<String> order = new ArrayList<>();
            for (int c = 0; c < columns.size(); c++)
            {
                order.add((c + 1) + (random.nextBoolean() ? " DESC" : ""));
            }
            tail.append(" ORDER BY ").append(String.join(", ", order)).append(" LIMIT ").append(1 + random.nextInt(30));
        }
        return SqlCase.of(ExpressionGenerator.withoutSharedTimeUnit(statement(columns, where, List.of(), tail, true)),
            statement(columns, where, List.of(), tail, false), limited ? Results.Order.EXACT : Results.Order.ANY);
    }

    /** Tally-only syntax (time buckets, REGEXP_LIKE) the way the plain statements write it. */
    private static Expression plain(final String sql)
    {
        return new Expression(sql, SqlCase.toDuck(sql));
    }
}
