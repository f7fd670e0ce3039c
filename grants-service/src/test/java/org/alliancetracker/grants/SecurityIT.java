package org.alliancetracker.grants;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;

import org.alliancetracker.events.Topics;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.alliancetracker.infra.TopicRecorder;
import org.alliancetracker.issuer.TestIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Only program officers change the budget: a request without a valid token for this API (missing, foreign signature,
 * expired, not yet valid, another issuer, another audience) is 401, a valid token without {@code grants:write} is
 * 403, each as problem+json, and none of them stores anything or publishes an event. Reading stays public.
 */
@GrantsServiceTest
class SecurityIT extends InfrastructureProperties {

    private static final int YEAR = 2029;
    private static final List<String> WRITE = List.of("grants:write");
    static TopicRecorder topics;

    @LocalServerPort
    int port;
    WebTestClient anonymous;

    @BeforeAll
    static void record() {
        topics = TopicRecorder.start(SharedTestInfrastructure.get().kafkaBootstrapServers(), Topics.APPROPRIATIONS);
    }

    @AfterAll
    static void stop() {
        topics.close();
    }

    @BeforeEach
    void client() {
        anonymous = WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    static Stream<Arguments> rejectedTokens() {
        TestIssuer issuer = TestIssuer.get();
        Instant past = Instant.now().minusSeconds(3600);
        return Stream.of(
                Arguments.of("no token", null, 401),
                Arguments.of("not a JWT", "Bearer not-a-token", 401),
                Arguments.of("foreign signature", "Bearer " + issuer.forgeWithForeignKey(WRITE, null), 401),
                Arguments.of("expired", "Bearer " + issuer.forge(WRITE, null, c -> c
                        .issueTime(Date.from(past)).notBeforeTime(Date.from(past))
                        .expirationTime(Date.from(past.plusSeconds(600)))), 401),
                Arguments.of("not yet valid", "Bearer " + issuer.forge(WRITE, null, c -> c
                        .notBeforeTime(Date.from(Instant.now().plusSeconds(3600)))
                        .expirationTime(Date.from(Instant.now().plusSeconds(7200)))), 401),
                Arguments.of("wrong audience", "Bearer " + issuer.forge(WRITE, null, c -> c.audience("another-api")), 401),
                Arguments.of("wrong issuer", "Bearer " + issuer.forge(WRITE, null, c -> c.issuer("https://evil.example")), 401),
                Arguments.of("agency token, no grants:write", issuer.bearer("test-usaid"), 403),
                Arguments.of("reader token, no grants:write", issuer.bearer("test-reader"), 403));
    }

    @ParameterizedTest(name = "{0} → {2}")
    @MethodSource("rejectedTokens")
    void budgetChangesWithoutTheRightTokenAreRefusedAndChangeNothing(String what, String authorization, int status) {
        var request = anonymous.put().uri("/api/v1/appropriations/" + YEAR).contentType(MediaType.APPLICATION_JSON);
        if (authorization != null) {
            request = request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        request.bodyValue("{\"stage\":\"ENACTED\",\"amount\":1000.00,\"source\":\"Security test\"}")
                .exchange()
                .expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().exists(HttpHeaders.WWW_AUTHENTICATE)
                .expectBody()
                .jsonPath("$.type").isEqualTo(status == 401 ? "/problems/unauthorized" : "/problems/forbidden")
                .jsonPath("$.status").isEqualTo(status);

        anonymous.get().uri("/api/v1/appropriations/" + YEAR).exchange().expectStatus().isNotFound();
        assertThat(topics.eventsAbout(Integer.toString(YEAR))).isEmpty();
    }

    @Test
    void readingTheBudgetNeedsNoToken() {
        anonymous.get().uri("/api/v1/appropriations").exchange().expectStatus().isOk();
        anonymous.get().uri("/actuator/health").exchange().expectStatus().isOk();
    }

    @Test
    void aProgramOfficersTokenChangesTheBudget() {
        anonymous.put().uri("/api/v1/appropriations/2015").contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, TestIssuer.get().bearer("test-officer"))
                .bodyValue("{\"stage\":\"REQUESTED\",\"amount\":1000.00,\"source\":\"Security test\"}")
                .exchange()
                .expectStatus().is2xxSuccessful();
    }

    @Test
    void errorsAndSecurityHeadersGiveNothingAway() {
        anonymous.put().uri("/api/v1/appropriations/" + YEAR).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}")
                .exchange()
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader().valueEquals("X-Frame-Options", "DENY")
                .expectBody(String.class)
                .value(body -> assertThat(body).doesNotContain("Exception", "org.springframework", "at org."));
    }
}
