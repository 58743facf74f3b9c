package dev.tally.bench.jmh;

/** The JVM flags every forked benchmark JVM needs (shared DEPENDENCIES.md). */
final class JvmFlags
{
    static final String ADD_EXPORTS_MISC = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    static final String ADD_OPENS_NIO = "--add-opens=java.base/java.nio=ALL-UNNAMED";
    static final String ADD_EXPORTS_NIO_CH = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";
    /** As bin/tally runs: segment reads are validated when a segment opens, not on every access. */
    static final String NO_BOUNDS_CHECKS = "-Dagrona.disable.bounds.checks=true";

    private JvmFlags()
    {
    }
}
