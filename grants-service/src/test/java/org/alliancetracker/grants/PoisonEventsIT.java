package org.alliancetracker.grants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.alliancetracker.events.AllianceEvent;
import org.alliancetracker.events.Country;
import org.alliancetracker.events.EventCodec;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.events.Topics;
import org.alliancetracker.events.disbursement.DisbursementRecorded;
import org.alliancetracker.events.disbursement.DisbursementReversed;
import org.alliancetracker.events.grant.GrantSuspended;
import org.alliancetracker.infra.PoisonRecords;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.alliancetracker.infra.TopicPublisher;
import org.alliancetracker.infra.TopicRecorder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The consumer of {@code alliance.disbursements}: every kind of poison record ({@link PoisonRecords}, and amounts
 * no count of cents holds) goes to {@code alliance.disbursements.dlq} with its reason, the consumer goes on, and the
 * grant's disbursed amount is exactly what the valid events before and after the poison make it. Runs in the context
 * of {@link HostileInputIT} (a database of its own): every fiscal year of the shared one is taken by other tests.
 */
@GrantsServiceTest
@TestPropertySource(properties = {"spring.mongodb.database=grants-isolated",
        "spring.cloud.stream.bindings.disbursementEvents-in-0.group=grants-service-isolated"})
class PoisonEventsIT extends InfrastructureProperties {

    static final int YEAR = 2018;
    static final String SOURCE = "/disbursement-service";

    @Autowired
    WebTestClient http;

    @Test
    void everyPoisonRecordIsDeadLetteredAndTheGrantStillCountsLaterDisbursements() {
        Api api = new Api(http);
        api.enact(YEAR, "1000000.00", null);
        String allocation = api.allocate(YEAR, "GT", "INSTITUTIONS", "500000.00");
        api.award("POISON-G", allocation, "100000.00");
        GrantRef grant = new GrantRef("POISON-G", allocation, YEAR, Country.GT, Pillar.INSTITUTIONS, "USAID");
        LocalDate on = LocalDate.parse("2018-06-30");
        EventCodec codec = new EventCodec();
        String bootstrap = SharedTestInfrastructure.get().kafkaBootstrapServers();
        try (TopicPublisher publisher = TopicPublisher.connect(bootstrap);
             TopicRecorder dlq = TopicRecorder.start(bootstrap, Topics.deadLetterTopic(Topics.DISBURSEMENTS))) {
            DisbursementRecorded first = new DisbursementRecorded("d-poison-1", grant, new BigDecimal("100.00"), "USD",
                    on, "INV-1", null);
            publisher.publish(first, SOURCE);
            await().atMost(Duration.ofSeconds(30)).until(() -> disbursed(api).equals("100.00"));

            String valid = json(codec, new DisbursementRecorded("d-poison-x", grant, new BigDecimal("7.00"), "USD", on,
                    "INV-X", null));
            List<PoisonRecords.Poison> poison = new ArrayList<>(PoisonRecords.of(valid, "grant", "valueDate",
                    json(codec, new GrantSuspended(grant, "not a disbursement", on))));
            poison.add(PoisonRecords.corrupt("a fraction of a cent", valid, "data.amount", "10.005"));
            poison.add(PoisonRecords.corrupt("an amount beyond 64-bit cents", valid, "data.amount", "1e30"));
            poison.add(PoisonRecords.corrupt("an amount of a billion digits", valid, "data.amount", "1e999999999"));
            poison.add(PoisonRecords.corrupt("an amount of a billion decimals", valid, "data.amount", "1e-999999999"));
            poison.forEach(p -> publisher.send(Topics.DISBURSEMENTS, grant.grantId(), p.value()));

            publisher.publish(new DisbursementRecorded("d-poison-2", grant, new BigDecimal("25.50"), "USD", on,
                    "INV-2", null), SOURCE);
            publisher.publish(new DisbursementReversed("d-poison-1", grant, new BigDecimal("100.00"), on, on,
                    "posted twice"), SOURCE);

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(notDeadLettered(poison,
                    ofKey(dlq, grant.grantId()))).as("poison not dead-lettered").isEmpty());
            await().atMost(Duration.ofSeconds(30)).until(() -> disbursed(api).equals("25.50"));
            assertThat(ofKey(dlq, grant.grantId())).hasSize(poison.size()).allSatisfy(r -> {
                assertThat(header(r, "x-original-topic")).isEqualTo(Topics.DISBURSEMENTS);
                assertThat(header(r, "x-exception-message")).isNotBlank();
            });
        }
    }

    private static String disbursed(Api api) {
        return api.get("/api/v1/grants/POISON-G").get("disbursedAmount").decimalValue().toPlainString();
    }

    private static String json(EventCodec codec, AllianceEvent event) {
        return codec.encodeToString(codec.envelope(event, SOURCE));
    }

    /** The poison (by name) not found among the dead letters, each dead letter matched once. */
    static List<String> notDeadLettered(List<PoisonRecords.Poison> poison, List<ConsumerRecord<String, byte[]>> dead) {
        List<String> values = new ArrayList<>(dead.stream().map(r -> HexFormat.of().formatHex(r.value())).toList());
        return poison.stream().filter(p -> !values.remove(HexFormat.of().formatHex(p.value())))
                .map(PoisonRecords.Poison::name).toList();
    }

    static List<ConsumerRecord<String, byte[]>> ofKey(TopicRecorder recorder, String key) {
        return recorder.records().stream().filter(r -> key.equals(r.key())).toList();
    }

    static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
