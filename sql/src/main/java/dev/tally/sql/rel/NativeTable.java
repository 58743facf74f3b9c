package dev.tally.sql.rel;

import dev.tally.query.exec.QueryEngine;
import dev.tally.storage.schema.RowSchema;

/**
 * What the planner's nodes and the executor need of a table: its name and schema, the engine that runs its native
 * queries, its sources at one instant, and whether a cached plan over it still holds. The SQL layer's table
 * implements it; the rules see nothing else of it.
 */
public interface NativeTable
{
    String name();

    RowSchema rowSchema();

    QueryEngine engine();

    /** False once the table changed (schema, or dropped and created again): plans over it must be made again. */
    boolean isCurrent();

    /** The sources a statement reads, taken now; the caller closes them. */
    TableSources acquire();
}
