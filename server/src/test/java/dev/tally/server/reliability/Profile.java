package dev.tally.server.reliability;

/**
 * Sizes of the reliability tests: {@code -Dtally.reliability.profile=ci} (the default) keeps each class well under a
 * minute on a 2-core box; {@code long} runs the larger variants.
 */
final class Profile
{
    private static final String PROPERTY = "tally.reliability.profile";

    private Profile()
    {
    }

    static boolean isLong()
    {
        return "long".equals(System.getProperty(PROPERTY, "ci"));
    }

    static int pick(final int ci, final int longer)
    {
        return isLong() ? longer : ci;
    }
}
