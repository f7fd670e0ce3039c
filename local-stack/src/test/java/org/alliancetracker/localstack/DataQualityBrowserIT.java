package org.alliancetracker.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.alliancetracker.localstack.AllianceServices.Service;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The dashboard's "Data quality" panel in a real browser (Debian's headless Chromium) against the three running
 * services: it shows what {@code GET /api/v1/data-quality} says per agency, and follows a new disbursement without a
 * reload.
 */
class DataQualityBrowserIT {

    static final String GRANT = "DQ-BROWSER-SV-1";
    static WebTestClient grants;
    static WebTestClient disbursements;
    static WebTestClient reporting;
    static ChromeDriver browser;

    @BeforeAll
    static void startBrowserAndData() {
        Assumptions.assumeTrue(HeadlessChromium.installed(),
                "Debian's chromium and chromium-driver are not installed (.ci/run installs them)");
        grants = RunningSystem.client(Service.GRANTS);
        disbursements = RunningSystem.client(Service.DISBURSEMENT);
        reporting = RunningSystem.client(Service.REPORTING);
        grants.put().uri("/api/v1/appropriations/2023").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"stage\":\"ENACTED\",\"amount\":100000000.00,\"source\":\"FY2023 act\"}")
                .exchange().expectStatus().is2xxSuccessful();
        String allocation = grants.post().uri("/api/v1/allocations").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"fiscalYear\":2023,\"country\":\"SV\",\"pillar\":\"INSTITUTIONS\",\"amount\":1000000.00,"
                        + "\"allocatedOn\":\"2023-01-15\"}") // FY2023 funds expired on 2024-09-30: allocated then
                .exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id").toString();
        grants.post().uri("/api/v1/grants").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"id\":\"" + GRANT + "\",\"allocationId\":\"" + allocation + "\",\"agency\":\"USAID\","
                        + "\"title\":\"Data quality browser grant\",\"obligatedAmount\":50000.00,"
                        + "\"startDate\":\"2023-01-01\",\"endDate\":\"" + LocalDate.now(ZoneOffset.UTC).plusYears(1)
                        + "\"}")
                .exchange().expectStatus().isCreated();
        await().atMost(Duration.ofSeconds(30)).until(() -> disbursements.get().uri("/api/v1/grants/" + GRANT
                + "/balance").exchange().returnResult(String.class).getStatus().is2xxSuccessful());
        disburse("dq-browser-1", "100.00", "2023-02-01");
        await().atMost(Duration.ofSeconds(30)).until(() -> usaid() != null && usaid().get("disbursements") != null);
        browser = HeadlessChromium.start(1280, 900);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void thePanelShowsEachAgencyAsTheApiDoesAndFollowsANewDisbursementLive() {
        browser.get(RunningSystem.get().url(Service.REPORTING) + "/");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(cell("disbursements")).isEqualTo(usaid().get("disbursements").toString()));
        assertThat(browser.findElement(By.id("data-quality-title")).getText()).isEqualTo("Data quality");
        assertThat(cell("dormant")).isEqualTo(((Map<?, ?>) usaid().get("dormantGrants")).get("count").toString());
        assertThat(cell("dead-letters")).isEqualTo(usaid().get("deadLetters").toString());
        assertThat(cell("last-posting")).contains("(value ");
        String before = cell("disbursements");

        disburse("dq-browser-live-" + System.nanoTime(), "25.00", LocalDate.now(ZoneOffset.UTC).minusDays(1)
                .toString());

        // within 8 s, under the stream's 15 s heartbeat: the change itself must redraw the panel (the report is
        // cached for 2 s, so the panel loads again after that), not the next heartbeat
        await().atMost(Duration.ofSeconds(8)).until(() -> !cell("disbursements").equals(before));
        assertThat(cell("disbursements")).isEqualTo(usaid().get("disbursements").toString());
        assertThat(cell("last-posting")).contains("(value " + LocalDate.now(ZoneOffset.UTC).minusDays(1) + ")");
        assertThat(HeadlessChromium.consoleErrors(browser)).isEmpty();
    }

    /** The cell's text, read in one step in the page (the panel redraws live: an element found first may be gone). */
    private static String cell(String column) {
        Object text = ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "const c = document.querySelector(arguments[0]); return c ? c.innerText.trim() : '';",
                "#data-quality-table tr[data-agency=USAID] td." + column);
        return text == null ? "" : text.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> usaid() {
        Map<String, Object> report = reporting.get().uri("/api/v1/data-quality").exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        return ((List<Map<String, Object>>) report.get("agencies")).stream()
                .filter(a -> "USAID".equals(a.get("agency"))).findFirst().orElse(null);
    }

    private static void disburse(String key, String amount, String valueDate) {
        disbursements.post().uri("/api/v1/disbursements").header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"grantId\":\"" + GRANT + "\",\"amount\":" + amount + ",\"currency\":\"USD\","
                        + "\"valueDate\":\"" + valueDate + "\",\"reference\":\"" + key + "\"}")
                .exchange().expectStatus().isCreated();
    }
}
