package dev.tally.storage.segment;

import dev.tally.storage.codec.BitPacking;
import dev.tally.storage.codec.Checksums;
import dev.tally.storage.codec.Lz4Codec;
import org.agrona.DirectBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static dev.tally.storage.segment.SegmentLayout.*;

/**
 * The blocks of one column of a mapped segment: block table access, per-block min/max, and loading a block's
 * decoded bytes into a {@link BlockScratch}. A block's CRC is verified the first time any thread loads it; the
 * verified flags are racy on purpose (a lost write only means the block is verified twice). Thread-safe.
 */
final class ColumnBlocks
{
    /** How a block's decoded length follows from its rows; checked for every block when the segment opens. */
    enum Payload
    {
        TIME, IDS, FRAME_OF_REFERENCE, FIXED8, SKETCH
    }

    private final Segment segment;
    private final String column;
    private final int tableOffset;
    private final int blockCount;
    private final byte[] verified;

    ColumnBlocks(
        final Segment segment, final String column, final Payload payload, final int idWidth, final int tableOffset,
        final int tableLength)
    {
        this.segment = segment;
        this.column = column;
        this.tableOffset = tableOffset;
        this.blockCount = segment.blockCount();
        this.verified = new byte[blockCount];
        if (tableLength != blockCount * BLOCK_ENTRY_LENGTH)
        {
            throw corrupt(-1, "block table length[" + tableLength + "] != " + blockCount + " blocks");
        }
        for (int b = 0; b < blockCount; b++)
        {
            validateEntry(b, payload, idWidth);
        }
        segment.addColumnBlocks(this);
    }

