package dev.tally.storage.schema;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class GranularityTest
{
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @ParameterizedTest
    @CsvSource({
        "PT1M, PT1M, 60000",
        "PT5M, PT5M, 300000",
        "PT1H, PT1H, 3600000",
        "PT60M, PT1H, 3600000",
        "PT90M, PT1H30M, 5400000",
        "PT0.5S, PT0.5S, 500",
        "PT1.250S, PT1.25S, 1250",
        "PT24H, P1D, 86400000",
        "P1D, P1D, 86400000",
        "P7D, P7D, 604800000",
        "P1W, P7D, 604800000",
        "p1d, P1D, 86400000",
        "P30D, P30D, 2592000000",
    })
    void parsesFixedPeriodsToCanonicalText(final String text, final String canonical, final long millis)
    {
        final Granularity granularity = Granularity.parse(text);

        assertThat(granularity.toString()).isEqualTo(canonical);
        assertThat(granularity.isFixed()).isTrue();
        assertThat(granularity.durationMillis()).isEqualTo(millis);
        assertThat(granularity).isEqualTo(Granularity.parse(canonical)).hasSameHashCodeAs(Granularity.parse(canonical));
    }

    @ParameterizedTest
    @CsvSource({"P1M, P1M, 1", "P3M, P3M, 3", "P12M, P1Y, 12", "P1Y, P1Y, 12", "P1Y6M, P1Y6M, 18"})
    void parsesCalendarPeriods(final String text, final String canonical, final int months)
    {
        final Granularity granularity = Granularity.parse(text);

        assertThat(granularity.toString()).isEqualTo(canonical);
        assertThat(granularity.isFixed()).isFalse();
        assertThat(granularity.months()).isEqualTo(months);
    }

    @Test
    void calendarPeriodHasNoDuration()
    {
        assertThatIllegalStateException()
            .isThrownBy(() -> Granularity.parse("P1M").durationMillis())
            .withMessage("period[P1M] is a calendar period with no fixed length");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "PT0M     | bad period[PT0M]: must be longer than zero",
        "P0D      | bad period[P0D]: must be longer than zero",
        "PT       | bad period[PT]: expected an ISO-8601 period such as PT1M, PT1H, P1D, P1W, P1M or P1Y",
        "P        | bad period[P]: expected an ISO-8601 period such as PT1M, PT1H, P1D, P1W, P1M or P1Y",
        "1H       | bad period[1H]: expected an ISO-8601 period such as PT1M, PT1H, P1D, P1W, P1M or P1Y",
        "PT-1M    | bad period[PT-1M]: expected an ISO-8601 period such as PT1M, PT1H, P1D, P1W, P1M or P1Y",
        "PT0.0001S| bad period[PT0.0001S]: expected an ISO-8601 period such as PT1M, PT1H, P1D, P1W, P1M or P1Y",
        "P2000Y   | bad period[P2000Y]: must not be longer than 1000 years",
        "PT9999999999999H | bad period[PT9999999999999H]: number[9999999999999] is too large",
    })
    void rejectsBadPeriods(final String text, final String message)
    {
        assertThatIllegalArgumentException().isThrownBy(() -> Granularity.parse(text)).withMessage(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"P1DT12H", "P1M1D", "P1Y1W"})
    void rejectsMixedPeriodShapes(final String text)
    {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> Granularity.parse(text))
            .withMessage("bad period[" + text +
                "]: use exactly one of years/months (P1Y2M), days/weeks (P7D, P1W) or time (PT1H30M)");
    }

    @Test
    void noneOnlyWhenAllowed()
    {
        assertThat(Granularity.parse("NONE", true)).isSameAs(Granularity.NONE);
        assertThat(Granularity.parse("none", true).isNone()).isTrue();
        assertThatIllegalArgumentException()
            .isThrownBy(() -> Granularity.parse("NONE"))
            .withMessage("bad period[NONE]: NONE is not allowed here");
    }

    @Test
    void noneKeepsEveryMillisecond()
    {
        assertThat(Granularity.NONE.bucketStart(-7)).isEqualTo(-7);
        assertThat(Granularity.NONE.nextBucketStart(-7)).isEqualTo(-6);
        assertThat(Granularity.NONE.bucketStart(1234, BERLIN)).isEqualTo(1234);
        assertThat(Granularity.NONE.toString()).isEqualTo("NONE");
    }

    @Test
    void fixedPeriodsFloorNegativeMillis()
    {
        final Granularity minute = Granularity.MINUTE;

        assertThat(minute.bucketStart(-1)).isEqualTo(-60_000);
        assertThat(minute.bucketStart(-60_000)).isEqualTo(-60_000);
        assertThat(minute.bucketStart(-60_001)).isEqualTo(-120_000);
        assertThat(minute.bucketStart(59_999)).isEqualTo(0);
        assertThat(minute.nextBucketStart(-60_000)).isEqualTo(0);
    }

    @Test
    void fiveMinuteBucketsAlignToTheEpoch()
    {
        final Granularity fiveMinutes = Granularity.parse("PT5M");

        assertThat(fiveMinutes.bucketStart(millis("2026-03-14T10:04:59.999Z")))
            .isEqualTo(millis("2026-03-14T10:00:00Z"));
        assertThat(fiveMinutes.bucketStart(millis("2026-03-14T10:05:00Z"))).isEqualTo(millis("2026-03-14T10:05:00Z"));
    }

    @Test
    void weeksStartOnMonday()
    {
        final Granularity week = Granularity.parse("P1W");

        // 2026-03-14 is a Saturday; 1970-01-01 was a Thursday.
        assertThat(week.bucketStart(millis("2026-03-14T10:00:00Z"))).isEqualTo(millis("2026-03-09T00:00:00Z"));
        assertThat(week.bucketStart(0)).isEqualTo(millis("1969-12-29T00:00:00Z"));
        assertThat(Granularity.parse("P14D").bucketStart(millis("1970-01-05T00:00:00Z")))
            .isEqualTo(millis("1970-01-05T00:00:00Z"));
    }

    @Test
    void monthBucketsFollowTheCalendar()
    {
        final Granularity month = Granularity.parse("P1M");

        assertThat(month.bucketStart(millis("2024-02-29T23:59:59.999Z"))).isEqualTo(millis("2024-02-01T00:00:00Z"));
        assertThat(month.nextBucketStart(millis("2024-02-01T00:00:00Z"))).isEqualTo(millis("2024-03-01T00:00:00Z"));
        assertThat(month.bucketStart(millis("2024-03-01T00:00:00Z"))).isEqualTo(millis("2024-03-01T00:00:00Z"));
        assertThat(month.nextBucketStart(millis("2025-12-01T00:00:00Z"))).isEqualTo(millis("2026-01-01T00:00:00Z"));
        assertThat(month.bucketStart(-1)).isEqualTo(millis("1969-12-01T00:00:00Z"));
    }

    @Test
    void quartersAndYearsAlignToJanuary()
    {
        final Granularity quarter = Granularity.parse("P3M");
        final Granularity year = Granularity.parse("P1Y");

        assertThat(quarter.bucketStart(millis("2026-06-30T23:59:59.999Z"))).isEqualTo(millis("2026-04-01T00:00:00Z"));
        assertThat(quarter.nextBucketStart(millis("2026-10-01T00:00:00Z"))).isEqualTo(millis("2027-01-01T00:00:00Z"));
        assertThat(year.bucketStart(millis("2024-12-31T23:59:59.999Z"))).isEqualTo(millis("2024-01-01T00:00:00Z"));
        assertThat(year.nextBucketStart(millis("2024-01-01T00:00:00Z"))).isEqualTo(millis("2025-01-01T00:00:00Z"));
        assertThat(year.bucketStart(millis("1600-02-29T12:00:00Z"))).isEqualTo(millis("1600-01-01T00:00:00Z"));
        assertThat(year.bucketStart(millis("-0001-06-01T00:00:00Z"))).isEqualTo(millis("-0001-01-01T00:00:00Z"));
    }

    @Test
    void dayInBerlinStartsAtLocalMidnightAcrossDst()
    {
        final Granularity day = Granularity.DAY;

        // 2026-03-29: clocks go 02:00 -> 03:00, the day is 23 hours long.
        final long springStart = millis("2026-03-28T23:00:00Z");
        assertThat(day.bucketStart(millis("2026-03-29T12:00:00Z"), BERLIN)).isEqualTo(springStart);
        assertThat(day.nextBucketStart(springStart, BERLIN) - springStart).isEqualTo(23 * Granularity.HOUR_MILLIS);

        // 2026-10-25: clocks go 03:00 -> 02:00, the day is 25 hours long.
        final long autumnStart = millis("2026-10-24T22:00:00Z");
        assertThat(day.bucketStart(millis("2026-10-25T22:59:59.999Z"), BERLIN)).isEqualTo(autumnStart);
        assertThat(day.nextBucketStart(autumnStart, BERLIN) - autumnStart).isEqualTo(25 * Granularity.HOUR_MILLIS);
        assertThat(day.bucketStart(millis("2026-10-25T23:00:00Z"), BERLIN)).isEqualTo(millis("2026-10-25T23:00:00Z"));
    }

    @Test
    void repeatedHourInBerlinIsTwoHourBuckets()
    {
        final Granularity hour = Granularity.HOUR;

        // 02:30 CEST (00:30Z) and 02:30 CET (01:30Z) are different hours.
        assertThat(hour.bucketStart(millis("2026-10-25T00:30:00Z"), BERLIN)).isEqualTo(millis("2026-10-25T00:00:00Z"));
        assertThat(hour.bucketStart(millis("2026-10-25T01:30:00Z"), BERLIN)).isEqualTo(millis("2026-10-25T01:00:00Z"));
        assertThat(hour.nextBucketStart(millis("2026-10-25T00:00:00Z"), BERLIN))
            .isEqualTo(millis("2026-10-25T01:00:00Z"));
    }

    @Test
    void midnightRepeatedByDstDoesNotSplitTheDay()
    {
        // Havana fell back from 01:00 to 00:00 on 2021-11-07, so local midnight happened twice.
        final ZoneId havana = ZoneId.of("America/Havana");
        final long start = ZonedDateTime.of(2021, 11, 7, 0, 0, 0, 0, havana).toInstant().toEpochMilli();

        assertThat(Granularity.DAY.bucketStart(millis("2021-11-07T05:30:00Z"), havana)).isEqualTo(start);
        assertThat(Granularity.DAY.nextBucketStart(start, havana) - start).isEqualTo(25 * Granularity.HOUR_MILLIS);
    }

    @Test
    void hoursAlignToLocalWallTimeInHalfHourZones()
    {
        final ZoneId kolkata = ZoneId.of("Asia/Kolkata");

        assertThat(Granularity.HOUR.bucketStart(millis("2026-03-14T10:40:00Z"), kolkata))
            .isEqualTo(millis("2026-03-14T10:30:00Z"));
        assertThat(Granularity.HOUR.bucketStart(millis("2026-03-14T10:40:00Z"), ZoneId.of("UTC")))
            .isEqualTo(millis("2026-03-14T10:00:00Z"));
    }

    @Test
    void monthInZoneStartsAtLocalMidnightOfTheFirst()
    {
        final Granularity month = Granularity.parse("P1M");
        final ZoneId newYork = ZoneId.of("America/New_York");

        assertThat(month.bucketStart(millis("2026-04-01T03:59:59Z"), newYork))
            .isEqualTo(millis("2026-03-01T05:00:00Z"));
        assertThat(month.nextBucketStart(millis("2026-03-01T05:00:00Z"), newYork))
            .isEqualTo(millis("2026-04-01T04:00:00Z"));
    }

    @ParameterizedTest
    @CsvSource({
        "PT1M, PT1H, true",
        "PT5M, PT1H, true",
        "PT7M, PT1H, false",
        "PT1H, PT1H, true",
        "PT2H, PT1H, false",
        "PT1H, P1D, true",
        "P1D, P7D, true",
        "P3D, P21D, false",
        "PT1M, P1M, true",
        "PT7M, P1M, false",
        "P1D, P1M, true",
        "P7D, P1M, false",
        "P1M, P3M, true",
        "P1M, P1Y, true",
        "P5M, P1Y, false",
        "P1M, P30D, false",
    })
    void dividesWhenEveryCoarseBucketIsWholeFineBuckets(final String fine, final String coarse, final boolean expected)
    {
        assertThat(Granularity.parse(fine).divides(Granularity.parse(coarse))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT1H", "P1D", "P1M"})
    void noneDividesEverything(final String coarse)
    {
        assertThat(Granularity.NONE.divides(Granularity.parse(coarse))).isTrue();
    }

    @Test
    void ofMillisNamesTheCanonicalPeriod()
    {
        assertThat(Granularity.ofMillis(90_000)).isEqualTo(Granularity.parse("PT1M30S"));
        assertThat(Granularity.ofMillis(Granularity.DAY_MILLIS)).isEqualTo(Granularity.DAY);
        assertThat(Granularity.parse("P1D").bucketStart(0, ZoneOffset.ofHours(2))).isEqualTo(-2 * 3_600_000L);
    }

    private static long millis(final String instant)
    {
        return Instant.parse(instant).toEpochMilli();
    }
}
