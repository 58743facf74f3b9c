package dev.tally.server.quickstart;

import dev.tally.ingest.TableIngest;
import dev.tally.server.ServerConfig;
import dev.tally.server.TallyServer;
import dev.tally.storage.schema.SourceSpec;
import dev.tally.storage.schema.TableSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code bin/tally quickstart}, wired: a local Kafka broker (its log in {@code DATA_DIR/kafka}), a topic
 * {@value #TOPIC}, live generated web events flowing into it, and a server (tables in {@code DATA_DIR/tables}) whose
 * table {@value #TABLE} consumes the topic. Running it again over the same directory resumes where it stopped: the
 * broker keeps its log, the table its committed offsets; the broker's port changes, so the table's source is
 * pointed at the new one. {@link #close()} stops the events, then the server (which persists and commits), then
 * the broker.
 */
public final class Quickstart implements AutoCloseable
{
    public static final String TABLE = "events";
    public static final String TOPIC = "events";
    public static final int PARTITIONS = 3;
    /** Segments every minute, so the status shows commits and segments while you watch. */
    public static final long PERSIST_AGE_MILLIS = 60_000;
    private static final Logger LOG = LoggerFactory.getLogger(Quickstart.class);

    /** The example queries it prints; they need no quoting inside a shell's single quotes. */
    public static final List<String> EXAMPLE_QUERIES = List.of(
        "SELECT country, COUNT(*) AS events, SUM(revenue) AS revenue FROM events " +
            "GROUP BY country ORDER BY events DESC LIMIT 5",
        "SELECT FLOOR(__time TO MINUTE) AS t, COUNT(*) AS events, APPROX_COUNT_DISTINCT(users) AS users " +
            "FROM events GROUP BY 1 ORDER BY 1 DESC LIMIT 5");

    /**
     * What the command line chooses; {@code eventsPerSecond} 0 produces nothing; {@code pgPort}
     * {@link ServerConfig#PG_PORT_OFF} runs no PostgreSQL listener.
     */
    public record Settings(int port, int pgPort, Path dataDir, int eventsPerSecond, long seed)
    {
    }

    private final Settings settings;
    private final LocalKafka kafka;
    private final TallyServer server;
    private final LiveEvents events;

    private Quickstart(final Settings settings, final LocalKafka kafka, final TallyServer server,
        final LiveEvents events)
    {
        this.settings = settings;
        this.kafka = kafka;
        this.server = server;
        this.events = events;
    }

    public static Quickstart start(final Settings settings) throws IOException, InterruptedException
    {
        Files.createDirectories(settings.dataDir());
        final LocalKafka kafka = LocalKafka.start(LocalKafka.classPath(), settings.dataDir().resolve("kafka"), TOPIC,
            PARTITIONS);
        TallyServer server = null;
        try
        {
            final TableSpec spec = tableSpec(kafka.bootstrapServers());
            server = TallyServer.start(ServerConfig.defaults().withPort(settings.port())
                .withPgPort(settings.pgPort()).withDataDir(settings.dataDir()).withTables(List.of(spec)),
                TableIngest.Options.DEFAULT.withMaxAgeMillis(PERSIST_AGE_MILLIS));
            pointAtBroker(server, kafka.bootstrapServers());
            final LiveEvents events = settings.eventsPerSecond() == 0 ? null :
                LiveEvents.start(kafka.bootstrapServers(), TOPIC, settings.eventsPerSecond(), settings.seed());
            return new Quickstart(settings, kafka, server, events);
        }
        catch (final IOException | InterruptedException | RuntimeException ex)
        {
            if (server != null)
            {
                server.close();
            }
            kafka.close();
            throw ex;
        }
    }

    /** The demo table: web events rolled up per minute, consumed from {@code bootstrapServers}. */
    public static TableSpec tableSpec(final String bootstrapServers)
    {
        return TableSpec.parse(webEventsSpec(TABLE, """
            {"type": "kafka", "bootstrapServers": "%s", "topic": "%s"}""".formatted(bootstrapServers, TOPIC)));
    }

    /**
     * The spec JSON of a table of {@link dev.tally.ingest.sample.WebEventGenerator}'s events (the server's tests
     * use it too): six dimensions, count, revenue, latency max and sum and a users sketch, rolled up per minute.
     *
     * @param sourceJson the {@code source} object, e.g. {@code {"type": "push"}}.
     */
    public static String webEventsSpec(final String name, final String sourceJson)
    {
        return """
            {"name": "%s", "timestamp": {"column": "ts", "format": "iso"},
             "dimensions": ["country", "device", "os", "browser", "page", "referrer"],
             "metrics": [
               {"name": "count", "type": "count"},
               {"name": "revenue", "type": "doubleSum", "field": "revenue"},
               {"name": "latency_max", "type": "longMax", "field": "latency_ms"},
               {"name": "latency_sum", "type": "longSum", "field": "latency_ms"},
               {"name": "users", "type": "hllSketch", "field": "user_id"}],
             "rollup": "PT1M", "segmentGranularity": "PT1H", "source": %s}
            """.formatted(name, sourceJson);
    }

    /** A table kept from an earlier run names the broker's old port: point it at this one. */
    private static void pointAtBroker(final TallyServer server, final String bootstrapServers) throws IOException
    {
        final TableSpec spec = server.tables().get(TABLE).spec();
        final SourceSpec source = spec.source();
        if (!bootstrapServers.equals(source.bootstrapServers()))
        {
            LOG.info("table {} consumed from {}; now from {}", TABLE, source.bootstrapServers(), bootstrapServers);
            server.tables().replace(new TableSpec(spec.name(), spec.timestamp(), spec.dimensions(), spec.metrics(),
                spec.rollup(), spec.segmentGranularity(), spec.retention(),
                SourceSpec.kafka(bootstrapServers, source.topic(), source.properties())));
        }
    }

    public int port()
    {
        return server.port();
    }

    public String bootstrapServers()
    {
        return kafka.bootstrapServers();
    }

    /** What to tell the person who ran it: where things are, a curl and a JDBC example that work, how to stop. */
    public String instructions()
    {
        final String http = "http://127.0.0.1:" + port();
        final StringBuilder text = new StringBuilder();
        text.append("\nTally quickstart is running. Open the console: ").append(http).append("/\n\n");
        text.append("  Kafka   ").append(bootstrapServers()).append(", topic '").append(TOPIC).append("' (")
            .append(PARTITIONS).append(" partitions), log in ").append(settings.dataDir().resolve("kafka"))
            .append('\n');
        text.append("  events  ").append(settings.eventsPerSecond() == 0 ? "none (--events-per-second 0)" :
            String.format("%,d web events/s into '%s' (seed %d, wall-clock timestamps)", settings.eventsPerSecond(),
                TOPIC, settings.seed())).append('\n');
        text.append("  server  ").append(http).append("/, table '").append(TABLE)
            .append("' (rolled up per minute) consuming the topic; data in ").append(settings.dataDir()).append("\n\n");
        text.append("Query it over HTTP:\n");
        for (final String query : EXAMPLE_QUERIES)
        {
            text.append("  curl -s ").append(http).append("/v1/sql -H 'Content-Type: application/json' -d '")
                .append("{\"query\": \"").append(query).append("\"}'\n");
        }
        text.append("  curl -s ").append(http).append("/v1/tables/").append(TABLE).append("/status\n\n");
        text.append("Or over JDBC: jdbc:tally://127.0.0.1:").append(port())
            .append("  (bin/tally sql, or sqlline with the jdbc-driver jar)\n");
        if (server.pgPort() >= 0)
        {
            text.append("Or with any PostgreSQL client: psql -h 127.0.0.1 -p ").append(server.pgPort())
                .append(" -U tally -c '").append(EXAMPLE_QUERIES.get(0)).append("'\n");
        }
        text.append('\n');
        text.append("Ctrl-C stops the events, the server (persisting and committing) and the broker.\n");
        return text.toString();
    }

    /** Stops the events, then the server (persist and commit), then the broker; each even if an earlier one fails. */
    @Override
    public void close()
    {
        try
        {
            if (events != null)
            {
                events.close();
                LOG.info("quickstart produced {} events ({} failed)", events.produced(), events.failed());
            }
        }
        finally
        {
            try
            {
                server.close();
            }
            finally
            {
                kafka.close();
            }
        }
    }
}
