package org.alliancetracker.reporting;

import static org.alliancetracker.reporting.Api.entry;
import static org.alliancetracker.reporting.Api.money;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.EventCodec;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.events.Topics;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.alliancetracker.infra.TopicRecorder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import tools.jackson.databind.JsonNode;

/** A record that is not a valid event goes to {@code <topic>.dlq} with the reason; nothing else is skipped. */
@ReportingServiceTest
class PoisonEventsIT extends InfrastructureProperties {

    @Autowired
    WebTestClient http;

    @Test
    void poisonGoesToTheDeadLetterTopicWithItsReasonAndTheNextEventIsApplied() {
        try (TestEvents events = new TestEvents();
             TopicRecorder dlq = TopicRecorder.start(SharedTestInfrastructure.get().kafkaBootstrapServers(),
                     Topics.deadLetterTopic(Topics.DISBURSEMENTS), Topics.deadLetterTopic(Topics.GRANTS))) {
            String year = Integer.toString(events.fiscalYear);
            GrantRef grant = events.grant(Country.GT, Pillar.INSTITUTIONS, "STATE-INL");
            String key = grant.grantId();
            events.award(grant, "1000.00", events.date(1, 1));
            events.publisher().send(Topics.DISBURSEMENTS, key, "{not json at all");
            events.publisher().send(Topics.DISBURSEMENTS, key, """
                    {"specversion":"1.0","id":"poison-%s","source":"/test","type":"alliance.disbursement.teleported.v1",
                     "data":{"grantId":"%s"}}""".formatted(key, key));
            EventCodec codec = new EventCodec();
            String fractionOfACent = codec.encodeToString(codec.envelope(
                    events.disbursement(grant, "10.00", events.date(2, 1)), "/test"))
                    .replace("\"amount\":10.00", "\"amount\":10.005");
            events.publisher().send(Topics.DISBURSEMENTS, key, fractionOfACent);
            events.publisher().send(Topics.GRANTS, key, new byte[0]);
            events.disburse(grant, "25.50", events.date(2, 2)); // after the poison, same partition

            Api api = new Api(http);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode fy = entry(api.get("/api/v1/countries/GT"), "byFiscalYear", year);
                assertThat(fy).isNotNull();
                assertThat(money(fy, "disbursed")).isEqualTo("25.50");
            });
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ofKey(dlq, key)).hasSize(4));

            List<ConsumerRecord<String, byte[]>> dead = ofKey(dlq, key);
            assertThat(dead).extracting(r -> header(r, "x-exception-message")).satisfiesExactlyInAnyOrder(
                    m -> assertThat(m).contains("Not a valid CloudEvent"),
                    m -> assertThat(m).contains("Unknown event type: alliance.disbursement.teleported.v1"),
                    m -> assertThat(m).contains("Rounding necessary"),
                    m -> assertThat(m).contains("Empty record"));
            assertThat(dead).extracting(r -> header(r, "x-original-topic"))
                    .containsOnly(Topics.DISBURSEMENTS, Topics.GRANTS);
            assertThat(dead).filteredOn(r -> Topics.DISBURSEMENTS.equals(header(r, "x-original-topic")))
                    .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .startsWith("{not json at all").hasSize(3);
        }
    }

    private static List<ConsumerRecord<String, byte[]>> ofKey(TopicRecorder recorder, String key) {
        return recorder.records().stream().filter(r -> key.equals(r.key())).toList();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "(no " + name + " among " + record.headers() + ")"
                : new String(header.value(), StandardCharsets.UTF_8);
    }
}
