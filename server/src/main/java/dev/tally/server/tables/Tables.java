package dev.tally.server.tables;

import dev.tally.ingest.TableIngest;
import dev.tally.ingest.rollup.TableSnapshot;
import dev.tally.sql.TableProvider;
import dev.tally.sql.rel.TableSources;
import dev.tally.storage.read.RowSource;
import dev.tally.storage.schema.RowSchema;
import dev.tally.storage.schema.TableSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Every table of the server and its running ingest. Each table lives in {@code dataDir/tables/NAME/}: its spec as
 * {@value #SPEC_FILE} (written last when a table is created, so a directory without one is an unfinished create and
 * is removed at open) next to the catalog, segments and journals that {@link TableIngest} owns. Dropping renames the
 * directory away first (one atomic step) and then deletes it; leftovers of an interrupted drop go at open.
 * Implements {@link TableProvider}, so SQL sees every table; changes are serialized, reads are not.
 * <p>
 * A table that cannot be opened (a damaged manifest with no valid previous one, an unreadable spec) does not stop the
 * others: it is kept as a {@link FailedTable} that its status reports, SQL does not see, a create of the same name
 * refuses (its files stay for inspection), and a drop removes.
 */
public final class Tables implements TableProvider, AutoCloseable
{
    public static final String DIR_NAME = "tables";
    public static final String SPEC_FILE = "table.json";
    private static final String DROPPED_PREFIX = ".dropped-";
    private static final Logger LOG = LoggerFactory.getLogger(Tables.class);

    private final Path root;
    private final TableIngest.Options options;
    private final Map<String, TableIngest> tables = new ConcurrentHashMap<>();
    private final Map<String, FailedTable> failed = new ConcurrentHashMap<>();

    /**
     * A table whose directory is there but which could not be opened.
     *
     * @param error    why, naming the file.
     * @param atMillis when (epoch millis).
     */
    public record FailedTable(String name, Path dir, String error, long atMillis)
    {
    }

    private Tables(final Path root, final TableIngest.Options options)
    {
        this.root = root;
        this.options = options;
    }

