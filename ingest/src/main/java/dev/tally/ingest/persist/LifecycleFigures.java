package dev.tally.ingest.persist;

/** The running totals behind {@link LifecycleStatus}; written by the lifecycle thread, read by anyone. */
final class LifecycleFigures
{
    private long lastCompactionMillis;
    private long chunks;
    private long segments;
    private long rowsIn;
    private long rowsOut;
    private long events;
    private long lastRetentionMillis;
    private long dropped;
    private String lastError;

    synchronized void onChunk(final long nowMillis, final Compactor.ChunkResult result)
    {
        lastCompactionMillis = nowMillis;
        chunks++;
        segments += result.segmentsIn();
        rowsIn += result.rowsIn();
        rowsOut += result.rowsOut();
        events += result.events();
        lastError = null;
    }

    synchronized void onRetention(final long nowMillis, final int segmentsDropped)
    {
        lastRetentionMillis = nowMillis;
        dropped += segmentsDropped;
    }

    synchronized void onError(final Throwable error)
    {
        lastError = error.toString();
    }

    synchronized LifecycleStatus status()
    {
        return new LifecycleStatus(lastCompactionMillis, chunks, segments, rowsIn, rowsOut,
            rowsOut == 0 ? 1 : (double)events / rowsOut, lastRetentionMillis, dropped, lastError);
    }
}
