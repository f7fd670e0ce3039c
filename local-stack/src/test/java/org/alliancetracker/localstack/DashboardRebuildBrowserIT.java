package org.alliancetracker.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import org.alliancetracker.issuer.TestIssuer;
import org.alliancetracker.localstack.AllianceServices.Service;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * While an operator rebuilds the views from the event log, the open dashboard shows a progress bar, and afterwards
 * the same figures as before. Its own class (own JVM, own system): a rebuild replays every topic into a new
 * generation of the views and switches to it, which other tests sharing the system need not wait for.
 */
class DashboardRebuildBrowserIT {

    static ChromeDriver browser;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(HeadlessChromium.installed(),
                "Debian's chromium and chromium-driver are not installed (.ci/run installs them)");
        new DemoData(RunningSystem.get().url(Service.GRANTS), RunningSystem.get().url(Service.DISBURSEMENT),
                RunningSystem.issuerUrl()).load();
        browser = HeadlessChromium.start(1280, 900);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aRebuildShowsItsProgressAndEndsWithTheSameFigures() {
        WebTestClient reporting = RunningSystem.client(Service.REPORTING);
        BigDecimal disbursed = await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> new BigDecimal(
                reporting.get().uri("/api/v1/countries/GT").exchange().expectBody(Map.class).returnResult()
                        .getResponseBody().get("disbursed").toString()), amount -> amount.signum() > 0);
        browser.get(RunningSystem.get().url(Service.REPORTING) + "/");
        await().atMost(Duration.ofSeconds(10)).until(() -> "Live".equals(browser.findElement(By.id("live-text")).getText()));
        // the page shows the API's figure before the rebuild (not its placeholder while the figures load)
        String before = String.format(Locale.US, "$%,.2f", disbursed);
        await().atMost(Duration.ofSeconds(10)).until(() -> before.equals(figure("GT")));

        reporting.post().uri("/api/v1/admin/rebuild")
                .header("Authorization", TestIssuer.get().bearer("test-admin"))
                .exchange().expectStatus().is2xxSuccessful();

        await().atMost(Duration.ofSeconds(30)).until(() -> "true".equals(
                browser.findElement(By.tagName("body")).getDomAttribute("data-rebuild-seen")));
        await().atMost(Duration.ofSeconds(120)).until(() -> "COMPLETED".equals(reporting.get().uri("/api/v1/admin/rebuild")
                .header("Authorization", TestIssuer.get().bearer("test-admin")).exchange()
                .expectBody(Map.class).returnResult().getResponseBody().get("state")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(browser.findElement(By.id("rebuild")).isDisplayed()).isFalse();
            assertThat(figure("GT")).isEqualTo(before);
        });
        assertThat(HeadlessChromium.consoleErrors(browser)).isEmpty();
    }

    private static String figure(String iso) {
        return browser.findElement(By.cssSelector("#country-" + iso + " button.figure[data-figure=disbursed]")).getText();
    }
}
