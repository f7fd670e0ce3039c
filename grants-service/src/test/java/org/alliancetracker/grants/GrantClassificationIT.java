package org.alliancetracker.grants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import org.alliancetracker.events.Topics;
import org.alliancetracker.events.grant.GrantAmended;
import org.alliancetracker.events.grant.GrantAwarded;
import org.alliancetracker.events.grant.ImplementingPartner;
import org.alliancetracker.events.grant.SectorShare;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.alliancetracker.infra.TopicRecorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import tools.jackson.databind.JsonNode;

/**
 * Sectors (DAC CRS purpose codes, vocabulary 1, percentages adding up to 100, checked against the project's IATI code
 * table) and implementing partners (IATI organisation identifier with a registered prefix, organisation type) on
 * grants: given at award, changed by amendments, carried by the events; every bad value is 422 naming the field and
 * changes nothing. A database of its own: every fiscal year the API takes is used by another test of the shared one.
 */
@GrantsServiceTest
@TestPropertySource(properties = {"spring.mongodb.database=grants-classification",
        "spring.cloud.stream.bindings.disbursementEvents-in-0.group=grants-service-classification"})
class GrantClassificationIT extends InfrastructureProperties {

    static final int YEAR = 2030; // shared with OperationsIT and IdempotentRetriesIT the same way: enacted by whoever comes first
    static final String SECTORS = """
            [{"code":"15130","percentage":60},{"code":"15210","percentage":40.00}]""";
    static final String PARTNERS = """
            [{"name":"Asociación Ejemplo","ref":"GT-NIT-1234567-8","type":"22"},
             {"name":"Example International","ref":"US-EIN-123456789","type":"21"}]""";
    static TopicRecorder topics;

    @Autowired
    WebTestClient http;
    Api api;
    String allocation;

    @BeforeAll
    static void connect() {
        topics = TopicRecorder.start(SharedTestInfrastructure.get().kafkaBootstrapServers(), Topics.GRANTS);
    }

    @AfterAll
    static void disconnect() {
        topics.close();
    }

    @BeforeEach
    void budget() {
        api = new Api(http);
        if (!api.send("GET", "/api/v1/appropriations/" + YEAR, null).returnResult(String.class).getStatus()
                .is2xxSuccessful()) {
            api.enact(YEAR, "500000000.00", null);
        }
        allocation = api.allocate(YEAR, "GT", "SECURITY_AND_JUSTICE", "100000.00");
    }

    static String grant(String id, String allocation, String sectors, String partners) {
        return """
                {"id":"%s","allocationId":"%s","agency":"USAID","title":"Justice sector reform","obligatedAmount":1000.00,
                 "startDate":"2016-03-01","endDate":"2019-02-28","sectors":%s,"partners":%s}"""
                .formatted(id, allocation, sectors, partners);
    }

