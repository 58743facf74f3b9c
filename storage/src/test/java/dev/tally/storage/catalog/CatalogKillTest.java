package dev.tally.storage.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Kills a child JVM that commits in a tight loop and checks the manifest it leaves behind: loadable, internally
 * consistent, and not older than the last commit the child reported.
 */
class CatalogKillTest
{
    private static final int ROUNDS = 10;
    private static final long PROGRESS_TIMEOUT_MS = 15_000;

    @TempDir
    Path workDir;

    @Test
    void killedCommitterLeavesConsistentManifestNoOlderThanLastReportedCommit() throws Exception
    {
        final long seed = Long.getLong("tally.test.seed", System.nanoTime());
        System.out.println("CatalogKillTest seed=" + seed);
        final Random random = new Random(seed);
        final Path tableDir = workDir.resolve("events");
        long lastReported = 0;
        for (int round = 0; round < ROUNDS; round++)
        {
            final int commitsBeforeKill = 1 + random.nextInt(25);
            final long reported = runAndKill(tableDir, round, commitsBeforeKill);
            final Manifest manifest = Catalog.open(tableDir).snapshot();

            assertThat(CatalogFixtures.isConsistent(manifest))
                .as("seed[%d] round[%d] manifest %s is consistent", seed, round, manifest)
                .isTrue();
            assertThat(manifest.version())
                .as("seed[%d] round[%d] version on disk vs last reported commit", seed, round)
                .isGreaterThanOrEqualTo(reported)
                .isGreaterThanOrEqualTo(lastReported);
            // the manifest, and after the first commit the one it replaced (the fallback if it is ever damaged)
            assertThat(Files.list(tableDir).map(path -> path.getFileName().toString()).toList())
                .contains(Catalog.MANIFEST_FILE_NAME)
                .isSubsetOf(Catalog.MANIFEST_FILE_NAME, Catalog.PREVIOUS_FILE_NAME);
            lastReported = Math.max(reported, manifest.version());
        }
    }

    /** Starts the committer, waits for {@code commits} reported commits, kills it; returns the last reported one. */
    private long runAndKill(final Path tableDir, final int round, final int commits) throws Exception
    {
        final Path stderr = workDir.resolve("child-" + round + ".err");
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final ProcessBuilder builder = new ProcessBuilder(List.of(
            java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-cp", System.getProperty("java.class.path"),
            CatalogCommitLoop.class.getName(), tableDir.toString()))
            .redirectError(stderr.toFile());
        final BlockingQueue<Long> committed = new LinkedBlockingQueue<>();
        Process child = null;
        Thread reader = null;
        try
        {
            child = builder.start();
            reader = startStdoutReader(child, committed);
            long last = -1;
            int seen = 0;
            final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PROGRESS_TIMEOUT_MS);
            while (seen < commits)
            {
                final Long version = committed.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (version == null)
                {
                    fail("round[" + round + "] child made " + seen + " of " + commits + " commits within " +
                        PROGRESS_TIMEOUT_MS + " ms; alive[" + child.isAlive() + "] stderr: " +
                        Files.readString(stderr));
                }
                last = version;
                seen++;
            }
            child.destroyForcibly();
            assertThat(child.waitFor(PROGRESS_TIMEOUT_MS, TimeUnit.MILLISECONDS)).as("child exited").isTrue();
            reader.join(PROGRESS_TIMEOUT_MS);
            // Commits reported between the last poll and the kill are committed too.
            for (Long version = committed.poll(); version != null; version = committed.poll())
            {
                last = version;
            }
            return last;
        }
        finally
        {
            if (child != null)
            {
                child.destroyForcibly();
                child.waitFor(PROGRESS_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            }
        }
    }

    private static Thread startStdoutReader(final Process child, final BlockingQueue<Long> committed)
    {
        final Thread reader = new Thread(() ->
        {
            try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)))
            {
                for (String line = lines.readLine(); line != null; line = lines.readLine())
                {
                    if (line.startsWith("committed "))
                    {
                        committed.add(Long.parseLong(line.substring("committed ".length())));
                    }
                }
            }
            catch (final IOException ignored)
            {
                // The pipe breaks when the child is killed; everything read before that is in the queue.
            }
        }, "catalog-child-stdout");
        reader.setDaemon(true);
        reader.start();
        return reader;
    }
}
