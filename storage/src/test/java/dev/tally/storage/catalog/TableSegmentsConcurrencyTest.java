package dev.tally.storage.catalog;

import dev.tally.storage.segment.Segment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readers take snapshots while commits replace every segment, always keeping the table's row count: each snapshot
 * must see exactly that count (never a mix of old and new segments), and decoding its segments must work, so nothing
 * was unmapped or deleted under it.
 */
class TableSegmentsConcurrencyTest
{
    private static final int TOTAL_ROWS = 120;
    private static final int READERS = 2;
    private static final int MAX_COMMITS = 300;
    private static final long RUN_NANOS = TimeUnit.SECONDS.toNanos(3);

    @TempDir
    Path tableDir;

    @Test
    void everySnapshotSeesTheConstantRowCountWhileCommitsReplaceSegments() throws Exception
    {
        final long seed = System.nanoTime();
        System.out.println("TableSegmentsConcurrencyTest seed " + seed);
        final Random random = new Random(seed);
        final Catalog catalog = Catalog.open(tableDir);
        catalog.addSegments(generation(1, random), Map.of());
        final AtomicBoolean isRunning = new AtomicBoolean(true);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final AtomicLong snapshots = new AtomicLong();
        final CountDownLatch readersStarted = new CountDownLatch(READERS);
        int commits = 0;
        try (TableSegments segments = TableSegments.open(catalog))
        {
            final List<Thread> readers = new ArrayList<>();
            for (int r = 0; r < READERS; r++)
            {
                final Thread reader = new Thread(() ->
                {
                    try
                    {
                        while (isRunning.get())
                        {
                            try (SegmentsSnapshot snapshot = segments.acquire())
                            {
                                checkRowCount(snapshot);
                            }
                            snapshots.incrementAndGet();
                            readersStarted.countDown();
                        }
                    }
                    catch (final Throwable ex)
                    {
                        failure.compareAndSet(null, ex);
                        readersStarted.countDown();
                    }
                }, "reader-" + r);
                readers.add(reader);
                reader.start();
            }
            try
            {
                assertThat(readersStarted.await(10, TimeUnit.SECONDS)).as("readers started").isTrue();
                final long deadline = System.nanoTime() + RUN_NANOS;
                while (commits < MAX_COMMITS && System.nanoTime() < deadline && failure.get() == null)
                {
                    final List<String> live =
                        catalog.snapshot().segments().stream().map(SegmentDescriptor::id).toList();
                    catalog.replaceSegments(live, generation(commits + 2, random));
                    segments.refresh();
                    commits++;
                }
            }
            finally
            {
                isRunning.set(false);
                for (final Thread reader : readers)
                {
                    reader.join(TimeUnit.SECONDS.toMillis(10));
                    assertThat(reader.isAlive()).as(reader.getName() + " stopped").isFalse();
                }
            }
            assertThat(failure.get()).as("seed " + seed).isNull();
        }
        System.out.println("TableSegmentsConcurrencyTest commits " + commits + ", snapshots " + snapshots.get());
        assertThat(commits).as("commits").isPositive();
        assertThat(snapshots.get()).as("snapshots").isGreaterThan(commits);
        // every replaced file is gone: only the last generation and the manifest remain
        try (Stream<Path> files = Files.list(tableDir))
        {
            final List<String> expected = new ArrayList<>(
                catalog.snapshot().segments().stream().map(SegmentDescriptor::fileName).toList());
            expected.add(Catalog.MANIFEST_FILE_NAME);
            expected.add(Catalog.PREVIOUS_FILE_NAME);
            assertThat(files.map(file -> file.getFileName().toString())).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    /** Writes the segments of one generation: one to three partitions of hour 0 whose rows add up to the total. */
    private List<SegmentDescriptor> generation(final int version, final Random random) throws Exception
    {
        final int partitions = 1 + random.nextInt(3);
        final List<SegmentDescriptor> written = new ArrayList<>();
        int left = TOTAL_ROWS;
        for (int p = 0; p < partitions; p++)
        {
            final int rows = p == partitions - 1 ? left : 1 + random.nextInt(left - (partitions - p - 1));
            written.add(SegmentFiles.write(tableDir, 0, version, p, rows));
            left -= rows;
        }
        return written;
    }

    private static void checkRowCount(final SegmentsSnapshot snapshot)
    {
        long described = 0;
        long decoded = 0;
        for (int i = 0; i < snapshot.size(); i++)
        {
            final Segment segment = snapshot.segment(i);
            described += snapshot.descriptor(i).rowCount();
            decoded += SegmentFiles.readTimes(segment);
        }
        if (described != TOTAL_ROWS || decoded != TOTAL_ROWS)
        {
            throw new AssertionError("snapshot of version[" + snapshot.manifestVersion() + "] has rows[described " +
                described + ", decoded " + decoded + "], expected " + TOTAL_ROWS);
        }
    }
}
