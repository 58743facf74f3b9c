package dev.tally.ingest.batch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads one batch file as events, each handed out as the bytes of one JSON object: an NDJSON file line by line, a
 * CSV file record by record converted by {@link CsvToJson} (so both go through the table's one
 * {@code EventParser}). A name ending in {@code .gz} is gunzipped. Empty lines are not events. Reuses its buffers:
 * an event's bytes are valid until the next {@link #next()}. Owns the open file until closed; single-threaded.
 */
final class EventLines implements AutoCloseable
{
    private static final int READ_BYTES = 1 << 16;

    private final InputStream in;
    private final CsvToJson csv;
    private final byte[] chunk = new byte[READ_BYTES];
    private int chunkPosition;
    private int chunkLimit;
    private byte[] line = new byte[1024];
    private int lineLength;
    private long lineNumber;
    private byte[] event;
    private int eventLength;

    private EventLines(final InputStream in, final boolean isCsv)
    {
        this.in = in;
        this.csv = isCsv ? new CsvToJson() : null;
    }

    static EventLines open(final Path file, final BatchLoadRequest.Format format) throws IOException
    {
        InputStream in = Files.newInputStream(file);
        try
        {
            if (file.getFileName().toString().endsWith(".gz"))
            {
                in = new GZIPInputStream(in, READ_BYTES);
            }
            return new EventLines(in, format == BatchLoadRequest.Format.CSV);
        }
        catch (final IOException | RuntimeException ex)
        {
            in.close();
            throw ex;
        }
    }

    /** Moves to the next event; false at the end of the file. */
    boolean next() throws IOException
    {
        while (readLine())
        {
            if (lineLength == 0)
            {
                continue;
            }
            if (csv == null)
            {
                event = line;
                eventLength = lineLength;
                return true;
            }
            // a quoted CSV field may span lines: keep reading until the record's quotes are closed
            while (!CsvToJson.isComplete(line, lineLength))
            {
                final byte[] head = Arrays.copyOf(line, lineLength);
                if (!readLine())
                {
                    line = head;
                    lineLength = head.length;
                    break;
                }
                final byte[] joined = new byte[head.length + 1 + lineLength];
                System.arraycopy(head, 0, joined, 0, head.length);
                joined[head.length] = '\n';
                System.arraycopy(line, 0, joined, head.length + 1, lineLength);
                line = joined;
                lineLength = joined.length;
            }
            if (!csv.hasHeader())
            {
                csv.readHeader(line, lineLength);
                continue;
            }
            csv.convert(line, lineLength);
            event = csv.json();
            eventLength = csv.jsonLength();
            return true;
        }
        return false;
    }

    byte[] event()
    {
        return event;
    }

    int eventLength()
    {
        return eventLength;
    }

    /** 1-based number of the line the current event ends on. */
    long lineNumber()
    {
        return lineNumber;
    }

    @Override
    public void close() throws IOException
    {
        in.close();
    }

    /** Reads one line without its end ({@code \n} or {@code \r\n}) into {@link #line}; false at the end. */
    private boolean readLine() throws IOException
    {
        lineLength = 0;
        boolean any = false;
        while (true)
        {
            if (chunkPosition == chunkLimit)
            {
                chunkLimit = in.read(chunk, 0, chunk.length);
                chunkPosition = 0;
                if (chunkLimit <= 0)
                {
                    chunkLimit = 0;
                    if (any)
                    {
                        lineNumber++;
                    }
                    return any;
                }
            }
            any = true;
            int end = chunkPosition;
            while (end < chunkLimit && chunk[end] != '\n')
            {
                end++;
            }
            append(chunkPosition, end - chunkPosition);
            final boolean isEnd = end < chunkLimit;
            chunkPosition = isEnd ? end + 1 : end;
            if (isEnd)
            {
                if (lineLength > 0 && line[lineLength - 1] == '\r')
                {
                    lineLength--;
                }
                lineNumber++;
                return true;
            }
        }
    }

    private void append(final int from, final int length)
    {
        if (lineLength + length > line.length)
        {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + length));
        }
        System.arraycopy(chunk, from, line, lineLength, length);
        lineLength += length;
    }
}
