package dev.tally.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tally.ingest.IngestStatus;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tally.ingest.TableIngest;
import dev.tally.ingest.persist.LifecycleStatus;
import dev.tally.ingest.restream.RestreamStatus;
import dev.tally.ingest.record.IngestErrors;
import dev.tally.ingest.record.ParseError;
import dev.tally.server.auth.Access;
import dev.tally.server.auth.Principal;
import dev.tally.server.http.ApiException;
import dev.tally.server.http.Json;
import dev.tally.server.http.Reply;
import dev.tally.server.http.Request;
import dev.tally.server.tables.TableExistsException;
import dev.tally.server.tables.Tables;
import dev.tally.storage.schema.TableSpec;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The table API of DESIGN §6: {@code GET /v1/tables} (the specs the caller may read), {@code POST /v1/tables}
 * (create: 201, 409 if it exists, 400 naming the bad field), {@code GET}/{@code PUT}/{@code DELETE /v1/tables/{t}}
 * and {@code GET /v1/tables/{t}/status}. Reading needs the table's read grant, changing it the write grant.
 */
public final class TablesEndpoint
{
    private final Tables tables;

    public TablesEndpoint(final Tables tables)
    {
        this.tables = tables;
    }

    public Reply list(final Request request)
    {
        final ArrayNode specs = Json.MAPPER.createArrayNode();
        for (final TableSpec spec : tables.specs())
        {
            if (request.principal().may(Access.READ, spec.name()))
            {
                specs.add(spec.toJsonNode());
            }
        }
        return Reply.json(HttpResponseStatus.OK, Json.write(specs));
    }

    public Reply create(final Request request) throws Exception
    {
        final TableSpec spec = TableSpec.parse(Json.parseObject(request.body(), "table spec"));
        require(request.principal(), Access.WRITE, spec.name());
        try
        {
            tables.create(spec);
        }
        catch (final TableExistsException ex)
        {
            throw new ApiException(HttpResponseStatus.CONFLICT, ApiException.CONFLICT, ex.getMessage(), ex);
        }
        return Reply.json(HttpResponseStatus.CREATED, Json.write(spec.toJsonNode()));
    }

    public Reply get(final Request request)
    {
        return Reply.json(HttpResponseStatus.OK, Json.write(table(request, Access.READ).spec().toJsonNode()));
    }

    public Reply replace(final Request request) throws Exception
    {
        final String name = request.segment(2);
        table(request, Access.WRITE);
        final JsonNode body = Json.parseObject(request.body(), "table spec");
        final TableSpec spec = TableSpec.parse(body);
        if (!spec.name().equals(name))
        {
            throw ApiException.badRequest("name: the spec names table '" + spec.name() + "' but the path names '" +
                name + "'; a table cannot be renamed");
        }
        if (tables.replace(spec) == null)
        {
            throw ApiException.unknownTable(name);
        }
        return Reply.json(HttpResponseStatus.OK, Json.write(spec.toJsonNode()));
    }

    public Reply drop(final Request request) throws Exception
    {
        final String name = request.segment(2);
        // a table that failed to open can be dropped too: that is how its name is freed
        require(request.principal(), Access.WRITE, name);
        if (!tables.drop(name))
        {
            throw ApiException.unknownTable(name);
        }
        return Reply.json(HttpResponseStatus.OK, Json.write(json ->
        {
            json.writeStartObject();
            json.writeStringField("dropped", name);
            json.writeEndObject();
        }));
    }

    public Reply status(final Request request)
    {
        final String name = request.segment(2);
        require(request.principal(), Access.READ, name);
        final Tables.FailedTable failed = tables.failed(name);
        if (failed != null && tables.get(name) == null)
        {
            return failedStatus(failed);
        }
        final IngestStatus status = table(request, Access.READ).status();
        return Reply.json(HttpResponseStatus.OK, Json.write(json ->
        {
            json.writeStartObject();
            json.writeStringField("table", status.table());
            json.writeStringField("ingestState", status.state().name().toLowerCase(Locale.ROOT));
            json.writeStringField("pauseReason", status.pauseReason());
            json.writeNumberField("eventsIn", status.eventsIn());
            json.writeNumberField("committedEvents", status.committedEvents());
            json.writeNumberField("rows", status.rows());
            json.writeNumberField("rollupRatio", status.rollupRatio());
            json.writeNumberField("segments", status.segments());
            json.writeStringField("lastPersist", instant(status.lastPersistMillis()));
            json.writeStringField("lastPersistError", status.lastPersistError());
            json.writeNumberField("persistFailures", status.persistFailures());
            json.writeArrayFieldStart("damage");
            for (final IngestStatus.Damage damage : status.damage())
            {
                writeDamage(json, damage.part(), damage.file(), damage.problem(), damage.detectedAtMillis());
            }
            json.writeEndArray();
            writeRejections(json, "parseErrors", status.parseErrors(), status.samples());
            json.writeArrayFieldStart("partitions");
            for (final IngestStatus.PartitionStatus partition : status.partitions())
            {
                json.writeStartObject();
                json.writeNumberField("partition", partition.partition());
                json.writeNumberField("committedOffset", partition.committedOffset());
                json.writeNumberField("latestOffset", partition.latestOffset());
                json.writeNumberField("lag", partition.lag());
                json.writeEndObject();
            }
            json.writeEndArray();
            final LifecycleStatus lifecycle = status.lifecycle();
            json.writeObjectFieldStart("lifecycle");
            json.writeStringField("lastCompaction", instant(lifecycle.lastCompactionMillis()));
            json.writeNumberField("chunksCompacted", lifecycle.chunksCompacted());
            json.writeNumberField("segmentsCompacted", lifecycle.segmentsCompacted());
            json.writeNumberField("rowsBeforeCompaction", lifecycle.rowsBeforeCompaction());
            json.writeNumberField("rowsAfterCompaction", lifecycle.rowsAfterCompaction());
            json.writeNumberField("rollupRatioAfterCompaction", lifecycle.rollupRatioAfterCompaction());
            json.writeStringField("lastRetention", instant(lifecycle.lastRetentionMillis()));
            json.writeNumberField("segmentsDropped", lifecycle.segmentsDropped());
            json.writeStringField("lastError", lifecycle.lastError());
            json.writeEndObject();
            writeRestream(json, status.restream());
            json.writeEndObject();
        }));
    }

