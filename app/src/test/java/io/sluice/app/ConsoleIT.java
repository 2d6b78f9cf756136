package io.sluice.app;

import io.sluice.config.AdminToken;
import io.sluice.config.Scope;
import io.sluice.config.Secret;
import io.sluice.testkit.KafkaBroker;
import io.sluice.testkit.SignedDelivery;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console in a real browser (headless Chromium driven by Selenium) against the real pipeline on
 * the embedded broker and the admin API that serves it. Every test starts a fresh browser, logs in
 * like a user, saves a screenshot under {@code target/console-screenshots/} and fails on any error in
 * the browser's console log (except the refusals a test provokes on purpose).
 */
class ConsoleIT {
    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    @TempDir
    static Path stateDir;

    @TempDir
    Path profileDir;

    private static final String TOKEN = "console-it-" + UUID.randomUUID();
    private static final String VIEWER_TOKEN = "console-viewer-" + UUID.randomUUID();
    private static final String GITHUB_SECRET = "gh-real-secret-" + UUID.randomUUID();
    private static final String HYPERSPELL_SECRET = "demo-hyperspell-secret";
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private static ConsoleStack stack;

    private Browser browser;
    private String testName;
    /** Browser console errors this test provokes on purpose (a refused token, a 403). */
    private Predicate<String> expectedErrors = m -> false;

