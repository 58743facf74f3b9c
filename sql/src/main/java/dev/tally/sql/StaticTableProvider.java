package dev.tally.sql;

import dev.tally.sql.rel.TableSources;
import dev.tally.storage.read.RowSource;
import dev.tally.storage.schema.RowSchema;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** A {@link TableProvider} over tables registered in code: a schema and a supplier of current sources per name. */
public final class StaticTableProvider implements TableProvider
{
    private record Entry(RowSchema schema, Supplier<List<? extends RowSource>> sources)
    {
    }

    private final Map<String, Entry> tables = new ConcurrentHashMap<>();

    public StaticTableProvider add(final String name, final RowSchema schema,
        final Supplier<List<? extends RowSource>> sources)
    {
        tables.put(name, new Entry(schema, sources));
        return this;
    }

    public StaticTableProvider add(final String name, final RowSchema schema, final List<? extends RowSource> sources)
    {
        final List<? extends RowSource> copy = List.copyOf(sources);
        return add(name, schema, () -> copy);
    }

    @Override
    public Set<String> tableNames()
    {
        return Set.copyOf(tables.keySet());
    }

    @Override
    public RowSchema schema(final String table)
    {
        final Entry entry = tables.get(table);
        return entry == null ? null : entry.schema();
    }

    @Override
    public TableSources acquire(final String table)
    {
        final Entry entry = tables.get(table);
        return TableSources.of(entry == null ? List.of() : entry.sources().get());
    }
}
