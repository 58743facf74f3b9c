package dev.tally.server.avatica;

import dev.tally.server.auth.Principal;

/**
 * Who sent the Avatica request being handled on this thread, as far as HTTP tells: the principal of its
 * {@code Authorization} header, or null when it carried none. Avatica's handlers call {@link TallyMeta} on the
 * request's thread with no way to pass that along, so the endpoint {@link #enter}s it around each request. The meta
 * {@link #challenge}s a caller that opened a connection without any credentials while auth is on; the endpoint then
 * answers 401 so that an HTTP client holding Basic credentials or a bearer token sends them.
 */
final class Caller
{
    private static final ThreadLocal<Caller> CURRENT = new ThreadLocal<>();

    private final Principal principal;
    private boolean isChallenged;

    Caller(final Principal principal)
    {
        this.principal = principal;
    }

    static void enter(final Caller caller)
    {
        CURRENT.set(caller);
    }

    static void exit()
    {
        CURRENT.remove();
    }

    static Caller current()
    {
        final Caller caller = CURRENT.get();
        return caller == null ? new Caller(null) : caller;
    }

    /** The principal of the request's HTTP credentials, or null when it sent none. */
    Principal principal()
    {
        return principal;
    }

    void challenge()
    {
        isChallenged = true;
    }

    boolean isChallenged()
    {
        return isChallenged;
    }
}
