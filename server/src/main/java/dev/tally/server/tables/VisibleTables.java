package dev.tally.server.tables;

import dev.tally.server.auth.Access;
import dev.tally.server.auth.Principal;
import dev.tally.sql.TableProvider;
import dev.tally.sql.rel.TableSources;
import dev.tally.storage.schema.RowSchema;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The tables one principal may read, as SQL sees them: the others do not exist for it, not in FROM, not in a
 * subquery, not in INFORMATION_SCHEMA or DatabaseMetaData.
 */
public final class VisibleTables implements TableProvider
{
    private final TableProvider all;
    private final Principal principal;

    public VisibleTables(final TableProvider all, final Principal principal)
    {
        this.all = all;
        this.principal = principal;
    }

    @Override
    public Set<String> tableNames()
    {
        return all.tableNames().stream().filter(this::isVisible).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public RowSchema schema(final String table)
    {
        return isVisible(table) ? all.schema(table) : null;
    }

    @Override
    public TableSources acquire(final String table)
    {
        return isVisible(table) ? all.acquire(table) : TableSources.of(List.of());
    }

    private boolean isVisible(final String table)
    {
        return principal.may(Access.READ, table);
    }
}
