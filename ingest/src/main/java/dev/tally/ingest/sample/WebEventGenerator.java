package dev.tally.ingest.sample;

import java.util.SplittableRandom;

/**
 * The seeded, deterministic web-analytics event generator of shared BENCHMARKS.md: the same seed gives the same
 * events everywhere (benchmarks, tests, quickstart). Events are spread evenly over a time window and slightly out of
 * order (up to 5 s); dimensions follow the skewed distributions listed there. Not thread-safe: one per thread.
 */
public final class WebEventGenerator
{
    public static final long DEFAULT_WINDOW_MILLIS = 24 * 3_600_000L;
    public static final long MAX_DISORDER_MILLIS = 5_000;

    private static final String[] COUNTRIES = (
        "US DE GB FR IN BR JP CA IT ES NL AU MX KR RU PL SE CH BE TR ID AR AT NO DK FI IE PT CZ RO IL ZA NZ SG HK TW " +
        "TH MY PH VN GR HU UA CL CO PE EG NG KE MA SA AE QA KW BH OM JO LB PK BD LK NP IR IQ KZ UZ AZ GE AM BY LT LV " +
        "EE SK SI HR RS BA ME MK AL BG MD IS LU MT CY EC BO PY UY VE CR PA GT HN SV NI DO CU JM TT BS BB HT PR DZ TN " +
        "LY SD ET TZ UG RW GH CI SN CM AO MZ ZM ZW BW NA MG MU SC KH LA MM MN BT MV AF TJ KG TM SY YE PS BN FJ PG WS " +
        "TO VU SB KI NR TV PW FM MH AD MC SM LI VA GL FO GI IM JE GG AW CW SX BM KY VG AI MS KN LC VC GD AG DM BZ SR " +
        "GY GF GP MQ RE YT NC PF WF PM TL MO CV ST GQ GA CG CD CF TD NE ML BF GN GW SL LR TG BJ MR GM ER DJ SO SS BI " +
        "MW LS SZ KM").split(" ");
    private static final String[] DEVICES = {"desktop", "mobile", "tablet"};
    private static final double[] DEVICE_WEIGHTS = {0.55, 0.40, 0.05};
    private static final String[] OPERATING_SYSTEMS = {"Windows", "Android", "iOS", "macOS", "Linux", "ChromeOS",
        "iPadOS", "Ubuntu", "FreeBSD", "KaiOS"};
    private static final String[] BROWSERS = {"Chrome", "Safari", "Edge", "Firefox", "Samsung Internet", "Opera",
        "UC Browser", "Brave", "Vivaldi", "Yandex", "DuckDuckGo", "QQ Browser", "Silk", "Whale", "Puffin",
        "Pale Moon", "Waterfox", "SeaMonkey", "Konqueror", "Lynx"};

    private static final int PAGE_COUNT = 10_000;
    private static final int REFERRER_COUNT = 1_000;
    private static final int USER_COUNT = 1_000_000;

    private static final String[] PAGES = pages();
    private static final String[] REFERRERS = referrers();
    private static final String[] USER_IDS = new String[USER_COUNT];

    private static final double[] COUNTRY_CDF = zipfCdf(COUNTRIES.length, 1.1);
    private static final double[] DEVICE_CDF = cdf(DEVICE_WEIGHTS);
    private static final double[] OS_CDF = zipfCdf(OPERATING_SYSTEMS.length, 1.0);
    private static final double[] BROWSER_CDF = zipfCdf(BROWSERS.length, 1.2);
    private static final double[] PAGE_CDF = zipfCdf(PAGE_COUNT, 1.0);
    private static final double[] REFERRER_CDF = zipfCdf(REFERRER_COUNT, 1.0);
    private static final double[] USER_CDF = zipfCdf(USER_COUNT, 0.8);

    private final SplittableRandom random;
    private final long startMillis;
    private final double stepMillis;
    private final long count;
    private long index;

