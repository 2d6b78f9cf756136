package io.sluice.scheme;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The streaming pass reads exactly what the tree holds at each pointer, and refuses exactly what the tree refuses. */
class JsonScanTest {
    private static final List<String> POINTERS = List.of("/timestamp", "/event", "/a/b", "/a", "/0", "/0/event",
            "/arr/1", "/arr/1/x", "/n", "/big", "/f", "/s~1t", "/m~0n", "/nul", "/bool", "/deep/x/y/z", "/arr/01",
            "/arr/-", "/", "/a/b/c");

    private static final List<String> DOCUMENTS = List.of(
            "{\"event\":\"index-completed\",\"timestamp\":1700000000,\"pad\":\"xxx\"}",
            "{\"timestamp\":\"2026-11-23T12:00:00Z\",\"event\":{\"nested\":true}}",
            "{\"a\":{\"b\":1},\"a\":2}",
            "{\"a\":2,\"a\":{\"b\":[1,2]}}",
            "{\"a\":{\"b\":1,\"b\":\"two\"}}",
            "[{\"event\":\"e0\"},{\"event\":\"e1\"}]",
            "{\"0\":{\"event\":\"zero\"}}",
            "{\"arr\":[{\"x\":1},{\"x\":\"y\"},3],\"n\":12345678901234,\"big\":123456789012345678901234567890}",
            "{\"f\":1.5e3,\"s/t\":\"slash\",\"m~n\":\"tilde\",\"nul\":null,\"bool\":false,\"\":\"empty key\"}",
            "{\"f\":1700000000.25,\"deep\":{\"x\":{\"y\":{\"z\":[]}}}}",
            "{\"deep\":{\"x\":{\"y\":{\"z\":{\"q\":1}}}},\"deep\":{\"x\":3}}",
            "{\"arr\":[0,{\"x\":[1,{\"y\":2}]}],\"timestamp\":-5,\"event\":\"\\u00e9\\n\"}",
            "42", "\"text\"", "null", "true", "[]", "{}", "  {\"event\" : \"spaced\" }  \n",
            "{\"a\":{\"b\":{\"c\":\"d\"}},\"event\":[1,2,{\"x\":null}]}");

    private static final List<String> INVALID = List.of("", "   ", "{", "{\"a\":1", "{\"a\":1}{\"b\":2}", "{\"a\":1} x",
            "[1,2", "{\"a\":01}", "{a:1}", "{\"a\":\"unterminated}", "{\"a\":1,}", "\u0000",
            "{\"x\":\"" + "\\q" + "\"}", "{\"n\":" + "9".repeat(200) + "}", "[".repeat(300) + "]".repeat(300),
            "{\"a\":" + "{\"a\":".repeat(250) + "1" + "}".repeat(251), "{\"a\":[1,2,]}", "nul", "{\"a\":tru}");

    private static JsonPointer[] compile(List<String> pointers) {
        return pointers.stream().filter(p -> !p.isEmpty()).map(JsonPointer::compile).toArray(JsonPointer[]::new);
    }

    @Test
    void everyPointerOfEveryDocumentReadsWhatTheTreeHoldsThere() {
        JsonPointer[] ptrs = compile(POINTERS);
        JsonScan scan = new JsonScan(ptrs);
        for (String doc : DOCUMENTS) {
            byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
            JsonNode tree = Json.parse(bytes, "the body");
            JsonNode[] values = scan.read(bytes, "the body");
            for (int i = 0; i < ptrs.length; i++) {
                JsonNode expected = tree.at(ptrs[i]);
                assertThat(values[i]).as(doc + " at " + ptrs[i]).isEqualTo(expected);
                assertThat(values[i].getClass()).as(doc + " at " + ptrs[i]).isEqualTo(expected.getClass());
            }
        }
    }

    @Test
    void eachPointerAloneReadsTheSameAsAmongOthers() {
        for (String p : POINTERS) {
            JsonScan one = new JsonScan(compile(List.of(p)));
            for (String doc : DOCUMENTS) {
                byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
                assertThat(one.read(bytes, "the body")[0]).as(doc + " at " + p)
                        .isEqualTo(Json.parse(bytes, "the body").at(JsonPointer.compile(p)));
            }
        }
    }

    @Test
    void aBodyTheTreeRefusesIsRefusedWithTheSameMessage() {
        JsonScan scan = new JsonScan(compile(List.of("/event", "/timestamp")));
        for (String doc : INVALID) {
            byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
            Rejection expected = null;
            try {
                Json.parse(bytes, "the body");
            } catch (Rejection r) {
                expected = r;
            }
            assertThat(expected).as("the tree refuses " + doc).isNotNull();
            String message = expected.getMessage();
            assertThatThrownBy(() -> scan.read(bytes, "the body")).as(doc).isInstanceOf(Rejection.class)
                    .hasMessage(message);
        }
    }

    @Test
    void invalidUtf8InASkippedStringIsRefusedLikeTheTreeDoes() {
        byte[] bytes = {'{', '"', 'p', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        JsonScan scan = new JsonScan(compile(List.of("/event")));
        assertThatThrownBy(() -> Json.parse(bytes, "the body")).isInstanceOf(Rejection.class);
        assertThatThrownBy(() -> scan.read(bytes, "the body")).isInstanceOf(Rejection.class);
    }

    @Test
    void randomMutationsOfAValidBodyAreAcceptedOrRefusedAsTheTreeDoes() {
        JsonPointer[] ptrs = compile(POINTERS);
        JsonScan scan = new JsonScan(ptrs);
        Random random = new Random(16);
        byte[] alphabet = "{}[]\":,0123456789.-eE tfnulrasx\\/".getBytes(StandardCharsets.US_ASCII);
        for (String doc : DOCUMENTS) {
            for (int round = 0; round < 300; round++) {
                byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
                if (bytes.length == 0) {
                    continue;
                }
                bytes[random.nextInt(bytes.length)] = alphabet[random.nextInt(alphabet.length)];
                JsonNode tree;
                try {
                    tree = Json.parse(bytes, "the body");
                } catch (Rejection r) {
                    assertThatThrownBy(() -> scan.read(bytes, "the body")).isInstanceOf(Rejection.class)
                            .hasMessage(r.getMessage());
                    continue;
                }
                JsonNode[] values = scan.read(bytes, "the body");
                for (int i = 0; i < ptrs.length; i++) {
                    assertThat(values[i]).as(new String(bytes, StandardCharsets.UTF_8) + " at " + ptrs[i])
                            .isEqualTo(tree.at(ptrs[i]));
                }
            }
        }
    }

    @Test
    void theRootPointerAndTooManyPointersAreNotScannedFor() {
        BodyPointers learned = new BodyPointers();
        assertThat(learned.learn(JsonPointer.empty())).isNull();
        List<JsonPointer> many = new ArrayList<>();
        for (int i = 0; i < JsonScan.MAX_POINTERS; i++) {
            many.add(JsonPointer.compile("/p" + i));
            assertThat(learned.learn(many.get(i))).isNotNull();
        }
        assertThat(learned.learn(JsonPointer.compile("/one-too-many"))).isNull();
        assertThat(learned.learn(many.get(3)).indexOf(many.get(3))).isEqualTo(3);
    }
}