    @BeforeAll
    static void start() {
        stack = ConsoleStack.start(KAFKA, stateDir, """
                admin:
                  host: 127.0.0.1
                  port: 0
                  tokens:
                    - {name: ops, token: "%s", scopes: [read, replay, admin]}
                    - {name: viewer, token: "%s", scopes: [read]}
                routes:
                  - {topic: hyperspell.index, sources: [hyperspell], types: ["index-*"]}
                  - {topic: github.events, sources: [github]}
                sources:
                  - {name: hyperspell, scheme: hyperspell, secrets: ["%s"]}
                  - {name: github, scheme: github, secrets: ["%s"]}
                """.formatted(TOKEN, VIEWER_TOKEN, HYPERSPELL_SECRET, GITHUB_SECRET));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @BeforeEach
    void openBrowser(TestInfo info) {
        testName = info.getTestMethod().orElseThrow().getName();
        browser = Browser.start(profileDir, 1280, 900);
    }

    @AfterEach
    void closeBrowser() {
        if (browser == null) {
            return;
        }
        try {
            browser.screenshot(SCREENSHOTS.resolve(testName + ".png"));
            assertThat(browser.errors()).as("errors in the browser console").filteredOn(expectedErrors.negate()).isEmpty();
        } finally {
            browser.close();
        }
    }

    // ---- log-in ------------------------------------------------------------------------------

    @Test
    void wrongTokenShowsAClearMessageAndNoData() {
        expectedErrors = m -> m.contains("401");
        browser.open(stack.consoleUrl());
        eventually(() -> assertThat(browser.find("#token").isDisplayed()).isTrue());
        browser.find("#token").sendKeys("not-the-token");
        browser.find("#login-button").click();
        eventually(() -> assertThat(browser.find("#login-status [role=alert]").getText())
                .contains("not accepted").contains("wrong, expired or revoked"));
        assertThat(browser.find("#nav").isDisplayed()).isFalse();
        assertThat(browser.findAll("#sources")).isEmpty();
        assertThat(browser.find("main").getText()).doesNotContain("hyperspell", "github");
        assertThat(browser.js("return sessionStorage.getItem('sluice.admin-token')")).isNull();
        assertThat(browser.driver().getCurrentUrl()).doesNotContain("not-the-token");
    }

    @Test
    void configPageShowsTheRunningConfigWithSecretsRedacted() {
        logIn(TOKEN, "#/config");
        eventually(() -> assertThat(browser.find("#config-text").getText()).contains("hyperspell", "github.events"));
        String text = browser.find("#config-text").getText();
        assertThat(text).contains("***").doesNotContain(HYPERSPELL_SECRET, GITHUB_SECRET, TOKEN, VIEWER_TOKEN);
    }

    // ---- usability ---------------------------------------------------------------------------

    @Test
    void firstPaintIsUnderOneSecond() throws Exception {
        // the server is warm (it has served other pages); the browser is fresh, its cache empty
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack.consoleUrl())).build(),
                HttpResponse.BodyHandlers.discarding());
        browser.open(stack.consoleUrl());
        eventually(() -> assertThat(browser.find("#token").isDisplayed()).isTrue());
        Number paint = (Number) browser.js(
                "const p = performance.getEntriesByName('first-contentful-paint')[0]; return p ? p.startTime : null");
        assertThat(paint).as("first contentful paint, ms").isNotNull();
        assertThat(paint.doubleValue()).isLessThan(1000);
    }

    @Test
    void sseParserHandlesSplitChunksCommentsAndCursors() {
        browser.open(stack.consoleUrl());
        eventually(() -> assertThat(browser.find("#token").isDisplayed()).isTrue());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> events = (List<Map<String, Object>>) ((org.openqa.selenium.JavascriptExecutor) browser.driver())
                .executeAsyncScript("""
                        const done = arguments[arguments.length - 1];
                        import('./js/sse.js').then(({ SseParser }) => {
                          const out = [];
                          const p = new SseParser((e) => out.push(e));
                          for (const chunk of [': heartbeat\\n\\nid: c1\\nda', 'ta: {"a":1}\\r', '\\n\\r\\n', 'id: c2\\ndata: x\\ndata: y\\n\\n', 'retry: 5\\n\\n']) {
                            p.push(chunk);
                          }
                          done(out);
                        });
                        """);
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).containsEntry("id", "c1").containsEntry("data", "{\"a\":1}");
        assertThat(events.get(1)).containsEntry("id", "c2").containsEntry("data", "x\ny");
    }

    // ---- helpers -----------------------------------------------------------------------------

    private void logIn(String token) {
        logIn(token, "");
    }

    /** Logs in through the form; the console then shows the page of {@code hash} (the sources page when empty). */
    private void logIn(String token, String hash) {
        browser.open(stack.consoleUrl() + hash);
        eventually(() -> assertThat(browser.find("#token").isDisplayed()).isTrue());
        browser.find("#token").sendKeys(token);
        browser.find("#login-button").click();
        eventually(() -> assertThat(browser.find("#nav").isDisplayed()).isTrue());
    }

    private void watch(String topic) {
        browser.find("#nav a[href='#/live']").click();
        eventually(() -> assertThat(browser.find("#topic").isDisplayed()).isTrue());
        browser.find("#topic").clear();
        browser.find("#topic").sendKeys(topic);
        browser.find("#watch").click();
        eventually(() -> assertThat(browser.find("#stream-status").getDomAttribute("data-state")).isEqualTo("open"));
    }

    private List<String> feedIds() {
        return browser.findAll("#feed-rows a.event-link").stream().map(WebElement::getText).toList();
    }

    private WebElement card(String source) {
        return browser.find("#sources .card[data-source='" + source + "']");
    }

    private int acceptedCount(String source) {
        return Integer.parseInt(card(source).findElement(By.cssSelector("[data-metric=accepted] .count")).getText().trim());
    }

    /** Sends a fresh hyperspell event; returns its id from the ingress's 200 answer. */
    private String sendHyperspell() throws Exception {
        HttpResponse<String> r = stack.deliver(SignedDelivery.of(stack.source("hyperspell")).body(hyperspellBody()).build(),
                "hyperspell");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Matcher m = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static String hyperspellBody() {
        return "{\"event\":\"index-completed\",\"app\":\"console-it\",\"user_id\":\"u1\",\"source\":\"notion\","
                + "\"resource_id\":\"doc-" + UUID.randomUUID() + "\",\"timestamp\":" + Instant.now().getEpochSecond() + "}";
    }

    /** Positive barrier: the admin API's event lookup knows the event (the processor indexed it). */
    private void awaitIndexed(String source, String id) {
        eventually(() -> assertThat(stack.adminGet("/admin/events/" + source + "/"
                + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"), TOKEN)
                .statusCode()).isEqualTo(200));
    }

    /** Sends the console's curl command (URL, -H headers, --data-binary body) with Java to the test ingress. */
    private HttpResponse<String> sendCurl(String curl) throws Exception {
        List<String> quoted = new ArrayList<>();
        Matcher m = Pattern.compile("'((?:[^']|'\\\\'')*)'").matcher(curl);
        while (m.find()) {
            quoted.add(m.group(1).replace("'\\''", "'"));
        }
        URI url = URI.create(quoted.get(0));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.pipeline.ingress.port() + url.getPath()))
                .POST(HttpRequest.BodyPublishers.ofString(quoted.get(quoted.size() - 1)));
        for (String header : quoted.subList(1, quoted.size() - 1)) {
            int colon = header.indexOf(':');
            b.header(header.substring(0, colon), header.substring(colon + 1).trim());
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Presses Tab until the element matching css has the focus; returns it. */
    private WebElement tabTo(String css) {
        WebElement target = browser.find(css);
        for (int i = 0; i < 40; i++) {
            WebElement active = browser.driver().switchTo().activeElement();
            if (active.equals(target)) {
                return active;
            }
            active.sendKeys(Keys.TAB);
        }
        throw new AssertionError("Tab never reached " + css);
    }

    private void copyToDocs(String name) {
        // the README's pictures: written by the test, copied to docs/ by hand when the UI changes
        browser.screenshot(SCREENSHOTS.resolve(name));
    }

    private static void eventually(ThrowingRunnable check) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).ignoreExceptions().untilAsserted(check);
    }
}
