package dev.tally.ingest.batch;

import dev.tally.ingest.record.IngestErrors;
import dev.tally.ingest.record.ParseError;

import java.util.List;
import java.util.Map;

/**
 * One batch load's progress and outcome, as {@code GET /v1/tasks/{id}} shows it. The loading thread writes the
 * counters (published every few thousand lines and at the end); anyone reads {@link #status()}. Tasks live in memory:
 * a restart forgets them (a load that had not committed left nothing behind but files the restart deletes).
 */
public final class BatchTask
{
    /** {@code RUNNING} from submission (a queued load shows no progress yet) until it commits or fails. */
    public enum State
    {
        RUNNING,
        SUCCEEDED,
        FAILED
    }

    /**
     * @param eventsRead     lines read (events, bad lines and events outside the interval).
     * @param eventsLoaded   events written into the new segments.
     * @param eventsSkipped  good events outside the interval (not loaded).
     * @param eventsRejected bad lines, counted by reason in {@code rejected} (as ingest counts them).
     * @param segments       segments committed (when SUCCEEDED).
     */
    public record Status(String id, String table, State state, String interval, boolean replace,
        long eventsRead, long eventsLoaded, long eventsSkipped, long eventsRejected,
        Map<ParseError, Long> rejected, List<IngestErrors.Sample> samples, int segments,
        long createdMillis, long finishedMillis, String error)
    {
    }

    private final String id;
    private final String table;
    private final BatchLoadRequest request;
    private final IngestErrors errors = new IngestErrors();
    private final long createdMillis = System.currentTimeMillis();
    private volatile State state = State.RUNNING;
    private volatile long eventsRead;
    private volatile long eventsLoaded;
    private volatile long eventsSkipped;
    private volatile int segments;
    private volatile long finishedMillis;
    private volatile String error;

    BatchTask(final String id, final String table, final BatchLoadRequest request)
    {
        this.id = id;
        this.table = table;
        this.request = request;
    }

    public String id()
    {
        return id;
    }

    public String table()
    {
        return table;
    }

    public BatchLoadRequest request()
    {
        return request;
    }

    public State state()
    {
        return state;
    }

    public boolean isDone()
    {
        return state != State.RUNNING;
    }

    /** Bad lines by reason, with samples; also what the loader's parser counts into. */
    public IngestErrors errors()
    {
        return errors;
    }

    public Status status()
    {
        return new Status(id, table, state, request.interval(), request.replace(), eventsRead, eventsLoaded,
            eventsSkipped, errors.total(), errors.counts(), errors.samples(), segments, createdMillis,
            finishedMillis, error);
    }

    void onProgress(final long read, final long loaded, final long skipped)
    {
        eventsRead = read;
        eventsLoaded = loaded;
        eventsSkipped = skipped;
    }

    void onSucceeded(final int segmentCount)
    {
        segments = segmentCount;
        finishedMillis = System.currentTimeMillis();
        state = State.SUCCEEDED;
    }

    void onFailed(final Throwable failure)
    {
        error = failure.toString();
        finishedMillis = System.currentTimeMillis();
        state = State.FAILED;
    }

    @Override
    public String toString()
    {
        return "BatchTask[" + id + ", " + state + "]";
    }
}
