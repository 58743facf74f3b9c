package dev.tally.storage.catalog;

import java.nio.file.Path;

/**
 * What {@link Catalog#open} did when the table's {@code manifest} could not be read: it moved the damaged file aside
 * (to {@code damagedFile}) and served the previous committed manifest ({@code manifest.prev}, version
 * {@code restoredVersion}) instead. Segments committed after that version are no longer named; their files are moved
 * into {@code quarantine/} and their events are read again from the source, from the restored positions on.
 *
 * @param damagedFile     where the unreadable manifest now is.
 * @param problem         why it could not be read.
 * @param restoredVersion the manifest version the table now serves.
 * @param atMillis        when it happened (epoch millis).
 */
public record ManifestRecovery(Path damagedFile, String problem, long restoredVersion, long atMillis)
{
}
