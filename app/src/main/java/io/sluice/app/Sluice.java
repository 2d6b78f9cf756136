package io.sluice.app;

import io.sluice.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/sluice}: one executable for every way of running Sluice. Subcommands only wire
 * components together; the components live in their modules.
 */
@Command(name = "sluice",
        mixinStandardHelpOptions = true,
        versionProvider = Sluice.Version.class,
        description = "Verified webhook intake for Kafka.",
        subcommands = {UpCommand.class, KafkaCommand.class, IngressCommand.class, ProcessorCommand.class,
                TailCommand.class, SignCommand.class, ProvidersCommand.class, StreamCommand.class, EventsCommand.class,
                ReplayCommand.class})
public final class Sluice {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Sluice());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            // Users get one clear line, never a stack trace (set SLUICE_DEBUG=1 for one).
            if (System.getenv("SLUICE_DEBUG") != null) {
                e.printStackTrace();
            }
            if (e instanceof AdminClient.Failed) {
                cmd.getErr().println("sluice: " + e.getMessage());
                return 1;
            }
            if (e instanceof ConfigException) {
                cmd.getErr().println("sluice: config error: " + e.getMessage());
                return 2;
            }
            cmd.getErr().println("sluice: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return 1;
        });
        return cli.execute(args);
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Sluice.class.getPackage().getImplementationVersion();
            return new String[]{"sluice " + (v == null ? "dev" : v)};
        }
    }
}
