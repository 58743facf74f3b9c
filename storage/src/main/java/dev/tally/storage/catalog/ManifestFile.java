package dev.tally.storage.catalog;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Layout of a manifest file (format version 1): one ASCII header line, then the JSON body.
 * <pre>
 *   TALLY-MANIFEST 1 9a3f01c2 1234\n
 *   ^magic         ^ ^crc32c ^body length in bytes (decimal, no leading zeros)
 *                  format version
 *   {"version":7,"segments":[...],"sourcePositions":{...},"quarantined":[...]}   (exactly body length bytes)
 * </pre>
 * The CRC32C covers the body only and is written as exactly 8 lower-case hex digits; fields are separated by one
 * space. Decoding is strict (no alternative spellings of the same header), so any damaged byte is reported rather than
 * read as a different manifest. The body's fields are all required except {@code restream}, which manifests written
 * before re-streams existed lack (and which is left out while a table has never re-streamed).
 */
public final class ManifestFile
{
    public static final String MAGIC = "TALLY-MANIFEST";
    public static final int FORMAT_VERSION = 1;
    public static final int CRC_HEX_LENGTH = 8;
    /** Longest header accepted; a longer first line is corrupt. */
    public static final int MAX_HEADER_LENGTH = 64;
    private static final int MAX_LENGTH_DIGITS = 10;
    /** The one body field a manifest may lack. */
    private static final String OPTIONAL_FIELD = "restream";

    private static final ObjectMapper MAPPER = new ObjectMapper()
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ManifestFile()
    {
    }

    public static byte[] encode(final Manifest manifest)
    {
        final byte[] body;
        try
        {
            body = MAPPER.writeValueAsBytes(manifest);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("manifest version[" + manifest.version() + "] cannot be encoded", ex);
        }
        final String crcHex = String.format("%08x", crc32c(body, 0, body.length));
        final byte[] header = (MAGIC + ' ' + FORMAT_VERSION + ' ' + crcHex + ' ' + body.length + '\n')
            .getBytes(StandardCharsets.US_ASCII);
        final byte[] bytes = new byte[header.length + body.length];
        System.arraycopy(header, 0, bytes, 0, header.length);
        System.arraycopy(body, 0, bytes, header.length, body.length);
        return bytes;
    }

    /**
     * @param file  the file the bytes came from, named in errors.
     * @param bytes the whole file content.
     */
    public static Manifest decode(final Path file, final byte[] bytes) throws CorruptManifestException
    {
        int newline = -1;
        for (int i = 0, limit = Math.min(bytes.length, MAX_HEADER_LENGTH); i < limit; i++)
        {
            if (bytes[i] == '\n')
            {
                newline = i;
                break;
            }
        }
        if (newline < 0)
        {
            throw new CorruptManifestException(file, "no header line within the first bytes[" +
                Math.min(bytes.length, MAX_HEADER_LENGTH) + "] of file length[" + bytes.length + "]");
        }
        final String header = new String(bytes, 0, newline, StandardCharsets.ISO_8859_1);
        final String[] fields = header.split(" ", -1);
        if (fields.length != 4)
        {
            throw new CorruptManifestException(file, "header[" + header + "] does not have 4 fields");
        }
        if (!MAGIC.equals(fields[0]))
        {
            throw new CorruptManifestException(file, "magic[" + fields[0] + "] is not " + MAGIC);
        }
        if (!Integer.toString(FORMAT_VERSION).equals(fields[1]))
        {
            throw new CorruptManifestException(file, "format version[" + fields[1] + "] is not supported");
        }
        final long expectedCrc = parseCrc(file, fields[2]);
        final long expectedLength = parseLength(file, fields[3]);
        final int bodyOffset = newline + 1;
        final int bodyLength = bytes.length - bodyOffset;
        if (bodyLength != expectedLength)
        {
            throw new CorruptManifestException(
                file, "body length[" + bodyLength + "] differs from header length[" + expectedLength + "]");
        }
        final long actualCrc = crc32c(bytes, bodyOffset, bodyLength);
        if (actualCrc != expectedCrc)
        {
            throw new CorruptManifestException(file, "body crc32c[" + String.format("%08x", actualCrc) +
                "] differs from header crc32c[" + fields[2] + "]");
        }
        try
        {
            final JsonNode body = MAPPER.readTree(bytes, bodyOffset, bodyLength);
            if (body instanceof ObjectNode object && !object.has(OPTIONAL_FIELD))
            {
                // strict decoding requires every creator property; the optional one defaults to null
                object.putNull(OPTIONAL_FIELD);
            }
            return MAPPER.treeToValue(body, Manifest.class);
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new CorruptManifestException(file, "body is not a valid manifest: " + ex.getMessage(), ex);
        }
    }

    private static long parseCrc(final Path file, final String text) throws CorruptManifestException
    {
        if (text.length() != CRC_HEX_LENGTH)
        {
            throw new CorruptManifestException(file, "crc32c[" + text + "] is not " + CRC_HEX_LENGTH + " hex digits");
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            final int digit;
            if (c >= '0' && c <= '9')
            {
                digit = c - '0';
            }
            else if (c >= 'a' && c <= 'f')
            {
                digit = c - 'a' + 10;
            }
            else
            {
                throw new CorruptManifestException(file, "crc32c[" + text + "] is not lower-case hex");
            }
            value = (value << 4) | digit;
        }
        return value;
    }

    private static long parseLength(final Path file, final String text) throws CorruptManifestException
    {
        if (text.isEmpty() || text.length() > MAX_LENGTH_DIGITS || (text.length() > 1 && text.charAt(0) == '0'))
        {
            throw new CorruptManifestException(file, "body length[" + text + "] is malformed");
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c < '0' || c > '9')
            {
                throw new CorruptManifestException(file, "body length[" + text + "] is not a decimal number");
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static long crc32c(final byte[] bytes, final int offset, final int length)
    {
        final CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return crc.getValue();
    }
}
