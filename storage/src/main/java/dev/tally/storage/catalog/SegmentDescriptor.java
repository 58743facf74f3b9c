package dev.tally.storage.catalog;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * One immutable segment file of a table as the catalog records it: the half-open time interval
 * {@code [intervalStart, intervalEnd)} in epoch millis, the version that wrote it, and a partition number so that
 * several segments can share an interval and version. {@code fileName} is relative to the table directory.
 */
public record SegmentDescriptor(
    String id,
    long intervalStart,
    long intervalEnd,
    long version,
    int partition,
    String fileName,
    long rowCount,
    long eventCount,
    long sizeBytes)
{
    /** Suffix of the canonical segment file name, see {@link #of}. */
    public static final String FILE_SUFFIX = ".seg";

    public SegmentDescriptor
    {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(fileName, "fileName");
        if (id.isEmpty())
        {
            throw new IllegalArgumentException("segment id is empty");
        }
        if (intervalStart >= intervalEnd)
        {
            throw new IllegalArgumentException(
                "segment[" + id + "] interval[" + intervalStart + ", " + intervalEnd + ") is empty");
        }
        if (version < 0 || partition < 0)
        {
            throw new IllegalArgumentException(
                "segment[" + id + "] version[" + version + "] and partition[" + partition + "] must be >= 0");
        }
        if (rowCount < 0 || eventCount < 0 || sizeBytes < 0)
        {
            throw new IllegalArgumentException("segment[" + id + "] rowCount[" + rowCount + "] eventCount[" +
                eventCount + "] sizeBytes[" + sizeBytes + "] must be >= 0");
        }
        if (!isPlainFileName(fileName))
        {
            throw new IllegalArgumentException(
                "segment[" + id + "] fileName[" + fileName + "] must be a plain name inside the table directory");
        }
    }

    /**
     * A descriptor with the canonical id {@code <table>_<start>_<end>_v<version>_p<partition>} (times in UTC, ISO-8601
     * to the minute, with seconds and millis only when non-zero, e.g.
     * {@code events_2026-01-01T00:00Z_2026-01-01T01:00Z_v3_p0}) and the file name {@code <id>.seg}.
     */
    public static SegmentDescriptor of(
        final String table,
        final long intervalStart,
        final long intervalEnd,
        final long version,
        final int partition,
        final long rowCount,
        final long eventCount,
        final long sizeBytes)
    {
        Objects.requireNonNull(table, "table");
        if (!isPlainFileName(table))
        {
            throw new IllegalArgumentException("table[" + table + "] cannot name a segment file");
        }
        final String id = table + '_' + formatInstant(intervalStart) + '_' + formatInstant(intervalEnd) +
            "_v" + version + "_p" + partition;
        return new SegmentDescriptor(
            id, intervalStart, intervalEnd, version, partition, id + FILE_SUFFIX, rowCount, eventCount, sizeBytes);
    }

    /** Whether this segment's interval intersects the half-open interval {@code [start, end)}. */
    public boolean overlaps(final long start, final long end)
    {
        return intervalStart < end && start < intervalEnd;
    }

    static String formatInstant(final long epochMillis)
    {
        final ZonedDateTime time = Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC);
        final StringBuilder text = new StringBuilder(24);
        text.append(time.getYear()).append('-');
        appendTwoDigits(text, time.getMonthValue()).append('-');
        appendTwoDigits(text, time.getDayOfMonth()).append('T');
        appendTwoDigits(text, time.getHour()).append(':');
        appendTwoDigits(text, time.getMinute());
        final long millisOfMinute = Math.floorMod(epochMillis, 60_000L);
        if (millisOfMinute != 0)
        {
            text.append(':');
            appendTwoDigits(text, time.getSecond());
            final long millis = millisOfMinute % 1000;
            if (millis != 0)
            {
                text.append('.').append((char)('0' + millis / 100)).append((char)('0' + millis / 10 % 10))
                    .append((char)('0' + millis % 10));
            }
        }
        return text.append('Z').toString();
    }

    private static StringBuilder appendTwoDigits(final StringBuilder text, final int value)
    {
        return text.append((char)('0' + value / 10)).append((char)('0' + value % 10));
    }

    private static boolean isPlainFileName(final String name)
    {
        return !name.isEmpty() && !name.equals(".") && !name.equals("..") &&
            name.indexOf('/') < 0 && name.indexOf('\\') < 0 && name.indexOf('\0') < 0;
    }
}
