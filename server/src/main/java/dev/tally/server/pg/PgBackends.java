package dev.tally.server.pg;

import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open connections by backend process id, for {@code CancelRequest}: a client cancels by sending, on a new
 * connection, the process id and secret key its connection got in {@code BackendKeyData}; a wrong secret is ignored,
 * as PostgreSQL does, so one client cannot cancel another's query by guessing ids.
 */
final class PgBackends
{
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a cancel reaches: the connection's running statement. */
    interface Cancellable
    {
        void cancelRunning();
    }

    private record Backend(int secret, Cancellable connection)
    {
    }

    private final AtomicInteger nextId = new AtomicInteger(1);
    private final Map<Integer, Backend> backends = new ConcurrentHashMap<>();

    /** Registers a connection; returns its process id and secret key. */
    int[] register(final Cancellable connection)
    {
        final int processId = nextId.getAndIncrement() & Integer.MAX_VALUE;
        final int secret = RANDOM.nextInt();
        backends.put(processId, new Backend(secret, connection));
        return new int[]{processId, secret};
    }

    void unregister(final int processId)
    {
        backends.remove(processId);
    }

    /** Cancels the running statement of a connection; false when the id or secret does not match. */
    boolean cancel(final int processId, final int secret)
    {
        final Backend backend = backends.get(processId);
        if (backend == null || backend.secret() != secret)
        {
            return false;
        }
        backend.connection().cancelRunning();
        return true;
    }

    int size()
    {
        return backends.size();
    }
}
