package dev.tally.bench.jmh;

/** The JVM flags every forked benchmark JVM needs (shared DEPENDENCIES.md). */
final class JvmFlags
{
    static final String ADD_EXPORTS_MISC = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    static final String ADD_OPENS_NIO = "--add-opens=java.base/java.nio=ALL-UNNAMED";
    static final String ADD_EXPORTS_NIO_CH = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";

    private JvmFlags()
    {
    }
}
