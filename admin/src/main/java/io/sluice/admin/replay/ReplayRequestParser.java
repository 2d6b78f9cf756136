package io.sluice.admin.replay;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.admin.replay.ReplayError.Code;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a {@code POST /admin/replay} body into a {@link ReplayRequest}, or says why not (the
 * first problem found, naming the field). Unknown fields are refused, so that a typo
 * ({@code "source"} for {@code "sources"}) cannot widen a replay to every source.
 */
public final class ReplayRequestParser {
    static final int MAX_FILTER_ENTRIES = 100;
    static final int MAX_FILTER_LENGTH = 255;
    private static final Set<String> FIELDS = Set.of("job", "from", "to", "sources", "types", "mode", "topic");
    /** Kafka's legal topic names. */
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Set<String> reservedTopics;
    private final Clock clock;

    /**
     * @param reservedTopics topics renormalize must never write to (the raw topic, the jobs topic)
     */
    public ReplayRequestParser(Set<String> reservedTopics, Clock clock) {
        this.reservedTopics = Set.copyOf(reservedTopics);
        this.clock = clock;
    }

    /** The outcome: a request or an error, never an exception. */
    public sealed interface Parsed {
        record Ok(ReplayRequest request) implements Parsed {
        }

        record Invalid(ReplayError error) implements Parsed {
        }
    }

    public Parsed parse(byte[] body) {
        try {
            return new Parsed.Ok(request(body));
        } catch (Refused r) {
            return new Parsed.Invalid(r.error);
        }
    }

    private ReplayRequest request(byte[] body) {
        JsonNode root;
        try {
            root = body == null || body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException e) {
            throw refuse(Code.INVALID_JSON, "the body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw refuse(Code.INVALID_JSON, "the body must be a JSON object");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw refuse(Code.INVALID_REQUEST, "unknown field '" + abbreviate(name) + "'");
            }
        }
        String job = job(root.get("job"));
        Instant from = time(root, "from");
        Instant to = time(root, "to");
        if (!from.isBefore(to)) {
            throw refuse(Code.INVALID_RANGE, "from must be before to");
        }
        List<String> sources = strings(root, "sources");
        List<String> types = strings(root, "types");
        ReplayMode mode = mode(root.get("mode"));
        return new ReplayRequest(job, from, to, sources, types, mode, topic(root.get("topic"), mode));
    }

    private String job(JsonNode node) {
        if (node == null || node.isNull()) {
            return JobIds.generate(clock.instant());
        }
        if (!node.isTextual() || !JobIds.valid(node.textValue())) {
            throw refuse(Code.INVALID_JOB_ID, "job: 1 to " + JobIds.MAX_LENGTH
                    + " characters of A-Z a-z 0-9 . _ -, starting with a letter or digit");
        }
        return node.textValue();
    }

    private static ReplayMode mode(JsonNode node) {
        if (node == null || node.isNull()) {
            return ReplayMode.REDELIVER;
        }
        return (node.isTextual() ? ReplayMode.of(node.textValue()) : java.util.Optional.<ReplayMode>empty())
                .orElseThrow(() -> refuse(Code.INVALID_MODE, "mode: redeliver or renormalize"));
    }

    private String topic(JsonNode node, ReplayMode mode) {
        if (node == null || node.isNull()) {
            if (mode == ReplayMode.RENORMALIZE) {
                throw refuse(Code.INVALID_TOPIC, "topic: renormalize needs the topic to write to");
            }
            return null;
        }
        if (mode != ReplayMode.RENORMALIZE) {
            throw refuse(Code.INVALID_REQUEST, "topic: only renormalize takes a topic (redeliver writes to the routes)");
        }
        String topic = node.isTextual() ? node.textValue() : "";
        if (!TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            throw refuse(Code.INVALID_TOPIC, "topic: 1 to 249 characters of A-Z a-z 0-9 . _ -");
        }
        if (reservedTopics.contains(topic)) {
            throw refuse(Code.INVALID_TOPIC, "topic: " + topic + " is one of Sluice's own input topics");
        }
        return topic;
    }

    /** An ISO-8601 time with an offset ({@code 2026-12-03T10:00:00Z}, {@code …+01:00}). */
    private static Instant time(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw refuse(Code.INVALID_REQUEST, field + " is required (ISO-8601 time, e.g. 2026-12-03T10:00:00Z)");
        }
        try {
            if (node.isTextual() && node.textValue().length() <= 64) {
                return OffsetDateTime.parse(node.textValue()).toInstant();
            }
        } catch (DateTimeParseException e) {
            // refused below, with the same message as a non-string
        }
        throw refuse(Code.INVALID_TIME, field + ": an ISO-8601 time with offset, e.g. 2026-12-03T10:00:00Z");
    }

    /** A de-duplicated list of non-empty strings; absent = empty (all). */
    private static List<String> strings(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray() || node.size() > MAX_FILTER_ENTRIES) {
            throw refuse(Code.INVALID_REQUEST, field + ": an array of at most " + MAX_FILTER_ENTRIES + " strings");
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode e : node) {
            if (!e.isTextual() || e.textValue().isEmpty() || e.textValue().length() > MAX_FILTER_LENGTH) {
                throw refuse(Code.INVALID_REQUEST, field + ": each entry a string of 1 to "
                        + MAX_FILTER_LENGTH + " characters");
            }
            out.add(e.textValue());
        }
        return List.copyOf(out);
    }

    private static String abbreviate(String s) {
        String shown = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return shown.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static Refused refuse(Code code, String detail) {
        return new Refused(ReplayError.of(code, detail));
    }

    /** Internal only: unwinds validation to {@link #parse}, which turns it into data. */
    private static final class Refused extends RuntimeException {
        private final ReplayError error;

        Refused(ReplayError error) {
            super(error.detail(), null, false, false);
            this.error = error;
        }
    }
}
