package org.alliancetracker.reporting;

import java.time.Duration;
import java.util.List;

import org.alliancetracker.issuer.TestIssuer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The public reads the reports and the dashboard without a token; only an operator ({@code admin}) may rebuild the
 * views; browsers may call the API only from the dashboard's origin; the dashboard carries security headers.
 */
@ReportingServiceTest
class SecurityIT extends InfrastructureProperties {

    @LocalServerPort
    int port;
    WebTestClient anonymous;

    @BeforeEach
    void client() {
        anonymous = WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    @Test
    void reportsAndTheDashboardArePublic() {
        anonymous.get().uri("/api/v1/summary").exchange().expectStatus().isOk();
        anonymous.get().uri("/api/v1/countries/GT").exchange().expectStatus().isOk();
        anonymous.get().uri("/api/v1/countries/GT/transactions").exchange().expectStatus().isOk();
        anonymous.get().uri("/").exchange().expectStatus().isOk()
                .expectHeader().valueMatches("Content-Security-Policy", ".*default-src 'self'.*frame-ancestors 'none'.*")
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader().valueEquals("X-Frame-Options", "DENY")
                .expectHeader().valueEquals("Referrer-Policy", "no-referrer");
    }

    @Test
    void rebuildingTheViewsNeedsAnOperatorsToken() {
        anonymous.get().uri("/api/v1/admin/rebuild").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        anonymous.post().uri("/api/v1/admin/rebuild").exchange().expectStatus().isUnauthorized();
        anonymous.delete().uri("/api/v1/admin/rebuild").exchange().expectStatus().isUnauthorized();
        anonymous.post().uri("/api/v1/admin/rebuild")
                .header(HttpHeaders.AUTHORIZATION, TestIssuer.get().bearer("test-reader")).exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.type").isEqualTo("/problems/forbidden");
        anonymous.post().uri("/api/v1/admin/rebuild")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestIssuer.get().forge(List.of("admin"), null,
                        claims -> claims.audience("another-api"))).exchange()
                .expectStatus().isUnauthorized();
        anonymous.get().uri("/api/v1/admin/rebuild")
                .header(HttpHeaders.AUTHORIZATION, TestIssuer.get().bearer("test-admin")).exchange()
                .expectStatus().isOk();
    }

    @Test
    void browsersMayCallTheApiOnlyFromTheDashboardsOrigin() {
        anonymous.options().uri("/api/v1/summary")
                .header(HttpHeaders.ORIGIN, "http://localhost:8080")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "http://localhost:8080");
        anonymous.options().uri("/api/v1/summary")
                .header(HttpHeaders.ORIGIN, "https://elsewhere.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET").exchange()
                .expectStatus().isForbidden();
    }

    @Test
    void writesThatNoRuleAllowsAreRefused() {
        anonymous.post().uri("/api/v1/summary").header(HttpHeaders.AUTHORIZATION, TestIssuer.get().bearer("test-admin"))
                .exchange().expectStatus().isForbidden();
    }
}
