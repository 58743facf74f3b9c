package dev.tally.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.ingest.TableIngest;
import dev.tally.ingest.batch.BatchLoadRequest;
import dev.tally.ingest.batch.BatchTask;
import dev.tally.ingest.persist.SegmentLifecycle;
import dev.tally.ingest.restream.RestreamRequest;
import dev.tally.ingest.restream.RestreamResult;
import dev.tally.server.auth.Access;
import dev.tally.server.http.ApiException;
import dev.tally.server.http.Json;
import dev.tally.server.http.Reply;
import dev.tally.server.http.Request;
import dev.tally.server.tables.Tables;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;

/**
 * Batch loads and segment upkeep over HTTP: {@code POST /v1/tables/{t}/load} (202 with a task id; DESIGN §6's body
 * {@code {"paths", "format", "interval", "replace"}}), {@code GET /v1/tasks/{id}} (the task's progress and outcome),
 * on-demand {@code POST /v1/tables/{t}/compact} and {@code POST /v1/tables/{t}/retention}, and
 * {@code POST /v1/tables/{t}/restream} for Kafka tables. Files are read only
 * from the configured load directories (anywhere when auth is off), so a write grant does not expose the server's
 * file system.
 */
public final class LifecycleEndpoint
{
    private static final List<String> LOAD_FIELDS = List.of("paths", "format", "interval", "replace");

    private final Tables tables;
    private final List<Path> loadDirs;
    private final boolean isAuthEnabled;

    public LifecycleEndpoint(final Tables tables, final List<Path> loadDirs, final boolean isAuthEnabled)
    {
        this.tables = tables;
        this.loadDirs = loadDirs;
        this.isAuthEnabled = isAuthEnabled;
    }

