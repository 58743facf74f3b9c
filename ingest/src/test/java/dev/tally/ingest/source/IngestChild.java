package dev.tally.ingest.source;

import dev.tally.ingest.TableIngest;
import dev.tally.ingest.journal.JournalSource;
import dev.tally.ingest.journal.PushJournal;
import dev.tally.storage.schema.TableSpec;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The child JVM of the crash tests: ingests a Kafka topic (or, with a fifth argument {@code journal}, the table's
 * push journal) into a table directory until it is killed,
 * printing {@code ready} once started and {@code persisted N} after each commit.
 * Arguments: table spec file, table directory, max rows per index, max index age in millis[, journal].
 */
public final class IngestChild
{
    public static void main(final String[] args) throws Exception
    {
        final TableSpec spec = TableSpec.parse(Files.readString(Path.of(args[0])));
        final TableIngest.Options options = TableIngest.Options.DEFAULT.withBlockRows(1024)
            .withMaxRows(Integer.parseInt(args[2])).withMaxAgeMillis(Long.parseLong(args[3]));
        final Path tableDir = Path.of(args[1]);
        final EventSource source = args.length > 4 && args[4].equals("journal") ?
            new JournalSource(PushJournal.open(tableDir), TableIngest.Options::backoff) :
            new KafkaSource(spec.source());
        final TableIngest ingest = TableIngest.start(spec, tableDir, source, options);
        System.out.println("ready");
        System.out.flush();
        long reported = 0;
        while (true)
        {
            final long persists = ingest.persists();
            if (persists != reported)
            {
                reported = persists;
                System.out.println("persisted " + persists);
                System.out.flush();
            }
            Thread.sleep(2);
        }
    }

    private IngestChild()
    {
    }
}
