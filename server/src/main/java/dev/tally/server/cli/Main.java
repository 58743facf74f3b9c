package dev.tally.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code bin/tally} entry point: {@code start} runs the server; {@code quickstart} runs it over a local Kafka
 * broker and live events; {@code sql} opens a SQL shell over JDBC; {@code demo} shows the storage layer alone.
 */
@Command(
    name = "tally",
    mixinStandardHelpOptions = true,
    version = "tally 0.1.0-SNAPSHOT",
    description = "Tally: real-time columnar analytics for event streams.",
    subcommands = {StartCommand.class, QuickstartCommand.class, SqlCommand.class, HashCommand.class,
        DemoCommand.class})
public final class Main implements Runnable
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run()
    {
        spec.commandLine().usage(System.out);
    }
}
