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
    void logInShowsEverySourceWithItsSchemeAndUrlButNoSecret() {
        logIn(TOKEN);
        eventually(() -> assertThat(browser.findAll("#sources .card")).hasSize(2));
        WebElement hyperspell = card("hyperspell");
        assertThat(hyperspell.findElement(By.cssSelector(".scheme code")).getText()).isEqualTo("hyperspell");
        assertThat(hyperspell.getText()).contains("/webhooks/hyperspell");
        assertThat(card("github").findElement(By.cssSelector(".scheme code")).getText()).isEqualTo("github");
        assertThat(browser.driver().getPageSource()).doesNotContain(GITHUB_SECRET, HYPERSPELL_SECRET, TOKEN);
        assertThat(browser.driver().getCurrentUrl()).doesNotContain(TOKEN);
        assertThat(browser.js("return sessionStorage.getItem('sluice.admin-token')")).isEqualTo(TOKEN);
    }

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
    void revokedTokenSendsThePageBackToLogInWithoutItsData() {
        expectedErrors = m -> m.contains("401");
        logIn(VIEWER_TOKEN);
        eventually(() -> assertThat(card("hyperspell").isDisplayed()).isTrue());
        // the viewer token disappears from the config: the next refresh gets 401
        stack.restartAdmin(List.of(new AdminToken("ops", new Secret(TOKEN), EnumSet.allOf(Scope.class))));
        try {
            eventually(() -> assertThat(browser.find("#login-status [role=alert]").getText())
                    .contains("no longer accepted"));
            assertThat(browser.findAll("#sources")).isEmpty();
            assertThat(browser.find("#nav").isDisplayed()).isFalse();
            assertThat(browser.js("return sessionStorage.getItem('sluice.admin-token')")).isNull();
        } finally {
            stack.restartAdmin(stack.config().admin().tokens());
        }
    }

    // ---- sources -----------------------------------------------------------------------------

    @Test
    void acceptedDeliveriesShowInTheSourcesChart() throws Exception {
        logIn(TOKEN);
        eventually(() -> assertThat(card("hyperspell").isDisplayed()).isTrue());
        int before = acceptedCount("hyperspell");
        for (int i = 0; i < 3; i++) {
            sendHyperspell();
        }
        eventually(() -> assertThat(acceptedCount("hyperspell")).isGreaterThanOrEqualTo(before + 3));
        WebElement chart = card("hyperspell").findElement(By.cssSelector("[data-metric=accepted] svg"));
        assertThat(chart.findElements(By.cssSelector("rect"))).isNotEmpty();
        int drawn = chart.findElements(By.cssSelector("rect")).stream()
                .mapToInt(r -> Integer.parseInt(r.getDomAttribute("data-value"))).sum();
        assertThat(drawn).isGreaterThanOrEqualTo(before + 3);
        copyToDocs("console-sources.png");
    }

    @Test
    void rejectedDeliveryShowsItsReason() throws Exception {
        HttpResponse<String> r = stack.deliver(SignedDelivery.of(stack.source("hyperspell"))
                .body(hyperspellBody()).secret("demo-wrong-secret").build(), "hyperspell");
        assertThat(r.statusCode()).isEqualTo(401);
        logIn(TOKEN);
        eventually(() -> assertThat(card("hyperspell").findElements(By.cssSelector(".rejections .reason")))
                .extracting(WebElement::getText).contains("invalid_signature"));
        assertThat(card("hyperspell").getText()).doesNotContain(HYPERSPELL_SECRET, "demo-wrong-secret");
    }

    // ---- live feed ---------------------------------------------------------------------------

    @Test
    void signedDeliveriesAppearInTheLiveFeedAndFilter() throws Exception {
        logIn(TOKEN, "#/live");
        watch("hyperspell.index");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(sendHyperspell());
        }
        eventually(() -> assertThat(feedIds()).containsAll(ids));
        assertThat(browser.find("#feed-rows tr").getDomAttribute("data-source")).isEqualTo("hyperspell");
        assertThat(browser.find("#feed-rows tr").getDomAttribute("data-type")).isEqualTo("index-completed");

        browser.find("#filter-type").sendKeys("nothing-*");
        eventually(() -> assertThat(browser.findAll("#feed-rows tr")).isEmpty());
        browser.find("#filter-type").clear();
        browser.find("#filter-type").sendKeys("index-*");
        new Select(browser.find("#filter-source")).selectByValue("hyperspell");
        eventually(() -> assertThat(feedIds()).containsAll(ids));
        copyToDocs("console-live.png");
    }

    @Test
    void pausedFeedResumesWhereItStoppedWithoutLosingOrDoublingEvents() throws Exception {
        logIn(TOKEN, "#/live");
        watch("hyperspell.index");
        String first = sendHyperspell();
        eventually(() -> assertThat(feedIds()).contains(first));
        browser.find("#pause").click();
        eventually(() -> assertThat(browser.find("#stream-status").getText()).startsWith("Paused"));
        List<String> whilePaused = List.of(sendHyperspell(), sendHyperspell());
        browser.find("#pause").click();
        eventually(() -> assertThat(feedIds()).containsAll(whilePaused));
        assertThat(feedIds()).doesNotHaveDuplicates().contains(first);
    }

    @Test
    void droppedStreamReconnectsAndResumesFromItsCursor() throws Exception {
        // the browser reaches the admin API through a relay whose connections the test cuts
        expectedErrors = m -> m.contains("/streams/") && m.contains("net::ERR_");
        try (TcpProxy proxy = new TcpProxy(stack.adminPort())) {
            logInAt("http://127.0.0.1:" + proxy.port() + "/console/", TOKEN, "#/live");
            watch("hyperspell.index");
            String before = sendHyperspell();
            eventually(() -> assertThat(feedIds()).contains(before));
            assertThat(proxy.sentByClients().toLowerCase()).doesNotContain("last-event-id");

            proxy.dropConnections();
            List<String> after = List.of(sendHyperspell(), sendHyperspell());
            eventually(() -> assertThat(feedIds()).containsAll(after));
            assertThat(feedIds()).doesNotHaveDuplicates().contains(before);
            // it resumed from its cursor rather than starting over
            assertThat(proxy.sentByClients().toLowerCase()).contains("last-event-id: ");
            eventually(() -> assertThat(browser.find("#stream-status").getDomAttribute("data-state")).isEqualTo("open"));
        }
    }

    @Test
    void markupInAnEventIdIsShownAsText() throws Exception {
        String id = "<img src=x onerror=\"window.__injected=1\"><b>bold</b>" + UUID.randomUUID();
        logIn(TOKEN, "#/live");
        watch("github.events");
        HttpResponse<String> r = stack.deliver(SignedDelivery.of(stack.source("github"))
                .body("{\"action\":\"opened\",\"number\":1}").eventId(id).eventType("issues").build(), "github");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        eventually(() -> assertThat(feedIds()).contains(id));
        assertThat(browser.findAll("main img")).isEmpty();
        assertThat(browser.findAll("main b")).isEmpty();
        assertThat(browser.js("return window.__injected === undefined")).isEqualTo(true);

        awaitIndexed("github", id);
        browser.driver().findElement(By.linkText(id)).click();
        eventually(() -> assertThat(browser.find("#event-id").getText()).isEqualTo(id));
        eventually(() -> assertThat(browser.find("#timeline").isDisplayed()).isTrue());
        assertThat(browser.findAll("main img")).isEmpty();
        assertThat(browser.findAll("main b")).isEmpty();
        assertThat(browser.js("return window.__injected === undefined")).isEqualTo(true);
    }

    // ---- event detail ------------------------------------------------------------------------

    @Test
    void eventPageShowsTheTimelineAndThePrettyPayload() throws Exception {
        logIn(TOKEN, "#/live");
        watch("hyperspell.index");
        String id = sendHyperspell();
        eventually(() -> assertThat(feedIds()).contains(id));
        awaitIndexed("hyperspell", id);
        browser.driver().findElement(By.linkText(id)).click();
        eventually(() -> assertThat(browser.find("#timeline").getText()).contains("hyperspell.index"));
        assertThat(browser.find("#payload").getText()).contains("\"event\": \"index-completed\"");
    }

    @Test
    void copyAsCurlReSignsADeliveryForADemoSecret() throws Exception {
        logIn(TOKEN, "#/live");
        watch("hyperspell.index");
        String id = sendHyperspell();
        eventually(() -> assertThat(feedIds()).contains(id));
        awaitIndexed("hyperspell", id);
        browser.driver().findElement(By.linkText(id)).click();
        eventually(() -> assertThat(browser.find("#copy-curl").isDisplayed()).isTrue());
        browser.find("#copy-curl").click();
        eventually(() -> assertThat(browser.find("#curl").getText()).startsWith("curl "));
        String curl = browser.find("#curl").getText();
        assertThat(curl).contains("X-Hyperspell-Signature").doesNotContain(HYPERSPELL_SECRET);
        // the command is valid: sent to the test ingress, it is accepted (a redelivery of the same event)
        HttpResponse<String> r = sendCurl(curl);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains(id);
    }

    @Test
    void copyAsCurlIsRefusedForARealSecret() throws Exception {
        expectedErrors = m -> m.contains("403");
        logIn(TOKEN, "#/live");
        watch("github.events");
        String id = "gh-" + UUID.randomUUID();
        HttpResponse<String> r = stack.deliver(SignedDelivery.of(stack.source("github"))
                .body("{\"ref\":\"refs/heads/main\"}").eventId(id).eventType("push").build(), "github");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        eventually(() -> assertThat(feedIds()).contains(id));
        awaitIndexed("github", id);
        browser.driver().findElement(By.linkText(id)).click();
        eventually(() -> assertThat(browser.find("#copy-curl").isDisplayed()).isTrue());
        browser.find("#copy-curl").click();
        eventually(() -> assertThat(browser.find("#curl-out").getText()).contains("only for sources whose secrets are demo values"));
        assertThat(browser.findAll("#curl")).isEmpty();
    }

    // ---- replay ------------------------------------------------------------------------------

    @Test
    void replayStartedFromTheFormRunsToTheEnd() throws Exception {
        sendHyperspell();
        logIn(TOKEN);
        browser.find("#nav a[href='#/replay']").click();
        eventually(() -> assertThat(browser.find("#replay-form").isDisplayed()).isTrue());
        browser.find("button[data-minutes='60']").click();
        new Select(browser.find("#replay-mode")).selectByValue("redeliver");
        browser.find("#replay-sources").sendKeys("hyperspell");
        String job = "console-it-" + UUID.randomUUID();
        browser.find("#replay-job").sendKeys(job);
        browser.find("#replay-start").click();
        eventually(() -> assertThat(browser.find("#replay-status").getText()).contains("accepted"));
        eventually(() -> {
            WebElement row = browser.find("#jobs tr[data-job='" + job + "']");
            assertThat(row.getDomAttribute("data-state")).isEqualTo("done");
            Matcher m = Pattern.compile("(\\d+) / (\\d+)").matcher(row.findElement(By.cssSelector(".job-count")).getText());
            assertThat(m.find()).isTrue();
            assertThat(Integer.parseInt(m.group(2))).isPositive();
            assertThat(m.group(1)).isEqualTo(m.group(2));
        });
    }

    // ---- config ------------------------------------------------------------------------------

    @Test
    void configPageShowsTheRunningConfigWithSecretsRedacted() {
        logIn(TOKEN, "#/config");
        eventually(() -> assertThat(browser.find("#config-text").getText()).contains("hyperspell", "github.events"));
        String text = browser.find("#config-text").getText();
        assertThat(text).contains("***").doesNotContain(HYPERSPELL_SECRET, GITHUB_SECRET, TOKEN, VIEWER_TOKEN);
    }

    // ---- usability ---------------------------------------------------------------------------

    @Test
    void phoneWidthFitsWithoutSidewaysScrolling() {
        browser.phone(375, 812);
        logIn(TOKEN);
        eventually(() -> assertThat(card("hyperspell").isDisplayed()).isTrue());
        assertThat(((Number) browser.js("return document.documentElement.scrollWidth")).intValue()).isLessThanOrEqualTo(375);
        assertThat(((Number) browser.js("return window.innerWidth")).intValue()).isEqualTo(375);
        for (WebElement link : browser.findAll("#nav a")) {
            assertThat(link.isDisplayed()).isTrue();
        }
        browser.find("#nav a[href='#/live']").click();
        eventually(() -> assertThat(browser.find("#watch-form").isDisplayed()).isTrue());
        assertThat(((Number) browser.js("return document.documentElement.scrollWidth")).intValue()).isLessThanOrEqualTo(375);
        browser.find("#nav a[href='#/sources']").click();
        eventually(() -> assertThat(card("hyperspell").isDisplayed()).isTrue());
    }

    @Test
    void keyboardAloneLogsInAndReachesEveryPageWithVisibleFocus() {
        browser.open(stack.consoleUrl());
        eventually(() -> assertThat(browser.driver().switchTo().activeElement().getDomAttribute("id")).isEqualTo("token"));
        browser.driver().switchTo().activeElement().sendKeys(TOKEN, Keys.ENTER);
        eventually(() -> assertThat(browser.find("#nav").isDisplayed()).isTrue());
        for (String page : List.of("#/live", "#/replay", "#/config", "#/sources")) {
            WebElement focused = tabTo("#nav a[href='" + page + "']");
            assertThat(browser.js("return getComputedStyle(arguments[0]).outlineStyle", focused)).isNotEqualTo("none");
            focused.sendKeys(Keys.ENTER);
            eventually(() -> assertThat(browser.js("return location.hash")).isEqualTo(page));
            eventually(() -> assertThat(browser.find("main h1").isDisplayed()).isTrue());
        }
    }

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
        logInAt(stack.consoleUrl(), token, hash);
    }

    private void logInAt(String consoleUrl, String token, String hash) {
        browser.open(consoleUrl + hash);
        eventually(() -> assertThat(browser.find("#token").isDisplayed()).isTrue());
        browser.find("#token").sendKeys(token);
        browser.find("#login-button").click();
        eventually(() -> assertThat(browser.find("#nav").isDisplayed()).isTrue());
    }

    private void watch(String topic) {
        if (!"#/live".equals(browser.js("return location.hash"))) {
            browser.find("#nav a[href='#/live']").click();
        }
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
