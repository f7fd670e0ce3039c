package org.alliancetracker.reporting;

import static org.alliancetracker.reporting.Api.entry;
import static org.alliancetracker.reporting.Api.money;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.events.disbursement.DisbursementRecorded;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

import tools.jackson.databind.JsonNode;

/** Every figure of a country view is the sum of the transactions behind it: current, as of a date, and filtered. */
@ReportingServiceTest
class DrillDownIT extends InfrastructureProperties {

    static TestEvents events;
    static BigDecimal expectedDisbursed = BigDecimal.ZERO.setScale(2);

    @Autowired
    WebTestClient http;

    @BeforeAll
    static void publishAYearOfMoney() {
        events = new TestEvents();
        Random random = new Random(5);
        events.allocate(Country.HN, Pillar.SECURITY_AND_JUSTICE, "3000000.00", events.date(1, 5));
        events.allocate(Country.HN, Pillar.INSTITUTIONS, "2000000.00", events.date(1, 6));
        GrantRef a = events.grant(Country.HN, Pillar.SECURITY_AND_JUSTICE, "USAID");
        GrantRef b = events.grant(Country.HN, Pillar.INSTITUTIONS, "STATE-INL");
        events.award(a, "1000000.00", events.date(1, 15));
        events.award(b, "500000.00", events.date(2, 1));
        events.amend(b, "500000.00", "450000.00", events.date(7, 1));
        DisbursementRecorded reversed = null;
        for (int i = 0; i < 40; i++) {
            GrantRef grant = i % 3 == 0 ? b : a;
            String amount = BigDecimal.valueOf(100_00 + random.nextInt(900_00), 2).toPlainString();
            LocalDate valueDate = events.date(1 + i % 12, 1 + i % 28);
            DisbursementRecorded recorded = events.disbursement(grant, amount, valueDate);
            events.publish(recorded);
            expectedDisbursed = expectedDisbursed.add(new BigDecimal(amount));
            if (i == 7) {
                reversed = recorded;
            }
        }
        events.reverse(reversed, events.date(8, 15));
        expectedDisbursed = expectedDisbursed.subtract(reversed.amount());
    }

    @AfterAll
    static void close() {
        events.close();
    }

    @Test
    void theTransactionsOfAFiscalYearAddUpToItsFiguresPageByPage() {
        String year = Integer.toString(events.fiscalYear);
        Api api = new Api(http);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                money(entry(api.get("/api/v1/countries/HN"), "byFiscalYear", year), "disbursed"))
                .isEqualTo(expectedDisbursed.toPlainString()));
        JsonNode fy = entry(api.get("/api/v1/countries/HN"), "byFiscalYear", year);

        Map<String, BigDecimal> sums = new TreeMap<>();
        Set<String> eventIds = new HashSet<>();
        int pages = 0;
        JsonNode page;
        do {
            page = api.get("/api/v1/countries/HN/transactions?fiscalYear=" + year + "&size=7&page=" + pages);
            for (JsonNode row : page.get("content")) {
                sums.merge(row.get("figure").asString(), row.get("amount").decimalValue(), BigDecimal::add);
                assertThat(eventIds.add(row.get("eventId").asString())).as("each row once").isTrue();
                assertThat(row.get("topic").asString()).startsWith("alliance.");
                assertThat(row.get("offset").isNumber()).isTrue();
            }
            pages++;
        } while (pages < page.get("totalPages").asInt());

        assertThat(page.get("totalElements").asInt()).isEqualTo(2 + 3 + 40 + 1).isEqualTo(eventIds.size());
        assertThat(pages).isEqualTo(7);
        assertThat(sums.get("allocated").toPlainString()).isEqualTo(money(fy, "allocated")).isEqualTo("5000000.00");
        assertThat(sums.get("obligated").toPlainString()).isEqualTo(money(fy, "obligated")).isEqualTo("1450000.00");
        assertThat(sums.get("disbursed").toPlainString()).isEqualTo(money(fy, "disbursed"));
        assertThat(money(page.get("totals"), "disbursed")).isEqualTo(money(fy, "disbursed"));
    }

    @Test
    void theDrillDownAddsUpToTheViewAsOfADate() {
        String year = Integer.toString(events.fiscalYear);
        Api api = new Api(http);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                money(entry(api.get("/api/v1/countries/HN"), "byFiscalYear", year), "disbursed"))
                .isEqualTo(expectedDisbursed.toPlainString()));
        for (LocalDate asOf : new LocalDate[] {events.date(1, 31), events.date(6, 30), events.date(8, 14),
                events.date(8, 15), events.date(12, 31)}) {
            JsonNode view = api.get("/api/v1/countries/HN?asOf=" + asOf);
            JsonNode fy = entry(view, "byFiscalYear", year);
            JsonNode rows = api.get("/api/v1/countries/HN/transactions?size=1000&fiscalYear=" + year + "&asOf=" + asOf);
            Map<String, BigDecimal> sums = new TreeMap<>();
            rows.get("content").forEach(row -> {
                assertThat(row.get("valueDate").asString()).isLessThanOrEqualTo(asOf.toString());
                sums.merge(row.get("figure").asString(), row.get("amount").decimalValue(), BigDecimal::add);
            });
            for (String figure : new String[] {"allocated", "obligated", "disbursed"}) {
                assertThat(sums.getOrDefault(figure, BigDecimal.ZERO.setScale(2)).toPlainString())
                        .as("%s as of %s", figure, asOf).isEqualTo(money(fy, figure))
                        .isEqualTo(money(rows.get("totals"), figure));
            }
        }
    }

    @Test
    void theWholeCountryAndEachAgencyAddUpCurrentlyAndTheViewAsOfTheFarFutureIsTheCurrentOne() {
        Api api = new Api(http);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode view = api.get("/api/v1/countries/HN");
            JsonNode all = api.get("/api/v1/countries/HN/transactions?size=1");
            for (String figure : new String[] {"allocated", "obligated", "disbursed"}) {
                assertThat(money(all.get("totals"), figure)).as(figure).isEqualTo(money(view, figure));
            }
            JsonNode usaid = api.get("/api/v1/countries/HN/transactions?size=1&agency=USAID");
            assertThat(money(usaid.get("totals"), "disbursed"))
                    .isEqualTo(money(entry(view, "byAgency", "USAID"), "disbursed"));
            JsonNode institutions = api.get("/api/v1/countries/HN/transactions?size=1&pillar=INSTITUTIONS");
            assertThat(money(institutions.get("totals"), "obligated"))
                    .isEqualTo(money(entry(view, "byPillar", "INSTITUTIONS"), "obligated"));

            JsonNode future = api.get("/api/v1/countries/HN?asOf=2999-12-31");
            for (String list : new String[] {"byFiscalYear", "byPillar", "byAgency", "monthlyDisbursements"}) {
                assertThat(future.get(list)).as(list).isEqualTo(view.get(list));
            }
            assertThat(money(future, "disbursed")).isEqualTo(money(view, "disbursed"));
        });
    }

    @Test
    void badPagingOrAnUnknownFilterValueIsAProblem() {
        http.get().uri("/api/v1/countries/HN/transactions?size=0").exchange()
                .expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.type").isEqualTo("/problems/invalid-request");
        http.get().uri("/api/v1/countries/HN/transactions?figure=spent").exchange()
                .expectStatus().isEqualTo(422);
        http.get().uri("/api/v1/countries/HN/transactions?pillar=ROADS").exchange()
                .expectStatus().isBadRequest();
    }
}
