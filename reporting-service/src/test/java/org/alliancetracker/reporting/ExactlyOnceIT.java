package org.alliancetracker.reporting;

import static org.alliancetracker.reporting.Api.entry;
import static org.alliancetracker.reporting.Api.money;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.alliancetracker.events.AllianceEvent;
import org.alliancetracker.events.CloudEvent;
import org.alliancetracker.events.Country;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.reporting.projection.SourceEventsConsumer;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.stream.binding.BindingsLifecycleController;
import org.springframework.test.web.reactive.server.WebTestClient;

import tools.jackson.databind.JsonNode;

/** Redelivery, replay and duplicate publishing never move a figure. */
@ReportingServiceTest
class ExactlyOnceIT extends InfrastructureProperties {

    @Autowired
    WebTestClient http;

    @Autowired
    BindingsLifecycleController bindings;

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
    void anEventPublishedTwiceCountsOnce() {
        String year = Integer.toString(events.fiscalYear);
        GrantRef grant = events.grant(Country.GT, Pillar.PRODUCTIVE_SECTOR, "USAID");
        CloudEvent<AllianceEvent> award = events.award(grant, "90000.00", events.date(1, 2));
        CloudEvent<AllianceEvent> disbursement = events.disburse(grant, "1234.56", events.date(2, 3));
        awaitFigures(year, "90000.00", "1234.56");

        // an outbox relay retry: the very same CloudEvent (same id) again, at later offsets
        events.publisher().publish(award);
        events.publisher().publish(disbursement);
        events.disburse(grant, "0.01", events.date(2, 4)); // same key, same partition: applied after the copies

        awaitFigures(year, "90000.00", "1234.57");
        JsonNode rows = api.get("/api/v1/countries/GT/transactions?fiscalYear=" + year);
        assertThat(rows.get("totalElements").asInt()).isEqualTo(3);
    }

    @Test
    void replayingEveryTopicFromTheBeginningChangesNoFigure() throws Exception {
        String year = Integer.toString(events.fiscalYear);
        GrantRef grant = events.grant(Country.SV, Pillar.HUMAN_CAPITAL, "USAID");
        events.allocate(Country.SV, Pillar.HUMAN_CAPITAL, "70000.00", events.date(1, 1));
        events.award(grant, "50000.00", events.date(1, 2));
        events.disburse(grant, "777.77", events.date(3, 3));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                money(entry(api.get("/api/v1/countries/SV"), "byFiscalYear", year), "disbursed")).isEqualTo("777.77"));
        KafkaAdminSupport.awaitCaughtUp(ReportingServiceTest.GROUP);
        JsonNode countriesBefore = api.get("/api/v1/countries");
        JsonNode summaryBefore = api.get("/api/v1/summary");

        try (KafkaAdminSupport admin = new KafkaAdminSupport()) {
            SourceEventsConsumer.BINDINGS.forEach(b -> bindings.changeState(b,
                    BindingsLifecycleController.State.STOPPED));
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.groupEmpty(ReportingServiceTest.GROUP));
            admin.rewind(ReportingServiceTest.GROUP);
            Map<TopicPartition, Long> end = admin.offsets(OffsetSpec.latest());
            SourceEventsConsumer.BINDINGS.forEach(b -> bindings.changeState(b,
                    BindingsLifecycleController.State.STARTED));
            await().atMost(Duration.ofSeconds(60)).until(() -> admin.groupReached(ReportingServiceTest.GROUP, end));
        }

        assertThat(api.get("/api/v1/countries")).isEqualTo(countriesBefore);
        assertThat(api.get("/api/v1/summary")).isEqualTo(summaryBefore);
    }

    private void awaitFigures(String year, String obligated, String disbursed) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode fy = entry(api.get("/api/v1/countries/GT"), "byFiscalYear", year);
            assertThat(fy).isNotNull();
            assertThat(money(fy, "obligated")).isEqualTo(obligated);
            assertThat(money(fy, "disbursed")).isEqualTo(disbursed);
        });
    }
}
