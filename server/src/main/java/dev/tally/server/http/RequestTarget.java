package dev.tally.server.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request line's target, decoded strictly: the path's non-empty segments and the query's parameters, each
 * percent-decoded as UTF-8. Anything a lenient decoder would guess at is a 400 that says where: a byte outside
 * printable ASCII, a broken {@code %} escape, bytes that are not UTF-8. (Netty's {@code QueryStringDecoder} throws
 * {@code IllegalArgumentException} for a broken escape, which would be a 500, and turns bad UTF-8 into U+FFFD, which
 * would look up a table no client named.) The absolute form ({@code http://host/path}) is accepted as RFC 9112 asks;
 * its host is ignored.
 */
record RequestTarget(String rawPath, List<String> path, Map<String, List<String>> parameters)
{
    /** How much of a bad target an error message quotes. */
    private static final int QUOTED_CHARS = 100;

    static RequestTarget parse(final String uri)
    {
        for (int i = 0; i < uri.length(); i++)
        {
            final char c = uri.charAt(i);
            if (c <= 0x20 || c >= 0x7f)
            {
                throw ApiException.badRequest("request target has a byte outside printable ASCII (0x" +
                    Integer.toHexString(c) + ") at index " + i + " of '" + quote(uri) + "': percent-encode it");
            }
        }
        String target = uri;
        final int scheme = target.indexOf("://");
        if (scheme > 0 && target.indexOf('/') > scheme)
        {
            final int pathStart = target.indexOf('/', scheme + 3);
            target = pathStart < 0 ? "/" : target.substring(pathStart);
        }
        final int fragment = target.indexOf('#');
        if (fragment >= 0)
        {
            target = target.substring(0, fragment);
        }
        final int question = target.indexOf('?');
        final String rawPath = question < 0 ? target : target.substring(0, question);
        final List<String> path = new ArrayList<>();
        for (final String segment : Routes.segments(rawPath))
        {
            path.add(decode(segment, false, uri));
        }
        final Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (question >= 0)
        {
            for (final String pair : target.substring(question + 1).split("&"))
            {
                if (pair.isEmpty())
                {
                    continue;
                }
                final int equals = pair.indexOf('=');
                final String name = decode(equals < 0 ? pair : pair.substring(0, equals), true, uri);
                final String value = equals < 0 ? "" : decode(pair.substring(equals + 1), true, uri);
                parameters.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
            }
        }
        return new RequestTarget(rawPath, Collections.unmodifiableList(path), Collections.unmodifiableMap(parameters));
    }

    private static String decode(final String component, final boolean isQuery, final String uri)
    {
        if (component.indexOf('%') < 0 && (!isQuery || component.indexOf('+') < 0))
        {
            return component;
        }
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(component.length());
        for (int i = 0; i < component.length(); i++)
        {
            final char c = component.charAt(i);
            if (c == '%')
            {
                final int high = i + 2 < component.length() ? Character.digit(component.charAt(i + 1), 16) : -1;
                final int low = high < 0 ? -1 : Character.digit(component.charAt(i + 2), 16);
                if (low < 0)
                {
                    throw ApiException.badRequest("request target has a broken percent-escape '" +
                        component.substring(i, Math.min(component.length(), i + 3)) + "' in '" + quote(uri) +
                        "' (expected % and two hex digits)");
                }
                bytes.write(high << 4 | low);
                i += 2;
            }
            else
            {
                bytes.write(isQuery && c == '+' ? ' ' : c);
            }
        }
        try
        {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes.toByteArray()))
                .toString();
        }
        catch (final CharacterCodingException ex)
        {
            throw ApiException.badRequest("request target component '" + quote(component) + "' of '" + quote(uri) +
                "' does not decode to UTF-8");
        }
    }

    private static String quote(final String text)
    {
        return text.length() <= QUOTED_CHARS ? text : text.substring(0, QUOTED_CHARS) + "…";
    }
}
