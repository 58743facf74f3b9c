package dev.tally.server;

import dev.tally.ingest.TableIngest;
import dev.tally.query.exec.QueryEngine;
import dev.tally.server.api.ConsoleEndpoint;
import dev.tally.server.api.EventsEndpoint;
import dev.tally.server.api.LifecycleEndpoint;
import dev.tally.server.api.QuerySlots;
import dev.tally.server.api.SqlEndpoint;
import dev.tally.server.api.SqlServices;
import dev.tally.server.api.StatusEndpoint;
import dev.tally.server.api.TablesEndpoint;
import dev.tally.server.auth.Access;
import dev.tally.server.auth.Authenticator;
import dev.tally.server.avatica.AvaticaEndpoint;
import dev.tally.server.http.ApiHandler;
import dev.tally.server.http.HttpServer;
import dev.tally.server.pg.PgServer;
import dev.tally.server.http.Reply;
import dev.tally.server.http.Routes;
import dev.tally.server.tables.Tables;
import dev.tally.storage.schema.TableSpec;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * One Tally server: its tables and their ingest, the query engine, SQL, and the HTTP surfaces of DESIGN §6, wired
 * from a {@link ServerConfig}. {@link #start} returns once the server answers; {@link #close()} stops accepting
 * requests, then persists and commits every table's in-memory rows.
 */
public final class TallyServer implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(TallyServer.class);

    private final ServerConfig config;
    private final Tables tables;
    private final QueryEngine engine;
    private final SqlServices sql;
    private final ServerMetrics metrics;
    private final AvaticaEndpoint avatica;
    private final Routes routes;
    private final HttpServer http;
    /** The PostgreSQL wire protocol listener, or null when {@code pg.port} is not configured. */
    private final PgServer pg;
    private volatile boolean isClosed;

    private TallyServer(final ServerConfig config, final Tables tables, final QueryEngine engine,
        final SqlServices sql, final ServerMetrics metrics, final AvaticaEndpoint avatica, final Routes routes,
        final HttpServer http, final PgServer pg)
    {
        this.config = config;
        this.tables = tables;
        this.engine = engine;
        this.sql = sql;
        this.metrics = metrics;
        this.avatica = avatica;
        this.routes = routes;
        this.http = http;
        this.pg = pg;
    }

    /** Starts with the config's live-index limits ({@code ingest.*}) and the other ingest defaults. */
    public static TallyServer start(final ServerConfig config) throws IOException, InterruptedException
    {
        return start(config, TableIngest.Options.DEFAULT.withMaxRows(config.ingestMaxRowsInMemory())
            .withMaxAgeMillis(config.ingestMaxAgeMillis()));
    }

    public static TallyServer start(final ServerConfig config, final TableIngest.Options ingestOptions)
        throws IOException, InterruptedException
    {
        config.checkSafeToServe();
        final Tables tables = Tables.open(config.dataDir(), ingestOptions);
        QueryEngine engine = null;
        SqlServices sql = null;
        AvaticaEndpoint avatica = null;
        HttpServer http = null;
        try
        {
            for (final TableSpec spec : config.tables())
            {
                // a configured table that failed to open keeps its files: it is reported, not created afresh
                if (tables.get(spec.name()) == null && tables.failed(spec.name()) == null)
                {
                    tables.create(spec);
                }
            }
            engine = new QueryEngine(config.queryThreads());
            sql = new SqlServices(tables, engine);
            final ServerMetrics metrics = new ServerMetrics(() -> tableIngests(tables));
            final Authenticator authenticator = new Authenticator(config.users());
            final QuerySlots querySlots = new QuerySlots(config.maxConcurrentQueries());
            avatica = AvaticaEndpoint.start(config, sql, authenticator, querySlots, metrics);
            final Routes routes = routes(config, tables, sql, metrics, querySlots, avatica);
            http = HttpServer.start(config.bind(), config.port(), config.maxRequestBytes(),
                config.headerTimeoutMillis(), config.bodyTimeoutMillis(), config.idleTimeoutMillis(),
                config.workerThreads(),
                new ApiHandler(routes, authenticator, metrics));
            LOG.info("Tally serving http://{}:{}/ with {} tables from {}", config.bind(), http.port(),
                tables.tableNames().size(), config.dataDir().toAbsolutePath());
            final PgServer pg = config.isPgEnabled() ? PgServer.start(config, sql, querySlots, metrics) : null;
            if (pg != null)
            {
                LOG.info("Tally serving the PostgreSQL wire protocol on {}:{}", config.bind(), pg.port());
            }
            return new TallyServer(config, tables, engine, sql, metrics, avatica, routes, http, pg);
        }
        catch (final IOException | InterruptedException | RuntimeException ex)
        {
            if (http != null)
            {
                http.close();
            }
            if (avatica != null)
            {
                avatica.close();
            }
            if (sql != null)
            {
                sql.close();
            }
            if (engine != null)
            {
                engine.close();
            }
            tables.close();
            throw ex;
        }
    }

    private static Routes routes(final ServerConfig config, final Tables tables, final SqlServices sql,
        final ServerMetrics metrics, final QuerySlots querySlots, final AvaticaEndpoint avatica)
    {
        final SqlEndpoint query = new SqlEndpoint(sql, metrics, querySlots,
            config.queryTimeoutMillis(), config.maxRows(), config.maxGroups(), config.maxJoinRows());
        final TablesEndpoint tableApi = new TablesEndpoint(tables);
        final EventsEndpoint events = new EventsEndpoint(tables, metrics);
        final LifecycleEndpoint lifecycle = new LifecycleEndpoint(tables, config.loadDirs(), config.isAuthEnabled());
        return new ConsoleEndpoint().addTo(new Routes()
            // public, and says nothing about any table: a load balancer's probe needs no credentials
            .addPublic(HttpMethod.GET, "/status/health", StatusEndpoint::health)
            // Druid's version probe; any authenticated user
            .add(HttpMethod.GET, "/status", StatusEndpoint::status)
            // any user may scrape, but sees per-table series only for the tables it may read
            .add(HttpMethod.GET, "/metrics", request -> new Reply(HttpResponseStatus.OK, metrics.contentType(),
                metrics.scrape(table -> request.principal().may(Access.READ, table)), Map.of()))
            .add(HttpMethod.POST, "/v1/sql", query::query)
            .add(HttpMethod.POST, "/druid/v2/sql", query::query)
            .add(HttpMethod.DELETE, "/v1/sql/{}", query::cancel)
            .add(HttpMethod.DELETE, "/druid/v2/sql/{}", query::cancel)
            .add(HttpMethod.GET, "/v1/tables", tableApi::list)
            .add(HttpMethod.POST, "/v1/tables", tableApi::create)
            .add(HttpMethod.GET, "/v1/tables/{}", tableApi::get)
            .add(HttpMethod.PUT, "/v1/tables/{}", tableApi::replace)
            .add(HttpMethod.DELETE, "/v1/tables/{}", tableApi::drop)
            .add(HttpMethod.GET, "/v1/tables/{}/status", tableApi::status)
            .add(HttpMethod.POST, "/v1/tables/{}/events", events::push)
            .add(HttpMethod.POST, "/v1/tables/{}/load", lifecycle::load)
            .add(HttpMethod.POST, "/v1/tables/{}/compact", lifecycle::compact)
            .add(HttpMethod.POST, "/v1/tables/{}/retention", lifecycle::retention)
            .add(HttpMethod.POST, "/v1/tables/{}/restream", lifecycle::restream)
            .add(HttpMethod.GET, "/v1/tasks/{}", lifecycle::task)
            // public: a JDBC connection authenticates as it opens (connection properties, Basic or bearer). Druid's
            // documented URLs too, so a Druid JDBC URL works unchanged; each path takes JSON and protobuf alike
            .addPublic(HttpMethod.POST, "/avatica", avatica)
            .addPublic(HttpMethod.POST, "/druid/v2/sql/avatica", avatica)
            .addPublic(HttpMethod.POST, "/druid/v2/sql/avatica-protobuf", avatica));
    }

    private static Collection<TableIngest> tableIngests(final Tables tables)
    {
        final List<TableIngest> ingests = new ArrayList<>();
        for (final String name : tables.tableNames())
        {
            final TableIngest ingest = tables.get(name);
            if (ingest != null)
            {
                ingests.add(ingest);
            }
        }
        return ingests;
    }

    public int port()
    {
        return http.port();
    }

    /** The PostgreSQL wire protocol port; -1 when that listener is off. */
    public int pgPort()
    {
        return pg == null ? -1 : pg.port();
    }

    /** PostgreSQL wire protocol client connections open now. */
    public int openPgConnections()
    {
        return pg == null ? 0 : pg.openConnections();
    }

    public ServerConfig config()
    {
        return config;
    }

    public Tables tables()
    {
        return tables;
    }

    public SqlServices sql()
    {
        return sql;
    }

    public AvaticaEndpoint avatica()
    {
        return avatica;
    }

    /** Every route the server answers, public or not. */
    public List<Routes.Route> routes()
    {
        return routes.all();
    }

    /** HTTP client connections open now. */
    public int openHttpConnections()
    {
        return http.openConnections();
    }

    /** Stops serving, then persists and commits every table (a SIGTERM does this through the shutdown hook). */
    @Override
    public void close()
    {
        if (isClosed)
        {
            return;
        }
        isClosed = true;
        if (pg != null)
        {
            pg.close();
        }
        http.close();
        avatica.close();
        sql.close();
        tables.close();
        engine.close();
        LOG.info("Tally stopped; every table persisted and committed");
    }
}
