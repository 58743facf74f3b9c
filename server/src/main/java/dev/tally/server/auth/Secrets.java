package dev.tally.server.auth;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * How passwords and tokens are kept in the server config: never in clear. A password is stored as
 * {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (base64), slow to guess; a bearer token, which is random and long, as
 * {@code sha256$HEX}. {@code bin/tally hash} prints either form.
 */
public final class Secrets
{
    public static final int ITERATIONS_DEFAULT = 210_000;
    private static final String PBKDF2 = "pbkdf2-sha256";
    private static final String SHA256 = "sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets()
    {
    }

    public static String hashPassword(final String password)
    {
        return hashPassword(password, ITERATIONS_DEFAULT);
    }

    public static String hashPassword(final String password, final int iterations)
    {
        final byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        final Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
        return PBKDF2 + "$" + iterations + "$" + base64.encodeToString(salt) + "$" +
            base64.encodeToString(pbkdf2(password, salt, iterations));
    }

    public static String hashToken(final String token)
    {
        return SHA256 + "$" + HexFormat.of().formatHex(sha256(token));
    }

    /** A new random bearer token (256 bits, URL-safe). */
    public static String newToken()
    {
        final byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Checks the form of a stored password hash; a message saying what is wrong, or null when it is usable. */
    public static String checkPasswordHash(final String stored)
    {
        final String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals(PBKDF2))
        {
            return "expected " + PBKDF2 + "$ITERATIONS$SALT$HASH (bin/tally hash --password prints one)";
        }
        try
        {
            if (Integer.parseInt(parts[1]) < 1)
            {
                return "iterations must be positive";
            }
            Base64.getDecoder().decode(parts[2]);
            Base64.getDecoder().decode(parts[3]);
            return null;
        }
        catch (final IllegalArgumentException ex)
        {
            return "malformed hash: " + ex.getMessage();
        }
    }

    /** Checks the form of a stored token hash; a message saying what is wrong, or null when it is usable. */
    public static String checkTokenHash(final String stored)
    {
        return stored.matches(SHA256 + "\\$[0-9a-f]{64}") ? null :
            "expected " + SHA256 + "$ followed by 64 hex digits (bin/tally hash --token prints one)";
    }

    public static boolean matchesPassword(final String password, final String stored)
    {
        final String[] parts = stored.split("\\$");
        final byte[] salt = Base64.getDecoder().decode(parts[2]);
        final byte[] expected = Base64.getDecoder().decode(parts[3]);
        return MessageDigest.isEqual(expected, pbkdf2(password, salt, Integer.parseInt(parts[1])));
    }

    public static boolean matchesToken(final String token, final String stored)
    {
        return MessageDigest.isEqual(hashToken(token).getBytes(StandardCharsets.US_ASCII),
            stored.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] pbkdf2(final String password, final byte[] salt, final int iterations)
    {
        try
        {
            final PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java 17 runtime", ex);
        }
    }

    private static byte[] sha256(final String text)
    {
        try
        {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("SHA-256 is part of every Java 17 runtime", ex);
        }
    }
}
