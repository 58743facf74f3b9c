package dev.tally.server.http;

import io.netty.handler.codec.http.HttpMethod;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The server's URL space: each route a method, a path pattern whose {@code {}} segments match any one segment, and
 * the endpoint that answers it. Empty segments do not count, so a trailing slash changes nothing. Where patterns of
 * several routes match a path, those with the most literal segments own it: {@code POST /druid/v2/sql/avatica} is
 * the JDBC endpoint, and {@code DELETE} there is a 405, not the cancellation of a query named "avatica" that
 * {@code DELETE /druid/v2/sql/{}} would make of it. Public routes need no credentials: the health check, which says
 * nothing about any table, and the Avatica endpoints, which authenticate each JDBC connection as it opens.
 */
public final class Routes
{
    /** One route; {@link #name()} is its pattern, used as the metrics label. */
    public record Route(HttpMethod method, String name, String[] pattern, boolean isPublic, Endpoint endpoint)
    {
        boolean matches(final List<String> path)
        {
            if (path.size() != pattern.length)
            {
                return false;
            }
            for (int i = 0; i < pattern.length; i++)
            {
                if (!pattern[i].equals("{}") && !pattern[i].equals(path.get(i)))
                {
                    return false;
                }
            }
            return true;
        }

        /** How many segments the pattern names literally: among routes matching a path, the most literal win. */
        int literals()
        {
            int literals = 0;
            for (final String segment : pattern)
            {
                literals += segment.equals("{}") ? 0 : 1;
            }
            return literals;
        }
    }

    /** The route for a request, or why there is none. */
    public sealed interface Match
    {
        record Found(Route route) implements Match
        {
        }

        record WrongMethod(List<HttpMethod> allowed) implements Match
        {
        }

        record NotFound() implements Match
        {
        }
    }

    private final List<Route> routes = new ArrayList<>();

    public Routes add(final HttpMethod method, final String pattern, final Endpoint endpoint)
    {
        return add(method, pattern, false, endpoint);
    }

    public Routes addPublic(final HttpMethod method, final String pattern, final Endpoint endpoint)
    {
        return add(method, pattern, true, endpoint);
    }

    private Routes add(final HttpMethod method, final String pattern, final boolean isPublic, final Endpoint endpoint)
    {
        routes.add(new Route(method, pattern, segments(pattern).toArray(String[]::new), isPublic, endpoint));
        return this;
    }

    /** Every route, in the order they were added (tests enumerate them to check each one's access rules). */
    public List<Route> all()
    {
        return Collections.unmodifiableList(routes);
    }

    public Match match(final HttpMethod method, final List<String> path)
    {
        int literals = -1;
        for (final Route route : routes)
        {
            if (route.matches(path))
            {
                literals = Math.max(literals, route.literals());
            }
        }
        final List<HttpMethod> allowed = new ArrayList<>();
        for (final Route route : routes)
        {
            if (route.matches(path) && route.literals() == literals)
            {
                if (route.method().equals(method))
                {
                    return new Match.Found(route);
                }
                allowed.add(route.method());
            }
        }
        return allowed.isEmpty() ? new Match.NotFound() : new Match.WrongMethod(allowed);
    }

    /** The non-empty segments of a decoded path. */
    public static List<String> segments(final String path)
    {
        final List<String> segments = new ArrayList<>();
        for (final String segment : path.split("/"))
        {
            if (!segment.isEmpty())
            {
                segments.add(segment);
            }
        }
        return segments;
    }
}
