package dev.tally.sql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Relations that hold between the answers of related statements whatever the data, so they need no oracle. Ternary
 * Logic Partitioning (TLP): every row satisfies exactly one of {@code p}, {@code NOT p} and {@code p IS NULL}, so a
 * query's rows are the multiset union of its rows under each, and its partitionable aggregates combine from theirs
 * (COUNT and SUM add, MIN and MAX take the extreme, AVG is the summed SUM over the summed COUNT); also inside one
 * statement through {@code FILTER (WHERE …)}. NoREC: the rows a filter keeps are the rows whose predicate, evaluated as
 * a value, is TRUE, however it is computed: as the engine's filter, as a projected CASE the engine sums, as a
 * projected boolean filtered above, and by Calcite over a window that no filter passes. Predicates and expressions
 * come from {@link ExpressionGenerator}; each relation is one {@link Check} whose {@link Check#mismatch} is null when
 * the relation held.
 */
final class MetamorphicRelations
{
    /** One relation instance: its statements and how to judge their answers. */
    abstract static class Check
    {
        final String kind;
        final List<String> statements = new ArrayList<>();

        Check(final String kind)
        {
            this.kind = kind;
        }

        /**
         * What differs, or {@code null} when the relation holds; {@code answers} is in the order of statements, null
         * where a statement was refused and {@link #toleratesRefusals} says the others still judge.
         */
        abstract String mismatch(List<List<Object[]>> answers);

        /** Adds a statement (the time-unit finding that ExpressionGenerator.withoutSharedTimeUnit names left out). */
        void add(final String sql)
        {
            statements.add(ExpressionGenerator.withoutSharedTimeUnit(sql));
        }

        /** Whether the relation holds among the statements answered when some are refused (NoREC's forms do). */
        boolean toleratesRefusals()
        {
            return false;
        }
    }

    private static final String[] EVENT_COLUMNS = {"__time", "country", "device", "os", "browser", "page", "referrer",
        "quantity", "\"count\"", "revenue", "latency_max"};
    private static final String[] ROLLED_COLUMNS = {"__time", "country", "device", "os", "browser", "\"count\"",
        "revenue", "latency_max"};

    private static final Pattern METRICS = Pattern.compile("\\b(revenue|latency_max|count)\\b");

    private final Random random;
    private final String table;
    private final boolean rolled;
    private final ExpressionGenerator expressions;

    MetamorphicRelations(final Random random, final boolean rolled)
    {
        this.random = random;
        this.rolled = rolled;
        this.table = rolled ? "rolled" : "events";
        this.expressions = new ExpressionGenerator(random, rolled);
    }

    /** A random check of a random relation. */
    Check next()
    {
        final int pick = random.nextInt(20);
        if (pick < 5)
        {
            return partitionedScan();
        }
        if (pick < 10)
        {
            return partitionedAggregate();
        }
        if (pick < 13)
        {
            return partitionedDistinct();
        }
        if (pick < 15)
        {
            return partitionedInOneStatement();
        }
        return noRec();
    }

    /** A partitioning predicate: AND/OR/NOT of comparisons, nested once or twice. */
    private String partitioning()
    {
        return expressions.predicate(1 + random.nextInt(2)).tally();
    }

    /** The WHERE of a partition: the base filter (if any) and the partitioning predicate. */
    private static String where(final String base, final String p)
    {
        return " WHERE " + (base == null ? p : "(" + base + ") AND " + p);
    }

    private static List<String> partitions(final String p)
    {
        return List.of("(" + p + ")", "NOT (" + p + ")", "(" + p + ") IS NULL");
    }

    private String base()
    {
        return random.nextInt(3) == 0 ? expressions.predicate(1).tally() : null;
    }

    /** TLP over rows: columns and expressions of each row. */
    Check partitionedScan()
    {
        final List<String> select = new ArrayList<>();
        final int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++)
        {
            select.add(switch (random.nextInt(5))
            {
                case 0 -> expressions.text(1).tally();
                case 1 -> expressions.integer(1, true).tally();
                case 2 -> expressions.time().tally();
                case 3 -> expressions.predicate(1).tally();
                default -> expressions.one(rolled ? ROLLED_COLUMNS : EVENT_COLUMNS);
            });
        }
        final String head = "SELECT " + String.join(", ", select) + " FROM " + table;
        final String base = base();
        final String p = partitioning();
        final Check check = new Check("tlp-scan")
        {
            @Override
            String mismatch(final List<List<Object[]>> answers)
            {
                final Map<List<Object>, Integer> whole = Partials.multiset(answers.get(0));
                final Map<List<Object>, Integer> union = new HashMap<>();
                for (int i = 1; i < answers.size(); i++)
                {
                    Partials.multiset(answers.get(i)).forEach((row, n) -> union.merge(row, n, Integer::sum));
                }
                return whole.equals(union) ? null : "rows " + answers.get(0).size() + " vs partitions " +
                    answers.get(1).size() + " + " + answers.get(2).size() + " + " + answers.get(3).size() + "; " +
                    Partials.difference(whole, union);
            }
        };
        check.add(head + (base == null ? "" : " WHERE " + base));
        for (final String part : partitions(p))
        {
            check.add(head + where(base, part));
        }
        return check;
    }

    /** TLP over distinct group keys: a set union. */
    Check partitionedDistinct()
    {
        final List<String> keys = keys();
        final String head = "SELECT DISTINCT " + String.join(", ", keys) + " FROM " + table;
        final String base = base();
        final String p = partitioning();
        final Check check = new Check("tlp-distinct")
        {
            @Override
            String mismatch(final List<List<Object[]>> answers)
            {
                final Map<List<Object>, Integer> whole = Partials.multiset(answers.get(0));
                final Map<List<Object>, Integer> union = new HashMap<>();
                for (int i = 1; i < answers.size(); i++)
                {
                    Partials.multiset(answers.get(i)).forEach((row, n) -> union.put(row, 1));
                }
                if (whole.values().stream().anyMatch(n -> n > 1))
                {
                    return "DISTINCT returned a row twice: " + Partials.difference(whole, Map.of());
                }
                return whole.equals(union) ? null : Partials.difference(whole, union);
            }
        };
        check.add(head + (base == null ? "" : " WHERE " + base));
        for (final String part : partitions(p))
        {
            check.add(head + where(base, part));
        }
        return check;
    }

    /** Group keys: dimensions and expressions over them and time. */
    private List<String> keys()
    {
        final List<String> keys = new ArrayList<>();
        final int count = 1 + random.nextInt(2);
        for (int i = 0; i < count; i++)
        {
            keys.add(random.nextInt(3) == 0 ? expressions.one(rolled ? new String[] {"country", "device", "os",
                "browser"} : new String[] {"country", "device", "referrer", "quantity", "page"}) :
                expressions.groupKey(true).tally());
        }
        return keys;
    }

    /** An aggregation that partitions: COUNT, SUM, MIN, MAX, or AVG (checked as SUM over COUNT). */
    private record Aggregate(String function, String argument)
    {
        String sql()
        {
            return function + "(" + argument + ")";
        }

        /** The partitions' form: AVG becomes its SUM and COUNT. */
        List<String> partitionSql()
        {
            return "AVG".equals(function) ? List.of("SUM(" + argument + ")", "COUNT(" + argument + ")") :
                List.of(sql());
        }
    }

    private Aggregate aggregate()
    {
        // on the rolled table, an expression mixing a metric into a per-event value is refused: keep metrics plain
        final boolean metrics = !rolled;
        return switch (random.nextInt(9))
        {
            case 0 -> new Aggregate("COUNT", "*");
            case 1 -> new Aggregate(expressions.one(new String[] {"SUM", "MIN", "MAX", "AVG"}),
                expressions.integer(1, metrics).tally());
            case 2 -> new Aggregate(expressions.one(new String[] {"SUM", "MIN", "MAX", "AVG"}),
                metrics ? expressions.decimal(1, true).tally() : "revenue");
            case 3 -> new Aggregate(expressions.one(new String[] {"MIN", "MAX", "COUNT"}), expressions.text(1).tally());
            case 4 -> new Aggregate("COUNT", expressions.any(1, metrics).tally());
            // MIN/MAX of a time expression (not __time itself) runs in Calcite, which costs several times a pushed
            // statement: a third of them, to keep the run short
            case 5 -> new Aggregate(expressions.one(new String[] {"MIN", "MAX"}),
                random.nextInt(3) == 0 ? expressions.time().tally() : "__time");
            case 6 -> new Aggregate("SUM", "CASE WHEN " + expressions.predicate(1, metrics).tally() +
                " THEN 1 ELSE 0 END");
            case 7 -> new Aggregate(expressions.one(new String[] {"SUM", "MIN", "MAX", "AVG"}),
                expressions.one(new String[] {"revenue", "latency_max", "\"count\""}));
            default -> new Aggregate("COUNT", expressions.one(rolled ? ROLLED_COLUMNS : EVENT_COLUMNS));
        };
    }

    /** TLP over aggregates, with or without GROUP BY: the partitions' aggregates combine into the whole's. */
    Check partitionedAggregate()
    {
        final List<String> keys = random.nextInt(3) == 0 ? List.of() : keys();
        final List<Aggregate> aggregates = new ArrayList<>();
        final int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++)
        {
            aggregates.add(aggregate());
        }
        final String base = base();
        if (SqlGenerator.refusesAverage(base, !keys.isEmpty()))
        {
            // the finding SqlGenerator.refusesAverage names
            aggregates.replaceAll(a -> "AVG".equals(a.function()) ? new Aggregate("SUM", a.argument()) : a);
        }
        final List<String> whole = new ArrayList<>(keys);
        final List<String> parts = new ArrayList<>(keys);
        for (final Aggregate aggregate : aggregates)
        {
            whole.add(aggregate.sql());
            parts.addAll(aggregate.partitionSql());
        }
        final String group = keys.isEmpty() ? "" : " GROUP BY " + String.join(", ", keys);
        final String p = partitioning();
        final Check check = new Check("tlp-aggregate")
        {
            @Override
            String mismatch(final List<List<Object[]>> answers)
            {
                return Partials.compare(keys.size(), aggregates.stream().map(Aggregate::function).toList(),
                    answers.get(0), answers.subList(1, answers.size()));
            }
        };
        check.add("SELECT " + String.join(", ", whole) + " FROM " + table +
            (base == null ? "" : " WHERE " + base) + group);
        for (final String part : partitions(p))
        {
            check.add("SELECT " + String.join(", ", parts) + " FROM " + table + where(base, part) + group);
        }
        return check;
    }

    /** TLP inside one statement: COUNT(*) and SUM(x) equal the sums of their three FILTER (WHERE …) partitions. */
    Check partitionedInOneStatement()
    {
        final List<String> keys = random.nextBoolean() ? List.of() : keys();
        final String p = partitioning();
        final String x = rolled ? expressions.one(new String[] {"revenue", "\"count\""}) :
            expressions.integer(1, true).tally();
        final List<String> select = new ArrayList<>(keys);
        select.add("COUNT(*)");
        select.add("SUM(" + x + ")");
        for (final String part : partitions(p))
        {
            select.add("COUNT(*) FILTER (WHERE " + part + ")");
            select.add("SUM(" + x + ") FILTER (WHERE " + part + ")");
        }
        final String base = base();
        final Check check = new Check("tlp-filter")
        {
            @Override
            String mismatch(final List<List<Object[]>> answers)
            {
                final int k = keys.size();
                for (final Object[] row : answers.get(0))
                {
                    final Object[] n = Results.normalize(List.<Object[]>of(row)).get(0);
                    final Object counts = Partials.add(Partials.add(n[k + 2], n[k + 4]), n[k + 6]);
                    final Object sums = Partials.add(Partials.add(n[k + 3], n[k + 5]), n[k + 7]);
                    if (!Partials.same(n[k], counts) || !Partials.same(n[k + 1], sums))
                    {
                        return "row " + Arrays.toString(n) + ": COUNT(*) " + n[k] + " vs " + counts + ", SUM " +
                            n[k + 1] + " vs " + sums;
                    }
                }
                return null;
            }
        };
        check.add("SELECT " + String.join(", ", select) + " FROM " + table +
            (base == null ? "" : " WHERE " + base) + (keys.isEmpty() ? "" : " GROUP BY " + String.join(", ", keys)));
        return check;
    }

    /**
     * NoREC: per group (or overall), the events a filter keeps, counted four ways: the filter; a projected CASE
     * summed (on a rolled table SUM of a row constant counts its events); a projected boolean filtered above; and in
     * Calcite above a window, which no filter or projection passes, so Calcite evaluates the predicate and key itself
     * (there COUNT(*) would count rolled rows, so the count metric is summed).
     */
    Check noRec()
    {
        final List<String> keys = random.nextBoolean() ? List.of() : keys();
        final String p = partitioning();
        final String group = keys.isEmpty() ? "" : " GROUP BY " + String.join(", ", keys);
        final String keyList = keys.isEmpty() ? "" : String.join(", ", keys) + ", ";
        final List<String> aliased = new ArrayList<>();
        final List<String> aliases = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++)
        {
            aliased.add(keys.get(i) + " AS k" + i);
            aliases.add("k" + i);
        }
        final String aliasList = aliases.isEmpty() ? "" : String.join(", ", aliases) + ", ";
        final Check check = new Check("norec")
        {
            @Override
            String mismatch(final List<List<Object[]>> answers)
            {
                Map<List<Object>, Object> first = null;
                for (int i = 0; i < answers.size(); i++)
                {
                    if (answers.get(i) == null)
                    {
                        continue;
                    }
                    final Map<List<Object>, Object> counts = Partials.countsByKey(keys.size(), answers.get(i));
                    if (first == null)
                    {
                        first = counts;
                    }
                    else if (!first.equals(counts))
                    {
                        return "form " + i + " differs: " + Partials.difference(first, counts);
                    }
                }
                return null;
            }

            @Override
            boolean toleratesRefusals()
            {
                return true;
            }
        };
        final String columns = columnsRead(String.join(" ", keys) + " " + p);
        check.add("SELECT " + keyList + "COUNT(*) FROM " + table + " WHERE " + p + group);
        if (!rolled || !METRICS.matcher(p).find())
        {
            // Finding: on a rolled table, SUM(CASE WHEN p THEN 1 ELSE 0 END) whose p reads a metric is refused when
            // pushed, but where Calcite computes the CASE it sums stored rows, not events (SELECT SUM(CASE WHEN
            // latency_max > 100 OR TIMESTAMPDIFF(MINUTE, TIMESTAMP '2026-01-01 00:00:00', __time) < 0 THEN 1 ELSE 0
            // END) FROM rolled: 1702; COUNT(*) with that WHERE: 1706)
            check.add("SELECT " + keyList + "SUM(CASE WHEN " + p + " THEN 1 ELSE 0 END) FROM " + table +
                group);
        }
        check.add("SELECT " + aliasList + "COUNT(*) FROM (SELECT " + String.join("", aliased.stream()
            .map(a -> a + ", ").toList()) + p + " AS b FROM " + table + ") s WHERE b" +
            (keys.isEmpty() ? "" : " GROUP BY " + String.join(", ", aliases)));
        if (!(p.contains("COALESCE(") && p.contains("BETWEEN")))
        {
            // Finding (ExpressionFindingsTest): where Calcite evaluates COALESCE(x, c) NOT BETWEEN c AND d, it counts
            // the rows whose x is NULL as outside the range
            check.add("SELECT " + keyList + "SUM(\"count\") FROM (SELECT " + columns +
                ", COUNT(*) OVER () AS w FROM " + table + ") s WHERE w > 0 AND (" + p + ")" + group);
        }
        return check;
    }

    /** The table's columns that {@code sql} names, and the count metric: what the window's input must carry. */
    private String columnsRead(final String sql)
    {
        final List<String> read = new ArrayList<>();
        for (final String column : rolled ? ROLLED_COLUMNS : EVENT_COLUMNS)
        {
            if ("\"count\"".equals(column) || Pattern.compile("\\b" + column + "\\b").matcher(sql).find())
            {
                read.add(column);
            }
        }
        return String.join(", ", read);
    }
}
