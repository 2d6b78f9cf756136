package io.sluice.app;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.time.Instant;
import java.util.concurrent.Callable;

/** {@code bin/sluice events get|list}: the event index through the admin API. */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = "Look up events in the index (admin API; token from $SLUICE_ADMIN_TOKEN or --token).",
        subcommands = {EventsCommand.Get.class, EventsCommand.ListEvents.class})
final class EventsCommand {

    /** {@code events get SOURCE ID}: one event's timeline as JSON. */
    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "Print an event's timeline: deliveries, dedupe outcome, outputs or dead-letter reason.")
    static final class Get implements Callable<Integer> {
        @Mixin
        AdminClient admin;
        @Parameters(index = "0", paramLabel = "SOURCE")
        String source;
        @Parameters(index = "1", paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            JsonNode t = admin.get("/admin/events/" + AdminClient.segment(source) + "/" + AdminClient.segment(id));
            System.out.println(AdminClient.pretty(t));
            return 0;
        }
    }

    /** {@code events list}: recent events, newest first, one line each. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List recent events, newest first.")
    static final class ListEvents implements Callable<Integer> {
        @Mixin
        AdminClient admin;
        @Option(names = "--source", paramLabel = "NAME")
        String source;
        @Option(names = "--type", paramLabel = "TYPE", description = "Event type; a trailing * matches a prefix.")
        String type;
        @Option(names = "--since", paramLabel = "TIME", description = "ISO-8601 time or epoch ms.")
        String since;
        @Option(names = "--until", paramLabel = "TIME", description = "ISO-8601 time or epoch ms.")
        String until;
        @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most N events (1-1000, default 50).")
        int limit;
        @Option(names = "--json", description = "Print the API's JSON instead of a table.")
        boolean json;

        @Override
        public Integer call() {
            JsonNode r = admin.get("/admin/events?limit=" + limit + AdminClient.param("source", source)
                    + AdminClient.param("type", type) + AdminClient.param("since", since)
                    + AdminClient.param("until", until));
            if (json) {
                System.out.println(AdminClient.pretty(r));
            } else {
                table(System.out, r.path("events"));
            }
            return 0;
        }

        static void table(PrintStream out, JsonNode events) {
            out.printf("%-24s  %-14s  %-36s  %-24s  %-14s  %s%n", "RECEIVED", "SOURCE", "ID", "TYPE", "STATUS",
                    "DELIVERIES/OUTPUTS");
            for (JsonNode e : events) {
                String at = e.hasNonNull("received_at") ? Instant.ofEpochMilli(e.path("received_at").asLong()).toString() : "-";
                out.printf("%-24s  %-14s  %-36s  %-24s  %-14s  %d/%d%n", at, e.path("source").asText(),
                        e.path("id").asText(), e.path("type").asText("-"), e.path("status").asText(),
                        e.path("deliveries").asInt(), e.path("outputs").asInt());
            }
        }
    }
}
