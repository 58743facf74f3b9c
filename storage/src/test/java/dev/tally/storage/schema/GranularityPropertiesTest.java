package dev.tally.storage.schema;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.constraints.LongRange;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Bucketing invariants for every supported period shape; jqwik prints the seed of any failing run. */
class GranularityPropertiesTest
{
    private static final List<String> PERIODS = List.of(
        "PT0.001S", "PT0.25S", "PT1S", "PT1M", "PT5M", "PT7M", "PT15M", "PT45M", "PT1H", "PT2H", "PT3H", "PT5H",
        "PT12H", "P1D", "P2D", "P3D", "P1W", "P14D", "P1M", "P2M", "P3M", "P5M", "P1Y", "P2Y", "P1Y6M");
    /** Zones with DST gaps and overlaps at odd hours, half-hour shifts, a skipped day and a fixed offset. */
    private static final List<String> ZONES = List.of(
        "Europe/Berlin", "America/New_York", "America/Havana", "America/Sao_Paulo", "Australia/Lord_Howe",
        "Asia/Kolkata", "Asia/Tehran", "Pacific/Apia", "Pacific/Chatham", "+05:45");
    /** About ±31,000 years; UTC arithmetic must hold far from the epoch. */
    private static final long WIDE_RANGE = 1_000_000_000_000_000L;
    /** 1900..2100 in zones, where tz rules change; later years only repeat the last rule. */
    private static final long ZONE_FROM = -2_208_988_800_000L;
    private static final long ZONE_TO = 4_102_444_800_000L;

    @Property(tries = 3000)
    void utcBucketHoldsTimeAndIsIdempotent(
        @ForAll("periods") final Granularity granularity,
        @ForAll @LongRange(min = -WIDE_RANGE, max = WIDE_RANGE) final long time)
    {
        final long start = granularity.bucketStart(time);
        final long next = granularity.nextBucketStart(start);

        assertThat(start).isLessThanOrEqualTo(time);
        assertThat(time).isLessThan(next);
        assertThat(granularity.bucketStart(start)).isEqualTo(start);
        assertThat(granularity.bucketStart(next)).isEqualTo(next);
        assertThat(granularity.bucketStart(next - 1)).isEqualTo(start);
    }

    @Property(tries = 3000)
    void utcBucketsNearTheEpochHoldTime(
        @ForAll("periods") final Granularity granularity,
        @ForAll @LongRange(min = -100_000_000_000L, max = 100_000_000_000L) final long time)
    {
        utcBucketHoldsTimeAndIsIdempotent(granularity, time);
    }

    @Property(tries = 6000)
    void zonedBucketHoldsTimeAndIsIdempotent(
        @ForAll("periods") final Granularity granularity,
        @ForAll("zonedTimes") final Tuple2<ZoneId, Long> zonedTime)
    {
        final ZoneId zone = zonedTime.get1();
        final long time = zonedTime.get2();
        final long start = granularity.bucketStart(time, zone);
        final long next = granularity.nextBucketStart(start, zone);

        assertThat(start).isLessThanOrEqualTo(time);
        assertThat(time).isLessThan(next);
        assertThat(granularity.bucketStart(start, zone)).isEqualTo(start);
        assertThat(granularity.bucketStart(next, zone)).isEqualTo(next);
        assertThat(granularity.bucketStart(next - 1, zone)).isEqualTo(start);
    }

    @Property(tries = 2000)
    void zonedDayBasedBucketsStartAtLocalMidnight(
        @ForAll("dayBasedPeriods") final String period,
        @ForAll("zonedTimes") final Tuple2<ZoneId, Long> zonedTime)
    {
        final ZoneId zone = zonedTime.get1();
        final long time = zonedTime.get2();
        final LocalDate date = Instant.ofEpochMilli(time).atZone(zone).toLocalDate();
        final LocalDate expected = switch (period)
        {
            case "P1D" -> date;
            case "P1W" -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case "P1M" -> date.withDayOfMonth(1);
            case "P3M" -> date.withDayOfMonth(1).withMonth((date.getMonthValue() - 1) / 3 * 3 + 1);
            case "P1Y" -> date.withDayOfYear(1);
            default -> throw new IllegalArgumentException("period[" + period + "]");
        };

        assertThat(Granularity.parse(period).bucketStart(time, zone))
            .isEqualTo(expected.atStartOfDay(zone).toInstant().toEpochMilli());
    }

    @Property(tries = 2000)
    void zoneUtcMatchesUtc(
        @ForAll("periods") final Granularity granularity,
        @ForAll @LongRange(min = -WIDE_RANGE, max = WIDE_RANGE) final long time)
    {
        assertThat(granularity.bucketStart(time, ZoneOffset.UTC)).isEqualTo(granularity.bucketStart(time));
        assertThat(granularity.bucketStart(time, ZoneId.of("Etc/UTC"))).isEqualTo(granularity.bucketStart(time));
    }

    @Property(tries = 5000)
    void civilMonthArithmeticMatchesJavaTime(@ForAll @LongRange(min = -100_000_000L, max = 100_000_000L) final long day)
    {
        final LocalDate date = LocalDate.ofEpochDay(day);
        final long monthIndex = (date.getYear() - 1970L) * 12 + date.getMonthValue() - 1;

        assertThat(Granularity.monthIndex(day)).isEqualTo(monthIndex);
        assertThat(Granularity.firstDayOfMonth(monthIndex)).isEqualTo(date.withDayOfMonth(1).toEpochDay());
    }

    @Provide
    Arbitrary<Granularity> periods()
    {
        return Arbitraries.of(PERIODS).map(Granularity::parse);
    }

    @Provide
    Arbitrary<String> dayBasedPeriods()
    {
        return Arbitraries.of("P1D", "P1W", "P1M", "P3M", "P1Y");
    }

    /**
     * A zone with a time anywhere in 1900..2100, or within a few hours of one of that zone's offset transitions in
     * 1900..2100 (where gaps and overlaps live).
     */
    @Provide
    Arbitrary<Tuple2<ZoneId, Long>> zonedTimes()
    {
        return Arbitraries.of(ZONES).map(ZoneId::of).flatMap((zone) ->
        {
            final List<Long> transitions = zone.getRules().getTransitions().stream()
                .map((transition) -> transition.getInstant().toEpochMilli())
                .filter((millis) -> millis >= ZONE_FROM && millis <= ZONE_TO)
                .toList();
            final Arbitrary<Long> anywhere = Arbitraries.longs().between(ZONE_FROM, ZONE_TO);
            final Arbitrary<Long> nearTransition = transitions.isEmpty() ? anywhere : Arbitraries.of(transitions)
                .flatMap((transition) -> Arbitraries.longs()
                    .between(-3 * Granularity.HOUR_MILLIS, 3 * Granularity.HOUR_MILLIS)
                    .map((delta) -> transition + delta));
            return Arbitraries.frequencyOf(Tuple.of(1, anywhere), Tuple.of(3, nearTransition))
                .map((time) -> Tuple.of(zone, time));
        });
    }
}
