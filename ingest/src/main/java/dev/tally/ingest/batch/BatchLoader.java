package dev.tally.ingest.batch;

import dev.tally.ingest.persist.ChunkWriter;
import dev.tally.ingest.record.EventParser;
import dev.tally.ingest.record.EventRecordReader;
import dev.tally.ingest.rollup.LiveIndex;
import dev.tally.storage.catalog.SegmentDescriptor;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one batch load on the caller's thread: parses every file with the table's {@link EventParser} (the same
 * parsing path as streaming ingest), rolls the events inside the interval up in a {@link LiveIndex} (the same rollup),
 * writes one segment per time chunk each time the index is full and once at the end, then hands all segments to
 * the {@link Commit} in one step. Bad lines are counted by reason in the task, events outside the interval are
 * counted and skipped. If anything fails before the commit, the files written are deleted and nothing changes.
 */
public final class BatchLoader
{
    /** Lines between two progress updates of the task. */
    private static final int PROGRESS_LINES = 4096;

    /** Makes the written segments part of the table, atomically. */
    @FunctionalInterface
    public interface Commit
    {
        void commit(BatchLoadRequest request, List<SegmentDescriptor> segments) throws Exception;
    }

    private final ChunkWriter chunks;
    private final int blockRows;
    private final int maxRows;

    /** @param maxRows rows the rollup index holds before its segments are written (bounds memory). */
    public BatchLoader(final ChunkWriter chunks, final int blockRows, final int maxRows)
    {
        this.chunks = chunks;
        this.blockRows = blockRows;
        this.maxRows = maxRows;
    }

    /** Loads and commits; the task ends SUCCEEDED or FAILED (this never throws). */
    public void run(final BatchTask task, final long segmentVersion, final Commit commit)
    {
        final List<SegmentDescriptor> written = new ArrayList<>();
        try
        {
            final BatchLoadRequest request = task.request();
            if (request.replace() && (chunks.chunkStart(request.start()) != request.start() ||
                chunks.chunkStart(request.end()) != request.end()))
            {
                throw new IllegalArgumentException("interval[" + request.interval() + "] of a replace must be " +
                    "aligned to the table's segmentGranularity[" + chunks.spec().segmentGranularity() + "]");
            }
            load(task, segmentVersion, written);
            commit.commit(request, List.copyOf(written));
            task.onSucceeded(written.size());
        }
        catch (final Exception | Error ex)
        {
            chunks.discard(written);
            task.onFailed(ex);
        }
    }

    private void load(final BatchTask task, final long version, final List<SegmentDescriptor> written)
        throws IOException
    {
        final BatchLoadRequest request = task.request();
        final EventParser parser = new EventParser(chunks.spec(), task.errors());
        final UnsafeBuffer record = new UnsafeBuffer(new byte[parser.maxRecordLength()]);
        final EventRecordReader reader = new EventRecordReader();
        LiveIndex index = newIndex(task, 0);
        int partition = 0;
        long read = 0;
        long loaded = 0;
        long skipped = 0;
        for (int file = 0; file < request.paths().size(); file++)
        {
            final Path path = request.paths().get(file);
            try (EventLines lines = EventLines.open(path, request.format()))
            {
                while (lines.next())
                {
                    read++;
                    parser.parse(lines.event(), 0, lines.eventLength(), file, lines.lineNumber(), record, 0,
                        record.capacity());
                    reader.wrap(record, 0);
                    if (reader.isSkipped())
                    {
                        // rejected: counted by reason in the task's errors
                    }
                    else if (!request.contains(reader.timestamp()))
                    {
                        skipped++;
                    }
                    else
                    {
                        if (!index.hasRoom())
                        {
                            index.publish();
                            written.addAll(chunks.writeIndex(index, version, partition++));
                            index = newIndex(task, partition);
                        }
                        index.apply(reader);
                        loaded++;
                    }
                    if (read % PROGRESS_LINES == 0)
                    {
                        task.onProgress(read, loaded, skipped);
                    }
                }
            }
            catch (final IOException ex)
            {
                throw new IOException("batch load " + task.id() + " failed reading file[" + path + "]: " + ex, ex);
            }
        }
        if (index.rowCount() > 0)
        {
            index.publish();
            written.addAll(chunks.writeIndex(index, version, partition));
        }
        task.onProgress(read, loaded, skipped);
    }

    private LiveIndex newIndex(final BatchTask task, final int partition)
    {
        return new LiveIndex(chunks.spec(), blockRows, maxRows, task.id() + "#" + partition);
    }
}
