package dev.tally.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.ingest.TableIngest;
import dev.tally.query.exec.QueryContext;
import dev.tally.server.auth.Access;
import dev.tally.server.auth.Secrets;
import dev.tally.storage.schema.InvalidTableSpecException;
import dev.tally.storage.schema.TableSpec;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The server's settings: where it listens, where it keeps data, its limits, its users and the tables it creates at
 * start. Read from a JSON file ({@code bin/tally start --config FILE}); every field is optional and unknown fields
 * are errors that name the field, e.g.
 * <pre>{@code
 * {"bind": "0.0.0.0", "port": 8080, "dataDir": "/var/lib/tally",
 *  "http": {"maxRequestBytes": 67108864, "workerThreads": 32, "maxConcurrentQueries": 16,
 *           "headerTimeoutMillis": 10000, "bodyTimeoutMillis": 30000, "idleTimeoutMillis": 300000},
 *  "query": {"threads": 2, "timeoutMillis": 30000, "maxRows": 100000, "maxGroups": 1000000,
 *            "maxJoinRows": 1000000},
 *  "avatica": {"connectionIdleMillis": 600000},
 *  "ingest": {"maxRowsInMemory": 1048576, "maxAgeMillis": 600000},
 *  "users": [{"name": "alice", "password": "pbkdf2-sha256$...", "tokens": ["sha256$..."],
 *             "grants": {"events": ["read", "write"], "*": ["read"]}}],
 *  "tables": [{"name": "events", ...a table spec...}],
 *  "loadDirs": ["/srv/batch"], "pg": {"port": 8432}}
 * }</pre>
 * {@code query.maxGroups} and {@code query.maxJoinRows} bound the heap one query may fill (groups a native group-by
 * holds; rows a join above the engine produces): past them the query fails with "Resource limit exceeded" naming the
 * setting, instead of the server running out of memory. {@code ingest.maxRowsInMemory} and
 * {@code ingest.maxAgeMillis} bound each table's live index: when either is reached it is persisted to segments,
 * so a small heap wants a smaller live index.
 * {@code loadDirs} are where batch loads may read files; with auth on and none given, batch load is refused (so a
 * user with a write grant cannot make the server read arbitrary files); with auth off any path may be loaded.
 * {@code http.headerTimeoutMillis} bounds the time from a request's first byte (or a new connection) to the end of its
 * headers, {@code http.bodyTimeoutMillis} the time from there to the end of its body (longer for a big body arriving
 * at a fair rate); a client that misses either gets 408 and the connection closes (a new connection that sent nothing
 * is just closed). {@code http.idleTimeoutMillis} closes a connection that carried nothing for that long while none
 * of its requests ran (a long query keeps its connection).
 */
