package dev.tally.ingest.persist;

/**
 * Compaction and retention figures of one table since it was opened, for its status.
 *
 * @param lastCompactionMillis       wall time of the last committed chunk compaction, 0 if none.
 * @param chunksCompacted            chunks merged into one segment.
 * @param segmentsCompacted          segments those chunks held before.
 * @param rowsBeforeCompaction       rows those segments held.
 * @param rowsAfterCompaction        rows of the segments compaction wrote.
 * @param rollupRatioAfterCompaction events per row of the segments compaction wrote (1 if none).
 * @param lastRetentionMillis        wall time retention last ran, 0 if never.
 * @param segmentsDropped            segments retention dropped.
 * @param lastError                  the last scheduled pass's failure, or {@code null}.
 */
public record LifecycleStatus(
    long lastCompactionMillis,
    long chunksCompacted,
    long segmentsCompacted,
    long rowsBeforeCompaction,
    long rowsAfterCompaction,
    double rollupRatioAfterCompaction,
    long lastRetentionMillis,
    long segmentsDropped,
    String lastError)
{
}
