package dev.tally.sql;

import dev.tally.query.exec.QueryEngine;
import dev.tally.sql.MetamorphicRelations.Check;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tally agrees with itself where no oracle is needed: random statements with expressions over the raw events table
 * and its rolled-up copy, grouped into checks of Ternary Logic Partitioning and NoREC ({@link MetamorphicRelations}),
 * run on two threads sharing one service. A check whose statements all fail is a refusal and skipped (a rolled table
 * refuses a metric mixed into a per-event value); one where some fail and others answer is a mismatch, because then
 * two ways of computing the same thing disagree. Prints its seed (rerun with {@code -Dtally.test.seed=N}), the CPU it
 * took (its wall time on 2 cores is about half, when nothing else runs) and writes each mismatch with its statements
 * to target/sql-metamorphic-failures.txt.
 */
class SqlMetamorphicTest
{
    /**
     * Statements per run: 10,000 in CI (issue 16 asks for at least that many; about 220 s of CPU, so near two minutes
     * on 2 cores), more with {@code -Dtally.test.metamorphicStatements=N}.
     */
    private static final int STATEMENTS = Integer.getInteger("tally.test.metamorphicStatements", 10_000);
    private static final int WORKERS = 2;
    private static final long CI_SEED = 20_261_207L;
    private static final int EVENTS = 3_000;
    /** Generous: the first statements of a cold JVM on a loaded machine take seconds, and a timeout proves nothing. */
    private static final long TIMEOUT_MILLIS = 60_000;

