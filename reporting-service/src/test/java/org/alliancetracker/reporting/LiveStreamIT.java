package org.alliancetracker.reporting;

import static org.alliancetracker.reporting.Api.entry;
import static org.alliancetracker.reporting.Api.money;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.alliancetracker.events.AllianceEvent;
import org.alliancetracker.events.CloudEvent;
import org.alliancetracker.events.Country;
import org.alliancetracker.events.EventCodec;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.events.Topics;
import org.alliancetracker.events.view.CountryViewChanged;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.alliancetracker.infra.TopicRecorder;
import org.alliancetracker.reporting.projection.Generations;
import org.alliancetracker.reporting.projection.Views;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** {@code /api/v1/stream} and the compacted topic {@code alliance.country-views} that feeds it. */
@ReportingServiceTest
class LiveStreamIT extends InfrastructureProperties {

    @Autowired
    WebTestClient http;

    /** Which generation of the views is current (an earlier test may have rebuilt them). */
    @Autowired
    Generations generations;

    @Autowired
    Environment environment;

    @Autowired
    ReactiveMongoTemplate mongo;

    Api api;
    TestEvents events;

    @BeforeEach
    void connect() {
        api = new Api(http);
        events = new TestEvents();
    }

    @AfterEach
    void disconnect() {
        events.close();
    }

    @Test
    void theStreamStartsWithEachCountryAsGetShowsItThenSendsEveryChange() {
        KafkaAdminSupport.awaitCaughtUp(ReportingServiceTest.GROUP);
        try (SseRecorder stream = SseRecorder.connect(baseUrl(), "/api/v1/stream")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> stream.countryViews().size() >= 3);
            assertThat(stream.countryViews().subList(0, 3)).extracting(v -> v.get("country").asString())
                    .containsExactly("SV", "GT", "HN");
            assertThat(stream.countryViews().get(1)).isEqualTo(api.get("/api/v1/countries/GT"));

            String year = Integer.toString(events.fiscalYear);
            GrantRef grant = events.grant(Country.GT, Pillar.SECURITY_AND_JUSTICE, "USAID");
            events.award(grant, "5000.00", events.date(1, 1));
            events.disburse(grant, "1500.25", events.date(1, 2));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode latest = stream.countryViews("GT").getLast();
                assertThat(money(entry(latest, "byFiscalYear", year), "disbursed")).isEqualTo("1500.25");
                assertThat(latest).as("the same JSON as GET").isEqualTo(api.get("/api/v1/countries/GT"));
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> !stream.events("heartbeat").isEmpty());
        }
    }

    @Test
    void aStreamForOneCountryCarriesOnlyThatCountry() {
        try (SseRecorder stream = SseRecorder.connect(baseUrl(), "/api/v1/stream?country=sv")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> stream.countryViews().size() >= 1);
            String year = Integer.toString(events.fiscalYear);
            GrantRef gt = events.grant(Country.GT, Pillar.HUMAN_CAPITAL, "USAID");
            GrantRef sv = events.grant(Country.SV, Pillar.HUMAN_CAPITAL, "USAID");
            events.award(gt, "10.00", events.date(1, 1));
            events.award(sv, "20.00", events.date(1, 1));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    money(entry(stream.countryViews().getLast(), "byFiscalYear", year), "obligated"))
                    .isEqualTo("20.00"));
            assertThat(stream.countryViews()).extracting(v -> v.get("country").asString()).containsOnly("SV");
        }
        http.get().uri("/api/v1/stream?country=XX").exchange().expectStatus().isNotFound();
    }

    @Test
    void eachChangedViewIsPublishedOnTheCompactedTopicKeyedByCountry() throws Exception {
        try (TopicRecorder topic = TopicRecorder.start(SharedTestInfrastructure.get().kafkaBootstrapServers(),
                Topics.COUNTRY_VIEWS);
             Admin admin = Admin.create(Map.of("bootstrap.servers",
                     SharedTestInfrastructure.get().kafkaBootstrapServers()))) {
            String year = Integer.toString(events.fiscalYear);
            events.allocate(Country.HN, Pillar.INSTITUTIONS, "4242.42", events.date(3, 3));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(views(topic, "HN"))
                    .anySatisfy(view -> assertThat(money(entry(view, "byFiscalYear", year), "allocated"))
                            .isEqualTo("4242.42")));
            assertThat(topic.records()).allSatisfy(r -> assertThat(r.key()).isIn("SV", "GT", "HN"));

            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, Topics.COUNTRY_VIEWS);
            String policy = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource)
                    .get("cleanup.policy").value();
            assertThat(policy).isEqualTo("compact");
        }
    }

    @Test
    void aViewWhosePublishWasMissedIsPublishedByTheSweep() {
        try (TopicRecorder topic = TopicRecorder.start(SharedTestInfrastructure.get().kafkaBootstrapServers(),
                Topics.COUNTRY_VIEWS)) {
            String year = Integer.toString(events.fiscalYear);
            events.allocate(Country.SV, Pillar.PRODUCTIVE_SECTOR, "99.99", events.date(1, 1));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(views(topic, "SV"))
                    .anySatisfy(view -> assertThat(entry(view, "byFiscalYear", year)).isNotNull()));
            int before = views(topic, "SV").size();
            // what a crash between the view's change and its publish leaves behind: a changed view, unpublished
            mongo.getCollection(generations.current().name(Views.COUNTRIES))
                    .flatMap(c -> Mono.from(c.updateOne(Filters.eq("_id", "SV"),
                            Updates.combine(Updates.set("dirty", true), Updates.inc("version", 1L)))))
                    .block();
            await().atMost(Duration.ofSeconds(30)).until(() -> views(topic, "SV").size() > before);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(views(topic, "SV").getLast()).isEqualTo(api.get("/api/v1/countries/SV")));
        }
    }

    private static List<JsonNode> views(TopicRecorder topic, String country) {
        EventCodec codec = new EventCodec();
        return topic.records().stream().filter(r -> country.equals(r.key())).map(r -> {
            CloudEvent<AllianceEvent> event = codec.decode(r.value());
            return Api.JSON.valueToTree(((CountryViewChanged) event.data()).view());
        }).map(JsonNode.class::cast).toList();
    }

    private String baseUrl() {
        return "http://localhost:" + environment.getRequiredProperty("local.server.port");
    }
}
