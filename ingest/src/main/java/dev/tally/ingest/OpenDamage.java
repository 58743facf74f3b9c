package dev.tally.ingest;

import dev.tally.ingest.journal.DeadLetterJournal;
import dev.tally.ingest.journal.JournalSource;
import dev.tally.ingest.journal.PushJournal;
import dev.tally.ingest.source.EventSource;
import dev.tally.storage.catalog.Catalog;
import dev.tally.storage.catalog.ManifestRecovery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a table found damaged while it opened, and the repairs that must happen before its source starts: a manifest
 * the catalog fell back from, dead-letter and push-journal cycle files moved aside. Each finding is logged and kept
 * for the table status ({@link IngestStatus#damage()}), saying what was lost.
 */
final class OpenDamage
{
    private static final Logger LOG = LoggerFactory.getLogger(OpenDamage.class);

    private OpenDamage()
    {
    }

    /**
     * Reports the catalog's and dead-letter journal's findings, and checks the push journal a {@link JournalSource}
     * tails (see {@link #recoverJournal}).
     */
    static List<IngestStatus.Damage> collect(final String table, final Catalog catalog,
        final DeadLetterJournal deadLetters, final EventSource source) throws IOException
    {
        final List<IngestStatus.Damage> found = new ArrayList<>();
        final ManifestRecovery recovery = catalog.recovery();
        if (recovery != null)
        {
            LOG.error("table[{}]: {}; serving the previous manifest version[{}] instead", table, recovery.problem(),
                recovery.restoredVersion());
            found.add(new IngestStatus.Damage("manifest", recovery.damagedFile().toString(), recovery.problem() +
                "; fell back to the previous manifest version[" + recovery.restoredVersion() + "]: segments " +
                "committed after it were moved to quarantine/ and their events are read again from the source",
                recovery.atMillis()));
        }
        for (final PushJournal.Damage damage : deadLetters.damage())
        {
            LOG.error("table[{}]: dead-letter journal file damaged ({}); moved to[{}]", table, damage.problem(),
                damage.movedTo());
            found.add(new IngestStatus.Damage("dead-letter", damage.movedTo().toString(), damage.problem() +
                "; moved aside: the rejected events it kept are no longer listed (their counts are not affected)",
                System.currentTimeMillis()));
        }
        if (source instanceof JournalSource journalSource)
        {
            recoverJournal(table, catalog, journalSource.journal(), source.positionKey(0), found);
        }
        return found;
    }

    /**
     * Moves damaged push-journal cycle files aside before anything tails or appends (see
     * {@link PushJournal#quarantineDamaged}) and reports what that lost. If the cycle holding the committed index is
     * gone, every cycle below it holds committed events only and is deleted, and the committed position is reset so
     * the source reads all that is left from its start: left alone, a re-created cycle would hand out indexes at or
     * below the committed one again, and their events would be skipped.
     */
    private static void recoverJournal(final String table, final Catalog catalog, final PushJournal journal,
        final String positionKey, final List<IngestStatus.Damage> found) throws IOException
    {
        final long committed = catalog.snapshot().sourcePosition(positionKey).orElse(-1);
        final int committedCycle = committed < 0 ? Integer.MIN_VALUE : journal.cycleOf(committed);
        boolean isCommittedCycleGone = false;
        for (final PushJournal.Damage damage : journal.quarantineDamaged(committed))
        {
            final String lost;
            if (damage.cycle() < committedCycle)
            {
                lost = "it held committed events only: nothing is lost";
            }
            else
            {
                isCommittedCycleGone |= damage.cycle() == committedCycle;
                lost = "the events it held after the committed position are lost (" + damage.readAfterCommitted() +
                    " documents could be read up to the damage, maybe more after it): they were acknowledged to " +
                    "their pushers but not yet persisted";
            }
            LOG.error("table[{}]: push journal file damaged ({}); moved to[{}]: {}", table, damage.problem(),
                damage.movedTo(), lost);
            found.add(new IngestStatus.Damage("journal", damage.movedTo().toString(),
                damage.problem() + "; moved aside: " + lost, System.currentTimeMillis()));
        }
        if (isCommittedCycleGone)
        {
            journal.deleteCyclesBefore(committed);
            catalog.commit(manifest -> manifest.withSourcePositions(Map.of(positionKey, -1L)));
        }
    }
}
