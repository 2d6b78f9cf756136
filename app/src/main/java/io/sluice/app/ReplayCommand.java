package io.sluice.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.config.SluiceConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TERMINAL = Set.of("done", "cancelled", "failed");

    @Mixin
    AdminTarget target;

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
    public Integer call() throws IOException, InterruptedException {
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
        AdminHttp http = target.http();
        HttpResponse<String> answer = http.send("POST", "/admin/replay", JSON.writeValueAsString(body));
        if (answer.statusCode() != 202) {
            return http.refused(answer, System.err);
        }
        JsonNode progress = JSON.readTree(answer.body());
        System.out.println(line(progress));
        return await ? follow(http, progress.path("job").asText(), System.out) : 0;
    }

    /** Polls the job every second, printing a line whenever its progress changes; 0 when done. */
    static int follow(AdminHttp http, String job, PrintStream out) throws IOException, InterruptedException {
        String last = null;
        while (true) {
            HttpResponse<String> answer = http.send("GET", "/admin/replay/" + encode(job), null);
            if (answer.statusCode() != 200) {
                return http.refused(answer, System.err);
            }
            JsonNode progress = JSON.readTree(answer.body());
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

    /** {@code GET} or {@code DELETE /admin/replay/<job>}, printing the job's line; 1 on an error answer. */
    static int printJob(AdminHttp http, String method, String job) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(method, "/admin/replay/" + encode(job), null);
        if (answer.statusCode() != 200) {
            return http.refused(answer, System.err);
        }
        System.out.println(line(JSON.readTree(answer.body())));
        return 0;
    }

    static String encode(String job) {
        return URLEncoder.encode(job, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code replay status JOB [--wait]}. */
    @Command(name = "status", mixinStandardHelpOptions = true, description = "Print a replay job's progress.")
    static final class Status implements Callable<Integer> {
        @Mixin
        AdminTarget target;
        @Parameters(index = "0", paramLabel = "JOB")
        String job;
        @Option(names = "--wait", description = "Print progress until the job is done, cancelled or failed.")
        boolean await;

        @Override
        public Integer call() throws IOException, InterruptedException {
            AdminHttp http = target.http();
            return await ? follow(http, job, System.out) : printJob(http, "GET", job);
        }
    }

    /** {@code replay cancel JOB}. */
    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a running replay job.")
    static final class Cancel implements Callable<Integer> {
        @Mixin
        AdminTarget target;
        @Parameters(index = "0", paramLabel = "JOB")
        String job;

        @Override
        public Integer call() throws IOException, InterruptedException {
            return printJob(target.http(), "DELETE", job);
        }
    }

    /** Where the admin API is and which token to show it: {@code --admin-url}, {@code --token}. */
    static final class AdminTarget {
        @Mixin
        ConfigOption config;

        @Option(names = "--admin-url", paramLabel = "URL", description = "The admin API (default: http://<admin.host>:<admin.port> from the config).")
        String url;

        @Option(names = "--token", paramLabel = "TOKEN", description = "Admin token (default: $SLUICE_ADMIN_TOKEN).")
        String token;

        AdminHttp http() {
            String bearer = token != null ? token : System.getenv("SLUICE_ADMIN_TOKEN");
            if (bearer == null || bearer.isBlank()) {
                throw new IllegalArgumentException("no admin token: pass --token or set SLUICE_ADMIN_TOKEN");
            }
            return new AdminHttp(url != null ? stripSlash(url) : fromConfig(config.load(true)), bearer);
        }

        private static String fromConfig(SluiceConfig cfg) {
            String host = cfg.admin().host();
            // a wildcard bind address is not one to connect to
            if (host.equals("0.0.0.0") || host.equals("::") || host.isBlank()) {
                host = "127.0.0.1";
            }
            return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + cfg.admin().port();
        }

        private static String stripSlash(String u) {
            return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
        }
    }

    /** A tiny JSON-over-HTTP client of the admin API. */
    record AdminHttp(String base, String token) {
        private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        HttpResponse<String> send(String method, String path, String json) throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json");
            if (json != null) {
                b.header("Content-Type", "application/json");
            }
            b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
            try {
                return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (java.net.ConnectException e) {
                throw new IOException("cannot reach the admin API at " + base + " (is `sluice up` running with admin tokens?)", e);
            }
        }

        /** Prints the API's error ({@code <status> <code>: <detail>}) and returns exit code 1. */
        int refused(HttpResponse<String> answer, PrintStream err) {
            String what;
            try {
                JsonNode e = JSON.readTree(answer.body());
                what = e.path("error").asText("?") + (e.hasNonNull("detail") ? ": " + e.get("detail").asText() : "");
            } catch (IOException | RuntimeException ex) {
                what = "unexpected answer";
            }
            err.println("sluice: replay: " + answer.statusCode() + " " + what);
            return 1;
        }
    }
}