    /** Opens every table under {@code dataDir} and resumes its ingest where its catalog left off. */
    public static Tables open(final Path dataDir, final TableIngest.Options options) throws IOException
    {
        final Tables tables = new Tables(dataDir.resolve(DIR_NAME), options);
        Files.createDirectories(tables.root);
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tables.root))
        {
            for (final Path dir : dirs)
            {
                final String name = dir.getFileName().toString();
                if (name.startsWith(DROPPED_PREFIX) || !Files.exists(dir.resolve(SPEC_FILE)))
                {
                    LOG.info("removing {}: an unfinished table create or drop", dir);
                    deleteTree(dir);
                    continue;
                }
                tables.openTable(dir, name);
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            tables.close();
            throw ex;
        }
        return tables;
    }

    /** Opens one table's directory; a failure is kept as a {@link FailedTable}, not thrown. */
    private void openTable(final Path dir, final String dirName)
    {
        String name = dirName;
        try
        {
            final TableSpec spec = TableSpec.parse(Files.readString(dir.resolve(SPEC_FILE)));
            name = spec.name();
            tables.put(spec.name(), TableIngest.start(spec, dir, options));
        }
        catch (final IOException | RuntimeException ex)
        {
            LOG.error("table[{}] in dir[{}] cannot be opened; the other tables serve, its files are left as they are",
                name, dir, ex);
            failed.put(name, new FailedTable(name, dir, ex.toString(), System.currentTimeMillis()));
        }
    }

    public TableIngest get(final String name)
    {
        return tables.get(name);
    }

    /** The table of that name that could not be opened, or null. */
    public FailedTable failed(final String name)
    {
        return failed.get(name);
    }

    public List<TableSpec> specs()
    {
        final List<TableSpec> specs = new ArrayList<>();
        for (final String name : new TreeSet<>(tables.keySet()))
        {
            final TableIngest table = tables.get(name);
            if (table != null)
            {
                specs.add(table.spec());
            }
        }
        return specs;
    }

    /**
     * Creates a table and starts its ingest.
     *
     * @throws TableExistsException when a table of that name exists.
     */
    public synchronized TableIngest create(final TableSpec spec) throws IOException
    {
        if (tables.containsKey(spec.name()) || failed.containsKey(spec.name()))
        {
            throw new TableExistsException(spec.name());
        }
        final Path dir = root.resolve(spec.name());
        if (Files.exists(dir))
        {
            deleteTree(dir);
        }
        Files.createDirectories(dir);
        final TableIngest ingest;
        try
        {
            ingest = TableIngest.start(spec, dir, options);
        }
        catch (final IOException | RuntimeException ex)
        {
            deleteTree(dir);
            throw ex;
        }
        try
        {
            writeSpec(dir, spec);
        }
        catch (final IOException | RuntimeException ex)
        {
            ingest.close();
            deleteTree(dir);
            throw ex;
        }
        tables.put(spec.name(), ingest);
        return ingest;
    }

    /**
     * Replaces a table's spec and restarts its ingest: what was in memory is persisted and committed first, and the
     * new ingest resumes from the committed positions. Only changes that leave stored data readable are allowed.
     *
     * @throws IllegalArgumentException naming the field when the change is not allowed.
     */
    public synchronized TableIngest replace(final TableSpec spec) throws IOException
    {
        final TableIngest old = tables.get(spec.name());
        if (old == null)
        {
            return null;
        }
        TableChanges.check(old.spec(), spec);
        final Path dir = root.resolve(spec.name());
        old.close();
        writeSpec(dir, spec);
        final TableIngest ingest = TableIngest.start(spec, dir, options);
        tables.put(spec.name(), ingest);
        return ingest;
    }

    /** Drops a table: stops its ingest and deletes its data. False when there is no such table. */
    public synchronized boolean drop(final String name) throws IOException
    {
        final TableIngest ingest = tables.remove(name);
        if (ingest == null && failed.remove(name) == null)
        {
            return false;
        }
        if (ingest != null)
        {
            ingest.close();
        }
        final Path dir = root.resolve(name);
        final Path dropped = root.resolve(DROPPED_PREFIX + name + "-" + System.nanoTime());
        Files.move(dir, dropped, StandardCopyOption.ATOMIC_MOVE);
        fsyncDirectory(root);
        deleteTree(dropped);
        return true;
    }

    @Override
    public Set<String> tableNames()
    {
        return Set.copyOf(tables.keySet());
    }

    @Override
    public RowSchema schema(final String table)
    {
        final TableIngest ingest = tables.get(table);
        return ingest == null ? null : ingest.spec().rowSchema();
    }

    @Override
    public TableSources acquire(final String table)
    {
        final TableIngest ingest = tables.get(table);
        if (ingest == null)
        {
            return TableSources.of(List.of());
        }
        final TableSnapshot snapshot = ingest.acquire();
        return new TableSources()
        {
            @Override
            public List<? extends RowSource> sources()
            {
                return snapshot.sources();
            }

            @Override
            public void close()
            {
                snapshot.close();
            }
        };
    }

    /** Stops every table's ingest, persisting and committing what is in memory. */
    @Override
    public synchronized void close()
    {
        for (final TableIngest ingest : tables.values())
        {
            try
            {
                ingest.close();
            }
            catch (final RuntimeException ex)
            {
                LOG.error("closing table {} failed; uncommitted events are read again at the next start",
                    ingest.spec().name(), ex);
            }
        }
        tables.clear();
    }

    private static void writeSpec(final Path dir, final TableSpec spec) throws IOException
    {
        final Path temp = dir.resolve(SPEC_FILE + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING))
        {
            channel.write(java.nio.ByteBuffer.wrap(spec.toJson().getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        }
        try
        {
            Files.move(temp, dir.resolve(SPEC_FILE), StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final AtomicMoveNotSupportedException ex)
        {
            Files.move(temp, dir.resolve(SPEC_FILE), StandardCopyOption.REPLACE_EXISTING);
        }
        fsyncDirectory(dir);
    }

    private static void fsyncDirectory(final Path dir) throws IOException
    {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ))
        {
            channel.force(true);
        }
    }

    private static void deleteTree(final Path dir) throws IOException
    {
        if (!Files.exists(dir))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir))
        {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(path);
            }
        }
    }
}
