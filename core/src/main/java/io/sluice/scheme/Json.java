package io.sluice.scheme;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import java.io.IOException;

/**
 * The one JSON reader of the verifiers. Bounded on purpose: bodies come from the internet, so deep
 * nesting or absurd numbers must end as {@code invalid_json}, never as a StackOverflowError or a
 * slow BigInteger parse.
 */
final class Json {
    /** Deeper than any provider payload we know of, far below what could exhaust a thread stack. */
    static final int MAX_NESTING_DEPTH = 200;
    /** Digits of one number; ids and timestamps are far shorter. */
    static final int MAX_NUMBER_LENGTH = 100;
    /** Above the largest body the ingress admits (64 MiB). */
    static final int MAX_STRING_LENGTH = 64 * 1024 * 1024 + 1;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .maxStringLength(MAX_STRING_LENGTH)
                    .build())
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** Reads one value in the middle of a document (the caller checks for trailing tokens itself). */
    private static final ObjectReader VALUE = MAPPER.readerFor(JsonNode.class)
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    /** The parsed document, or a {@link Rejection} with {@link Reason#INVALID_JSON}. */
    static JsonNode parse(byte[] bytes, String what) {
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (Exception | StackOverflowError e) {
            // The parser's message may quote the input; keep the detail generic.
            throw new Rejection(Reason.INVALID_JSON, what + " is not valid JSON");
        }
        if (node == null || node.isMissingNode()) {
            throw new Rejection(Reason.INVALID_JSON, what + " is empty, JSON expected");
        }
        return node;
    }

    /** A streaming parser with the same bounds as {@link #parse}. */
    static JsonParser parser(byte[] bytes) throws IOException {
        return MAPPER.createParser(bytes);
    }

    /** The value starting at the parser's current token, built as {@link #parse} would build it. */
    static JsonNode readValue(JsonParser p) throws IOException {
        return VALUE.readTree(p);
    }
}
