package dev.tally.server.pg;

import dev.tally.server.testing.LoadedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * The PostgreSQL tests' server: {@link PgTesting#start} once per class (events loaded, the listener on a free port),
 * with the config {@link #configJson()} gives, stopped after the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LoadedPgServer
{
    @TempDir
    static Path dir;

    protected LoadedServer loaded;

    /** The server config (JSON) the class's tests need; none by default. */
    protected String configJson()
    {
        return "{}";
    }

    @BeforeAll
    void startServer() throws Exception
    {
        loaded = PgTesting.start(dir, configJson());
    }

    @AfterAll
    void stopServer() throws Exception
    {
        if (loaded != null)
        {
            loaded.close();
        }
    }
}
