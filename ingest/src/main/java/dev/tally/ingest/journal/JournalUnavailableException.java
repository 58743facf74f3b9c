package dev.tally.ingest.journal;

/**
 * The push journal cannot take events now: its disk is full (or too full for the batch), or a file cannot grow
 * (a file-size limit). The first {@link #appended()} events of the batch were journaled before the failure and will
 * be ingested; the rest were not. Retry the rest once there is space.
 */
public final class JournalUnavailableException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int appended;

    public JournalUnavailableException(final String message, final int appended, final Throwable cause)
    {
        super(message, cause);
        this.appended = appended;
    }

    /** Events of the batch journaled before the failure (they will be ingested). */
    public int appended()
    {
        return appended;
    }
}
