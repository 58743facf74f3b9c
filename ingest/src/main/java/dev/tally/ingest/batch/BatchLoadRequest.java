package dev.tally.ingest.batch;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A batch load: files of events (NDJSON or CSV with a header line, each optionally gzip-compressed, told by a
 * {@code .gz} name) to load into the half-open interval {@code [start, end)} of a table, either replacing what the
 * table holds there ({@code replace}, the batch layer of a Lambda architecture) or adding to it. The body of
 * {@code POST /v1/tables/{t}/load} maps onto {@link #of}.
 */
public record BatchLoadRequest(List<Path> paths, Format format, long start, long end, boolean replace)
{
    /** File formats: one JSON object per line, or CSV whose first line names the fields. */
    public enum Format
    {
        JSON,
        CSV;

        /** {@code json} (or {@code ndjson}) and {@code csv}, any case. */
        public static Format of(final String name)
        {
            return switch (Objects.requireNonNull(name, "format").toLowerCase(Locale.ROOT))
            {
                case "json", "ndjson" -> JSON;
                case "csv" -> CSV;
                default -> throw new IllegalArgumentException("format[" + name + "] is not json or csv");
            };
        }
    }

    public BatchLoadRequest
    {
        paths = List.copyOf(paths);
        Objects.requireNonNull(format, "format");
        if (paths.isEmpty())
        {
            throw new IllegalArgumentException("paths is empty: name at least one file");
        }
        if (start >= end)
        {
            throw new IllegalArgumentException("interval[" + Instant.ofEpochMilli(start) + "/" +
                Instant.ofEpochMilli(end) + "] is empty");
        }
    }

    /**
     * The request as the HTTP body gives it.
     *
     * @param interval ISO-8601 {@code start/end}, each an instant with offset ({@code 2026-01-01T00:00Z}) or a date
     *                 (midnight UTC).
     * @throws IllegalArgumentException naming the bad field.
     */
    public static BatchLoadRequest of(final List<String> paths, final String format, final String interval,
        final boolean replace)
    {
        Objects.requireNonNull(paths, "paths");
        Objects.requireNonNull(interval, "interval");
        final int slash = interval.indexOf('/');
        if (slash < 0)
        {
            throw new IllegalArgumentException("interval[" + interval + "] is not start/end");
        }
        return new BatchLoadRequest(paths.stream().map(Path::of).toList(), Format.of(format),
            parseInstant(interval, interval.substring(0, slash)), parseInstant(interval, interval.substring(slash + 1)),
            replace);
    }

    public boolean contains(final long time)
    {
        return time >= start && time < end;
    }

    /** The interval as ISO-8601 {@code start/end}. */
    public String interval()
    {
        return Instant.ofEpochMilli(start) + "/" + Instant.ofEpochMilli(end);
    }

    private static long parseInstant(final String interval, final String text)
    {
        try
        {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        }
        catch (final DateTimeParseException notInstant)
        {
            try
            {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            catch (final DateTimeParseException notDate)
            {
                throw new IllegalArgumentException("interval[" + interval + "]: [" + text +
                    "] is neither an ISO-8601 instant with offset nor a date", notDate);
            }
        }
    }
}
