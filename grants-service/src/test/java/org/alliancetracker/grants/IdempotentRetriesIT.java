package org.alliancetracker.grants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.alliancetracker.events.AllianceEvent;
import org.alliancetracker.events.Topics;
import org.alliancetracker.events.appropriation.AllocationMade;
import org.alliancetracker.events.appropriation.AppropriationEnacted;
import org.alliancetracker.events.grant.GrantAmended;
import org.alliancetracker.events.grant.GrantAwarded;
import org.alliancetracker.events.grant.GrantSuspended;
import org.alliancetracker.events.outcome.IndicatorDefined;
import org.alliancetracker.events.outcome.OutcomeMeasured;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.alliancetracker.infra.TopicRecorder;
import org.alliancetracker.issuer.TestIssuer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import reactor.core.publisher.Flux;

/**
 * The budget writes whose retry is a no-op — an appropriation PUT with the same content, an amendment to the total
 * the grant already has, a measurement repeating the period's value, an indicator defined again alike — answer
 * every retry, one after the other and twenty at once, with the same body and publish nothing (a sentinel change of
 * the same aggregate is the only event after the first); the same id with other content is refused and publishes
 * nothing either.
 */
@GrantsServiceTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdempotentRetriesIT extends InfrastructureProperties {

    /** The one fiscal year no other test of the shared database uses. */
    static final int YEAR = 2030;
    static final String APPROPRIATION = """
            {"stage":"ENACTED","amount":2000000.00,"source":"Retry act","withholdings":[
             {"id":"w-retry","percent":10,"condition":"Certification due"}]}""";

    @Autowired
    org.springframework.test.web.reactive.server.WebTestClient http;
    @LocalServerPort
    int port;

    TopicRecorder topics;
    WebClient client;
    Api api;

    record Answer(int status, String body) {
    }

    @BeforeAll
    void connect() {
        client = WebClient.builder().baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", TestIssuer.get().bearer("test-officer")).build();
        api = new Api(http);
        assertThat(send(HttpMethod.PUT, "/api/v1/appropriations/" + YEAR, APPROPRIATION).status()).isEqualTo(201);
    }

    @BeforeEach
    void record() {
        topics = TopicRecorder.fromNow(SharedTestInfrastructure.get().kafkaBootstrapServers(),
                Topics.APPROPRIATIONS, Topics.GRANTS, Topics.OUTCOMES);
    }

    @AfterEach
    void stopRecording() {
        topics.close();
    }

    @Test
    void anAppropriationPutAgainWithTheSameContentAnswersAlikeAndPublishesNothing() {
        String uri = "/api/v1/appropriations/" + YEAR;
        String key = Integer.toString(YEAR);

        retriedAlike(HttpMethod.PUT, uri, APPROPRIATION, 200);
        api.allocate(YEAR, "GT", "INSTITUTIONS", "1.00");
        onlyEventsAbout(key, AllocationMade.class);

        // other content for the same year is a change, and the restated enactment its one event
        assertThat(send(HttpMethod.PUT, uri, APPROPRIATION.replace("2000000.00", "2100000.00")).status())
                .isEqualTo(200);
        onlyEventsAbout(key, AllocationMade.class, AppropriationEnacted.class);
    }

    @Test
    void anAmendmentToTheTotalTheGrantHasAnswersAlikeAndPublishesNothing() {
        String allocation = api.allocate(YEAR, "SV", "HUMAN_CAPITAL", "100000.00");
        api.award("RETRY-G", allocation, "50000.00");
        String amendment = "{\"obligatedAmount\":60000.00,\"reason\":\"Scale-up\",\"amendedOn\":\"2030-06-30\"}";
        assertThat(send(HttpMethod.POST, "/api/v1/grants/RETRY-G/amendments", amendment).status()).isEqualTo(200);

        retriedAlike(HttpMethod.POST, "/api/v1/grants/RETRY-G/amendments", amendment, 200);
        api.transition("RETRY-G", "suspension", 200);
        onlyEventsAbout("RETRY-G", GrantAwarded.class, GrantAmended.class, GrantSuspended.class);

        // the same grant id again is refused, whatever the body
        api.problem("POST", "/api/v1/grants", Api.grantBody("RETRY-G", allocation, "50000.00"),
                org.springframework.http.HttpStatus.CONFLICT, "grant-exists");
        onlyEventsAbout("RETRY-G", GrantAwarded.class, GrantAmended.class, GrantSuspended.class);
    }

    @Test
    void aMeasurementRepeatingThePeriodsValueAndARepeatedDefinitionAnswerAlikeAndPublishNothing() {
        String indicator = """
                {"id":"RETRY-IND","country":"HN","kind":"CONTEXT","name":"Homicides per 100,000",
                 "unit":"per 100,000","ascending":false,"baseline":{"period":"2015","value":57.5},
                 "targets":[{"period":"2020","value":40}]}""";
        String measurement = "{\"period\":\"2017\",\"value\":42.8,\"source\":\"Police count\"}";
        assertThat(send(HttpMethod.POST, "/api/v1/indicators", indicator).status()).isEqualTo(201);
        assertThat(send(HttpMethod.POST, "/api/v1/indicators/RETRY-IND/measurements", measurement).status())
                .isEqualTo(201);

        retriedAlike(HttpMethod.POST, "/api/v1/indicators", indicator, 200);
        retriedAlike(HttpMethod.POST, "/api/v1/indicators/RETRY-IND/measurements", measurement, 200);
        api.problem("POST", "/api/v1/indicators", indicator.replace("57.5", "58"),
                org.springframework.http.HttpStatus.CONFLICT, "indicator-exists");
        api.call("POST", "/api/v1/indicators/RETRY-IND/measurements",
                measurement.replace("2017", "2018"), 201);
        onlyEventsAbout("RETRY-IND", IndicatorDefined.class, OutcomeMeasured.class, OutcomeMeasured.class);
    }

    /** Three retries one after the other, then twenty at once: all {@code status}, all the same body. */
    private void retriedAlike(HttpMethod method, String uri, String body, int status) {
        List<Answer> sequential = IntStream.range(0, 3).mapToObj(i -> send(method, uri, body)).toList();
        List<Answer> concurrent = Flux.range(0, 20).flatMap(i -> exchange(method, uri, body), 20)
                .collectList().block(Duration.ofSeconds(60));
        assertThat(sequential).extracting(Answer::status).containsOnly(status);
        assertThat(concurrent).extracting(Answer::status).containsOnly(status);
        assertThat(concurrent.stream().map(Answer::body).distinct()).hasSize(1)
                .containsExactly(sequential.getFirst().body());
        assertThat(sequential.stream().map(Answer::body).distinct()).hasSize(1);
    }

    /** Waits for the expected events about the aggregate, then checks that they are all there is. */
    @SafeVarargs
    private void onlyEventsAbout(String subject, Class<? extends AllianceEvent>... types) {
        await().atMost(Duration.ofSeconds(30)).until(() -> topics.eventsAbout(subject).size() >= types.length);
        assertThat(topics.eventsAbout(subject).stream().map(e -> e.data().getClass().getSimpleName()).toList())
                .containsExactly(java.util.Arrays.stream(types).map(Class::getSimpleName).toArray(String[]::new));
    }

    private Answer send(HttpMethod method, String uri, String body) {
        return exchange(method, uri, body).block(Duration.ofSeconds(30));
    }

    private reactor.core.publisher.Mono<Answer> exchange(HttpMethod method, String uri, String body) {
        return client.method(method).uri(uri).contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchangeToMono(response -> response.bodyToMono(String.class)
                        .map(text -> new Answer(response.statusCode().value(), text)));
    }
}
