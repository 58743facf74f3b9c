package dev.tally.ingest;

import dev.tally.ingest.persist.LifecycleStatus;
import dev.tally.ingest.record.IngestErrors;
import dev.tally.ingest.record.ParseError;
import dev.tally.ingest.restream.RestreamStatus;

import java.util.List;
import java.util.Map;

/**
 * What {@code GET /v1/tables/{t}/status} shows of a table's ingest (DESIGN §6).
 *
 * @param eventsIn          events applied since this process started ingesting the table.
 * @param committedEvents   events in committed segments.
 * @param rows              rows queries read now: committed segments, frozen and live indexes.
 * @param rollupRatio       committed events per committed row (1 when nothing is committed).
 * @param lastPersistMillis wall-clock time of the last commit by this process, 0 if none.
 * @param lastPersistError  why the last persist failed (it is retried), or {@code null}.
 * @param state             whether the writer reads events now, or has paused.
 * @param pauseReason       why ingest is paused, in words (e.g. {@code persist failing: ... File too large}), or null.
 * @param persistFailures   persist attempts that failed since start.
 * @param damage            damaged parts of the table found (quarantined segments, a manifest that could not be read,
 *                          journal files moved aside), oldest first.
 * @param lifecycle         compaction (incl. rollup ratio after compaction) and retention figures.
 * @param restream          the last re-stream (in progress or when it finished), or {@code null} if none.
 */
public record IngestStatus(
    String table,
    long eventsIn,
    long committedEvents,
    long rows,
    double rollupRatio,
    int segments,
    long lastPersistMillis,
    String lastPersistError,
    Map<ParseError, Long> parseErrors,
    List<IngestErrors.Sample> samples,
    List<PartitionStatus> partitions,
    LifecycleStatus lifecycle,
    RestreamStatus restream,
    IngestState state,
    String pauseReason,
    long persistFailures,
    List<Damage> damage)
{
    /** Whether the table's writer applies events now. */
    public enum IngestState
    {
        /** Events flow from the source into the live index. */
        RUNNING,
        /**
         * The writer stopped reading because frozen indexes wait for the persister (behind or failing); the source
         * is back-pressured, nothing is dropped, queries still serve, and ingest resumes by itself.
         */
        PAUSED
    }

    /**
     * One damaged part of a table's files.
     *
     * @param part             {@code segment}, {@code manifest}, {@code journal} or {@code dead-letter}.
     * @param file             the damaged file, where it is now (quarantined files are moved aside).
     * @param problem          what was wrong and what was done about it.
     * @param detectedAtMillis when it was found (epoch millis).
     */
    public record Damage(String part, String file, String problem, long detectedAtMillis)
    {
    }

    /**
     * @param committedOffset last position committed, -1 if none.
     * @param latestOffset    the source's next position to be written (Kafka's end offset), -1 if unknown.
     * @param lag             events in the source not yet committed, -1 if unknown.
     */
    public record PartitionStatus(int partition, long committedOffset, long latestOffset, long lag)
    {
    }
}
