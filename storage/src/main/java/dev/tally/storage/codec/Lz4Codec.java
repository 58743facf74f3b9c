package dev.tally.storage.codec;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

import java.nio.ByteBuffer;

/**
 * LZ4 block compression through lz4-java: the JNI implementation where the native library loads, pure Java
 * otherwise. Decompression uses the safe decompressor (bounds-checked, and as fast as the deprecated fast one);
 * callers verify a block's checksum before decompressing it, so corrupt input never reaches native code.
 */
public final class Lz4Codec
{
    private static final LZ4Factory FACTORY = LZ4Factory.fastestInstance();
    private static final LZ4Compressor COMPRESSOR = FACTORY.fastCompressor();
    private static final LZ4SafeDecompressor DECOMPRESSOR = FACTORY.safeDecompressor();

    private Lz4Codec()
    {
    }

    public static int maxCompressedLength(final int length)
    {
        return COMPRESSOR.maxCompressedLength(length);
    }

    /** Compresses {@code src[srcOffset, srcOffset + length)} into {@code dst} at {@code dstOffset}; returns size. */
    public static int compress(
        final byte[] src, final int srcOffset, final int length, final byte[] dst, final int dstOffset)
    {
        return COMPRESSOR.compress(src, srcOffset, length, dst, dstOffset, dst.length - dstOffset);
    }

    /**
     * Decompresses into {@code dst[0, rawLength)}.
     *
     * @return the decompressed length, or -1 when the input is not a valid LZ4 block of that size.
     */
    public static int decompress(
        final ByteBuffer src, final int srcOffset, final int srcLength, final ByteBuffer dst, final int rawLength)
    {
        try
        {
            return DECOMPRESSOR.decompress(src, srcOffset, srcLength, dst, 0, rawLength);
        }
        catch (final LZ4Exception ex)
        {
            return -1;
        }
    }

    /** Which implementation is in use, for benchmark reports. */
    public static String implementation()
    {
        return FACTORY.toString();
    }
}
