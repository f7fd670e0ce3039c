package org.alliancetracker.reporting;

import static org.alliancetracker.reporting.Api.entry;
import static org.alliancetracker.reporting.Api.money;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.EventCodec;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.events.disbursement.DisbursementRecorded;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import tools.jackson.databind.JsonNode;

/**
 * Not a test of behaviour but a measurement, off by default (no timing assertion anywhere): how fast disbursements
 * are applied to the views, and how fast a rebuild replays them. Run with
 * {@code ./mvnw -pl reporting-service -am verify -Dit.test=ThroughputIT -Dalliance.measure=true -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
 * [-Dalliance.measure.events=20000]}; the figures are printed to the test output.
 */
@ReportingServiceTest
@EnabledIfSystemProperty(named = "alliance.measure", matches = "true")
class ThroughputIT extends InfrastructureProperties {

    @Autowired
    WebTestClient http;

    @Test
    void measureApplyAndRebuildRates() throws Exception {
        int count = Integer.getInteger("alliance.measure.events", 20_000);
        Api api = new Api(http);
        EventCodec codec = new EventCodec();
        try (TestEvents events = new TestEvents();
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     "bootstrap.servers", SharedTestInfrastructure.get().kafkaBootstrapServers(), "acks", "all",
                     "enable.idempotence", "true", "linger.ms", "20", "batch.size", "262144"),
                     new StringSerializer(), new ByteArraySerializer())) {
            String year = Integer.toString(events.fiscalYear);
            List<GrantRef> grants = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                grants.add(events.grant(Country.values()[i % 3], Pillar.values()[i % 4], i % 2 == 0 ? "USAID" : "STATE-INL"));
            }
            List<Future<RecordMetadata>> sent = new ArrayList<>(count);
            BigDecimal expected = BigDecimal.ZERO.setScale(2);
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                GrantRef grant = grants.get(i % grants.size());
                DisbursementRecorded recorded = events.disbursement(grant, "1.01", events.date(1 + i % 12, 1));
                if (grant.country() == Country.GT) {
                    expected = expected.add(recorded.amount());
                }
                var envelope = codec.envelope(recorded, "/measure");
                sent.add(producer.send(new ProducerRecord<>(envelope.topic(), envelope.key(), codec.encode(envelope))));
            }
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
            long published = System.nanoTime();
            String gtExpected = expected.toPlainString();
            await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertThat(
                    money(entry(api.get("/api/v1/countries/GT"), "byFiscalYear", year), "disbursed"))
                    .isEqualTo(gtExpected));
            long applied = System.nanoTime();
            System.out.printf("MEASURE publish %d events: %.1f s (%.0f/s); applied all %.1f s after the first publish "
                            + "(%.0f events/s end to end)%n", count, (published - start) / 1e9,
                    count / ((published - start) / 1e9), (applied - start) / 1e9, count / ((applied - start) / 1e9));

            Rebuilds.start(http, api);
            await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                    "COMPLETED".equals(api.get("/api/v1/admin/rebuild").get("state").asString()));
            JsonNode status = api.get("/api/v1/admin/rebuild");
            System.out.printf("MEASURE rebuild: %d records replayed at %d events/s (%s → %s)%n",
                    status.get("total").asLong(), status.get("eventsPerSecond").asLong(),
                    status.get("startedAt").asString(), status.get("switchedAt").asString());
            assertThat(money(entry(api.get("/api/v1/countries/GT"), "byFiscalYear", year), "disbursed"))
                    .isEqualTo(gtExpected);
        }
    }
}