    @Test
    void partitionsAndFilteredCountsAgree() throws Exception
    {
        // CI runs one fixed seed: a random one keeps finding Calcite's rarer failures (ExpressionFindingsTest), and a
        // finding must not fail an unrelated change; hunt with -Dtally.test.randomSeed=true or a -Dtally.test.seed
        final long seed = Long.getLong("tally.test.seed", Boolean.getBoolean("tally.test.randomSeed") ?
            System.nanoTime() : CI_SEED);
        System.out.println("SqlMetamorphicTest seed " + seed);
        final long startNanos = System.nanoTime();
        final long startCpuNanos = processCpuNanos();
        final List<Outcome> outcomes = new ArrayList<>();
        try (WebEvents events = new WebEvents(seed, EVENTS); QueryEngine engine = new QueryEngine(2);
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
                    running.add(workers.submit(() -> check(service, workerSeed, statements)));
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
        System.out.printf("SqlMetamorphicTest: %d statements in %d checks in %.0f s (%.0f s of CPU) on %d threads; " +
            "held %s, refused %d, mismatches %d%n", all.statements, all.checks, (System.nanoTime() - startNanos) / 1e9,
            (processCpuNanos() - startCpuNanos) / 1e9, WORKERS, all.held, all.refused, all.failures.size());
        if (!all.failures.isEmpty())
        {
            Files.write(Path.of("target", "sql-metamorphic-failures.txt"), all.failures);
            all.failures.forEach(f -> System.out.println("METAMORPHIC MISMATCH seed " + seed + ": " + f));
        }
        assertThat(all.failures).as("seed %d", seed).isEmpty();
        assertThat(all.statements).isGreaterThanOrEqualTo(STATEMENTS);
        assertThat(all.refused).as("refused checks").isLessThan(all.checks / 10);
    }

    /** What one worker saw: statements run, checks made, checks held by kind, refusals, mismatches. */
    private record Outcome(int statements, int checks, Map<String, Integer> held, int refused, List<String> failures)
    {
        Outcome plus(final Outcome other)
        {
            final Map<String, Integer> bothHeld = new TreeMap<>(held);
            other.held.forEach((kind, n) -> bothHeld.merge(kind, n, Integer::sum));
            final List<String> both = new ArrayList<>(failures);
            both.addAll(other.failures);
            return new Outcome(statements + other.statements, checks + other.checks, bothHeld,
                refused + other.refused, both);
        }
    }

    /** Runs checks from {@code seed} until {@code statements} statements have run. */
    private static Outcome check(final SqlService service, final long seed, final int statements)
    {
        final Random random = new Random(seed);
        final MetamorphicRelations events = new MetamorphicRelations(random, false);
        final MetamorphicRelations rolled = new MetamorphicRelations(random, true);
        final SqlQueryContext context = new SqlQueryContext(null, TIMEOUT_MILLIS, 100_000);
        final Map<String, Integer> held = new TreeMap<>();
        final Map<String, Long> millis = new TreeMap<>();
        final List<String> failures = new ArrayList<>();
        int ran = 0;
        int checks = 0;
        int refused = 0;
        while (ran < statements)
        {
            final Check check = (random.nextInt(4) == 0 ? rolled : events).next();
            checks++;
            ran += check.statements.size();
            final long started = System.nanoTime();
            final List<List<Object[]>> answers = new ArrayList<>();
            final List<String> errors = new ArrayList<>();
            for (final String sql : check.statements)
            {
                answers.add(run(service, sql, context, errors));
            }
            millis.merge(check.kind + "/" + check.statements.size(), (System.nanoTime() - started) / 1_000_000L,
                Long::sum);
            if (isRefused(check, errors))
            {
                if (++refused <= 3)
                {
                    System.out.println("refused (" + check.kind + "): " + check.statements.get(0) + "\n    " +
                        errors.get(0));
                }
                continue;
            }
            final boolean onlyRollupRefusals = errors.stream().allMatch(SqlMetamorphicTest::isRollupRefusal);
            final String mismatch = onlyRollupRefusals ? check.mismatch(answers) :
                "some statements fail, others answer: " + errors;
            if (mismatch == null)
            {
                held.merge(check.kind, 1, Integer::sum);
            }
            else
            {
                failures.add(report(check, answers, mismatch));
            }
        }
        System.out.printf("worker %d: %.0f s of CPU; milliseconds by check kind/statements: %s%n", seed,
            ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1e9, millis);
        return new Outcome(ran, checks, held, refused, failures);
    }

    /** The statement's rows, or {@code null} with its error added to {@code errors}. */
    private static List<Object[]> run(final SqlService service, final String sql, final SqlQueryContext context,
        final List<String> errors)
    {
        try
        {
            return service.execute(sql, List.of(), context).rows();
        }
        catch (final SqlQueryException ex)
        {
            errors.add(ex.category() + ": " + ex.getMessage());
        }
        catch (final RuntimeException | StackOverflowError ex)
        {
            errors.add("escaped: " + ex);
        }
        return null;
    }

    /**
     * Whether the check says nothing: every statement refused with a categorized error; or one timed out (a loaded
     * machine proves nothing); or the rolled table refused one whose relation needs all its statements.
     */
    private static boolean isRefused(final Check check, final List<String> errors)
    {
        final boolean allCategorized = errors.size() == check.statements.size() &&
            errors.stream().noneMatch(e -> e.startsWith("escaped") || e.startsWith(SqlQueryException.UNKNOWN));
        return allCategorized || errors.stream().anyMatch(e -> e.startsWith(SqlQueryException.TIMEOUT)) ||
            !check.toleratesRefusals() && errors.stream().anyMatch(SqlMetamorphicTest::isRollupRefusal);
    }

    /** CPU time of this process, all threads: what the run costs on a machine that other work shares. */
    private static long processCpuNanos()
    {
        return ((com.sun.management.OperatingSystemMXBean)ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
    }

    /** The rolled table's refusal of a metric mixed into a per-event value: by design, not a disagreement. */
    private static boolean isRollupRefusal(final String error)
    {
        return error.contains("but this table rolls events up");
    }

    private static String report(final Check check, final List<List<Object[]>> answers, final String mismatch)
    {
        final StringBuilder out = new StringBuilder(check.kind).append(": ").append(mismatch);
        for (int i = 0; i < check.statements.size(); i++)
        {
            final List<Object[]> answer = answers.get(i);
            out.append("\n    ").append(check.statements.get(i)).append("\n        -> ")
                .append(answer == null ? "error" : answer.size() == 1 ?
                    Arrays.toString(Results.normalize(answer).get(0)) : answer.size() + " rows");
        }
        return out.toString();
    }
}
