package org.alliancetracker.disbursement;

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
import org.alliancetracker.events.EventCodec;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Topics;
import org.alliancetracker.events.disbursement.DisbursementRecorded;
import org.alliancetracker.events.grant.GrantAmended;
import org.alliancetracker.infra.PoisonRecords;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.alliancetracker.infra.TopicRecorder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The consumer of {@code alliance.grants} (the grant ledger): every kind of poison record ({@link PoisonRecords}, and
 * amounts no count of cents holds) goes to {@code alliance.grants.dlq} with its reason, the consumer goes on, and the
 * grant's obligation is exactly what the valid events before and after the poison make it.
 */
@DisbursementServiceTest
class PoisonEventsIT extends InfrastructureProperties {

    static final String SOURCE = "/grants-service";

    @Autowired
    WebTestClient http;

    @Test
    void everyPoisonRecordIsDeadLetteredAndTheLedgerStillTakesLaterGrantEvents() {
        String bootstrap = SharedTestInfrastructure.get().kafkaBootstrapServers();
        EventCodec codec = new EventCodec();
        try (TopicRecorder dlq = TopicRecorder.start(bootstrap, Topics.deadLetterTopic(Topics.GRANTS))) {
            TestGrants grants = new TestGrants(http);
            GrantRef grant = grants.award("POISON", "1000.00");
            LocalDate on = LocalDate.parse("2017-01-01");

            String valid = json(codec, new GrantAmended(grant, new BigDecimal("1000.00"), new BigDecimal("9000.00"),
                    "poison", on));
            List<PoisonRecords.Poison> poison = new ArrayList<>(PoisonRecords.of(valid, "grant", "amendedOn",
                    json(codec, new DisbursementRecorded("d-x", grant, new BigDecimal("1.00"), "USD", on, "x", null))));
            poison.add(PoisonRecords.corrupt("a fraction of a cent", valid, "data.obligatedAmount", "10.005"));
            poison.add(PoisonRecords.corrupt("an amount beyond 64-bit cents", valid, "data.obligatedAmount", "1e30"));
            poison.add(PoisonRecords.corrupt("an amount of a billion digits", valid, "data.obligatedAmount",
                    "1e999999999"));
            poison.add(PoisonRecords.corrupt("a previous amount of a billion decimals", valid,
                    "data.previousObligatedAmount", "1e-999999999"));
            poison.forEach(p -> TestGrants.publisher().send(Topics.GRANTS, grant.grantId(), p.value()));

            grants.amend(grant, "1000.00", "1500.00");

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(notDeadLettered(poison,
                    ofKey(dlq, grant.grantId()))).as("poison not dead-lettered").isEmpty());
            assertThat(ofKey(dlq, grant.grantId())).hasSize(poison.size()).allSatisfy(r -> {
                assertThat(header(r, "x-original-topic")).isEqualTo(Topics.GRANTS);
                assertThat(header(r, "x-exception-message")).isNotBlank();
            });
            var balance = grants.balance(grant.grantId());
            assertThat(balance.obligated()).isEqualByComparingTo("1500.00");
            assertThat(balance.remaining()).isEqualByComparingTo("1500.00");
            assertThat(balance.status()).isEqualTo("ACTIVE");
        }
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