    @Test
    void anAwardCarriesItsSectorsAndPartnersAndAnAmendmentCanChangeOnlyThem() {
        JsonNode awarded = api.call("POST", "/api/v1/grants", grant("CLASS-1", allocation, SECTORS, PARTNERS), 201);
        assertThat(awarded.get("sectors").toString())
                .isEqualTo("[{\"code\":\"15130\",\"percentage\":60},{\"code\":\"15210\",\"percentage\":40}]");
        assertThat(api.get("/api/v1/grants/CLASS-1").get("partners").get(1).get("ref").asString())
                .isEqualTo("US-EIN-123456789");

        JsonNode amended = api.call("POST", "/api/v1/grants/CLASS-1/amendments", """
                {"obligatedAmount":1000.00,"reason":"Refocus","amendedOn":"2017-10-02",
                 "sectors":[{"code":"16020","percentage":100}]}""", 200);
        assertThat(amended.get("sectors").toString()).isEqualTo("[{\"code\":\"16020\",\"percentage\":100}]");
        assertThat(amended.get("partners")).hasSize(2);
        assertThat(amended.get("obligatedAmount").decimalValue()).isEqualByComparingTo("1000.00");
        // the same again changes nothing and publishes nothing
        api.call("POST", "/api/v1/grants/CLASS-1/amendments", """
                {"obligatedAmount":1000.00,"reason":"Refocus","sectors":[{"code":"16020","percentage":100.0}]}""", 200);

        await().atMost(Duration.ofSeconds(30)).until(() -> topics.eventsAbout("CLASS-1").size() >= 2);
        var events = topics.eventsAbout("CLASS-1");
        GrantAwarded award = (GrantAwarded) events.get(0).data();
        assertThat(award.sectors()).containsExactly(new SectorShare("15130", new BigDecimal("60")),
                new SectorShare("15210", new BigDecimal("40")));
        assertThat(award.partners()).containsExactly(
                new ImplementingPartner("Asociación Ejemplo", "GT-NIT-1234567-8", "22"),
                new ImplementingPartner("Example International", "US-EIN-123456789", "21"));
        GrantAmended amendment = (GrantAmended) events.get(1).data();
        assertThat(amendment.change()).isZero();
        assertThat(amendment.sectors()).containsExactly(new SectorShare("16020", new BigDecimal("100")));
        assertThat(amendment.partners()).isNull();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> topics.eventsAbout("CLASS-1").size() == 2);
    }

    @Test
    void anAwardWithoutSectorsOrPartnersStillWorks() {
        JsonNode awarded = api.award("CLASS-2", allocation, "10.00");
        assertThat(awarded.get("sectors")).isEmpty();
        assertThat(awarded.get("partners")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            [{"code":"15130","percentage":60},{"code":"99999","percentage":40}]     | sectors[1].code
            [{"code":"1513","percentage":100}]                                        | sectors[0].code
            [{"code":"15130","percentage":60},{"code":"15210","percentage":30}]     | sectors
            [{"code":"15130","percentage":60},{"code":"15130","percentage":40}]     | sectors[1].code
            [{"code":"15130","percentage":100.001}]                                   | sectors[0].percentage
            [{"code":"15130","percentage":0}]                                         | sectors[0].percentage
            [{"code":"15130"}]                                                        | sectors[0].percentage
            """)
    void aBadSectorIs422NamingTheFieldAndChangesNothing(String sectors, String field) {
        String id = "CLASS-BAD-" + Math.abs(sectors.hashCode());
        JsonNode problem = api.problem("POST", "/api/v1/grants", grant(id, allocation, sectors, PARTNERS),
                HttpStatus.UNPROCESSABLE_CONTENT, "invalid-request");
        assertThat(problem.get("errors")).anySatisfy(e -> assertThat(e.get("field").asString()).isEqualTo(field));
        api.problem("GET", "/api/v1/grants/" + id, null, HttpStatus.NOT_FOUND, "not-found");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            [{"name":"X","ref":"ZZ-XYZ-1","type":"22"}]                  | partners[0].ref
            [{"name":"X","ref":"GT-NIT","type":"22"}]                    | partners[0].ref
            [{"name":"X","ref":"GT-NIT-1/2","type":"22"}]                | partners[0].ref
            [{"name":"X","ref":"GT-NIT-1","type":"99"}]                  | partners[0].type
            [{"name":"X","ref":"GT-NIT-1","type":"22"},{"name":"Y","ref":"GT-NIT-1","type":"22"}] | partners[1].ref
            [{"name":"","ref":"GT-NIT-1","type":"22"}]                   | partners[0].name
            [{"name":"a\\u0001b","ref":"GT-NIT-1","type":"22"}]          | partners[0].name
            """)
    void aBadPartnerIs422NamingTheFieldAndChangesNothing(String partners, String field) {
        String id = "CLASS-BADP-" + Math.abs(partners.hashCode());
        JsonNode problem = api.problem("POST", "/api/v1/grants", grant(id, allocation, SECTORS, partners),
                HttpStatus.UNPROCESSABLE_CONTENT, "invalid-request");
        assertThat(problem.get("errors")).anySatisfy(e -> assertThat(e.get("field").asString()).isEqualTo(field));
        api.problem("GET", "/api/v1/grants/" + id, null, HttpStatus.NOT_FOUND, "not-found");
    }

    @Test
    void aBadAmendmentOfTheSectorsIs422AndChangesNothing() {
        api.call("POST", "/api/v1/grants", grant("CLASS-3", allocation, SECTORS, PARTNERS), 201);
        JsonNode problem = api.problem("POST", "/api/v1/grants/CLASS-3/amendments", """
                {"obligatedAmount":1000.00,"reason":"x","sectors":[{"code":"15130","percentage":50}]}""",
                HttpStatus.UNPROCESSABLE_CONTENT, "invalid-request");
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("sectors");
        assertThat(api.get("/api/v1/grants/CLASS-3").get("sectors")).hasSize(2);
        assertThat(api.get("/api/v1/grants/CLASS-3").get("history")).hasSize(1);
    }
}
