package dev.tally.server.api;

import dev.tally.ingest.TableIngest;
import dev.tally.ingest.journal.JournalUnavailableException;
import dev.tally.ingest.journal.PushJournal;
import dev.tally.ingest.record.EventParser;
import dev.tally.server.ServerMetrics;
import dev.tally.server.auth.Access;
import dev.tally.server.http.ApiException;
import dev.tally.server.http.Json;
import dev.tally.server.http.Reply;
import dev.tally.server.http.Request;
import dev.tally.server.tables.Tables;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /v1/tables/{t}/events}: NDJSON pushed into a push table. Each line is parsed with the table's spec as
 * ingest will parse it; good lines are appended to the table's journal and the answer (200) comes only once the
 * journal holds them. Bad lines are counted, sampled and dead-lettered like any rejected event, and listed in the
 * answer (the first {@value #MAX_ERRORS}): {@code {"accepted": n, "rejected": m, "errors": [{"line", "reason"}]}}.
 * When the journal's disk is full the answer is 503 {@code Storage unavailable} with {@code Retry-After}: the pusher
 * backs off and sends again, nothing is dropped silently.
 */
public final class EventsEndpoint
{
    public static final int MAX_ERRORS = 100;

    private final Tables tables;
    private final ServerMetrics metrics;

    private record LineError(int line, String reason)
    {
    }

    public EventsEndpoint(final Tables tables, final ServerMetrics metrics)
    {
        this.tables = tables;
        this.metrics = metrics;
    }

    /**
     * 503 with {@code Retry-After}: the journal's disk is full. Nothing of the batch was journaled unless the message
     * says how many of its first events were (those will be ingested; resend the rest).
     */
    private static Reply journalUnavailable(final JournalUnavailableException ex)
    {
        final String message = ex.appended() == 0 ? ex.getMessage() + "; nothing of this request was journaled, " +
            "send it again later" : ex.getMessage() + "; the first " + ex.appended() + " accepted lines were " +
            "journaled and will be ingested, send only the rest again later";
        return Reply.json(HttpResponseStatus.SERVICE_UNAVAILABLE, Json.error(ApiException.UNAVAILABLE, message,
                JournalUnavailableException.class.getName()))
            .withHeaders(Map.of(HttpHeaderNames.RETRY_AFTER.toString(), "1"));
    }

    public Reply push(final Request request)
    {
        final TableIngest table = TablesEndpoint.table(request, tables, Access.WRITE);
        final PushJournal journal = table.pushJournal();
        if (journal == null)
        {
            throw ApiException.badRequest("table '" + table.spec().name() + "' ingests from Kafka topic '" +
                table.spec().source().topic() + "'; push events to that topic, or create a table whose source " +
                "is {\"type\": \"push\"}");
        }
        final EventParser parser = new EventParser(table.spec(), table.errors());
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[parser.maxRecordLength()]);
        final byte[] body = request.body();
        final List<byte[]> accepted = new ArrayList<>();
        final List<LineError> errors = new ArrayList<>();
        int rejected = 0;
        int line = 0;
        int start = 0;
        while (start < body.length)
        {
            int end = start;
            while (end < body.length && body[end] != '\n')
            {
                end++;
            }
            line++;
            final int length = (end > start && body[end - 1] == '\r' ? end - 1 : end) - start;
            if (!isBlank(body, start, length))
            {
                parser.parse(body, start, length, 0, -1, scratch, 0, scratch.capacity());
                if (parser.lastError() == null)
                {
                    accepted.add(Arrays.copyOfRange(body, start, start + length));
                }
                else
                {
                    rejected++;
                    if (errors.size() < MAX_ERRORS)
                    {
                        errors.add(new LineError(line, parser.lastError().name().toLowerCase(Locale.ROOT) + ": " +
                            parser.lastError().description()));
                    }
                }
            }
            start = end + 1;
        }
        if (!accepted.isEmpty())
        {
            try
            {
                journal.append(accepted);
            }
            catch (final JournalUnavailableException ex)
            {
                metrics.onPush(table.spec().name(), ex.appended(), rejected);
                return journalUnavailable(ex);
            }
        }
        metrics.onPush(table.spec().name(), accepted.size(), rejected);
        final int rejectedLines = rejected;
        return Reply.json(HttpResponseStatus.OK, Json.write(json ->
        {
            json.writeStartObject();
            json.writeNumberField("accepted", accepted.size());
            json.writeNumberField("rejected", rejectedLines);
            json.writeArrayFieldStart("errors");
            for (final LineError error : errors)
            {
                json.writeStartObject();
                json.writeNumberField("line", error.line());
                json.writeStringField("reason", error.reason());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }));
    }

    private static boolean isBlank(final byte[] bytes, final int offset, final int length)
    {
        for (int i = offset; i < offset + length; i++)
        {
            if (bytes[i] != ' ' && bytes[i] != '\t')
            {
                return false;
            }
        }
        return true;
    }
}
