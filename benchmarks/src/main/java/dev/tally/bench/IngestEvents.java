package dev.tally.bench;

import dev.tally.ingest.record.EventParser;
import dev.tally.ingest.record.IngestErrors;
import dev.tally.ingest.sample.WebEvent;
import dev.tally.ingest.sample.WebEventGenerator;
import dev.tally.ingest.source.RecordBatcher;
import dev.tally.storage.schema.TableSpec;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The generated web events as the ingest kernels take them: JSON lines, and the binary record batches parsed from them. */
public final class IngestEvents
{
    private IngestEvents()
    {
    }

    /** The generator's events, one UTF-8 JSON object each. */
    public static byte[][] json(final WebEventGenerator generator, final int count)
    {
        final WebEvent event = new WebEvent();
        final StringBuilder text = new StringBuilder();
        final byte[][] json = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            text.setLength(0);
            json[i] = generator.next(event).appendJson(text).toString().getBytes(StandardCharsets.UTF_8);
        }
        return json;
    }

    /** The events as the ring buffer carries them: batches of records of up to {@link RecordBatcher#BATCH_BYTES_DEFAULT}. */
    public static List<UnsafeBuffer> records(final TableSpec spec, final byte[][] json)
    {
        final EventParser parser = new EventParser(spec, new IngestErrors());
        final List<UnsafeBuffer> batches = new ArrayList<>();
        final UnsafeBuffer batch = new UnsafeBuffer(new byte[RecordBatcher.BATCH_BYTES_DEFAULT]);
        int length = 0;
        for (int i = 0; i < json.length; i++)
        {
            int written = parser.parse(json[i], 0, json[i].length, 0, i, batch, length, batch.capacity());
            if (written == 0)
            {
                batches.add(new UnsafeBuffer(Arrays.copyOf(batch.byteArray(), length)));
                length = 0;
                written = parser.parse(json[i], 0, json[i].length, 0, i, batch, 0, batch.capacity());
            }
            length += written;
        }
        batches.add(new UnsafeBuffer(Arrays.copyOf(batch.byteArray(), length)));
        return batches;
    }
}