    /**
     * @param seed        the same seed gives the same events.
     * @param startMillis start of the time window (epoch millis).
     * @param windowMillis the events' timestamps spread evenly over {@code [start, start + window)}.
     * @param count       how many events the window holds.
     */
    public WebEventGenerator(final long seed, final long startMillis, final long windowMillis, final long count)
    {
        if (count < 1 || windowMillis < 1)
        {
            throw new IllegalArgumentException("count[" + count + "] and window[" + windowMillis + "] must be > 0");
        }
        this.random = new SplittableRandom(seed);
        this.startMillis = startMillis;
        this.stepMillis = (double)windowMillis / count;
        this.count = count;
    }

    /** Events generated so far. */
    public long index()
    {
        return index;
    }

    public boolean hasNext()
    {
        return index < count;
    }

    /** Fills {@code event} with the next event. */
    public WebEvent next(final WebEvent event)
    {
        final long nominal = startMillis + (long)(index * stepMillis);
        final long jitter = random.nextInt(8) == 0 ? random.nextLong(MAX_DISORDER_MILLIS + 1) : 0;
        event.timestamp = Math.max(startMillis, nominal - jitter);
        event.country = COUNTRIES[sample(COUNTRY_CDF)];
        event.device = DEVICES[sample(DEVICE_CDF)];
        event.os = OPERATING_SYSTEMS[sample(OS_CDF)];
        event.browser = BROWSERS[sample(BROWSER_CDF)];
        event.page = PAGES[sample(PAGE_CDF)];
        event.referrer = random.nextDouble() < 0.30 ? null : REFERRERS[sample(REFERRER_CDF)];
        event.userId = userId(sample(USER_CDF));
        event.revenue = random.nextDouble() < 0.97 ? 0.0 :
            Math.round(Math.exp(3.0 + 1.0 * gaussian()) * 100) / 100.0;
        event.latencyMs = Math.max(1, Math.round(Math.exp(Math.log(80) + 0.6 * gaussian())));
        index++;
        return event;
    }

    private static String userId(final int rank)
    {
        String id = USER_IDS[rank];
        if (id == null)
        {
            // benign race: two threads may build equal strings for the same slot
            id = "u" + Integer.toString(rank * 7919 % USER_COUNT, 36);
            USER_IDS[rank] = id;
        }
        return id;
    }

    private double gaussian()
    {
        // Box-Muller from SplittableRandom, which has no nextGaussian on Java 17
        final double u = 1.0 - random.nextDouble();
        final double v = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private int sample(final double[] cdf)
    {
        final double u = random.nextDouble();
        int low = 0;
        int high = cdf.length - 1;
        while (low < high)
        {
            final int mid = (low + high) >>> 1;
            if (cdf[mid] < u)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        return low;
    }

    private static double[] zipfCdf(final int n, final double s)
    {
        final double[] weights = new double[n];
        for (int i = 0; i < n; i++)
        {
            weights[i] = 1.0 / Math.pow(i + 1, s);
        }
        return cdf(weights);
    }

    private static double[] cdf(final double[] weights)
    {
        double total = 0;
        for (final double weight : weights)
        {
            total += weight;
        }
        final double[] cdf = new double[weights.length];
        double running = 0;
        for (int i = 0; i < weights.length; i++)
        {
            running += weights[i];
            cdf[i] = running / total;
        }
        cdf[weights.length - 1] = 1.0;
        return cdf;
    }

    private static String[] pages()
    {
        final String[] pages = new String[PAGE_COUNT];
        final String[] sections = {"/product/", "/category/", "/blog/", "/help/", "/search/"};
        pages[0] = "/";
        pages[1] = "/product/1";
        pages[2] = "/checkout";
        pages[3] = "/cart";
        pages[4] = "/login";
        for (int i = 5; i < PAGE_COUNT; i++)
        {
            pages[i] = sections[i % sections.length] + i;
        }
        return pages;
    }

    private static String[] referrers()
    {
        final String[] referrers = new String[REFERRER_COUNT];
        final String[] top = {"google.com", "facebook.com", "bing.com", "t.co", "reddit.com", "duckduckgo.com",
            "linkedin.com", "youtube.com", "news.ycombinator.com", "instagram.com"};
        for (int i = 0; i < REFERRER_COUNT; i++)
        {
            referrers[i] = i < top.length ? top[i] : "site" + i + ".example";
        }
        return referrers;
    }

    public static int countryCount()
    {
        return COUNTRIES.length;
    }
}
