package dev.tally.server.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Read-only files of the kinds a web page loads (HTML, scripts, styles, images) from one directory of the class path (the web console's HTML, scripts and styles, and the WebJars
 * it uses), answered with their content type and an ETag so a browser revalidates them cheaply instead of fetching
 * them again. A file is read once and kept: the set is small and fixed when the jar is built.
 *
 * <p>Only names of letters, digits, {@code .}, {@code _} and {@code -} that do not start with a dot are looked up,
 * one path segment each: a decoded segment can hold {@code ..}, {@code /} or {@code \}, and none of those may reach
 * the class loader (which would resolve them against other packages of the jar).
 */
public final class ClasspathFiles
{
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");
    private static final Map<String, String> CONTENT_TYPES = Map.of(
        "html", "text/html; charset=utf-8",
        "js", "text/javascript; charset=utf-8",
        "css", "text/css; charset=utf-8",
        "json", "application/json; charset=utf-8",
        "svg", "image/svg+xml",
        "png", "image/png",
        "ico", "image/x-icon",
        "txt", "text/plain; charset=utf-8");

    /** A file as it is answered: its bytes, content type and strong validator. */
    private record File(byte[] body, String contentType, String etag)
    {
    }

    private final String root;
    private final String cacheControl;
    private final Map<String, File> files = new ConcurrentHashMap<>();

    /**
     * @param root         the class-path directory, e.g. {@code console}; no leading or trailing slash.
     * @param cacheControl what browsers are told, e.g. {@code no-cache} (always revalidate) for files whose name
     *                     stays the same across versions, a long {@code max-age} for versioned ones.
     */
    public ClasspathFiles(final String root, final String cacheControl)
    {
        this.root = root;
        this.cacheControl = cacheControl;
    }

    /** The file at {@code segments} below the root, or a JSON 404 when there is none (or a segment is unsafe). */
    public Reply answer(final Request request, final List<String> segments)
    {
        final StringBuilder path = new StringBuilder(root);
        for (final String segment : segments)
        {
            if (!SAFE_NAME.matcher(segment).matches())
            {
                throw notFound(segments);
            }
            path.append('/').append(segment);
        }
        final File file = file(path.toString()).orElseThrow(() -> notFound(segments));
        final Map<String, String> headers = Map.of(
            HttpHeaderNames.ETAG.toString(), file.etag(),
            HttpHeaderNames.CACHE_CONTROL.toString(), cacheControl,
            "X-Content-Type-Options", "nosniff");
        final String ifNoneMatch = request.headers().get(HttpHeaderNames.IF_NONE_MATCH);
        if (ifNoneMatch != null && matches(ifNoneMatch, file.etag()))
        {
            return new Reply(HttpResponseStatus.NOT_MODIFIED, file.contentType(), new byte[0], headers);
        }
        return new Reply(HttpResponseStatus.OK, file.contentType(), file.body(), headers);
    }

    /** One property of a class-path properties file (a build's version, a WebJar's), or {@code missing}. */
    public static String property(final String resource, final String key, final String missing)
    {
        try (InputStream in = ClasspathFiles.class.getClassLoader().getResourceAsStream(resource))
        {
            if (in == null)
            {
                return missing;
            }
            final Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty(key, missing);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("could not read class-path resource[" + resource + "]", ex);
        }
    }

    private static boolean matches(final String ifNoneMatch, final String etag)
    {
        for (final String candidate : ifNoneMatch.split(","))
        {
            final String tag = candidate.trim();
            if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag))
            {
                return true;
            }
        }
        return false;
    }

    private static ApiException notFound(final List<String> segments)
    {
        return new ApiException(HttpResponseStatus.NOT_FOUND, ApiException.NOT_FOUND,
            "no console file at " + String.join("/", segments));
    }

    /** Found files are kept; misses are not, so requests for made-up names cannot grow the map. */
    private Optional<File> file(final String path)
    {
        final File kept = files.get(path);
        if (kept != null)
        {
            return Optional.of(kept);
        }
        final Optional<File> loaded = load(path);
        loaded.ifPresent(file -> files.putIfAbsent(path, file));
        return loaded;
    }

    private static Optional<File> load(final String path)
    {
        final String name = path.substring(path.lastIndexOf('/') + 1);
        final String type = CONTENT_TYPES.get(name.substring(name.lastIndexOf('.') + 1));
        if (type == null)
        {
            return Optional.empty(); // a kind of file the console does not use, or a directory (read as a listing)
        }
        try (InputStream in = ClasspathFiles.class.getClassLoader().getResourceAsStream(path))
        {
            if (in == null)
            {
                return Optional.empty();
            }
            final byte[] body = in.readAllBytes();
            return Optional.of(new File(body, type, etag(body)));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("could not read class-path resource[" + path + "]", ex);
        }
    }

    private static String etag(final byte[] body)
    {
        try
        {
            final byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return '"' + HexFormat.of().formatHex(digest, 0, 12) + '"';
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
        }
    }
}
