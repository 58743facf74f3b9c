package dev.tally.server.pg;

import io.netty.buffer.ByteBuf;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The PostgreSQL types Tally's values travel as, with their OIDs (from PostgreSQL's {@code pg_type.dat}) and their text
 * and binary forms. A SQL type name as {@link dev.tally.sql.SqlResult} gives it maps to one of these
 * ({@link #ofSqlType}); a value is a String, Long, Integer, Double, BigDecimal, Boolean or {@link Instant}.
 */
public enum PgType
{
    BOOL(16, 1, "bool", "boolean"),
    BYTEA(17, -1, "bytea", "bytea"),
    NAME(19, 64, "name", "name"),
    INT8(20, 8, "int8", "bigint"),
    INT2(21, 2, "int2", "smallint"),
    INT4(23, 4, "int4", "integer"),
    TEXT(25, -1, "text", "text"),
    OID(26, 4, "oid", "oid"),
    FLOAT4(700, 4, "float4", "real"),
    FLOAT8(701, 8, "float8", "double precision"),
    BPCHAR(1042, -1, "bpchar", "character"),
    VARCHAR(1043, -1, "varchar", "character varying"),
    DATE(1082, 4, "date", "date"),
    TIMESTAMP(1114, 8, "timestamp", "timestamp without time zone"),
    TIMESTAMPTZ(1184, 8, "timestamptz", "timestamp with time zone"),
    NUMERIC(1700, -1, "numeric", "numeric");

    /** Microseconds from the Unix epoch to PostgreSQL's, 2000-01-01T00:00Z. */
    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;
    private static final long PG_EPOCH_DAYS = 10_957L;
    private static final DateTimeFormatter TIMESTAMP_TEXT = new DateTimeFormatterBuilder()
        .appendPattern("yyyy-MM-dd HH:mm:ss").optionalStart()
        .appendFraction(ChronoField.MICRO_OF_SECOND, 0, 6, true).optionalEnd().toFormatter(Locale.ROOT);
    private static final DateTimeFormatter TIMESTAMPTZ_IN = new DateTimeFormatterBuilder()
        .appendPattern("yyyy-MM-dd[ ]['T']HH:mm[:ss]").optionalStart()
        .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
        .optionalStart().appendOffset("+HH:mm", "Z").optionalEnd()
        .optionalStart().appendOffset("+HH", "Z").optionalEnd()
        .toFormatter(Locale.ROOT);

    public final int oid;
    /** Bytes of the binary form, or -1 for a variable length. */
    public final short size;
    /** {@code pg_type.typname}. */
    public final String typname;
    /** What {@code format_type} and {@code information_schema.columns.data_type} say. */
    public final String sqlName;

    PgType(final int oid, final int size, final String typname, final String sqlName)
    {
        this.oid = oid;
        this.size = (short)size;
        this.typname = typname;
        this.sqlName = sqlName;
    }

    /** The type a column of Calcite's SQL type {@code name} (BIGINT, VARCHAR, TIMESTAMP(3)...) travels as. */
    public static PgType ofSqlType(final String name)
    {
        final String base = name == null ? "" : name.replaceFirst("\\(.*$", "").trim().toUpperCase(Locale.ROOT);
        return switch (base)
        {
            case "BIGINT" -> INT8;
            case "INTEGER" -> INT4;
            case "SMALLINT", "TINYINT" -> INT2;
            case "DOUBLE", "FLOAT" -> FLOAT8;
            case "REAL" -> FLOAT4;
            case "DECIMAL", "NUMERIC" -> NUMERIC;
            case "BOOLEAN" -> BOOL;
            case "DATE" -> DATE;
            case "TIMESTAMP" -> TIMESTAMP;
            case "TIMESTAMP_WITH_LOCAL_TIME_ZONE", "TIMESTAMP WITH LOCAL TIME ZONE", "TIMESTAMP WITH TIME ZONE" ->
                TIMESTAMPTZ;
            case "CHAR" -> BPCHAR;
            case "VARCHAR" -> VARCHAR;
            default -> TEXT;
        };
    }

    /** The type of a {@link java.sql.Types} code, for parameter descriptions. */
    public static PgType ofJdbcType(final int type)
    {
        return switch (type)
        {
            case java.sql.Types.BIGINT -> INT8;
            case java.sql.Types.INTEGER -> INT4;
            case java.sql.Types.SMALLINT, java.sql.Types.TINYINT -> INT2;
            case java.sql.Types.DOUBLE, java.sql.Types.FLOAT -> FLOAT8;
            case java.sql.Types.REAL -> FLOAT4;
            case java.sql.Types.DECIMAL, java.sql.Types.NUMERIC -> NUMERIC;
            case java.sql.Types.BOOLEAN -> BOOL;
            case java.sql.Types.DATE -> DATE;
            case java.sql.Types.TIMESTAMP -> TIMESTAMP;
            case java.sql.Types.TIMESTAMP_WITH_TIMEZONE -> TIMESTAMPTZ;
            case java.sql.Types.VARCHAR, java.sql.Types.CHAR -> VARCHAR;
            default -> TEXT;
        };
    }

    /** The type with this OID, or null when Tally does not know it. */
    public static PgType ofOid(final int oid)
    {
        for (final PgType type : values())
        {
            if (type.oid == oid)
            {
                return type;
            }
        }
        return null;
    }

    /** Whether this type has a binary form Tally writes (every type here does). */
    public boolean hasBinary()
    {
        return this != BYTEA;
    }

    /** A value's text form as PostgreSQL prints it. */
    public String text(final Object value)
    {
        return switch (this)
        {
            case BOOL -> value instanceof Boolean b ? (b ? "t" : "f") : value.toString();
            case FLOAT8, FLOAT4 -> floatText(((Number)value).doubleValue());
            case TIMESTAMP -> TIMESTAMP_TEXT.format(LocalDateTime.ofInstant(instant(value), ZoneOffset.UTC));
            case TIMESTAMPTZ -> TIMESTAMP_TEXT.format(LocalDateTime.ofInstant(instant(value), ZoneOffset.UTC)) + "+00";
            case DATE -> LocalDate.ofInstant(instant(value), ZoneOffset.UTC).toString();
            case NUMERIC -> value instanceof BigDecimal d ? d.toPlainString() : value.toString();
            default -> value instanceof Instant instant ? instant.toString() : value.toString();
        };
    }

    /** Writes a value's binary form (without its length) to {@code out}. */
    public void writeBinary(final Object value, final ByteBuf out)
    {
        switch (this)
        {
            case BOOL -> out.writeByte(Boolean.TRUE.equals(value) ? 1 : 0);
            case INT8 -> out.writeLong(((Number)value).longValue());
            case INT4, OID -> out.writeInt(((Number)value).intValue());
            case INT2 -> out.writeShort(((Number)value).shortValue());
            case FLOAT8 -> out.writeDouble(((Number)value).doubleValue());
            case FLOAT4 -> out.writeFloat(((Number)value).floatValue());
            case TIMESTAMP, TIMESTAMPTZ -> out.writeLong(micros(instant(value)) - PG_EPOCH_MICROS);
            case DATE -> out.writeInt((int)(LocalDate.ofInstant(instant(value), ZoneOffset.UTC).toEpochDay() -
                PG_EPOCH_DAYS));
            case NUMERIC -> writeNumeric(value instanceof BigDecimal d ? d : new BigDecimal(value.toString()), out);
            default -> out.writeCharSequence(text(value), StandardCharsets.UTF_8);
        }
    }

    /**
     * A parameter value sent in text form, as the Java value Tally's SQL takes: numbers as numbers, times as
     * {@link Instant} (PostgreSQL's {@code 2026-01-01 00:00:00+00} is not ISO-8601), everything else as its text.
     */
    public Object parseText(final String text)
    {
        try
        {
            return switch (this)
            {
                case INT8, INT4, INT2, OID -> Long.parseLong(text.trim());
                case FLOAT8, FLOAT4 -> Double.parseDouble(text.trim());
                case NUMERIC -> new BigDecimal(text.trim());
                case BOOL -> text.trim().toLowerCase(Locale.ROOT).startsWith("t") ||
                    text.trim().equals("1") || text.trim().equalsIgnoreCase("on") ||
                    text.trim().equalsIgnoreCase("yes");
                case TIMESTAMP, TIMESTAMPTZ, DATE -> parseTime(text);
                default -> text;
            };
        }
        catch (final RuntimeException ex)
        {
            throw new PgException(PgException.INVALID_TEXT_REPRESENTATION, "invalid input syntax for type " +
                typname + ": \"" + text + "\"");
        }
    }

    /** A parameter value sent in binary form. */
    public Object parseBinary(final ByteBuf in, final int length)
    {
        return switch (this)
        {
            case INT8 -> in.readLong();
            case INT4, OID -> (long)in.readInt();
            case INT2 -> (long)in.readShort();
            case FLOAT8 -> in.readDouble();
            case FLOAT4 -> (double)in.readFloat();
            case BOOL -> in.readByte() != 0;
            case TIMESTAMP, TIMESTAMPTZ -> Instant.EPOCH.plus(in.readLong() + PG_EPOCH_MICROS, ChronoUnit.MICROS);
            case DATE -> LocalDate.ofEpochDay(in.readInt() + PG_EPOCH_DAYS).atStartOfDay(ZoneOffset.UTC).toInstant();
            case NUMERIC -> readNumeric(in);
            default -> in.readCharSequence(length, StandardCharsets.UTF_8).toString();
        };
    }

    /** A time as PostgreSQL or ISO-8601 writes it; no offset is UTC (the session's TimeZone). */
    static Instant parseTime(final String text)
    {
        final String trimmed = text.trim();
        if (trimmed.length() == 10)
        {
            return LocalDate.parse(trimmed).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        final var parsed = TIMESTAMPTZ_IN.parseBest(trimmed, OffsetDateTime::from, LocalDateTime::from);
        return parsed instanceof OffsetDateTime offset ? offset.toInstant() :
            ((LocalDateTime)parsed).toInstant(ZoneOffset.UTC);
    }

    private static Instant instant(final Object value)
    {
        if (value instanceof Instant instant)
        {
            return instant;
        }
        if (value instanceof Number millis)
        {
            return Instant.ofEpochMilli(millis.longValue());
        }
        return parseTime(value.toString());
    }

    private static long micros(final Instant instant)
    {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    /** Java's shortest round-tripping form, with PostgreSQL's spellings of the special values. */
    private static String floatText(final double value)
    {
        if (Double.isNaN(value))
        {
            return "NaN";
        }
        if (Double.isInfinite(value))
        {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15)
        {
            return Long.toString((long)value);
        }
        return Double.toString(value).replace("E", "e+").replace("e+-", "e-");
    }

    /**
     * PostgreSQL's binary numeric: int16 ndigits, int16 weight (of the first base-10000 digit), int16 sign
     * (0 positive, 0x4000 negative), int16 dscale (digits after the point), then ndigits int16 base-10000 digits.
     */
    private static void writeNumeric(final BigDecimal value, final ByteBuf out)
    {
        final int scale = Math.max(0, value.scale());
        final BigInteger unscaled = value.setScale(scale).unscaledValue().abs();
        // align the fraction to whole base-10000 digits
        final int fractionDigits = (scale + 3) / 4;
        final BigInteger aligned = unscaled.multiply(BigInteger.TEN.pow(fractionDigits * 4 - scale));
        final String decimal = aligned.toString();
        final int groups = (decimal.length() + 3) / 4;
        final String padded = "0".repeat(groups * 4 - decimal.length()) + decimal;
        final short[] digits = new short[groups];
        for (int i = 0; i < groups; i++)
        {
            digits[i] = Short.parseShort(padded.substring(i * 4, i * 4 + 4));
        }
        int first = 0;
        while (first < groups && digits[first] == 0)
        {
            first++;
        }
        int last = groups - 1;
        while (last >= first && digits[last] == 0)
        {
            last--;
        }
        final int count = last - first + 1;
        out.writeShort(Math.max(0, count));
        out.writeShort(count <= 0 ? 0 : groups - fractionDigits - 1 - first);
        out.writeShort(value.signum() < 0 ? 0x4000 : 0);
        out.writeShort(scale);
        for (int i = first; i <= last; i++)
        {
            out.writeShort(digits[i]);
        }
    }

    private static BigDecimal readNumeric(final ByteBuf in)
    {
        final int count = in.readShort();
        final int weight = in.readShort();
        final int sign = in.readShort() & 0xFFFF;
        final int scale = in.readShort();
        BigDecimal value = BigDecimal.ZERO;
        for (int i = 0; i < count; i++)
        {
            value = value.add(BigDecimal.valueOf(in.readShort()).scaleByPowerOfTen(4 * (weight - i)));
        }
        value = value.setScale(scale, java.math.RoundingMode.UNNECESSARY);
        return sign == 0x4000 ? value.negate() : value;
    }
}
