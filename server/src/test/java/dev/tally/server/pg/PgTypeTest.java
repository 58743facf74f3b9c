package dev.tally.server.pg;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The wire forms of values: binary round trips and PostgreSQL's text spellings. */
class PgTypeTest
{
    @Test
    void numericRoundTripsThroughItsBinaryForm()
    {
        for (final String value : List.of("0", "1", "-1", "0.0001", "12345.678", "-98765432109876543210.5", "10000",
            "100000000", "0.5", "3.14159265358979323846", "-0.00012", "9999.9999"))
        {
            final ByteBuf buffer = Unpooled.buffer();
            PgType.NUMERIC.writeBinary(new BigDecimal(value), buffer);
            final Object back = PgType.NUMERIC.parseBinary(buffer, buffer.readableBytes());
            assertThat(((BigDecimal)back).compareTo(new BigDecimal(value))).as(value).isZero();
            buffer.release();
        }
    }

    @Test
    void numericBinaryMatchesPostgresDigits()
    {
        // 12345.678 is digits [1, 2345, 6780], weight 1, dscale 3 in PostgreSQL
        final ByteBuf buffer = Unpooled.buffer();
        PgType.NUMERIC.writeBinary(new BigDecimal("12345.678"), buffer);
        assertThat(new short[]{buffer.readShort(), buffer.readShort(), buffer.readShort(), buffer.readShort(),
            buffer.readShort(), buffer.readShort(), buffer.readShort()})
            .containsExactly(3, 1, 0, 3, 1, 2345, 6780);
        buffer.release();
    }

    @Test
    void timesRoundTripAndPrintAsPostgresDoes()
    {
        final Instant instant = Instant.parse("2026-01-01T12:34:56.789Z");
        for (final PgType type : List.of(PgType.TIMESTAMP, PgType.TIMESTAMPTZ))
        {
            final ByteBuf buffer = Unpooled.buffer();
            type.writeBinary(instant, buffer);
            assertThat(type.parseBinary(buffer, 8)).isEqualTo(instant);
            buffer.release();
        }
        assertThat(PgType.TIMESTAMP.text(instant)).isEqualTo("2026-01-01 12:34:56.789");
        assertThat(PgType.TIMESTAMPTZ.text(instant)).isEqualTo("2026-01-01 12:34:56.789+00");
        assertThat(PgType.DATE.text(instant)).isEqualTo("2026-01-01");
        assertThat(PgType.TIMESTAMPTZ.parseText("2026-01-01 13:34:56.789+01")).isEqualTo(instant);
        assertThat(PgType.TIMESTAMP.parseText("2026-01-01T12:34:56.789")).isEqualTo(instant);
    }

    @Test
    void floatsAndBooleansUsePostgresSpellings()
    {
        assertThat(PgType.FLOAT8.text(2.0)).isEqualTo("2");
        assertThat(PgType.FLOAT8.text(0.1)).isEqualTo("0.1");
        assertThat(PgType.FLOAT8.text(1e300)).isEqualTo("1.0e+300");
        assertThat(PgType.FLOAT8.text(Double.NaN)).isEqualTo("NaN");
        assertThat(PgType.BOOL.text(true)).isEqualTo("t");
        assertThat(PgType.BOOL.parseText("false")).isEqualTo(false);
    }
}