    /** The status of a table that could not be opened: what failed, so an operator can repair or drop it. */
    private static Reply failedStatus(final Tables.FailedTable failed)
    {
        return Reply.json(HttpResponseStatus.OK, Json.write(json ->
        {
            json.writeStartObject();
            json.writeStringField("table", failed.name());
            json.writeStringField("ingestState", "failed");
            json.writeStringField("error", failed.error());
            json.writeArrayFieldStart("damage");
            writeDamage(json, "table", failed.dir().toString(), failed.error(), failed.atMillis());
            json.writeEndArray();
            json.writeEndObject();
        }));
    }

    /** One damaged part in a status's {@code damage} list. */
    private static void writeDamage(final JsonGenerator json, final String part, final String file,
        final String problem, final long detectedMillis) throws IOException
    {
        json.writeStartObject();
        json.writeStringField("part", part);
        json.writeStringField("file", file);
        json.writeStringField("problem", problem);
        json.writeStringField("detected", instant(detectedMillis));
        json.writeEndObject();
    }

    private static void writeRestream(final JsonGenerator json, final RestreamStatus restream) throws IOException
    {
        if (restream == null)
        {
            json.writeNullField("restream");
            return;
        }
        json.writeObjectFieldStart("restream");
        json.writeStringField("chunkStart", restream.chunkStart() == Long.MIN_VALUE ? null :
            Instant.ofEpochMilli(restream.chunkStart()).toString());
        json.writeBooleanField("inProgress", restream.inProgress());
        json.writeStringField("requested", instant(restream.requestedAtMillis()));
        json.writeStringField("finished", instant(restream.finishedAtMillis()));
        json.writeNumberField("eventsSkippedAsStored", restream.eventsSkippedAsStored());
        json.writeArrayFieldStart("partitions");
        for (final RestreamStatus.Partition partition : restream.partitions())
        {
            json.writeStartObject();
            json.writeNumberField("partition", partition.partition());
            json.writeNumberField("resetOffset", partition.resetOffset());
            json.writeNumberField("storedOffset", partition.storedOffset());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    /** Rejected events as the status shows them: counts by reason under {@code countsField}, then the samples. */
    static void writeRejections(final JsonGenerator json, final String countsField, final Map<ParseError, Long> counts,
        final List<IngestErrors.Sample> samples) throws IOException
    {
        json.writeObjectFieldStart(countsField);
        for (final Map.Entry<ParseError, Long> error : counts.entrySet())
        {
            json.writeNumberField(error.getKey().name().toLowerCase(Locale.ROOT), error.getValue());
        }
        json.writeEndObject();
        json.writeArrayFieldStart("samples");
        for (final IngestErrors.Sample sample : samples)
        {
            json.writeStartObject();
            json.writeStringField("reason", sample.reason().name().toLowerCase(Locale.ROOT));
            json.writeStringField("raw", sample.raw());
            json.writeStringField("position", sample.partition() + ":" + sample.offset());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    static String instant(final long millis)
    {
        return millis > 0 ? Instant.ofEpochMilli(millis).toString() : null;
    }

    /**
     * The table the path's third segment names, once the principal may use it so.
     *
     * @throws ApiException 403 without the grant (checked first, so a name alone reveals nothing), 404 if absent.
     */
    static TableIngest table(final Request request, final Tables tables, final Access access)
    {
        final String name = request.segment(2);
        require(request.principal(), access, name);
        final TableIngest table = tables.get(name);
        if (table == null)
        {
            throw ApiException.unknownTable(name);
        }
        return table;
    }

    private TableIngest table(final Request request, final Access access)
    {
        return table(request, tables, access);
    }

    static void require(final Principal principal, final Access access, final String table)
    {
        if (!principal.may(access, table))
        {
            throw new ApiException(HttpResponseStatus.FORBIDDEN, ApiException.FORBIDDEN, "user '" +
                principal.name() + "' may not " + access.name().toLowerCase(Locale.ROOT) + " table '" + table + "'");
        }
    }
}
