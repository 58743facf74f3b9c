package dev.tally.sql;

import com.google.common.collect.Multimap;
import dev.tally.query.exec.QueryEngine;
import dev.tally.sql.fn.TallyFunctions;
import dev.tally.storage.schema.RowSchema;
import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

import java.util.HashMap;
import java.util.Map;

/**
 * The Calcite schema over a {@link TableProvider}: one {@link TallyTable} per table, looked up each time a statement
 * is planned (so tables created later appear), plus Tally's functions. Holds the engine the tables run queries on.
 * Sessions mount it twice, as {@code druid} (Druid's name, the default schema) and {@code tally}.
 */
public final class TallySchema extends AbstractSchema
{
    /** Where Druid's clients look for tables (the default schema). */
    public static final String NAME = "druid";
    /** The same tables under Tally's own name. */
    public static final String TALLY_NAME = "tally";

    private final TableProvider provider;
    private final QueryEngine engine;
    private final Multimap<String, Function> functions = TallyFunctions.all();
    private final Map<String, TallyTable> tables = new java.util.concurrent.ConcurrentHashMap<>();

    public TallySchema(final TableProvider provider, final QueryEngine engine)
    {
        this.provider = provider;
        this.engine = engine;
    }

    public TableProvider provider()
    {
        return provider;
    }

    public QueryEngine engine()
    {
        return engine;
    }

    @Override
    protected Map<String, Table> getTableMap()
    {
        final Map<String, Table> map = new HashMap<>();
        for (final String name : provider.tableNames())
        {
            final RowSchema schema = provider.schema(name);
            if (schema == null)
            {
                continue;
            }
            TallyTable table = tables.get(name);
            if (table == null || !table.rowSchema().equals(schema))
            {
                table = new TallyTable(name, schema, provider, engine);
                tables.put(name, table);
            }
            map.put(name, table);
        }
        return map;
    }

    @Override
    protected Multimap<String, Function> getFunctionMultimap()
    {
        return functions;
    }

    @Override
    public boolean isMutable()
    {
        return false;
    }
}
