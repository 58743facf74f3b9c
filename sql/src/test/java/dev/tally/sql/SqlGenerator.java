package dev.tally.sql;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Random statements over the web events table, each with its DuckDB form: filters over dimensions, metrics and time;
 * group-bys on dimensions and time buckets with aggregations, HAVING, a total ORDER BY and LIMIT/OFFSET; and scans
 * ordered by every selected column (so a LIMIT keeps the same rows in both).
 */
final class SqlGenerator
{
    private static final String[] COUNTRIES = {"US", "DE", "GB", "FR", "IN", "BR", "JP", "nowhere"};
    private static final String[] DEVICES = {"desktop", "mobile", "tablet"};
    private static final String[] OSES = {"iOS", "Android", "Windows", "macOS", "Linux"};
    private static final String[] BROWSERS = {"Chrome", "Safari", "Firefox", "Edge"};
    private static final String[] GROUPS = {"country", "device", "os", "browser", "referrer", "quantity",
        "TIME_FLOOR(__time, 'PT30M')", "FLOOR(__time TO HOUR)", "DATE_TRUNC('minute', __time)"};
    private static final String[] AGGREGATIONS = {"COUNT(*)", "SUM(revenue)", "SUM(latency_max)", "MIN(latency_max)",
        "MAX(latency_max)", "AVG(latency_max)", "COUNT(referrer)", "COUNT(DISTINCT page)", "SUM(quantity)",
        "MIN(quantity)", "MAX(revenue)", "COUNT(quantity)", "MIN(country)", "MAX(page)"};

    private final Random random;

    SqlGenerator(final Random random)
    {
        this.random = random;
    }

    SqlCase next()
    {
        return random.nextInt(4) == 0 ? scan() : groupBy();
    }

    SqlCase groupBy()
    {
        final List<String> groups = new ArrayList<>(pick(GROUPS, random.nextInt(3)));
        final List<String> aggregations = new ArrayList<>(pick(AGGREGATIONS, 1 + random.nextInt(3)));
        final List<String> select = new ArrayList<>(groups);
        select.addAll(aggregations);
        final StringBuilder sql = new StringBuilder("SELECT ").append(String.join(", ", select))
            .append(" FROM events");
        if (random.nextInt(4) > 0)
        {
            sql.append(" WHERE ").append(filter(2));
        }
        if (!groups.isEmpty())
        {
            sql.append(" GROUP BY ").append(String.join(", ", groups));
            if (random.nextInt(4) == 0)
            {
                sql.append(" HAVING COUNT(*) > ").append(random.nextInt(50));
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
            sql.append(" ORDER BY ").append(String.join(", ", order));
            if (random.nextBoolean())
            {
                sql.append(" LIMIT ").append(1 + random.nextInt(20));
                if (random.nextInt(3) == 0)
                {
                    sql.append(" OFFSET ").append(random.nextInt(5));
                }
            }
        }
        return SqlCase.translated(sql.toString(), Results.Order.EXACT, 0, Set.of());
    }

    SqlCase scan()
    {
        final List<String> columns = new ArrayList<>(pick(new String[] {"__time", "country", "device", "page",
            "referrer", "quantity", "latency_max", "revenue"}, 1 + random.nextInt(4)));
        final StringBuilder sql = new StringBuilder("SELECT ").append(String.join(", ", columns))
            .append(" FROM events WHERE ").append(filter(2)).append(" AND country IN ('IS', 'LU', 'NZ', 'US')");
        final boolean limited = random.nextBoolean();
        if (limited)
        {
            final List<String> order = new ArrayList<>();
            for (final String column : columns)
            {
                order.add(column + (random.nextBoolean() ? " DESC" : ""));
            }
            sql.append(" ORDER BY ").append(String.join(", ", order)).append(" LIMIT ").append(1 + random.nextInt(30));
        }
        return SqlCase.translated(sql.toString(), limited ? Results.Order.EXACT : Results.Order.ANY, 0, Set.of());
    }

    String filter(final int depth)
    {
        if (depth > 0 && random.nextInt(3) == 0)
        {
            final String op = random.nextBoolean() ? " AND " : " OR ";
            return "(" + filter(depth - 1) + op + filter(depth - 1) + ")";
        }
        if (depth > 0 && random.nextInt(8) == 0)
        {
            return "NOT (" + filter(depth - 1) + ")";
        }
        return switch (random.nextInt(14))
        {
            case 0 -> "country = '" + one(COUNTRIES) + "'";
            case 1 -> "device <> '" + one(DEVICES) + "'";
            case 2 -> "os IN ('" + one(OSES) + "', '" + one(OSES) + "')";
            case 3 -> "browser NOT IN ('" + one(BROWSERS) + "')";
            case 4 -> "referrer IS " + (random.nextBoolean() ? "" : "NOT ") + "NULL";
            case 5 -> "page LIKE '" + one(new String[] {"/product/%", "%1%", "/c%", "%/2_"}) + "'";
            case 6 -> "revenue > " + random.nextInt(40);
            case 7 -> "latency_max BETWEEN " + (40 + random.nextInt(40)) + " AND " + (80 + random.nextInt(60));
            case 8 -> "quantity " + one(new String[] {"=", "<", ">=", "<>"}) + " " + (random.nextInt(12) - 3);
            case 9 -> "__time " + one(new String[] {"<", ">="}) + " TIMESTAMP '2026-01-01 0" + random.nextInt(6) +
                ":" + (10 + random.nextInt(50)) + ":00'";
            case 10 -> "referrer LIKE 'site1%'";
            case 11 -> "REGEXP_LIKE(page, '^/product/[0-9]$')";
            case 12 -> "quantity IS NULL";
            default -> "country < 'M'";
        };
    }

    private String one(final String[] values)
    {
        return values[random.nextInt(values.length)];
    }

    private List<String> pick(final String[] values, final int count)
    {
        final Set<String> picked = new LinkedHashSet<>();
        while (picked.size() < count)
        {
            picked.add(one(values));
        }
        return new ArrayList<>(picked);
    }
}
