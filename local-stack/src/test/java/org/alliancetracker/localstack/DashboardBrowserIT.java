package org.alliancetracker.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
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
 * The dashboard in a real browser (Debian's headless Chromium) against the three running services: what a person
 * opening the page sees must be exactly what the API says, and must move when money moves.
 */
class DashboardBrowserIT {

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
        String allocation = budget();
        award("BROWSER-HN-1", allocation);
        disburse("BROWSER-HN-1", "browser-1", "250000.00", "2017-03-31");
        disburse("BROWSER-HN-1", "browser-2", "125000.50", "2017-11-30");
        await().atMost(Duration.ofSeconds(30)).until(() -> new BigDecimal(countryView("HN", null).get("disbursed")
                .toString()).compareTo(new BigDecimal("375000.50")) >= 0);
        browser = HeadlessChromium.start(1280, 900);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void thePageShowsTheApiFiguresForEachCountryWithoutConsoleErrors() {
        open();
        for (String iso : new String[] {"SV", "GT", "HN"}) {
            Map<String, Object> view = countryView(iso, null);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(figure(iso, "allocated")).isEqualTo(usd(view.get("allocated")));
                assertThat(figure(iso, "obligated")).isEqualTo(usd(view.get("obligated")));
                assertThat(figure(iso, "disbursed")).isEqualTo(usd(view.get("disbursed")));
            });
        }
        assertThat(browser.findElement(By.id("alliance-table")).getAttribute("innerHTML")).contains("FY2017");
        assertThat(HeadlessChromium.consoleErrors(browser)).isEmpty();
    }

    @Test
    void aNewDisbursementMovesTheCountryTotalWithinTwoSecondsWithoutReload() {
        open();
        await().atMost(Duration.ofSeconds(10)).until(() -> "Live".equals(browser.findElement(By.id("live-text")).getText()));
        String before = figure("HN", "disbursed");

        disburse("BROWSER-HN-1", "browser-live-" + System.nanoTime(), "1000.01", "2018-01-15");
        long posted = System.nanoTime();

        await().atMost(Duration.ofSeconds(2)).until(() -> !figure("HN", "disbursed").equals(before));
        long millis = Duration.ofNanos(System.nanoTime() - posted).toMillis();
        assertThat(figure("HN", "disbursed")).isEqualTo(usd(countryView("HN", null).get("disbursed")));
        System.out.println("Dashboard updated " + millis + " ms after the disbursement was accepted");
    }

    @Test
    void theAsOfControlRedrawsTheFiguresAsTheyStoodThen() {
        open();
        await().atMost(Duration.ofSeconds(10)).until(() -> !figure("HN", "disbursed").equals("—"));
        String asOf = "2017-06-30";
        Map<String, Object> then = countryView("HN", asOf);
        assertThat(usd(then.get("disbursed"))).isNotEqualTo(usd(countryView("HN", null).get("disbursed")));

        browser.executeScript("document.getElementById('as-of').value = arguments[0]", asOf);
        browser.findElement(By.cssSelector("#as-of-form button[type=submit]")).click();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(figure("HN", "disbursed")).isEqualTo(usd(then.get("disbursed")));
            assertThat(figure("HN", "obligated")).isEqualTo(usd(then.get("obligated")));
        });
        assertThat(browser.findElement(By.id("live")).getAttribute("data-state")).isEqualTo("as-of");
    }

    @Test
    void clickingATotalShowsTheTransactionsBehindItWithTheirEventIds() {
        open();
        await().atMost(Duration.ofSeconds(10)).until(() -> !figure("HN", "disbursed").equals("—"));
        String shown = figure("HN", "disbursed");

        browser.findElement(By.cssSelector("#country-HN button.figure[data-figure=disbursed]")).click();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(browser.findElement(By.id("drilldown")).isDisplayed()).isTrue();
            assertThat(browser.findElement(By.id("drilldown-total")).getText()).isEqualTo(shown);
            assertThat(browser.findElements(By.cssSelector("#drilldown-table tbody td.event")))
                    .isNotEmpty()
                    .allSatisfy(cell -> assertThat(cell.getText()).matches("[0-9a-f-]{36}"));
        });
        assertThat(HeadlessChromium.consoleErrors(browser)).isEmpty();
    }

    @Test
    void thePageIsReadableOnAPhone() {
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        try {
            open();
            Long overflow = (Long) browser.executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertThat(overflow).isLessThanOrEqualTo(0L);
        } finally {
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
        }
    }

    private static void open() {
        browser.get(RunningSystem.get().url(Service.REPORTING) + "/");
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElements(By.cssSelector("#country-HN")).size() == 1);
    }

    private static String figure(String iso, String name) {
        return browser.findElement(By.cssSelector("#country-" + iso + " button.figure[data-figure=" + name + "]")).getText();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> countryView(String iso, String asOf) {
        return reporting.get().uri(u -> u.path("/api/v1/countries/" + iso).queryParamIfPresent("asOf",
                        java.util.Optional.ofNullable(asOf)).build())
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    }

    /** The dashboard's format: U.S. dollars with thousands separators and cents, e.g. $1,234,567.89. */
    static String usd(Object amount) {
        return String.format(Locale.US, "$%,.2f", new BigDecimal(amount.toString()));
    }

    private static String budget() {
        grants.put().uri("/api/v1/appropriations/2017").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"stage\":\"ENACTED\",\"amount\":655000000.00,"
                        + "\"source\":\"Consolidated Appropriations Act, 2017\"}")
                .exchange().expectStatus().is2xxSuccessful();
        return grants.post().uri("/api/v1/allocations").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"fiscalYear\":2017,\"country\":\"HN\",\"pillar\":\"HUMAN_CAPITAL\",\"amount\":5000000.00,"
                        + "\"allocatedOn\":\"2017-01-01\"}")
                .exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id").toString();
    }

    private static void award(String grantId, String allocationId) {
        grants.post().uri("/api/v1/grants").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"id\":\"" + grantId + "\",\"allocationId\":\"" + allocationId + "\",\"agency\":\"USAID\","
                        + "\"title\":\"Browser test grant\",\"obligatedAmount\":2000000.00,"
                        + "\"startDate\":\"2017-01-01\",\"endDate\":\"2019-12-31\"}")
                .exchange().expectStatus().isCreated();
        await().atMost(Duration.ofSeconds(30)).until(() -> disbursements.get().uri("/api/v1/grants/" + grantId + "/balance")
                .exchange().returnResult(String.class).getStatus().is2xxSuccessful());
    }

    private static void disburse(String grantId, String key, String amount, String valueDate) {
        disbursements.post().uri("/api/v1/disbursements").header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"grantId\":\"" + grantId + "\",\"amount\":" + amount + ",\"currency\":\"USD\","
                        + "\"valueDate\":\"" + valueDate + "\",\"reference\":\"" + key + "\"}")
                .exchange().expectStatus().isCreated();
    }
}
