package org.alliancetracker.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
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
 * The pipeline panel in a real browser (headless Chromium) against the running services: it shows what the pipeline
 * API says, the knownAt control redraws it as it was known then, and a new disbursement moves it without a reload.
 */
class PipelinePanelBrowserIT {

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
        grants.put().uri("/api/v1/appropriations/2020").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"stage\":\"ENACTED\",\"amount\":10000000.00,\"source\":\"Pipeline panel test act\","
                        + "\"accounts\":[{\"code\":\"ESF\",\"amount\":10000000.00}]}")
                .exchange().expectStatus().is2xxSuccessful();
        String allocation = grants.post().uri("/api/v1/allocations").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"fiscalYear\":2020,\"country\":\"HN\",\"pillar\":\"INSTITUTIONS\",\"amount\":1000000.00,"
                        + "\"account\":\"ESF\",\"allocatedOn\":\"2020-01-15\"}")
                .exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id").toString();
        grants.post().uri("/api/v1/grants").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"id\":\"PIPELINE-HN-1\",\"allocationId\":\"" + allocation + "\",\"agency\":\"USAID\","
                        + "\"title\":\"Pipeline panel grant\",\"obligatedAmount\":400000.00,"
                        + "\"startDate\":\"2020-02-01\",\"endDate\":\"2023-01-31\"}")
                .exchange().expectStatus().isCreated();
        await().atMost(Duration.ofSeconds(30)).until(() -> disbursements.get()
                .uri("/api/v1/grants/PIPELINE-HN-1/balance").exchange().returnResult(String.class).getStatus()
                .is2xxSuccessful());
        disburse("pipeline-1", "100000.00", "2020-03-01");
        await().atMost(Duration.ofSeconds(30)).until(() -> new BigDecimal(totals("HN").get("disbursed").toString())
                .compareTo(new BigDecimal("100000.00")) >= 0);
        browser = HeadlessChromium.start(1280, 900);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void thePanelShowsThePipelineApiFiguresOfEachCountry() {
        open();
        for (String iso : new String[] {"SV", "GT", "HN"}) {
            Map<String, Object> totals = totals(iso);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(figure(iso, "disbursed")).isEqualTo(DashboardBrowserIT.usd(totals.get("disbursed")));
                assertThat(figure(iso, "unobligated")).isEqualTo(DashboardBrowserIT.usd(
                        new BigDecimal(totals.get("unobligated").toString())
                                .subtract(new BigDecimal(totals.get("expiredUnobligated").toString()))));
                assertThat(figure(iso, "reprogrammedOut")).isEqualTo(DashboardBrowserIT.usd(
                        totals.get("reprogrammedOut")));
            });
        }
        assertThat(browser.findElement(By.id("pipeline-stale")).getAttribute("innerHTML")).contains("<caption>");
        assertThat(HeadlessChromium.consoleErrors(browser)).isEmpty();
    }

    @Test
    void theKnownAtControlShowsThePipelineAsTheTrackerKnewIt() {
        open();
        await().atMost(Duration.ofSeconds(10)).until(() -> figure("HN", "disbursed") != null
                && !figure("HN", "disbursed").equals("$0.00"));

        browser.executeScript("document.getElementById('known-at').value = arguments[0]", "2015-10-01");
        browser.findElement(By.cssSelector("#known-at-form button[type=submit]")).click();

        // nothing had been recorded by then
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(figure("HN", "disbursed")).isEqualTo("$0.00");
            assertThat(browser.findElement(By.id("pipeline-as-of")).getText()).contains("as known at");
        });
        browser.findElement(By.id("known-at-now")).click();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(figure("HN", "disbursed"))
                .isEqualTo(DashboardBrowserIT.usd(totals("HN").get("disbursed"))));
    }

    @Test
    void aNewDisbursementMovesThePanelWithoutReload() {
        open();
        await().atMost(Duration.ofSeconds(10)).until(() -> figure("HN", "disbursed") != null
                && !figure("HN", "disbursed").equals("$0.00"));
        String before = figure("HN", "disbursed");

        disburse("pipeline-live-" + System.nanoTime(), "1000.01", "2020-04-01");

        await().atMost(Duration.ofSeconds(15)).until(() -> !figure("HN", "disbursed").equals(before));
        assertThat(figure("HN", "disbursed")).isEqualTo(DashboardBrowserIT.usd(totals("HN").get("disbursed")));
    }

    private static void open() {
        browser.get(RunningSystem.get().url(Service.REPORTING) + "/");
        await().atMost(Duration.ofSeconds(15)).until(() -> "loaded".equals(
                browser.findElement(By.id("pipeline")).getAttribute("data-state")));
    }

    /** Read in one step: the panel redraws (replaces its cells) whenever a country view changes. */
    private static String figure(String iso, String name) {
        return (String) browser.executeScript("const cell = document.querySelector(arguments[0]);"
                + " return cell ? cell.textContent : null;", "#pipeline-" + iso + " td[data-figure=" + name + "]");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> totals(String iso) {
        Map<String, Object> view = reporting.get().uri("/api/v1/countries/" + iso + "/pipeline").exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        return (Map<String, Object>) view.get("totals");
    }

    private static void disburse(String key, String amount, String valueDate) {
        disbursements.post().uri("/api/v1/disbursements").header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"grantId\":\"PIPELINE-HN-1\",\"amount\":" + amount + ",\"currency\":\"USD\","
                        + "\"valueDate\":\"" + valueDate + "\",\"reference\":\"" + key + "\"}")
                .exchange().expectStatus().isCreated();
    }
}
