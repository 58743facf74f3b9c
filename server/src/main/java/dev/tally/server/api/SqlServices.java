package dev.tally.server.api;

import dev.tally.query.exec.QueryEngine;
import dev.tally.server.auth.Principal;
import dev.tally.server.tables.VisibleTables;
import dev.tally.sql.SqlService;
import dev.tally.sql.TableProvider;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link SqlService} per principal, each over the tables that principal may read, all on one query engine. Each
 * keeps its own plan cache; users are few, so are the services.
 */
public final class SqlServices implements AutoCloseable
{
    private final TableProvider tables;
    private final QueryEngine engine;
    private final Map<Principal, SqlService> services = new ConcurrentHashMap<>();

    public SqlServices(final TableProvider tables, final QueryEngine engine)
    {
        this.tables = tables;
        this.engine = engine;
    }

    public SqlService of(final Principal principal)
    {
        return services.computeIfAbsent(principal, p -> new SqlService(tables(p), engine));
    }

    /** The tables {@code principal} may read, as its SQL service sees them. */
    public TableProvider tables(final Principal principal)
    {
        return principal == Principal.ANONYMOUS ? tables : new VisibleTables(tables, principal);
    }

    /** Statements executing now, for every principal. */
    public int runningStatements()
    {
        return services.values().stream().mapToInt(SqlService::runningStatements).sum();
    }

    /** Cancels a running statement of this principal; false when none with that id runs. */
    public boolean cancel(final Principal principal, final String queryId)
    {
        final SqlService service = services.get(principal);
        return service != null && service.cancel(queryId);
    }

    @Override
    public void close()
    {
        services.values().forEach(SqlService::close);
        services.clear();
    }
}
