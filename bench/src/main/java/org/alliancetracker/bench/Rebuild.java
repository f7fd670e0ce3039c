package org.alliancetracker.bench;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.alliancetracker.events.AllianceEvent;
import org.alliancetracker.events.Country;
import org.alliancetracker.events.EventCodec;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.events.disbursement.DisbursementRecorded;
import org.alliancetracker.events.grant.GrantAwarded;
import org.alliancetracker.localstack.DemoClients;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import tools.jackson.databind.JsonNode;

/**
 * P4: valid CloudEvents written straight onto the source topics (a handful of grant awards, then disbursements with
 * their {@link GrantRef} attribution), then {@code POST /api/v1/admin/rebuild} as an operator, timed by polling
 * {@code GET /api/v1/admin/rebuild} until it completes (the switch to the rebuilt generation; a run first waits,
 * untimed, for the previous one's handover to end).
 */
final class Rebuild {

    record Result(long total, double seconds, long reportedPerSecond) {
        double perSecond() {
            return total / seconds;
        }
    }

    private final Api api = new Api();
    private final BenchStack stack;

    Rebuild(BenchStack stack) {
        this.stack = stack;
    }

    /** Publishes {@code disbursements} DisbursementRecorded events over {@code grants} new grants (awarded first). */
    void generate(int grants, long disbursements) {
        EventCodec codec = new EventCodec();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        List<GrantRef> refs = new ArrayList<>();
        Country[] countries = Country.values();
        Pillar[] pillars = Pillar.values();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int g = 0; g < grants; g++) {
                Country country = countries[g % countries.length];
                GrantRef ref = new GrantRef(String.format("%s-REPLAY-%02d", country.name(), g), "alloc-replay-"
                        + country.name(), 2017, country, pillars[g % pillars.length], g % 2 == 0 ? "USAID"
                        : "STATE-INL");
                refs.add(ref);
                send(producer, codec, new GrantAwarded(ref, "Replay grant " + g, new BigDecimal("5000000000.00"),
                        LocalDate.of(2017, 1, 1), LocalDate.of(2027, 12, 31), LocalDate.of(2017, 1, 1)));
            }
            LocalDate first = LocalDate.of(2017, 1, 1);
            for (long i = 0; i < disbursements; i++) {
                GrantRef ref = refs.get((int) (i % refs.size()));
                send(producer, codec, new DisbursementRecorded("d-replay-" + i, ref,
                        BigDecimal.valueOf(1000 + i % 100_000, 2), "USD", first.plusDays(i % 3000),
                        "REPLAY-" + i, "Replayed disbursement"));
            }
            producer.flush();
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, EventCodec codec, AllianceEvent event) {
        var envelope = codec.envelope(event, event instanceof GrantAwarded ? "/grants-service"
                : "/disbursement-service");
        producer.send(new ProducerRecord<>(envelope.topic(), envelope.key(), codec.encode(envelope)));
    }

    Result run() {
        String operator = stack.clients().bearer(DemoClients.OPERATOR);
        String url = stack.url("reporting") + "/api/v1/admin/rebuild";
        // the previous run may still be handing over (its replaced generation kept for the grace period): not timed
        Api.await("the previous rebuild to be done", Duration.ofMinutes(10), () -> {
            Api.Response response = api.get(url, operator);
            if (!response.ok()) {
                return false;
            }
            JsonNode phase = response.json().get("phase");
            return phase == null || phase.isNull() || "DONE".equals(phase.asString());
        });
        long start = System.nanoTime();
        api.expectOk(api.post(url, "", operator), "rebuild");
        JsonNode[] status = new JsonNode[1];
        Api.await("the rebuild to complete", Duration.ofHours(2), () -> {
            // a new token when the last one expires: a rebuild of 1,000,000 events outlasts one (5 minutes)
            Api.Response response = api.get(url, stack.clients().bearer(DemoClients.OPERATOR));
            if (!response.ok()) {
                return false; // busy or not answering this time: ask again
            }
            status[0] = response.json();
            if ("FAILED".equals(status[0].get("state").asString())) {
                throw new IllegalStateException("Rebuild failed: " + status[0]);
            }
            return "COMPLETED".equals(status[0].get("state").asString());
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(status[0].get("total").asLong(), seconds, status[0].get("eventsPerSecond").asLong());
    }
}
