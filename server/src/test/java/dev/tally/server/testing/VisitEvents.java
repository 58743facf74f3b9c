package dev.tally.server.testing;

import dev.tally.ingest.sample.WebEvent;
import dev.tally.ingest.sample.WebEventGenerator;

import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Web events as visits: each visit that {@link WebEventGenerator} draws becomes a burst of one to seven events with
 * the visit's dimensions and user, spread over the next 45 seconds, each with its own latency and, for some, revenue.
 * The generator's own events almost never share a minute and all six dimensions (its rollup ratio is 1.00), so a
 * table rolled up per minute would hold one event per row and test nothing about rollup; bursts give rows of several
 * events, whose per-event values differ. One event in ten carries no {@code revenue} field at all, so
 * {@code AVG(revenue)} and {@code COUNT(revenue)} must count the events that carried it. Deterministic per seed; not
 * thread-safe.
 */
public final class VisitEvents
{
    public static final long START = 1_769_644_800_000L; // 2026-01-29T00:00Z, a Thursday
    /** Eight days: every day of the week, a Monday week start (Feb 2) and a month start (Feb 1) inside. */
    public static final long WINDOW_MILLIS = 8 * 86_400_000L;

    private static final int MAX_BURST = 7;
    private static final long BURST_MILLIS = 45_000;

    private final WebEventGenerator visits;
    private final SplittableRandom random;
    private final WebEvent visit = new WebEvent();
    private final long count;
    private long emitted;
    private int burstLeft;

    /** {@code count} events over {@link #WINDOW_MILLIS} from {@link #START}. */
    public VisitEvents(final long seed, final long count)
    {
        // bursts average four events; a few visits spare so that the count is always reached
        this.visits = new WebEventGenerator(seed, START, WINDOW_MILLIS, count / 4 + count / 400 + 1);
        this.random = new SplittableRandom(seed * 31 + 7);
        this.count = count;
    }

    public boolean hasNext()
    {
        return emitted < count;
    }

    /** Appends up to {@code max} more events, one JSON object per line; returns how many. */
    public int appendNdjson(final StringBuilder out, final int max)
    {
        int appended = 0;
        while (appended < max && hasNext())
        {
            final boolean isFirstOfVisit = burstLeft == 0;
            if (isFirstOfVisit)
            {
                if (!visits.hasNext())
                {
                    throw new IllegalStateException("visits ran out after " + emitted + " of " + count + " events");
                }
                visits.next(visit);
                burstLeft = 1 + random.nextInt(MAX_BURST);
            }
            burstLeft--;
            final long time = isFirstOfVisit ? visit.timestamp :
                Math.min(START + WINDOW_MILLIS - 1, visit.timestamp + random.nextLong(BURST_MILLIS));
            final double revenue = isFirstOfVisit ? visit.revenue :
                random.nextInt(20) == 0 ? (5_00 + random.nextInt(200_00)) / 100.0 : 0.0;
            final long latency = isFirstOfVisit ? visit.latencyMs :
                Math.max(1, Math.round(visit.latencyMs * (0.5 + random.nextDouble())));
            appendEvent(out, time, random.nextInt(10) == 0 ? null : revenue, latency);
            appended++;
            emitted++;
        }
        return appended;
    }

    private void appendEvent(final StringBuilder out, final long time, final Double revenue, final long latency)
    {
        out.append("{\"ts\":\"").append(Instant.ofEpochMilli(time)).append('"');
        appendField(out, "country", visit.country);
        appendField(out, "device", visit.device);
        appendField(out, "os", visit.os);
        appendField(out, "browser", visit.browser);
        appendField(out, "page", visit.page);
        if (visit.referrer != null)
        {
            appendField(out, "referrer", visit.referrer);
        }
        appendField(out, "user_id", visit.userId);
        if (revenue != null)
        {
            out.append(",\"revenue\":").append(revenue.doubleValue());
        }
        out.append(",\"latency_ms\":").append(latency).append("}\n");
    }

    private static void appendField(final StringBuilder out, final String name, final String value)
    {
        // generated values never need escaping: ASCII letters, digits, '/', '.', '-' and '_'
        out.append(",\"").append(name).append("\":\"").append(value).append('"');
    }
}
