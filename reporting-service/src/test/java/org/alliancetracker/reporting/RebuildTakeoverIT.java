package org.alliancetracker.reporting;

import static org.alliancetracker.reporting.Api.entry;
import static org.alliancetracker.reporting.Api.money;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.alliancetracker.issuer.TestIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import tools.jackson.databind.JsonNode;

/**
 * The instance running a rebuild stops driving it in the middle of the replay: the rebuild is stored with a lease,
 * so another instance takes it over, resumes from the replay's committed offsets, and switches; the views are the
 * same as before. The instance goes as a crash (SIGKILL) leaves things: its rebuild worker stops, and the stored
 * rebuild still names a gone instance as the holder of an unexpired lease ({@code alliance.reporting.rebuild.lease},
 * 5 s here); the other instance takes over only once that lease has run out.
 */
class RebuildTakeoverIT {

    static final String GROUP = "reporting-rebuild-takeover";

    static TestEvents events = new TestEvents();
    static ConfigurableApplicationContext first;
    static ConfigurableApplicationContext second;

    @AfterAll
    static void stop() {
        for (ConfigurableApplicationContext instance : new ConfigurableApplicationContext[] {second, first}) {
            if (instance != null && instance.isActive()) {
                instance.close();
            }
        }
        events.close();
    }

    @Test
    void anotherInstanceTakesTheRebuildOverAndSwitches() {
        String year = Integer.toString(events.fiscalYear);
        GrantRef grant = events.grant(Country.SV, Pillar.INSTITUTIONS, "USAID");
        events.allocate(Country.SV, Pillar.INSTITUTIONS, "900.00", events.date(1, 1));
        events.award(grant, "800.00", events.date(1, 2));
        for (int i = 0; i < 400; i++) {
            events.disburse(grant, "1.25", events.date(2, 1));
        }
        first = start("first");
        second = start("second");
        Api onFirst = new Api(client(first));
        Api onSecond = new Api(client(second));
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(
                money(entry(onSecond.get("/api/v1/countries/SV"), "byFiscalYear", year), "disbursed"))
                .isEqualTo("500.00"));
        KafkaAdminSupport.awaitCaughtUp(GROUP);
        JsonNode before = onFirst.get("/api/v1/countries");
        JsonNode transactions = onFirst.get("/api/v1/countries/SV/transactions?size=1000&fiscalYear=" + year);

        Rebuilds.start(client(first), onFirst);
        String[] runner = new String[1];
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode status = onFirst.get("/api/v1/admin/rebuild");
            JsonNode on = status.path("runningOn");
            runner[0] = on.isNull() || on.isMissingNode() ? null : on.asString();
            return runner[0] != null && status.get("applied").asLong() > 0;
        });
        // the replay is slowed down (one record per poll): the instance running it goes in the middle of it
        ConfigurableApplicationContext running = "first".equals(runner[0]) ? first : second;
        Api other = running == first ? onSecond : onFirst;
        assertThat(other.get("/api/v1/admin/rebuild").get("state").asString())
                .as("still replaying when its instance goes").isEqualTo("RUNNING");
        // its rebuild worker stops (as in a shutdown: the lease is given up; closing the whole context here would also
        // stop the other instance's HTTP server, which shares Reactor Netty's global resources in this JVM)
        running.getBean("replay", SmartLifecycle.class).stop();
        // ... and the store as a SIGKILL leaves it: the lease held, not given up (unconditionally: had the other
        // instance claimed the given-up lease meanwhile, it loses it here, as if the crashed one had renewed it last)
        Instant leaseUntil = Instant.now().plusSeconds(5);
        running.getBean(ReactiveMongoTemplate.class).updateFirst(new Query(Criteria.where("_id").is("rebuild")),
                new Update().set("owner", "crashed-instance").set("leaseUntil", Date.from(leaseUntil)),
                "view_rebuilds").block(Duration.ofSeconds(30));
        assertThat(other.get("/api/v1/admin/rebuild").path("runningOn").asString()).isEqualTo("crashed-instance");
        String otherName = running == first ? "second" : "first";
        AtomicReference<Instant> takenOver = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonNode on = other.get("/api/v1/admin/rebuild").path("runningOn");
            if (!on.isMissingNode() && otherName.equals(on.asString())) {
                takenOver.set(Instant.now());
                return true;
            }
            return false;
        });
        assertThat(takenOver.get()).as("taken over once the crashed instance's lease had run out")
                .isAfterOrEqualTo(leaseUntil);

        JsonNode switched = Rebuilds.awaitSwitched(other);
        assertThat(switched.get("applied").asLong()).isEqualTo(switched.get("total").asLong());
        JsonNode done = Rebuilds.awaitDone(other);
        assertThat(done.path("runningOn").isNull() || done.path("runningOn").isMissingNode()).isTrue();
        assertThat(other.get("/api/v1/countries")).isEqualTo(before);
        assertThat(other.get("/api/v1/countries/SV/transactions?size=1000&fiscalYear=" + year))
                .isEqualTo(transactions);
    }

    private static WebTestClient client(ConfigurableApplicationContext instance) {
        return WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + instance.getEnvironment().getRequiredProperty("local.server.port"))
                .responseTimeout(Duration.ofSeconds(30))
                .defaultHeader(HttpHeaders.AUTHORIZATION, TestIssuer.get().bearer("test-admin")).build();
    }

    private static ConfigurableApplicationContext start(String name) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--alliance.reporting.rebuild.instance=" + name,
                "--spring.mongodb.database=reporting-rebuild-takeover", "--alliance.reporting.consumer-group=" + GROUP,
                "--alliance.reporting.rebuild.grace-period=2s", "--alliance.reporting.rebuild.lease=5s",
                "--alliance.reporting.rebuild.max-poll-records=1"));
        SharedTestInfrastructure.get().springProperties().forEach((key, value) -> args.add("--" + key + "=" + value));
        TestIssuer.get().springProperties().forEach((key, value) -> args.add("--" + key + "=" + value));
        return ReportingServiceApplication.application().run(args.toArray(String[]::new));
    }
}
