package dev.tally.ingest.persist;

import dev.tally.ingest.TableIngest;
import dev.tally.ingest.batch.BatchLoadRequest;
import dev.tally.ingest.batch.BatchTask;
import dev.tally.ingest.testing.ListSource;
import dev.tally.storage.schema.TableSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The child JVM of {@link LifecycleCrashTest}: opens a table and repeats one lifecycle step until killed, printing
 * {@code begin <step>} and {@code end <step>} around it: {@code replace} (hour {@code h} replaced by the file holding
 * exactly the events it has, written as several segments), {@code compact} (after such a replace, every chunk) or
 * {@code retention} (after the old file was appended, if it was not there). Replace and compaction leave the answers
 * as they were; append and retention add or drop the old hour as a whole.
 * Arguments: table spec file, table directory, directory of the files {@code hour-<h>.ndjson} and
 * {@code old.ndjson}, number of hours, first hour (epoch millis), step.
 */
public final class LifecycleChild
{
    /** The hour of {@code old.ndjson}: 2020-01-01T00:00Z, older than the test table's retention. */
    static final long OLD_HOUR = 1_577_836_800_000L;

    public static void main(final String[] args) throws Exception
    {
        final TableSpec spec = TableSpec.parse(Files.readString(Path.of(args[0])));
        final Path tableDir = Path.of(args[1]);
        final Path files = Path.of(args[2]);
        final int hours = Integer.parseInt(args[3]);
        final long start = Long.parseLong(args[4]);
        final String step = args[5];
        try (TableIngest ingest = TableIngest.start(spec, tableDir, new ListSource(List.of(), 1, 0), options()))
        {
            say("ready");
            for (int cycle = java.util.concurrent.ThreadLocalRandom.current().nextInt(hours); ; cycle++)
            {
                final int hour = cycle % hours;
                switch (step)
                {
                    case "replace" -> replace(ingest, files, start, hour);
                    case "compact" ->
                    {
                        // a replace leaves the hour in several segments: work for compaction
                        replace(ingest, files, start, hour);
                        say("begin compact");
                        ingest.compactNow();
                        say("end compact");
                    }
                    case "retention" ->
                    {
                        if (ingest.catalog().snapshot().segmentsOverlapping(OLD_HOUR, OLD_HOUR + 3_600_000L).isEmpty())
                        {
                            // appended only when absent: a kill before retention must not add it twice
                            load(ingest, files.resolve("old.ndjson"), 0, false);
                        }
                        say("begin retention");
                        ingest.applyRetentionNow();
                        say("end retention");
                    }
                    default -> throw new IllegalArgumentException("step[" + step + "]");
                }
            }
        }
    }

    private static void replace(final TableIngest ingest, final Path files, final long start, final int hour)
        throws Exception
    {
        say("begin replace");
        load(ingest, files.resolve("hour-" + hour + ".ndjson"), start + hour * 3_600_000L, true);
        say("end replace");
    }

    /** Small indexes, so a batch load writes several segments per chunk and compaction has work to do. */
    static TableIngest.Options options()
    {
        return TableIngest.Options.DEFAULT.withBlockRows(256).withMaxRows(400)
            .withLifecycle(SegmentLifecycle.Options.DEFAULT.withPassIntervalMillis(0));
    }

    static void load(final TableIngest ingest, final Path file, final long hourStart, final boolean replace)
        throws Exception
    {
        final String interval = replace ? Instant.ofEpochMilli(hourStart) + "/" +
            Instant.ofEpochMilli(hourStart + 3_600_000L) : "2000-01-01/2100-01-01";
        final BatchTask task = ingest.startBatchLoad(BatchLoadRequest.of(List.of(file.toString()), "json", interval,
            replace));
        while (!task.isDone())
        {
            Thread.sleep(1);
        }
        if (task.state() != BatchTask.State.SUCCEEDED)
        {
            throw new IllegalStateException("load of " + file + " failed: " + task.status().error());
        }
    }

    private static void say(final String line)
    {
        System.out.println(line);
        System.out.flush();
    }

    private LifecycleChild()
    {
    }
}
