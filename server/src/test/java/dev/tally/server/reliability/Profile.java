package dev.tally.server.reliability;

/**
 * The reliability suite's two sizes: {@code ci} (the default, what {@code mvn verify} runs) and {@code long}
 * ({@code -Dtally.reliability.profile=long}), which repeats each ordeal many more times.
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

    /** {@code ci} in the CI profile, {@code longer} in the long one. */
    public static int pick(final int ci, final int longer)
    {
        return isLong() ? longer : ci;
    }
}