    /** Verifies the checksum of every block not verified yet (see {@link Segment#verify()}). */
    void verifyAll()
    {
        final DirectBuffer file = segment.buffer();
        for (int block = 0; block < blockCount; block++)
        {
            if (verified[block] == 0)
            {
                final int entry = entry(block);
                final int offset = (int)file.getLong(entry + BLOCK_OFFSET_OFFSET, ByteOrder.LITTLE_ENDIAN);
                final int stored = file.getInt(entry + BLOCK_STORED_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
                final int crc = file.getInt(entry + BLOCK_CRC_OFFSET, ByteOrder.LITTLE_ENDIAN);
                if (Checksums.crc32c(segment.mapped(), offset, stored) != crc)
                {
                    throw corrupt(block, "block checksum mismatch");
                }
                verified[block] = 1;
            }
        }
    }

    private void validateEntry(final int b, final Payload payload, final int idWidth)
    {
        final long offset = entryLong(b, BLOCK_OFFSET_OFFSET);
        final int stored = entryInt(b, BLOCK_STORED_LENGTH_OFFSET);
        final int raw = entryInt(b, BLOCK_RAW_LENGTH_OFFSET);
        final int codec = codec(b);
        final int width = width(b);
        final int rows = segment.rowsInBlock(b);
        if (offset < HEADER_LENGTH || (offset & 7) != 0 || stored < 0 ||
            offset + stored > segment.dataEnd() || raw < 0)
        {
            throw corrupt(b, "block bounds[offset " + offset + ", length " + stored + "] outside the data area");
        }
        if ((codec != CODEC_RAW && codec != CODEC_LZ4) || (codec == CODEC_RAW && stored != raw) ||
            segment.buffer().getShort(entry(b) + BLOCK_ZERO_OFFSET) != 0)
        {
            throw corrupt(b, "bad codec[" + codec + "] or lengths[stored " + stored + ", raw " + raw + "]");
        }
        final long expected = switch (payload)
        {
            case TIME, FRAME_OF_REFERENCE -> width == PLAIN_LONG_WIDTH ? rows * 8L :
                width <= BitPacking.MAX_WIDTH ? BitPacking.packedLength(rows, width) : -1;
            case IDS -> width == idWidth ? BitPacking.packedLength(rows, width) : -1;
            case FIXED8 -> rows * 8L;
            case SKETCH -> raw >= 4L * (rows + 1) ? raw : -1;
        };
        if (raw != expected)
        {
            throw corrupt(b, "decoded length[" + raw + "] does not match " + rows + " rows at width[" + width + "]");
        }
        segment.addExtent(offset, stored);
    }

    int blockCount()
    {
        return blockCount;
    }

    Segment segment()
    {
        return segment;
    }

    int rows(final int block)
    {
        return segment.rowsInBlock(block);
    }

    long min(final int block)
    {
        return entryLong(block, BLOCK_MIN_OFFSET);
    }

    long max(final int block)
    {
        return entryLong(block, BLOCK_MAX_OFFSET);
    }

    int width(final int block)
    {
        return segment.buffer().getByte(entry(block) + BLOCK_WIDTH_OFFSET) & 0xFF;
    }

    boolean isCompressed(final int block)
    {
        return codec(block) == CODEC_LZ4;
    }

    /** Verifies (once) and decodes block {@code block}; afterwards the scratch points at its decoded bytes. */
    void load(final int block, final BlockScratch scratch)
    {
        final DirectBuffer file = segment.buffer();
        final int entry = entry(block);
        final int offset = (int)file.getLong(entry + BLOCK_OFFSET_OFFSET, ByteOrder.LITTLE_ENDIAN);
        final int stored = file.getInt(entry + BLOCK_STORED_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
        final int raw = file.getInt(entry + BLOCK_RAW_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
        final ByteBuffer mapped = segment.mapped();
        if (verified[block] == 0)
        {
            final int crc = file.getInt(entry + BLOCK_CRC_OFFSET, ByteOrder.LITTLE_ENDIAN);
            if (Checksums.crc32c(mapped, offset, stored) != crc)
            {
                throw corrupt(block, "block checksum mismatch");
            }
            verified[block] = 1;
        }
        if (file.getByte(entry + BLOCK_CODEC_OFFSET) == CODEC_RAW)
        {
            scratch.useMapped(file, segment.longs(), segment.doubles(), offset, raw);
        }
        else if (BlockCache.SHARED.isEnabled())
        {
            BlockCache.Entry cached = BlockCache.SHARED.get(this, block);
            if (cached == null)
            {
                final ByteBuffer target = ByteBuffer.allocateDirect(raw).order(ByteOrder.LITTLE_ENDIAN);
                decompress(block, mapped, offset, stored, target, raw);
                cached = new BlockCache.Entry(target, raw);
                BlockCache.SHARED.put(this, block, cached);
            }
            scratch.useMapped(cached.bytes, cached.longs, cached.doubles, 0, raw);
        }
        else
        {
            decompress(block, mapped, offset, stored, scratch.decodeBuffer(raw), raw);
            scratch.useDecoded(raw);
        }
    }

    private void decompress(final int block, final ByteBuffer mapped, final int offset, final int stored,
        final ByteBuffer target, final int raw)
    {
        if (Lz4Codec.decompress(mapped, offset, stored, target, raw) != raw)
        {
            throw corrupt(block, "LZ4 block does not decode to its length[" + raw + "]");
        }
    }

    CorruptSegmentException corrupt(final int block, final String problem)
    {
        return new CorruptSegmentException(segment.file(), column, block, problem);
    }

    private int codec(final int block)
    {
        return segment.buffer().getByte(entry(block) + BLOCK_CODEC_OFFSET);
    }

    private int entry(final int block)
    {
        if (block < 0 || block >= blockCount)
        {
            throw new IndexOutOfBoundsException("block[" + block + "] not in [0, " + blockCount + ")");
        }
        return tableOffset + block * BLOCK_ENTRY_LENGTH;
    }

    private long entryLong(final int block, final int field)
    {
        return segment.buffer().getLong(entry(block) + field, ByteOrder.LITTLE_ENDIAN);
    }

    private int entryInt(final int block, final int field)
    {
        return segment.buffer().getInt(entry(block) + field, ByteOrder.LITTLE_ENDIAN);
    }
}
