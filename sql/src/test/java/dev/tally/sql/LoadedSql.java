package dev.tally.sql;

import dev.tally.query.exec.QueryEngine;

/** The SQL tests' fixture: generated web events (Tally's sources and DuckDB), an engine and a SQL service over them. */
final class LoadedSql implements AutoCloseable
{
    final WebEvents events;
    final QueryEngine engine;
    final SqlService service;

    LoadedSql(final long seed, final int count) throws Exception
    {
        events = new WebEvents(seed, count);
        engine = new QueryEngine(1);
        service = new SqlService(events.provider(), engine);
    }

    @Override
    public void close() throws Exception
    {
        service.close();
        engine.close();
        events.close();
    }
}