    public Reply load(final Request request) throws IOException
    {
        final TableIngest table = TablesEndpoint.table(request, tables, Access.WRITE);
        final JsonNode body = Json.parseObject(request.body(), "load request");
        for (final Iterator<String> it = body.fieldNames(); it.hasNext(); )
        {
            final String field = it.next();
            if (!LOAD_FIELDS.contains(field))
            {
                throw ApiException.badRequest(field + ": unknown field (expected one of " + LOAD_FIELDS + ")");
            }
        }
        final JsonNode paths = body.path("paths");
        if (!paths.isArray() || paths.isEmpty())
        {
            throw ApiException.badRequest("paths: required, a non-empty array of file paths on the server");
        }
        final List<String> files = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++)
        {
            files.add(checkedPath(paths.get(i), "paths[" + i + "]"));
        }
        if (!body.path("interval").isTextual())
        {
            throw ApiException.badRequest("interval: required, ISO-8601 start/end such as " +
                "2026-01-01T00:00Z/2026-01-02T00:00Z");
        }
        final JsonNode replace = body.path("replace");
        if (!replace.isMissingNode() && !replace.isBoolean())
        {
            throw ApiException.badRequest("replace: must be true or false");
        }
        final BatchLoadRequest load;
        try
        {
            load = BatchLoadRequest.of(files, body.path("format").asText("json"), body.path("interval").asText(),
                replace.asBoolean(false));
        }
        catch (final IllegalArgumentException ex)
        {
            throw ApiException.badRequest(ex.getMessage());
        }
        final BatchTask task = table.startBatchLoad(load);
        return Reply.json(HttpResponseStatus.ACCEPTED, Json.write(json ->
        {
            json.writeStartObject();
            json.writeStringField("task", task.status().id());
            json.writeEndObject();
        }));
    }

    public Reply task(final Request request)
    {
        final String id = request.segment(2);
        for (final String name : tables.tableNames())
        {
            final TableIngest table = tables.get(name);
            final Optional<BatchTask> task = table == null ? Optional.empty() : table.batchTask(id);
            if (task.isPresent() && request.principal().may(Access.READ, name))
            {
                return Reply.json(HttpResponseStatus.OK, status(task.get().status()));
            }
        }
        throw new ApiException(HttpResponseStatus.NOT_FOUND, ApiException.NOT_FOUND, "no task with id '" + id + "'");
    }

    public Reply compact(final Request request) throws IOException, InterruptedException
    {
        final SegmentLifecycle.CompactionReport report =
            TablesEndpoint.table(request, tables, Access.WRITE).compactNow();
        return Reply.json(HttpResponseStatus.OK, Json.write(json ->
        {
            json.writeStartObject();
            json.writeNumberField("chunks", report.chunks());
            json.writeNumberField("segmentsIn", report.segmentsIn());
            json.writeNumberField("rowsIn", report.rowsIn());
            json.writeNumberField("rowsOut", report.rowsOut());
            json.writeNumberField("events", report.events());
            json.writeNumberField("rollupRatio", report.rollupRatio());
            json.writeNumberField("millis", report.millis());
            json.writeEndObject();
        }));
    }

    public Reply retention(final Request request) throws IOException, InterruptedException
    {
        final int dropped = TablesEndpoint.table(request, tables, Access.WRITE).applyRetentionNow();
        return Reply.json(HttpResponseStatus.OK, Json.write(json ->
        {
            json.writeStartObject();
            json.writeNumberField("segmentsDropped", dropped);
            json.writeEndObject();
        }));
    }

    /**
     * Re-streams a Kafka table: {@code {"timestamp": "2026-01-01T00:00Z"}} or {@code {"offsets": {"0": 123}}}. Answers
     * once the reset is committed; the table's status shows the re-stream until it has caught up.
     */
    public Reply restream(final Request request) throws Exception
    {
        final TableIngest table = TablesEndpoint.table(request, tables, Access.WRITE);
        final JsonNode body = Json.parseObject(request.body(), "re-stream request");
        final JsonNode timestamp = body.path("timestamp");
        final JsonNode offsets = body.path("offsets");
        if (timestamp.isMissingNode() == offsets.isMissingNode() || body.size() != 1)
        {
            throw ApiException.badRequest("give exactly one of timestamp (ISO-8601) or offsets ({\"partition\": " +
                "offset})");
        }
        final RestreamRequest restream;
        if (!timestamp.isMissingNode())
        {
            try
            {
                restream = RestreamRequest.fromTimestamp(Instant.parse(timestamp.asText()).toEpochMilli());
            }
            catch (final java.time.format.DateTimeParseException ex)
            {
                throw ApiException.badRequest("timestamp: not an ISO-8601 instant: '" + timestamp.asText() + "'");
            }
        }
        else
        {
            if (!offsets.isObject() || offsets.isEmpty())
            {
                throw ApiException.badRequest("offsets: must be a non-empty object of partition -> offset");
            }
            final Map<Integer, Long> byPartition = new TreeMap<>();
            for (final Iterator<Map.Entry<String, JsonNode>> it = offsets.fields(); it.hasNext(); )
            {
                final Map.Entry<String, JsonNode> entry = it.next();
                if (!entry.getKey().matches("\\d{1,9}") || !entry.getValue().isIntegralNumber())
                {
                    throw ApiException.badRequest("offsets." + entry.getKey() + ": partitions are numbers and " +
                        "offsets integers");
                }
                byPartition.put(Integer.parseInt(entry.getKey()), entry.getValue().asLong());
            }
            restream = RestreamRequest.fromOffsets(byPartition);
        }
        final RestreamResult result;
        try
        {
            result = table.restream(restream);
        }
        catch (final IllegalArgumentException | UnsupportedOperationException ex)
        {
            throw ApiException.badRequest(ex.getMessage());
        }
        return Reply.json(HttpResponseStatus.OK, Json.write(json ->
        {
            json.writeStartObject();
            json.writeStringField("chunkStart", result.chunkStart() == Long.MIN_VALUE ? null :
                Instant.ofEpochMilli(result.chunkStart()).toString());
            json.writeNumberField("segmentsDropped", result.segmentsDropped());
            json.writeNumberField("eventsDropped", result.eventsDropped());
            json.writeObjectFieldStart("resetOffsets");
            for (final Map.Entry<Integer, Long> offset : result.resetOffsets().entrySet())
            {
                json.writeNumberField(Integer.toString(offset.getKey()), offset.getValue());
            }
            json.writeEndObject();
            json.writeEndObject();
        }));
    }

    /**
     * The file's real path, once it lies in a load directory and exists. Where the path points is checked before
     * whether a file is there, so that a writer cannot learn which files exist elsewhere on the server; the real path
     * is checked again, so that a link inside a load directory does not lead out of it.
     */
    private String checkedPath(final JsonNode value, final String field) throws IOException
    {
        if (!value.isTextual() || value.asText().isBlank())
        {
            throw ApiException.badRequest(field + ": must be a file path");
        }
        final Path path;
        try
        {
            path = Path.of(value.asText()).toAbsolutePath().normalize();
        }
        catch (final InvalidPathException ex)
        {
            throw ApiException.badRequest(field + ": not a file path: " + ex.getReason());
        }
        final boolean isAnywhere = loadDirs.isEmpty() && !isAuthEnabled;
        if (!isAnywhere && !isInLoadDir(path))
        {
            throw outsideLoadDirs(value, field);
        }
        if (!Files.isRegularFile(path))
        {
            throw ApiException.badRequest(field + ": no file at '" + value.asText() + "' on the server");
        }
        final Path real = path.toRealPath();
        if (!isAnywhere && !isInLoadDir(real))
        {
            throw outsideLoadDirs(value, field);
        }
        return real.toString();
    }

    /** Whether an absolute, normalized path lies in a load directory, as configured or as its real path. */
    private boolean isInLoadDir(final Path path) throws IOException
    {
        for (final Path dir : loadDirs)
        {
            if (path.startsWith(dir) || Files.isDirectory(dir) && path.startsWith(dir.toRealPath()))
            {
                return true;
            }
        }
        return false;
    }

    private ApiException outsideLoadDirs(final JsonNode value, final String field)
    {
        return new ApiException(HttpResponseStatus.FORBIDDEN, ApiException.FORBIDDEN, field + ": '" + value.asText() +
            "' is outside the directories batch loads may read (config loadDirs: " + loadDirs + ")");
    }

    private static byte[] status(final BatchTask.Status status)
    {
        return Json.write(json ->
        {
            json.writeStartObject();
            json.writeStringField("id", status.id());
            json.writeStringField("table", status.table());
            json.writeStringField("state", status.state().name());
            json.writeStringField("interval", status.interval());
            json.writeBooleanField("replace", status.replace());
            json.writeNumberField("eventsRead", status.eventsRead());
            json.writeNumberField("eventsLoaded", status.eventsLoaded());
            json.writeNumberField("eventsSkipped", status.eventsSkipped());
            json.writeNumberField("eventsRejected", status.eventsRejected());
            TablesEndpoint.writeRejections(json, "rejected", status.rejected(), status.samples());
            json.writeNumberField("segments", status.segments());
            json.writeStringField("created", Instant.ofEpochMilli(status.createdMillis()).toString());
            json.writeStringField("finished", TablesEndpoint.instant(status.finishedMillis()));
            json.writeStringField("error", status.error());
            json.writeEndObject();
        });
    }
}
