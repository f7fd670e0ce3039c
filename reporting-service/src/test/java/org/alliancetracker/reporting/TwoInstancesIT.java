package org.alliancetracker.reporting;

import static org.alliancetracker.reporting.Api.entry;
import static org.alliancetracker.reporting.Api.money;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.events.Topics;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import tools.jackson.databind.JsonNode;

/**
 * Two reporting-service instances in one consumer group, as when the service is scaled out: each applies the events
 * of its own partitions, yet the views are exact and an SSE client on either instance sees every country change
 * (each instance feeds its clients from {@code alliance.country-views}, not from what it applied itself). The second
 * instance joins while the first is consuming, so the partitions are rebalanced mid-stream.
 */
class TwoInstancesIT {

    static final String GROUP = "reporting-pair";
    static final int PARTITIONS = 6;

    static ConfigurableApplicationContext first;
    static ConfigurableApplicationContext second;
    static TestEvents events;

    @BeforeAll
    static void startFirstInstance() {
        events = new TestEvents();
        first = start();
    }

    @AfterAll
    static void stopBoth() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
        events.close();
    }

    @Test
    void viewsAreExactAndEitherInstanceStreamsEveryCountrysChanges() throws Exception {
        String year = Integer.toString(events.fiscalYear);
        Map<Country, BigDecimal> obligated = new EnumMap<>(Country.class);
        Map<Country, BigDecimal> disbursed = new EnumMap<>(Country.class);
        List<Runnable> later = new ArrayList<>();
        for (Country country : Country.values()) {
            // one grant on every partition: whichever instance owns a partition applies some of each country
            for (int partition = 0; partition < PARTITIONS; partition++) {
                GrantRef grant = grantOnPartition(country, partition);
                String award = (100 + partition) + ".00";
                String paid = (10 + partition) + "." + (10 + partition);
                obligated.merge(country, new BigDecimal(award), BigDecimal::add);
                disbursed.merge(country, new BigDecimal(paid), BigDecimal::add);
                Runnable publish = () -> {
                    events.award(grant, award, events.date(1, 1));
                    events.disburse(grant, paid, events.date(2, 1));
                };
                if (partition % 2 == 0) {
                    publish.run();
                } else {
                    later.add(publish);
                }
            }
        }

        second = start(); // joins the group: the partitions are rebalanced while the first instance consumes
        try (Admin admin = Admin.create(Map.of("bootstrap.servers",
                SharedTestInfrastructure.get().kafkaBootstrapServers()))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> bothInstancesOwnGrantPartitions(admin));
        }

        try (SseRecorder onFirst = SseRecorder.connect(url(first), "/api/v1/stream");
             SseRecorder onSecond = SseRecorder.connect(url(second), "/api/v1/stream")) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> onFirst.countryViews().size() >= 3 && onSecond.countryViews().size() >= 3);
            later.forEach(Runnable::run);

            for (SseRecorder stream : List.of(onFirst, onSecond)) {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    for (Country country : Country.values()) {
                        List<JsonNode> views = stream.countryViews(country.name());
                        assertThat(views).isNotEmpty();
                        JsonNode fy = entry(views.getLast(), "byFiscalYear", year);
                        assertThat(money(fy, "obligated")).as("%s obligated", country)
                                .isEqualTo(obligated.get(country).toPlainString());
                        assertThat(money(fy, "disbursed")).as("%s disbursed", country)
                                .isEqualTo(disbursed.get(country).toPlainString());
                    }
                });
            }
        }
        for (ConfigurableApplicationContext instance : List.of(first, second)) {
            Api api = new Api(WebTestClient.bindToServer().baseUrl(url(instance)).build());
            for (Country country : Country.values()) {
                JsonNode fy = entry(api.get("/api/v1/countries/" + country), "byFiscalYear", year);
                assertThat(money(fy, "obligated")).isEqualTo(obligated.get(country).toPlainString());
                assertThat(money(fy, "disbursed")).isEqualTo(disbursed.get(country).toPlainString());
                JsonNode rows = api.get("/api/v1/countries/" + country + "/transactions?fiscalYear=" + year);
                assertThat(rows.get("totalElements").asInt()).isEqualTo(2 * PARTITIONS);
            }
        }
    }

    private static boolean bothInstancesOwnGrantPartitions(Admin admin) throws Exception {
        ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).all()
                .get(30, TimeUnit.SECONDS).get(GROUP);
        long owners = group.members().stream()
                .filter(m -> m.assignment().topicPartitions().stream().anyMatch(tp -> tp.topic().equals(Topics.GRANTS)))
                .count();
        return group.members().size() == 2 * 4 && owners == 2;
    }

    /** A grant id that Kafka's default partitioner puts on this partition of the 6. */
    private static GrantRef grantOnPartition(Country country, int partition) {
        while (true) {
            GrantRef grant = events.grant(country, Pillar.PRODUCTIVE_SECTOR, "USAID");
            byte[] key = grant.grantId().getBytes(StandardCharsets.UTF_8);
            if (Utils.toPositive(Utils.murmur2(key)) % PARTITIONS == partition) {
                return grant;
            }
        }
    }

    private static ConfigurableApplicationContext start() {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.mongodb.database=reporting-pair",
                "--alliance.reporting.consumer-group=" + GROUP, "--alliance.reporting.stream.heartbeat=1s"));
        SharedTestInfrastructure.get().springProperties().forEach((key, value) -> args.add("--" + key + "=" + value));
        org.alliancetracker.issuer.TestIssuer.get().springProperties()
                .forEach((key, value) -> args.add("--" + key + "=" + value));
        return org.alliancetracker.reporting.ReportingServiceApplication.application()
                .run(args.toArray(String[]::new));
    }

    private static String url(ConfigurableApplicationContext instance) {
        return "http://localhost:" + instance.getEnvironment().getRequiredProperty("local.server.port");
    }
}
