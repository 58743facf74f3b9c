package dev.tally.sql;

import dev.tally.query.exec.QueryEngine;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random statements, valid and broken (generated queries with tokens dropped, repeated or replaced), never crash or
 * hang: each returns a result or fails with a categorized error that is not "Unknown exception". Results of the
 * statements that DuckDB also accepts are compared and disagreements printed; the unmutated ones must agree. Prints
 * its seed (rerun with {@code -Dtally.test.seed=N}) and writes failing statements to target/sql-fuzz-failures.txt.
 */
class SqlFuzzTest
{
    /** Statements per run: 3,000 in CI (about 35 s here); more with {@code -Dtally.test.sqlFuzzStatements=N}. */
    private static final int STATEMENTS = Integer.getInteger("tally.test.sqlFuzzStatements", 3_000);
    private static final String[] TOKENS = {"SELECT", "FROM", "WHERE", "GROUP", "BY", "ORDER", "HAVING", "LIMIT",
        "events", "country", "__time", "revenue", "users", "latency_max", "quantity", "COUNT(*)", "SUM(", "(", ")",
        ",", "'", "'US'", "NULL", "=", "<>", ">", "AND", "OR", "NOT", "1", "-1", "0.5", "*", "/", "+", "||",
        "TIME_FLOOR(__time, 'PT1H')", "APPROX_QUANTILE(", "JOIN", "UNION", "INSERT", "CAST(", "AS", "VARCHAR",
        "INTERVAL '1' HOUR", "CASE WHEN", "THEN", "END", "LIKE", "'%'", "?", "DISTINCT", "OVER ()", "1e308",
        "TIMESTAMP '2026-01-01 00:00:00'", "x", "\"", "`", ";"};

    @Test
    void randomStatementsNeverCrashOrHang() throws Exception
    {
        final long seed = Long.getLong("tally.test.seed", System.nanoTime());
        System.out.println("SqlFuzzTest seed " + seed);
        final Random random = new Random(seed);
        final SqlGenerator generator = new SqlGenerator(random);
        final List<String> failures = new ArrayList<>();
        int results = 0;
        int errors = 0;
        int compared = 0;
        int disagreements = 0;
        try (WebEvents events = new WebEvents(seed, 5_000); QueryEngine engine = new QueryEngine(2);
             SqlService service = new SqlService(events.provider(), engine))
        {
            for (int i = 0; i < STATEMENTS; i++)
            {
                final SqlCase base = generator.next();
                final boolean mutated = random.nextInt(4) > 0;
                final String sql = mutated ? mutate(base.tally(), random) : base.tally();
                final List<Object[]> rows;
                try
                {
                    rows = service.execute(sql, List.of(), new SqlQueryContext(null, 5_000, 20_000)).rows();
                    results++;
                }
                catch (final SqlQueryException ex)
                {
                    errors++;
                    if (SqlQueryException.UNKNOWN.equals(ex.category()) || ex.getMessage() == null ||
                        ex.getMessage().isBlank())
                    {
                        failures.add(sql + "\n    unclear error: " + ex.category() + ": " + ex.getMessage() +
                            " (" + ex.errorClass() + ")");
                    }
                    continue;
                }
                catch (final RuntimeException | LinkageError | StackOverflowError ex)
                {
                    failures.add(sql + "\n    escaped: " + ex);
                    continue;
                }
                final String duckSql = mutated ? SqlCase.toDuck(sql) : base.duck();
                final List<Object[]> duck;
                try
                {
                    duck = Results.duck(events.duck, duckSql);
                }
                catch (final java.sql.SQLException ex)
                {
                    continue;
                }
                compared++;
                final String mismatch = Results.mismatch(Results.normalize(rows), duck,
                    mutated ? Results.Order.ANY : base.order(), base.key(), base.approximate());
                if (mismatch != null)
                {
                    disagreements++;
                    if (mutated)
                    {
                        System.out.println("dialect or semantics differ (mutated): " + sql + "\n    " + mismatch);
                    }
                    else
                    {
                        failures.add(sql + "\n    " + mismatch);
                    }
                }
            }
        }
        System.out.printf("SqlFuzzTest: %d statements, %d results, %d errors, %d compared with DuckDB, %d differ%n",
            STATEMENTS, results, errors, compared, disagreements);
        if (!failures.isEmpty())
        {
            final Path file = Path.of("target", "sql-fuzz-failures.txt");
            Files.write(file, failures);
            failures.forEach(f -> System.out.println("FUZZ FAILURE seed " + seed + ": " + f));
        }
        assertThat(failures).as("seed %d", seed).isEmpty();
        assertThat(results).isGreaterThan(STATEMENTS / 10);
        assertThat(errors).isGreaterThan(STATEMENTS / 10);
    }

    private static String mutate(final String sql, final Random random)
    {
        final List<String> tokens = new ArrayList<>(List.of(sql.split(" ")));
        final int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && !tokens.isEmpty(); e++)
        {
            final int at = random.nextInt(tokens.size());
            switch (random.nextInt(4))
            {
                case 0 -> tokens.remove(at);
                case 1 -> tokens.add(at, tokens.get(at));
                case 2 -> tokens.set(at, TOKENS[random.nextInt(TOKENS.length)]);
                default -> tokens.add(at, TOKENS[random.nextInt(TOKENS.length)]);
            }
        }
        return String.join(" ", tokens);
    }
}