public record ServerConfig(
    String bind,
    int port,
    Path dataDir,
    int maxRequestBytes,
    int workerThreads,
    int maxConcurrentQueries,
    long headerTimeoutMillis,
    long bodyTimeoutMillis,
    long idleTimeoutMillis,
    int queryThreads,
    long queryTimeoutMillis,
    long maxRows,
    long maxGroups,
    long maxJoinRows,
    long avaticaIdleMillis,
    int ingestMaxRowsInMemory,
    long ingestMaxAgeMillis,
    List<User> users,
    List<TableSpec> tables,
    List<Path> loadDirs,
    int pgPort)
{
    public static final String BIND_DEFAULT = "127.0.0.1";
    public static final int PORT_DEFAULT = 8080;
    public static final int MAX_REQUEST_BYTES_DEFAULT = 64 << 20;
    /**
     * How long a client has to send a request's head (request line and headers) from its first byte, or from
     * connecting; a slow or silent client must not hold a connection for as long as it likes.
     */
    public static final long HEADER_TIMEOUT_MILLIS_DEFAULT = 10_000L;
    /**
     * How long a client has to send a request's body once its head arrived; a body still arriving at a fair rate gets
     * more time (see {@code RequestDeadline}), a trickled one does not.
     */
    public static final long BODY_TIMEOUT_MILLIS_DEFAULT = 30_000L;
    /** How long a keep-alive connection may sit unused between requests. */
    public static final long IDLE_TIMEOUT_MILLIS_DEFAULT = 300_000L;
    /** How long a JDBC (Avatica) connection or statement may sit unused before the server closes it. */
    public static final long AVATICA_IDLE_MILLIS_DEFAULT = 10 * 60_000L;
    /**
     * The PostgreSQL wire protocol listener is off unless configured ({@code "pg": {"port": N}} or
     * {@code --pg-port N}): 5432 is usually a real PostgreSQL's on a developer's machine. The quickstart turns it on
     * at {@link #PG_PORT_QUICKSTART}.
     */
    public static final int PG_PORT_OFF = -1;
    public static final int PG_PORT_QUICKSTART = 8432;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A user: a password hash and/or token hashes (see {@link Secrets}), and per-table grants. */
    public record User(String name, String passwordHash, List<String> tokenHashes, Map<String, Set<Access>> grants)
    {
        public User
        {
            tokenHashes = List.copyOf(tokenHashes);
            grants = Map.copyOf(grants);
        }
    }

    public ServerConfig
    {
        users = List.copyOf(users);
        tables = List.copyOf(tables);
        loadDirs = loadDirs.stream().map(dir -> dir.toAbsolutePath().normalize()).toList();
        require(port >= 0 && port <= 65535, "port", "must be 0..65535, was " + port);
        require(maxRequestBytes > 0, "http.maxRequestBytes", "must be positive");
        require(workerThreads > 0, "http.workerThreads", "must be positive");
        require(maxConcurrentQueries > 0, "http.maxConcurrentQueries", "must be positive");
        require(headerTimeoutMillis > 0, "http.headerTimeoutMillis", "must be positive");
        require(bodyTimeoutMillis > 0, "http.bodyTimeoutMillis", "must be positive");
        require(idleTimeoutMillis > 0, "http.idleTimeoutMillis", "must be positive");
        require(queryThreads > 0, "query.threads", "must be positive");
        require(queryTimeoutMillis > 0, "query.timeoutMillis", "must be positive");
        require(maxRows > 0, "query.maxRows", "must be positive");
        require(maxGroups > 0, "query.maxGroups", "must be positive");
        require(maxJoinRows > 0, "query.maxJoinRows", "must be positive");
        require(avaticaIdleMillis > 0, "avatica.connectionIdleMillis", "must be positive");
        require(ingestMaxRowsInMemory > 0, "ingest.maxRowsInMemory", "must be positive");
        require(ingestMaxAgeMillis > 0, "ingest.maxAgeMillis", "must be positive");
        require(pgPort == PG_PORT_OFF || pgPort >= 0 && pgPort <= 65535, "pg.port",
            "must be 0..65535 (0 picks a free one), was " + pgPort);
    }

    /** The embedded default: loopback, port 8080, {@code ./data}, no users (auth off). */
    public static ServerConfig defaults()
    {
        final int cores = Runtime.getRuntime().availableProcessors();
        return new ServerConfig(BIND_DEFAULT, PORT_DEFAULT, Path.of("data"), MAX_REQUEST_BYTES_DEFAULT, 32,
            16, HEADER_TIMEOUT_MILLIS_DEFAULT, BODY_TIMEOUT_MILLIS_DEFAULT, IDLE_TIMEOUT_MILLIS_DEFAULT, cores, QueryContext.DEFAULT_TIMEOUT_MILLIS, QueryContext.DEFAULT_MAX_ROWS,
            QueryContext.DEFAULT_MAX_GROUPS, QueryContext.DEFAULT_MAX_JOIN_ROWS, AVATICA_IDLE_MILLIS_DEFAULT,
            TableIngest.Options.DEFAULT.maxRows(), TableIngest.Options.DEFAULT.maxAgeMillis(), List.of(), List.of(),
            List.of(), PG_PORT_OFF);
    }

    public static ServerConfig load(final Path file) throws IOException
    {
        final JsonNode root;
        try
        {
            root = MAPPER.readTree(Files.readString(file));
        }
        catch (final IOException ex)
        {
            throw new InvalidConfigException(file + ": not valid JSON: " + ex.getMessage());
        }
        return parse(root);
    }

    public static ServerConfig parse(final JsonNode root)
    {
        if (root == null || !root.isObject())
        {
            throw new InvalidConfigException("the config must be a JSON object");
        }
        final ServerConfig d = defaults();
        checkFields(root, "", List.of("bind", "port", "dataDir", "http", "query", "avatica", "ingest", "users",
            "tables", "loadDirs", "pg"));
        final JsonNode http = object(root, "http");
        final JsonNode query = object(root, "query");
        final JsonNode avatica = object(root, "avatica");
        final JsonNode ingest = object(root, "ingest");
        final JsonNode pg = object(root, "pg");
        checkFields(pg, "pg.", List.of("port"));
        checkFields(http, "http.", List.of("maxRequestBytes", "workerThreads", "maxConcurrentQueries",
            "headerTimeoutMillis", "bodyTimeoutMillis", "idleTimeoutMillis"));
        checkFields(query, "query.", List.of("threads", "timeoutMillis", "maxRows", "maxGroups", "maxJoinRows"));
        checkFields(avatica, "avatica.", List.of("connectionIdleMillis"));
        checkFields(ingest, "ingest.", List.of("maxRowsInMemory", "maxAgeMillis"));
        final List<User> users = new ArrayList<>();
        final JsonNode userList = root.path("users");
        requireArray(userList, "users");
        for (int i = 0; i < userList.size(); i++)
        {
            users.add(user(userList.get(i), "users[" + i + "]"));
        }
        final List<TableSpec> tables = new ArrayList<>();
        final JsonNode tableList = root.path("tables");
        requireArray(tableList, "tables");
        for (int i = 0; i < tableList.size(); i++)
        {
            try
            {
                tables.add(TableSpec.parse(tableList.get(i)));
            }
            catch (final InvalidTableSpecException ex)
            {
                throw new InvalidConfigException("tables[" + i + "]." + ex.getMessage());
            }
        }
        final List<Path> loadDirs = new ArrayList<>();
        final JsonNode dirList = root.path("loadDirs");
        requireArray(dirList, "loadDirs");
        for (int i = 0; i < dirList.size(); i++)
        {
            require(dirList.get(i).isTextual(), "loadDirs[" + i + "]", "must be a directory path");
            loadDirs.add(Path.of(dirList.get(i).asText()));
        }
        return new ServerConfig(
            text(root, "bind", d.bind),
            (int)number(root, "port", d.port),
            Path.of(text(root, "dataDir", d.dataDir.toString())),
            (int)number(http, "http.maxRequestBytes", d.maxRequestBytes),
            (int)number(http, "http.workerThreads", d.workerThreads),
            (int)number(http, "http.maxConcurrentQueries", d.maxConcurrentQueries),
            number(http, "http.headerTimeoutMillis", d.headerTimeoutMillis),
            number(http, "http.bodyTimeoutMillis", d.bodyTimeoutMillis),
            number(http, "http.idleTimeoutMillis", d.idleTimeoutMillis),
            (int)number(query, "query.threads", d.queryThreads),
            number(query, "query.timeoutMillis", d.queryTimeoutMillis),
            number(query, "query.maxRows", d.maxRows),
            number(query, "query.maxGroups", d.maxGroups),
            number(query, "query.maxJoinRows", d.maxJoinRows),
            number(avatica, "avatica.connectionIdleMillis", d.avaticaIdleMillis),
            (int)number(ingest, "ingest.maxRowsInMemory", d.ingestMaxRowsInMemory),
            number(ingest, "ingest.maxAgeMillis", d.ingestMaxAgeMillis),
            users, tables, loadDirs, (int)number(pg, "pg.port", d.pgPort));
    }

    public ServerConfig withBind(final String value)
    {
        return new ServerConfig(value, port, dataDir, maxRequestBytes, workerThreads, maxConcurrentQueries,
            headerTimeoutMillis, bodyTimeoutMillis, idleTimeoutMillis, queryThreads, queryTimeoutMillis, maxRows, maxGroups, maxJoinRows, avaticaIdleMillis,
            ingestMaxRowsInMemory, ingestMaxAgeMillis, users, tables, loadDirs, pgPort);
    }

    public ServerConfig withPort(final int value)
    {
        return new ServerConfig(bind, value, dataDir, maxRequestBytes, workerThreads, maxConcurrentQueries,
            headerTimeoutMillis, bodyTimeoutMillis, idleTimeoutMillis, queryThreads, queryTimeoutMillis, maxRows, maxGroups, maxJoinRows, avaticaIdleMillis,
            ingestMaxRowsInMemory, ingestMaxAgeMillis, users, tables, loadDirs, pgPort);
    }

    public ServerConfig withDataDir(final Path value)
    {
        return new ServerConfig(bind, port, value, maxRequestBytes, workerThreads, maxConcurrentQueries,
            headerTimeoutMillis, bodyTimeoutMillis, idleTimeoutMillis, queryThreads, queryTimeoutMillis, maxRows, maxGroups, maxJoinRows, avaticaIdleMillis,
            ingestMaxRowsInMemory, ingestMaxAgeMillis, users, tables, loadDirs, pgPort);
    }

    public ServerConfig withUsers(final List<User> value)
    {
        return new ServerConfig(bind, port, dataDir, maxRequestBytes, workerThreads, maxConcurrentQueries,
            headerTimeoutMillis, bodyTimeoutMillis, idleTimeoutMillis, queryThreads, queryTimeoutMillis, maxRows, maxGroups, maxJoinRows, avaticaIdleMillis,
            ingestMaxRowsInMemory, ingestMaxAgeMillis, value, tables, loadDirs, pgPort);
    }

    public ServerConfig withTables(final List<TableSpec> value)
    {
        return new ServerConfig(bind, port, dataDir, maxRequestBytes, workerThreads, maxConcurrentQueries,
            headerTimeoutMillis, bodyTimeoutMillis, idleTimeoutMillis, queryThreads, queryTimeoutMillis, maxRows, maxGroups, maxJoinRows, avaticaIdleMillis,
            ingestMaxRowsInMemory, ingestMaxAgeMillis, users, value, loadDirs, pgPort);
    }

    public ServerConfig withLimits(final int requestBytes, final int concurrentQueries, final long timeoutMillis)
    {
        return new ServerConfig(bind, port, dataDir, requestBytes, workerThreads, concurrentQueries,
            headerTimeoutMillis, bodyTimeoutMillis, idleTimeoutMillis, queryThreads, timeoutMillis, maxRows, maxGroups, maxJoinRows, avaticaIdleMillis,
            ingestMaxRowsInMemory, ingestMaxAgeMillis, users, tables, loadDirs, pgPort);
    }

    public ServerConfig withLoadDirs(final List<Path> value)
    {
        return new ServerConfig(bind, port, dataDir, maxRequestBytes, workerThreads, maxConcurrentQueries,
            headerTimeoutMillis, bodyTimeoutMillis, idleTimeoutMillis, queryThreads, queryTimeoutMillis, maxRows, maxGroups, maxJoinRows, avaticaIdleMillis,
            ingestMaxRowsInMemory, ingestMaxAgeMillis, users, tables, value, pgPort);
    }

    public ServerConfig withHttpTimeouts(final long headerMillis, final long bodyMillis)
    {
        return new ServerConfig(bind, port, dataDir, maxRequestBytes, workerThreads, maxConcurrentQueries,
            headerMillis, bodyMillis, idleTimeoutMillis, queryThreads, queryTimeoutMillis, maxRows, maxGroups,
            maxJoinRows, avaticaIdleMillis, ingestMaxRowsInMemory, ingestMaxAgeMillis, users, tables, loadDirs, pgPort);
    }

    public ServerConfig withIdleTimeoutMillis(final long value)
    {
        return new ServerConfig(bind, port, dataDir, maxRequestBytes, workerThreads, maxConcurrentQueries,
            headerTimeoutMillis, bodyTimeoutMillis, value, queryThreads, queryTimeoutMillis, maxRows, maxGroups,
            maxJoinRows, avaticaIdleMillis, ingestMaxRowsInMemory, ingestMaxAgeMillis, users, tables, loadDirs, pgPort);
    }

    public ServerConfig withAvaticaIdleMillis(final long value)
    {
        return new ServerConfig(bind, port, dataDir, maxRequestBytes, workerThreads, maxConcurrentQueries,
            headerTimeoutMillis, bodyTimeoutMillis, idleTimeoutMillis, queryThreads, queryTimeoutMillis, maxRows, maxGroups, maxJoinRows, value,
            ingestMaxRowsInMemory, ingestMaxAgeMillis, users, tables, loadDirs, pgPort);
    }

    public ServerConfig withPgPort(final int value)
    {
        return new ServerConfig(bind, port, dataDir, maxRequestBytes, workerThreads, maxConcurrentQueries,
            headerTimeoutMillis, bodyTimeoutMillis, idleTimeoutMillis, queryThreads, queryTimeoutMillis, maxRows,
            maxGroups, maxJoinRows, avaticaIdleMillis, ingestMaxRowsInMemory, ingestMaxAgeMillis, users, tables,
            loadDirs, value);
    }

    /** Whether the PostgreSQL wire protocol listener runs. */
    public boolean isPgEnabled()
    {
        return pgPort != PG_PORT_OFF;
    }

    public boolean isAuthEnabled()
    {
        return !users.isEmpty();
    }

    /**
     * Refuses settings that would expose data: listening on anything but loopback with no user configured.
     *
     * @throws InvalidConfigException saying why and what to do.
     */
    public void checkSafeToServe()
    {
        if (isAuthEnabled())
        {
            return;
        }
        final boolean isLoopback;
        try
        {
            isLoopback = InetAddress.getByName(bind).isLoopbackAddress();
        }
        catch (final UnknownHostException ex)
        {
            throw new InvalidConfigException("bind: unknown address '" + bind + "'");
        }
        if (!isLoopback)
        {
            throw new InvalidConfigException("refusing to listen on " + bind + " with no users configured: anyone " +
                "who can reach it could read and change every table. Add users to the config (bin/tally hash " +
                "prints password and token hashes), or bind 127.0.0.1.");
        }
    }

    private static User user(final JsonNode node, final String path)
    {
        if (!node.isObject())
        {
            throw new InvalidConfigException(path + ": must be an object");
        }
        checkFields(node, path + ".", List.of("name", "password", "tokens", "grants"));
        final String name = text(node, path + ".name", null);
        if (name == null || name.isBlank())
        {
            throw new InvalidConfigException(path + ".name: required");
        }
        final String password = text(node, path + ".password", null);
        if (password != null)
        {
            final String problem = Secrets.checkPasswordHash(password);
            require(problem == null, path + ".password", problem);
        }
        final List<String> tokens = new ArrayList<>();
        final JsonNode tokenList = node.path("tokens");
        requireArray(tokenList, path + ".tokens");
        for (int i = 0; i < tokenList.size(); i++)
        {
            final String token = tokenList.get(i).asText();
            final String problem = Secrets.checkTokenHash(token);
            require(problem == null, path + ".tokens[" + i + "]", problem);
            tokens.add(token);
        }
        require(password != null || !tokens.isEmpty(), path, "needs a password or a token");
        final Map<String, Set<Access>> grants = new LinkedHashMap<>();
        final JsonNode grantNode = node.path("grants");
        if (!grantNode.isMissingNode() && !grantNode.isObject())
        {
            throw new InvalidConfigException(path + ".grants: must be an object of table -> [\"read\", \"write\"]");
        }
        for (final Iterator<Map.Entry<String, JsonNode>> it = grantNode.fields(); it.hasNext(); )
        {
            final Map.Entry<String, JsonNode> grant = it.next();
            final String grantPath = path + ".grants." + grant.getKey();
            requireArray(grant.getValue(), grantPath);
            final Set<Access> access = EnumSet.noneOf(Access.class);
            for (final JsonNode item : grant.getValue())
            {
                try
                {
                    access.add(Access.valueOf(item.asText().toUpperCase(Locale.ROOT)));
                }
                catch (final IllegalArgumentException ex)
                {
                    throw new InvalidConfigException(grantPath + ": unknown access '" + item.asText() +
                        "' (expected read or write)");
                }
            }
            grants.put(grant.getKey(), access);
        }
        return new User(name, password, tokens, grants);
    }

    private static JsonNode object(final JsonNode root, final String field)
    {
        final JsonNode node = root.path(field);
        if (node.isMissingNode())
        {
            return MAPPER.createObjectNode();
        }
        if (!node.isObject())
        {
            throw new InvalidConfigException(field + ": must be an object");
        }
        return (ObjectNode)node;
    }

    private static void checkFields(final JsonNode node, final String prefix, final List<String> known)
    {
        for (final Iterator<String> it = node.fieldNames(); it.hasNext(); )
        {
            final String field = it.next();
            if (!known.contains(field))
            {
                throw new InvalidConfigException(prefix + field + ": unknown field (expected one of " + known + ")");
            }
        }
    }

    private static void requireArray(final JsonNode node, final String path)
    {
        require(node.isMissingNode() || node.isArray(), path, "must be an array");
    }

    private static String text(final JsonNode node, final String path, final String fallback)
    {
        final JsonNode value = node.path(path.substring(path.lastIndexOf('.') + 1));
        if (value.isMissingNode() || value.isNull())
        {
            return fallback;
        }
        require(value.isTextual(), path, "must be a string");
        return value.asText();
    }

    private static long number(final JsonNode node, final String path, final long fallback)
    {
        final JsonNode value = node.path(path.substring(path.lastIndexOf('.') + 1));
        if (value.isMissingNode() || value.isNull())
        {
            return fallback;
        }
        require(value.isIntegralNumber(), path, "must be an integer");
        return value.asLong();
    }

    private static void require(final boolean condition, final String path, final String problem)
    {
        if (!condition)
        {
            throw new InvalidConfigException(path + ": " + problem);
        }
    }
}
