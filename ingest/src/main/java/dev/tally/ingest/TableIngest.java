package dev.tally.ingest;

import dev.tally.ingest.batch.BatchLoadRequest;
import dev.tally.ingest.batch.BatchLoader;
import dev.tally.ingest.batch.BatchLoads;
import dev.tally.ingest.batch.BatchTask;
import dev.tally.ingest.journal.DeadLetterJournal;
import dev.tally.ingest.journal.JournalSource;
import dev.tally.ingest.journal.PushJournal;
import dev.tally.ingest.record.EventParser;
import dev.tally.ingest.record.IngestErrors;
import dev.tally.ingest.persist.ChunkWriter;
import dev.tally.ingest.persist.Persister;
import dev.tally.ingest.persist.SegmentLifecycle;
import dev.tally.ingest.restream.RestreamRequest;
import dev.tally.ingest.restream.RestreamResult;
import dev.tally.ingest.restream.RestreamStatus;
import dev.tally.ingest.restream.Restreamer;
import dev.tally.ingest.rollup.ReplayFilter;
import dev.tally.ingest.rollup.FrozenIndex;
import dev.tally.ingest.rollup.LiveIndex;
import dev.tally.ingest.rollup.RollupTable;
import dev.tally.ingest.rollup.RollupWriter;
import dev.tally.ingest.rollup.TableSnapshot;
import dev.tally.ingest.source.EventSource;
import dev.tally.ingest.source.KafkaSource;
import dev.tally.ingest.source.RecordBatcher;
import dev.tally.storage.catalog.Catalog;
import dev.tally.storage.catalog.Manifest;
import dev.tally.storage.catalog.QuarantinedSegment;
import dev.tally.storage.catalog.RestreamMarker;
import dev.tally.storage.catalog.SegmentDescriptor;
import dev.tally.storage.catalog.TableSegments;
import dev.tally.storage.read.RowSource;
import dev.tally.storage.schema.SourceType;
import dev.tally.storage.schema.TableSpec;
import dev.tally.storage.segment.SegmentWriter;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.jctools.queues.MpscUnboundedArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Ingest of one table, wired end to end: source thread → ring buffer → {@link RollupWriter} → persist queue →
 * {@link Persister} → catalog. It owns the table directory's catalog, segment set and dead-letter journal, the ring
 * buffer, and the writer's and persister's threads (each an {@link AgentRunner}); the source owns its own thread.
 * {@link #start}
 * loads the catalog and resumes the source at each partition's committed position + 1; {@link #close()} stops the
 * source, drains the ring, persists and commits what is in memory, and stops the threads.
 */
public final class TableIngest implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(TableIngest.class);
    private static final long BARRIER_TIMEOUT_SECONDS = 120;

    /**
     * Sizes and limits; the defaults suit a table of a few million events a minute. {@code maxPendingPersists}: frozen
     * indexes waiting for the persister at which the writer pauses (see {@link RollupWriter#isPaused()}).
     */
    public record Options(int ringCapacity, int blockRows, int maxRows, long maxAgeMillis,
        Supplier<IdleStrategy> idleStrategy, SegmentWriter.Options segmentOptions, SegmentLifecycle.Options lifecycle,
        int maxPendingPersists)
    {
        public static final Options DEFAULT = new Options(8 << 20, LiveIndex.BLOCK_ROWS_DEFAULT, 1 << 20,
            600_000, Options::backoff, SegmentWriter.Options.DEFAULT, SegmentLifecycle.Options.DEFAULT,
            RollupWriter.MAX_PENDING_PERSISTS_DEFAULT);

        public Options withMaxRows(final int rows)
        {
            return new Options(ringCapacity, blockRows, rows, maxAgeMillis, idleStrategy, segmentOptions, lifecycle,
                maxPendingPersists);
        }

        public Options withMaxAgeMillis(final long millis)
        {
            return new Options(ringCapacity, blockRows, maxRows, millis, idleStrategy, segmentOptions, lifecycle,
                maxPendingPersists);
        }

        public Options withBlockRows(final int rows)
        {
            return new Options(ringCapacity, rows, maxRows, maxAgeMillis, idleStrategy, segmentOptions, lifecycle,
                maxPendingPersists);
        }

        /** Compaction and retention settings ({@code passIntervalMillis} 0: on demand only). */
        public Options withLifecycle(final SegmentLifecycle.Options options)
        {
            return new Options(ringCapacity, blockRows, maxRows, maxAgeMillis, idleStrategy, segmentOptions, options,
                maxPendingPersists);
        }

        /** Frozen indexes waiting for the persister at which ingest pauses (at least 1). */
        public Options withMaxPendingPersists(final int pending)
        {
            return new Options(ringCapacity, blockRows, maxRows, maxAgeMillis, idleStrategy, segmentOptions, lifecycle,
                pending);
        }

        /** Spins a little, yields, then parks up to 1 ms: never a busy spin on a 2-core machine. */
        public static IdleStrategy backoff()
        {
            return new BackoffIdleStrategy(10, 20, TimeUnit.MICROSECONDS.toNanos(10), TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private final TableSpec spec;
    private final Catalog catalog;
    private final TableSegments segments;
    private final RollupTable table;
    private final DeadLetterJournal deadLetters;
    private final IngestErrors errors;
    private final ManyToOneRingBuffer ring;
    private final RollupWriter writer;
    private final Persister persister;
    private final MpscUnboundedArrayQueue<FrozenIndex> persistQueue = new MpscUnboundedArrayQueue<>(16);
    private final AgentRunner writerRunner;
    private final AgentRunner persisterRunner;
    private final EventSource source;
    private final PushJournal pushJournal;
    private final SegmentLifecycle lifecycle;
    private final BatchLoads batchLoads;
    private final Restreamer restreamer;
    /** Damage found while this table opened (a manifest fallen back from, journal files moved aside). */
    private final List<IngestStatus.Damage> openDamage;
    private volatile boolean isClosed;

    private TableIngest(final TableSpec spec, final Path tableDir, final EventSource source,
        final PushJournal pushJournal, final Options options) throws IOException
    {
        this.spec = spec;
        this.source = source;
        this.pushJournal = pushJournal;
        this.catalog = Catalog.open(tableDir);
        this.deadLetters = DeadLetterJournal.open(tableDir);
        this.openDamage = List.copyOf(OpenDamage.collect(spec.name(), catalog, deadLetters, source));
        this.errors = new IngestErrors(IngestErrors.SAMPLE_LIMIT_DEFAULT, deadLetters);
        this.segments = TableSegments.open(catalog);
        this.table = new RollupTable(spec, segments, options.blockRows(), options.maxRows());
        this.ring = new ManyToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(options.ringCapacity() + RingBufferDescriptor.TRAILER_LENGTH)));
        this.writer = new RollupWriter(table, ring, persistQueue, options.maxAgeMillis(),
            options.maxPendingPersists());
        this.persister = new Persister(table, persistQueue, source::positionKey, source::onCommitted,
            options.segmentOptions());
        this.writerRunner = new AgentRunner(options.idleStrategy().get(), this::onError, null, writer);
        this.persisterRunner = new AgentRunner(options.idleStrategy().get(), this::onError, null, persister);
        final ChunkWriter chunks = new ChunkWriter(spec, tableDir, options.segmentOptions());
        this.lifecycle = new SegmentLifecycle(spec, segments, chunks, options.lifecycle(), System::currentTimeMillis);
        this.batchLoads = new BatchLoads(spec.name(), new BatchLoader(chunks, options.blockRows(), options.maxRows()),
            catalog, this::commitBatch);
        this.restreamer = new Restreamer(spec.segmentGranularity(), segments, source::positionKey, this::quiesce,
            writer::onRestream);
    }

    /** Opens the table directory and starts ingesting from {@code source} where the catalog left off. */
    public static TableIngest start(final TableSpec spec, final Path tableDir, final EventSource source,
        final Options options) throws IOException
    {
        return start(spec, tableDir, source, null, options);
    }

    /**
     * Starts ingest from the source the spec names: its Kafka topic, or for a {@code push} table the push journal
     * in the table directory, which this then owns (see {@link #pushJournal()}).
     */
    public static TableIngest start(final TableSpec spec, final Path tableDir, final Options options)
        throws IOException
    {
        if (spec.source().type() == SourceType.KAFKA)
        {
            return start(spec, tableDir, new KafkaSource(spec.source()), null, options);
        }
        Files.createDirectories(tableDir);
        final PushJournal journal = PushJournal.open(tableDir);
        try
        {
            return start(spec, tableDir, new JournalSource(journal, options.idleStrategy()), journal, options);
        }
        catch (final IOException | RuntimeException ex)
        {
            journal.close();
            throw ex;
        }
    }

    private static TableIngest start(final TableSpec spec, final Path tableDir, final EventSource source,
        final PushJournal pushJournal, final Options options) throws IOException
    {
        final TableIngest ingest = new TableIngest(spec, tableDir, source, pushJournal, options);
        AgentRunner.startOnThread(ingest.writerRunner);
        AgentRunner.startOnThread(ingest.persisterRunner);
        final Manifest manifest = ingest.catalog.snapshot();
        // a re-stream in progress at the last stop (or crash) goes on: its filter applies before the first event
        ingest.writer.onRestream(ReplayFilter.of(manifest.restream(), source::positionKey));
        final RecordBatcher batcher = new RecordBatcher(ingest.ring, new EventParser(spec, ingest.errors),
            options.idleStrategy().get(), () -> ingest.isClosed);
        source.start(partition ->
        {
            final OptionalLong position = manifest.sourcePosition(source.positionKey(partition));
            return position.isPresent() ? position.getAsLong() : -1;
        }, batcher);
        return ingest;
    }

    public TableSpec spec()
    {
        return spec;
    }

    public IngestErrors errors()
    {
        return errors;
    }

    /** The push journal events are appended to, for a {@code push} table started from its spec; else null. */
    public PushJournal pushJournal()
    {
        return pushJournal;
    }

    /** Rejected events' raw bytes, reasons and positions. */
    public DeadLetterJournal deadLetters()
    {
        return deadLetters;
    }

    public Catalog catalog()
    {
        return catalog;
    }

    /** Everything queryable now: committed segments, frozen and live indexes. Close it after the query. */
    public TableSnapshot acquire()
    {
        return table.acquire();
    }

    /** Events applied to live indexes since start (bad events excluded). */
    public long eventsApplied()
    {
        return writer.eventsApplied();
    }

    /** Frozen indexes committed since start. */
    public long persists()
    {
        return persister.persisted();
    }

    /** The table's ingest status now (cold path: it takes a snapshot of the table). */
    public IngestStatus status()
    {
        final Manifest manifest = catalog.snapshot();
        long rows = 0;
        try (TableSnapshot snapshot = table.acquire())
        {
            for (final RowSource source : snapshot.sources())
            {
                rows += source.rowCount();
            }
        }
        final List<IngestStatus.PartitionStatus> partitions = new ArrayList<>();
        for (int p = 0; p < source.partitionCount(); p++)
        {
            final long committed = manifest.sourcePosition(source.positionKey(p)).orElse(-1);
            final long latest = source.latestPosition(p);
            partitions.add(new IngestStatus.PartitionStatus(p, committed, latest,
                latest < 0 ? -1 : Math.max(0, latest - committed - 1)));
        }
        final long committedRows = manifest.totalRows();
        final Throwable failure = persister.lastFailure();
        final boolean isPaused = writer.isPaused();
        return new IngestStatus(spec.name(), writer.eventsApplied(), manifest.totalEvents(), rows,
            committedRows == 0 ? 1 : (double)manifest.totalEvents() / committedRows, manifest.segments().size(),
            persister.lastPersistMillis(), failure == null ? null : failure.toString(), errors.counts(),
            errors.samples(), partitions, lifecycle.status(), restreamStatus(manifest.restream()),
            isPaused ? IngestStatus.IngestState.PAUSED : IngestStatus.IngestState.RUNNING,
            isPaused ? pauseReason(failure) : null, persister.failures(), damage(manifest));
    }

    /** Whether the writer has stopped reading because the persister is behind or failing (see {@link #status()}). */
    public boolean isPaused()
    {
        return writer.isPaused();
    }

    /** Persist attempts that failed since start. */
    public long persistFailures()
    {
        return persister.failures();
    }

    private String pauseReason(final Throwable failure)
    {
        if (failure == null)
        {
            return "persist behind: " + table.frozenCount() + " frozen indexes wait to be written";
        }
        return "persist failing: " + describe(failure);
    }

    /** An I/O error in words: the JDK's messages often name only the file, so the exception's kind goes first. */
    static String describe(final Throwable failure)
    {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root)
        {
            root = root.getCause();
        }
        final String kind = root.getClass().getSimpleName();
        final String message = root.getMessage();
        if (root instanceof FileSystemException fs && fs.getReason() == null)
        {
            return kind + " (" + (root instanceof AccessDeniedException ? "not writable" : "file system error") +
                "): " + message;
        }
        return message == null ? kind : kind + ": " + message;
    }

    /** What the catalog and the journals found damaged: quarantined segments, then what this start found. */
    private List<IngestStatus.Damage> damage(final Manifest manifest)
    {
        final List<IngestStatus.Damage> damage = new ArrayList<>(openDamage);
        for (final QuarantinedSegment entry : manifest.quarantined())
        {
            damage.add(new IngestStatus.Damage("segment",
                segments.quarantineDir().resolve(entry.segment().fileName()).toString(), entry.reason(),
                entry.quarantinedAtMillis()));
        }
        return damage;
    }

    /**
     * Re-streams this Kafka table from a time or from offsets (Kappa): rebuilds the chunks from a start out of the
     * topic, exactly once (see {@link Restreamer}). Returns once the reset is committed and the source reads from
     * the reset offsets; {@link #status()} shows the re-stream in progress until it has caught up. Re-streams of a
     * table run one at a time.
     *
     * @throws IllegalArgumentException      if it cannot be done exactly (the message says why); nothing changed.
     * @throws UnsupportedOperationException for a push table.
     */
    public synchronized RestreamResult restream(final RestreamRequest request) throws Exception
    {
        if (isClosed)
        {
            throw new IllegalStateException("table[" + spec.name() + "] is closed");
        }
        return restreamer.restream(source, request, Duration.ofSeconds(BARRIER_TIMEOUT_SECONDS));
    }

    /** Compaction and retention of this table's segments (runs on its own thread; see {@link SegmentLifecycle}). */
    public SegmentLifecycle lifecycle()
    {
        return lifecycle;
    }

    /** Merges every time chunk with more than one segment into one, with perfect rollup, and waits for it. */
    public SegmentLifecycle.CompactionReport compactNow() throws IOException, InterruptedException
    {
        return lifecycle.compactNow();
    }

    /** Drops the chunks older than the spec's retention now; returns the segments dropped. */
    public int applyRetentionNow() throws IOException, InterruptedException
    {
        return lifecycle.applyRetentionNow();
    }

    /**
     * Queues a batch load (NDJSON or CSV files into an interval) and returns its task at once; see
     * {@link BatchLoadRequest}. A replace covers every event of the interval this table applied before the load
     * commits: its committed segments and the indexes in memory then (the writer hands them to the persister, and
     * the replace commits right after they do). Events for the interval that arrive later are added on top, as late
     * data is. A replace interval must be aligned to the spec's {@code segmentGranularity}.
     */
    public BatchTask startBatchLoad(final BatchLoadRequest request)
    {
        return batchLoads.start(request);
    }

    /** A batch load task of this table by id (the last {@value BatchLoads#HISTORY} are kept). */
    public Optional<BatchTask> batchTask(final String id)
    {
        return batchLoads.task(id);
    }

    /** Persists and commits what the writer holds now (events still in the ring may or may not be included). */
    public void persistNow(final Duration timeout) throws TimeoutException, InterruptedException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        writer.requestPersist();
        while (writer.isPersistPending())
        {
            awaitStep(deadline, "persist request");
        }
        while (persister.persisted() < writer.rotations() || table.frozenCount() > 0)
        {
            awaitStep(deadline, "persister");
        }
    }

    /**
     * Stops the source, applies what is in the ring buffer, persists and commits it, then stops the threads. What is
     * not committed when this fails is read again from the source on the next start.
     */
    @Override
    public void close()
    {
        if (isClosed)
        {
            return;
        }
        isClosed = true;
        try
        {
            source.close();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (ring.size() > 0)
            {
                awaitStep(deadline, "ring drain");
            }
            persistNow(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        }
        catch (final TimeoutException | RuntimeException ex)
        {
            LOG.error("table[{}] closed without persisting everything; the source replays it on start",
                spec.name(), ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        finally
        {
            lifecycle.close();
            batchLoads.close();
            persister.cancelBarriers();
            writerRunner.close();
            persisterRunner.close();
            segments.close();
            deadLetters.close();
            if (pushJournal != null)
            {
                pushJournal.close();
            }
        }
    }

    /**
     * Commits a batch load's segments. An append just adds them. A replace first has the writer hand its index to
     * the persister (rotation number R), then commits on the persister's thread right after index R is committed:
     * so the replace covers exactly the events applied before that rotation, and no persist lands in between.
     */
    private void commitBatch(final BatchLoadRequest request, final List<SegmentDescriptor> added) throws Exception
    {
        if (!request.replace())
        {
            catalog.addSegments(added, Map.of());
            segments.refresh();
            return;
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BARRIER_TIMEOUT_SECONDS);
        writer.requestPersist();
        while (writer.isPersistPending())
        {
            awaitStep(deadline, "the writer's rotation before a replace");
        }
        persister.runAfter(writer.rotations(), () ->
        {
            catalog.replaceInterval(request.start(), request.end(), added);
            segments.refresh();
            return null;
        }).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /** Applies what the ring holds (the source is paused) and commits everything in memory. */
    private void quiesce(final Duration timeout) throws TimeoutException, InterruptedException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (ring.size() > 0)
        {
            awaitStep(deadline, "ring drain before a re-stream");
        }
        persistNow(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
    }

    private RestreamStatus restreamStatus(final RestreamMarker marker)
    {
        if (marker == null)
        {
            return null;
        }
        final List<RestreamStatus.Partition> partitions = new ArrayList<>();
        for (int p = 0; p < source.partitionCount(); p++)
        {
            final String key = source.positionKey(p);
            partitions.add(new RestreamStatus.Partition(p, marker.resetPositions().getOrDefault(key, -1L),
                marker.storedPositions().getOrDefault(key, -1L)));
        }
        return new RestreamStatus(marker.chunkStart(), marker.inProgress(), marker.requestedAtMillis(),
            marker.finishedAtMillis(), partitions, writer.eventsSkippedAsStored());
    }

    private static void awaitStep(final long deadline, final String what) throws TimeoutException,
        InterruptedException
    {
        if (System.nanoTime() - deadline > 0)
        {
            throw new TimeoutException("timed out waiting for " + what);
        }
        Thread.sleep(1);
    }

    private void onError(final Throwable error)
    {
        LOG.error("ingest of table[{}] failed", spec.name(), error);
    }
}
