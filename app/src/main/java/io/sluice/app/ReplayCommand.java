package io.sluice.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.config.AdminConfig;
import io.sluice.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code bin/sluice replay}: starts a replay job through the admin API ({@code POST /admin/replay})
 * and prints its progress; {@code replay status JOB} and {@code replay cancel JOB} follow or stop one.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay a time range of the raw topic through the admin API (redeliver to the routes, or renormalize into a topic).",
        subcommands = {ReplayCommand.Status.class, ReplayCommand.Cancel.class})
final class ReplayCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TERMINAL = Set.of("done", "cancelled", "failed");

    @Mixin
    Target target;

    @Option(names = "--from", paramLabel = "ISO", description = "Required: start of the range, inclusive (e.g. 2026-12-03T10:00:00Z).")
    String from;

    @Option(names = "--to", paramLabel = "ISO", description = "Required: end of the range, exclusive.")
    String to;

    @Option(names = "--source", paramLabel = "S", description = "Only this source (repeatable; default: all).")
    List<String> sources;

    @Option(names = "--type", paramLabel = "T", description = "Only event types matching this glob (repeatable; default: all).")
    List<String> types;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "redeliver", description = "redeliver (default) or renormalize.")
    String mode;

    @Option(names = "--topic", paramLabel = "T", description = "The topic renormalize writes to.")
    String topic;

    @Option(names = "--job", paramLabel = "ID", description = "Job id (default: generated). The same id again starts nothing new.")
    String job;

    @Option(names = "--wait", description = "Print progress until the job is done, cancelled or failed.")
    boolean await;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        // not picocli-required: that would demand them of `replay status` and `replay cancel` too
        if (from == null || to == null) {
            throw new ParameterException(spec.commandLine(), "Missing required options: --from=ISO and --to=ISO");
        }
        ObjectNode body = JSON.createObjectNode();
        if (job != null) {
            body.put("job", job);
        }
        body.put("from", from);
        body.put("to", to);
        if (sources != null) {
            sources.forEach(body.withArray("sources")::add);
        }
        if (types != null) {
            types.forEach(body.withArray("types")::add);
        }
        body.put("mode", mode);
        if (topic != null) {
            body.put("topic", topic);
        }
        AdminClient admin = target.client();
        JsonNode progress = admin.post("/admin/replay", body);
        System.out.println(line(progress));
        return await ? follow(admin, progress.path("job").asText(), System.out) : 0;
    }

    /** Polls the job every second, printing a line whenever its progress changes; 0 when done. */
    static int follow(AdminClient admin, String job, PrintStream out) throws InterruptedException {
        String last = null;
        while (true) {
            JsonNode progress = admin.get(path(job));
            String now = line(progress);
            if (!now.equals(last)) {
                out.println(now);
                last = now;
            }
            String state = progress.path("state").asText();
            if (TERMINAL.contains(state)) {
                return state.equals("done") ? 0 : 1;
            }
            Thread.sleep(1000);
        }
    }

    /** {@code replay <job>: running 120/500 (matched 80, written 160)}. */
    static String line(JsonNode p) {
        String s = "replay " + p.path("job").asText() + ": " + p.path("state").asText() + " " + p.path("done").asLong()
                + "/" + p.path("total").asLong() + " (matched " + p.path("matched").asLong() + ", written "
                + p.path("written").asLong();
        if (p.path("duplicates").asLong() > 0) {
            s += ", duplicates " + p.path("duplicates").asLong();
        }
        if (p.path("rejected").asLong() > 0) {
            s += ", not normalizable " + p.path("rejected").asLong();
        }
        return s + ")";
    }

    static String path(String job) {
        return "/admin/replay/" + AdminClient.segment(job);
    }

    /** {@code replay status JOB [--wait]}. */
    @Command(name = "status", mixinStandardHelpOptions = true, description = "Print a replay job's progress.")
    static final class Status implements Callable<Integer> {
        @Mixin
        Target target;
        @Parameters(index = "0", paramLabel = "JOB")
        String job;
        @Option(names = "--wait", description = "Print progress until the job is done, cancelled or failed.")
        boolean await;

        @Override
        public Integer call() throws InterruptedException {
            AdminClient admin = target.client();
            if (await) {
                return follow(admin, job, System.out);
            }
            System.out.println(line(admin.get(path(job))));
            return 0;
        }
    }

    /** {@code replay cancel JOB}. */
    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a running replay job.")
    static final class Cancel implements Callable<Integer> {
        @Mixin
        Target target;
        @Parameters(index = "0", paramLabel = "JOB")
        String job;

        @Override
        public Integer call() {
            System.out.println(line(target.client().delete(path(job))));
            return 0;
        }
    }

    /**
     * The admin API to call: {@code --admin-url} / {@code --admin}, else {@code $SLUICE_ADMIN_URL},
     * else {@code http://<admin.host>:<admin.port>} of the config ({@code --config}, {@code $SLUICE_CONFIG},
     * the example config), else {@code http://127.0.0.1:8082}.
     */
    static final class Target {
        @Mixin
        AdminClient admin;
        @Mixin
        ConfigOption config;

        AdminClient client() {
            if (admin.url == null && System.getenv("SLUICE_ADMIN_URL") == null) {
                try {
                    admin.url = url(config.load(true).admin());
                } catch (ConfigException e) {
                    // no readable config: AdminClient's default address
                }
            }
            return admin;
        }

        static String url(AdminConfig ac) {
            String host = ac.host();
            // a wildcard bind address is not one to connect to
            if (host.isBlank() || host.equals("0.0.0.0") || host.equals("::")) {
                host = "127.0.0.1";
            }
            return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + ac.port();
        }
    }
}
