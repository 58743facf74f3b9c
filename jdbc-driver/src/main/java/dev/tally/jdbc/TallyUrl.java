package dev.tally.jdbc;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;

/**
 * A {@code jdbc:tally://HOST[:PORT][/][?key=value&...]} URL as the Avatica remote driver wants it:
 * {@code jdbc:tally:url=http://HOST:PORT/avatica;serialization=protobuf}. The port is 8080 when omitted.
 * {@code user} and {@code password} become connection properties (properties passed to the driver win over the URL's);
 * any other parameter is an Avatica connection property ({@code serialization=json}, {@code timeZone=...}).
 * Transparent reconnection is on unless the URL turns it off: a connection the server closed after it sat idle
 * (or across a server restart) is opened again, with the same user, when it is next used.
 * A URL already in Avatica form ({@code jdbc:tally:url=...}) passes unchanged.
 */
public record TallyUrl(String avaticaUrl, String httpUrl, Properties properties)
{
    public static final String PREFIX = "jdbc:tally:";
    public static final String HIERARCHICAL_PREFIX = PREFIX + "//";
    public static final int PORT_DEFAULT = 8080;
    public static final String PATH = "/avatica";

    public static TallyUrl parse(final String url, final Properties info) throws SQLException
    {
        final Properties properties = new Properties();
        if (!url.startsWith(HIERARCHICAL_PREFIX))
        {
            if (info != null)
            {
                properties.putAll(info);
            }
            return new TallyUrl(url, url.substring(PREFIX.length()), properties);
        }
        final URI uri;
        try
        {
            uri = new URI("http://" + url.substring(HIERARCHICAL_PREFIX.length()));
        }
        catch (final URISyntaxException ex)
        {
            throw new SQLException("malformed Tally URL[" + url + "]: " + ex.getMessage() +
                " (expected jdbc:tally://HOST[:PORT][?user=U&password=P])", "08001", ex);
        }
        if (uri.getHost() == null)
        {
            throw new SQLException("Tally URL[" + url + "] names no host " +
                "(expected jdbc:tally://HOST[:PORT][?user=U&password=P])", "08001");
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))
        {
            throw new SQLException("Tally URL[" + url + "] has a path[" + uri.getRawPath() + "]; a Tally server " +
                "has one database (expected jdbc:tally://HOST[:PORT][?user=U&password=P])", "08001");
        }
        final String httpUrl = "http://" + hostText(uri.getHost()) + ":" +
            (uri.getPort() < 0 ? PORT_DEFAULT : uri.getPort()) + PATH;
        final StringBuilder avatica = new StringBuilder(PREFIX).append("url=").append(httpUrl);
        boolean hasSerialization = false;
        boolean hasReconnection = false;
        if (uri.getRawQuery() != null)
        {
            for (final String pair : uri.getRawQuery().split("&"))
            {
                if (pair.isEmpty())
                {
                    continue;
                }
                final int equals = pair.indexOf('=');
                final String key = decode(equals < 0 ? pair : pair.substring(0, equals));
                final String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                if (key.equals("user") || key.equals("password"))
                {
                    properties.setProperty(key, value);
                }
                else
                {
                    hasSerialization |= key.toLowerCase(Locale.ROOT).equals("serialization");
                    hasReconnection |= key.toLowerCase(Locale.ROOT).equals("transparent_reconnection");
                    avatica.append(';').append(key).append('=').append(value);
                }
            }
        }
        if (!hasSerialization)
        {
            avatica.append(";serialization=protobuf");
        }
        if (!hasReconnection)
        {
            avatica.append(";transparent_reconnection=true");
        }
        if (info != null)
        {
            properties.putAll(info);
        }
        return new TallyUrl(avatica.toString(), httpUrl, properties);
    }

    private static String hostText(final String host)
    {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static String decode(final String text)
    {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
