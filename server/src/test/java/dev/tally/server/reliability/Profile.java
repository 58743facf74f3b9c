package dev.tally.server.reliability;

/**
 * The reliability tests' size: {@code -Dtally.reliability.profile=ci} (the default: minutes in total) or
 * {@code long} (the same tests run longer and bigger, by hand or nightly).
 */
public final class Profile
{
    private Profile()
    {
    }

    public static boolean isLong()
    {
        return "long".equals(System.getProperty("tally.reliability.profile", "ci"));
    }

    /** {@code ci} under the CI profile, {@code longer} under the long one. */
    public static int pick(final int ci, final int longer)
    {
        return isLong() ? longer : ci;
    }
}
