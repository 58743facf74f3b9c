package dev.tally.sql;

import dev.tally.sql.rel.TableSources;
import dev.tally.storage.schema.RowSchema;

import java.util.List;
import java.util.Set;

/**
 * Where SQL finds tables: their names, schemas, and the row sources that hold their data right now (committed
 * segments, frozen and live indexes). The server and ingest implement it; tests use {@link StaticTableProvider}.
 * Called from query threads: implementations are thread-safe, and {@link #acquire(String)} returns a snapshot that
 * does not change while a query reads it.
 */
public interface TableProvider
{
    Set<String> tableNames();

    /** The table's schema, or {@code null} when there is no such table. */
    RowSchema schema(String table);

    /** The table's current sources (empty when it holds no data or does not exist); the caller closes them. */
    TableSources acquire(String table);
}
