package dev.tally.server.auth;

import dev.tally.server.ServerConfig;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a request's {@code Authorization} header into a {@link Principal}: HTTP Basic against the users' password
 * hashes, or {@code Bearer} against their token hashes. With no users configured auth is off and everyone is
 * {@link Principal#ANONYMOUS}. A verified password is remembered (by a hash of user and password, never in clear)
 * for a few minutes, so a dashboard's every request does not pay PBKDF2's deliberate slowness.
 */
public final class Authenticator
{
    private static final long VERIFIED_TTL_NANOS = 5L * 60 * 1_000_000_000;
    private static final int VERIFIED_MAX = 10_000;

    private final boolean isEnabled;
    private final Map<String, ServerConfig.User> users;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    private record Verified(Principal principal, long atNanos)
    {
    }

    /** Why a request was not authenticated: no credentials, or wrong ones. */
    public static final class AuthenticationException extends RuntimeException
    {
        public AuthenticationException(final String message)
        {
            super(message);
        }
    }

    public Authenticator(final List<ServerConfig.User> users)
    {
        this.isEnabled = !users.isEmpty();
        this.users = new ConcurrentHashMap<>();
        for (final ServerConfig.User user : users)
        {
            this.users.put(user.name(), user);
        }
    }

    public boolean isEnabled()
    {
        return isEnabled;
    }

    /**
     * @param authorization the {@code Authorization} header, or null.
     * @throws AuthenticationException when auth is on and the credentials are missing or wrong.
     */
    public Principal authenticate(final String authorization)
    {
        if (!isEnabled)
        {
            return Principal.ANONYMOUS;
        }
        if (authorization == null || authorization.isBlank())
        {
            throw new AuthenticationException("credentials required: use HTTP Basic or Authorization: Bearer TOKEN");
        }
        final int space = authorization.indexOf(' ');
        final String scheme = space < 0 ? authorization : authorization.substring(0, space);
        final String value = space < 0 ? "" : authorization.substring(space + 1).trim();
        if (scheme.equalsIgnoreCase("Basic"))
        {
            return basic(value);
        }
        if (scheme.equalsIgnoreCase("Bearer"))
        {
            return bearer(value);
        }
        throw new AuthenticationException("unsupported authorization scheme '" + scheme + "' (use Basic or Bearer)");
    }

    /** Checks a user name and password (JDBC passes them as connection properties). */
    public Principal authenticate(final String user, final String password)
    {
        if (!isEnabled)
        {
            return Principal.ANONYMOUS;
        }
        if (user == null || password == null)
        {
            throw new AuthenticationException("credentials required: user and password");
        }
        final String key = Secrets.hashToken(user + '\0' + password);
        final Verified known = verified.get(key);
        // the key joins name and password with a NUL, which a name or password may hold too: check whose it is
        if (known != null && System.nanoTime() - known.atNanos() < VERIFIED_TTL_NANOS &&
            known.principal().name().equals(user) && users.get(user) != null)
        {
            return known.principal();
        }
        final ServerConfig.User candidate = users.get(user);
        if (candidate == null || candidate.passwordHash() == null ||
            !Secrets.matchesPassword(password, candidate.passwordHash()))
        {
            throw new AuthenticationException("wrong user name or password");
        }
        final Principal principal = new Principal(candidate.name(), candidate.grants());
        if (verified.size() >= VERIFIED_MAX)
        {
            verified.clear();
        }
        verified.put(key, new Verified(principal, System.nanoTime()));
        return principal;
    }

    private Principal basic(final String encoded)
    {
        final String decoded;
        try
        {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new AuthenticationException("malformed Basic credentials: not base64");
        }
        final int colon = decoded.indexOf(':');
        if (colon < 0)
        {
            throw new AuthenticationException("malformed Basic credentials: expected user:password");
        }
        return authenticate(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    private Principal bearer(final String token)
    {
        for (final ServerConfig.User user : users.values())
        {
            for (final String stored : user.tokenHashes())
            {
                if (Secrets.matchesToken(token, stored))
                {
                    return new Principal(user.name(), user.grants());
                }
            }
        }
        throw new AuthenticationException("unknown bearer token");
    }
}
