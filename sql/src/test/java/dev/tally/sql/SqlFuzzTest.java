package dev.tally.sql;

import dev.tally.query.exec.QueryEngine;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random statements, valid and broken (generated queries with tokens dropped, repeated or replaced), never crash or
 * hang (each ends within its timeout, with grace for a loaded machine): each returns a result or fails with a
 * categorized error that is not "Unknown exception", from two threads sharing one service. Results of the
 * statements that DuckDB also accepts are compared and disagreements printed; the unmutated ones must agree, and
 * an unmutated statement that DuckDB answers must not be refused (barring a timeout). Prints
 * its seed (rerun with {@code -Dtally.test.seed=N}) and writes failing statements to target/sql-fuzz-failures.txt.
 */
class SqlFuzzTest
{
    /** Statements per run: 10,000 in CI; more with {@code -Dtally.test.sqlFuzzStatements=N}. */
    private static final int STATEMENTS = Integer.getInteger("tally.test.sqlFuzzStatements", 10_000);
    /** Workers sharing one service, as concurrent users share the server's. */
    private static final int WORKERS = 2;
    private static final long TIMEOUT_MILLIS = 5_000;
    /** How far past its timeout a statement may end before it counts as hung (a loaded CI box is slow). */
    private static final long HANG_GRACE_MILLIS = 10_000;
    private static final String[] TOKENS = {"SELECT", "FROM", "WHERE", "GROUP", "BY", "ORDER", "HAVING", "LIMIT",
        "events", "country", "__time", "revenue", "users", "latency_max", "quantity", "COUNT(*)", "SUM(", "(", ")",
        ",", "'", "'US'", "NULL", "=", "<>", ">", "AND", "OR", "NOT", "1", "-1", "0.5", "*", "/", "+", "||",
        "TIME_FLOOR(__time, 'PT1H')", "APPROX_QUANTILE(", "JOIN", "UNION", "INSERT", "CAST(", "AS", "VARCHAR",
        "INTERVAL '1' HOUR", "CASE WHEN", "THEN", "END", "LIKE", "'%'", "?", "DISTINCT", "OVER ()", "1e308",
        "TIMESTAMP '2026-01-01 00:00:00'", "x", "\"", "`", ";"};

    @Test
    void randomStatementsNeverCrashOrHang() throws Exception
    {
        // one fixed seed in CI, as SqlMetamorphicTest; hunt with -Dtally.test.randomSeed=true or a -Dtally.test.seed
        final long seed = Long.getLong("tally.test.seed", Boolean.getBoolean("tally.test.randomSeed") ?
            System.nanoTime() : 20_261_207L);
        System.out.println("SqlFuzzTest seed " + seed);
        final long startNanos = System.nanoTime();
        final List<Outcome> outcomes = new ArrayList<>();
        try (WebEvents events = new WebEvents(seed, 5_000); QueryEngine engine = new QueryEngine(2);
             SqlService service = new SqlService(events.provider(), engine))
        {
            final ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
            try
            {
                final List<Future<Outcome>> running = new ArrayList<>();
                for (int w = 0; w < WORKERS; w++)
                {
                    final long workerSeed = seed + w;
                    final int statements = STATEMENTS / WORKERS + (w < STATEMENTS % WORKERS ? 1 : 0);
                    final Connection duck = ((DuckDBConnection)events.duck).duplicate();
                    running.add(workers.submit(() -> fuzz(service, duck, workerSeed, statements)));
                }
                for (final Future<Outcome> worker : running)
                {
                    outcomes.add(worker.get());
                }
            }
            finally
            {
                workers.shutdownNow();
            }
        }
        final Outcome all = outcomes.stream().reduce(Outcome::plus).orElseThrow();
        System.out.printf("SqlFuzzTest: %d statements in %.0f s on %d threads, %d results, %d errors, %d compared " +
            "with DuckDB, %d differ (mutated only), slowest %d ms%n", STATEMENTS, (System.nanoTime() - startNanos) / 1e9,
            WORKERS, all.results, all.errors, all.compared, all.disagreements, all.slowestMillis);
        if (!all.failures.isEmpty())
        {
            final Path file = Path.of("target", "sql-fuzz-failures.txt");
            Files.write(file, all.failures);
            all.failures.forEach(f -> System.out.println("FUZZ FAILURE seed " + seed + ": " + f));
        }
        assertThat(all.failures).as("seed %d", seed).isEmpty();
        assertThat(all.results).isGreaterThan(STATEMENTS / 10);
        assertThat(all.errors).isGreaterThan(STATEMENTS / 10);
    }

    /** What one worker saw. */
    private record Outcome(List<String> failures, int results, int errors, int compared, int disagreements,
        long slowestMillis)
    {
        Outcome plus(final Outcome other)
        {
            final List<String> both = new ArrayList<>(failures);
            both.addAll(other.failures);
            return new Outcome(both, results + other.results, errors + other.errors, compared + other.compared,
                disagreements + other.disagreements, Math.max(slowestMillis, other.slowestMillis));
        }
    }

    /** Runs {@code statements} generated statements from {@code seed} through the shared service. */
    private static Outcome fuzz(final SqlService service, final Connection duck, final long seed,
        final int statements) throws SQLException
    {
        final Random random = new Random(seed);
        final SqlGenerator generator = new SqlGenerator(random);
        final List<String> failures = new ArrayList<>();
        int results = 0;
        int errors = 0;
        int compared = 0;
        int disagreements = 0;
        long slowestMillis = 0;
        try (duck)
        {
            for (int i = 0; i < statements; i++)
            {
                final SqlCase base = generator.next();
                final boolean mutated = random.nextInt(4) > 0;
                final String sql = mutated ? mutate(base.tally(), random) : base.tally();
                final long started = System.nanoTime();
                List<Object[]> rows = null;
                try
                {
                    rows = service.execute(sql, List.of(), new SqlQueryContext(null, TIMEOUT_MILLIS, 20_000)).rows();
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
                    else if (!mutated && !SqlQueryException.TIMEOUT.equals(ex.category()) && answers(duck, base.duck()))
                    {
                        failures.add(sql + "\n    refused what DuckDB answers: " + ex.category() + ": " +
                            ex.getMessage());
                    }
                }
                catch (final RuntimeException | LinkageError | StackOverflowError ex)
                {
                    failures.add(sql + "\n    escaped: " + ex);
                }
                final long millis = (System.nanoTime() - started) / 1_000_000;
                slowestMillis = Math.max(slowestMillis, millis);
                if (millis > TIMEOUT_MILLIS + HANG_GRACE_MILLIS)
                {
                    failures.add(sql + "\n    hung: ended after " + millis + " ms, timeout " + TIMEOUT_MILLIS + " ms");
                }
                if (rows == null)
                {
                    continue;
                }
                final String duckSql = mutated ? SqlCase.toDuck(sql) : base.duck();
                final List<Object[]> expected;
                try
                {
                    expected = Results.duck(duck, duckSql);
                }
                catch (final SQLException ex)
                {
                    continue;
                }
                compared++;
                final String mismatch = Results.mismatch(Results.normalize(rows), expected,
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
        return new Outcome(failures, results, errors, compared, disagreements, slowestMillis);
    }

    /** Whether DuckDB runs the statement: a generated one it answers is valid SQL that Tally must answer too. */
    private static boolean answers(final Connection duck, final String sql)
    {
        try
        {
            Results.duck(duck, sql);
            return true;
        }
        catch (final SQLException ex)
        {
            return false;
        }
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
