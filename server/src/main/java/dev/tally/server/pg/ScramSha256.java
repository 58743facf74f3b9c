package dev.tally.server.pg;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The server side of one SCRAM-SHA-256 exchange (RFC 5802 and 7677, as PostgreSQL runs it: no channel binding, the
 * user name taken from the startup message). Tally's stored password {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} is
 * already SCRAM's SaltedPassword ({@code Hi(password, salt, i)} is PBKDF2-HMAC-SHA-256 with a 32-byte key), so the
 * client proves it knows the password without sending it and the server never sees or keeps it in clear.
 * For an unknown user the exchange runs on a random salted password and fails at the proof, as PostgreSQL does, so
 * the answer does not tell which user names exist.
 */
final class ScramSha256
{
    static final String MECHANISM = "SCRAM-SHA-256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] salt;
    private final int iterations;
    private final byte[] saltedPassword;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;

    /** @param stored the user's {@code pbkdf2-sha256$...} password hash, or null for an unknown user. */
    ScramSha256(final String stored)
    {
        if (stored == null)
        {
            salt = random(16);
            iterations = 4096;
            saltedPassword = random(32);
        }
        else
        {
            final String[] parts = stored.split("\\$");
            iterations = Integer.parseInt(parts[1]);
            salt = Base64.getDecoder().decode(parts[2]);
            saltedPassword = Base64.getDecoder().decode(parts[3]);
        }
    }

    /** Reads client-first-message ({@code n,,n=user,r=nonce}) and returns server-first-message. */
    String onClientFirst(final String message)
    {
        if (!message.startsWith("n,") && !message.startsWith("y,"))
        {
            throw PgException.fatal(PgException.PROTOCOL_VIOLATION, "malformed SCRAM message: channel binding " +
                "is not supported (expected a GS2 header of n or y)");
        }
        final int bare = message.indexOf(',', 2);
        if (bare < 0)
        {
            throw malformed();
        }
        clientFirstBare = message.substring(bare + 1);
        final String clientNonce = attribute(clientFirstBare, 'r');
        nonce = clientNonce + Base64.getEncoder().encodeToString(random(18));
        serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(salt) + ",i=" + iterations;
        return serverFirst;
    }

    /**
     * Checks client-final-message ({@code c=...,r=...,p=proof}) and returns server-final-message
     * ({@code v=signature}).
     *
     * @throws PgException 28P01 when the proof is wrong.
     */
    String onClientFinal(final String message, final String user)
    {
        final int proofAt = message.lastIndexOf(",p=");
        if (proofAt < 0 || !nonce.equals(attribute(message, 'r')))
        {
            throw malformed();
        }
        final String withoutProof = message.substring(0, proofAt);
        final byte[] proof;
        try
        {
            proof = Base64.getDecoder().decode(message.substring(proofAt + 3));
        }
        catch (final IllegalArgumentException ex)
        {
            throw malformed();
        }
        final String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        final byte[] clientKey = hmac(saltedPassword, "Client Key");
        final byte[] storedKey = sha256(clientKey);
        final byte[] clientSignature = hmac(storedKey, authMessage);
        if (proof.length != clientSignature.length)
        {
            throw failed(user);
        }
        final byte[] recovered = new byte[proof.length];
        for (int i = 0; i < proof.length; i++)
        {
            recovered[i] = (byte)(proof[i] ^ clientSignature[i]);
        }
        if (!MessageDigest.isEqual(sha256(recovered), storedKey))
        {
            throw failed(user);
        }
        final byte[] serverKey = hmac(saltedPassword, "Server Key");
        return "v=" + Base64.getEncoder().encodeToString(hmac(serverKey, authMessage));
    }

    static PgException failed(final String user)
    {
        return PgException.fatal(PgException.INVALID_PASSWORD, "password authentication failed for user \"" + user +
            "\"");
    }

    private static PgException malformed()
    {
        return PgException.fatal(PgException.PROTOCOL_VIOLATION, "malformed SCRAM message");
    }

    private static String attribute(final String message, final char name)
    {
        for (final String part : message.split(","))
        {
            if (part.length() >= 2 && part.charAt(0) == name && part.charAt(1) == '=')
            {
                return part.substring(2);
            }
        }
        throw malformed();
    }

    private static byte[] random(final int count)
    {
        final byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static byte[] hmac(final byte[] key, final String text)
    {
        try
        {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", ex);
        }
    }

    private static byte[] sha256(final byte[] bytes)
    {
        try
        {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("SHA-256 is part of every Java 17 runtime", ex);
        }
    }
}
