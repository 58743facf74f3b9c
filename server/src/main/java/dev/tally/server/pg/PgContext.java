package dev.tally.server.pg;

import dev.tally.server.ServerConfig;
import dev.tally.server.ServerMetrics;
import dev.tally.server.api.QuerySlots;
import dev.tally.server.api.SqlServices;

import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * What every PostgreSQL connection shares: the server's SQL services, query slots and metrics (the ones
 * {@code /v1/sql} uses), its limits, the users (by name) when auth is on, the worker threads statements run on, and
 * the registry {@code CancelRequest}s look connections up in.
 */
record PgContext(SqlServices sql, QuerySlots slots, ServerMetrics metrics, ServerConfig config,
    Map<String, ServerConfig.User> users, ExecutorService workers, PgBackends backends, int maxMessageBytes)
{
    boolean isAuthEnabled()
    {
        return config.isAuthEnabled();
    }
}
