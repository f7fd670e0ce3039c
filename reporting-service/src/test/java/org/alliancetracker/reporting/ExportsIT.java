package org.alliancetracker.reporting;

import static org.alliancetracker.reporting.Api.money;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.events.grant.GrantAwarded;
import org.alliancetracker.events.grant.GrantSuspended;
import org.alliancetracker.events.outcome.IndicatorDefined;
import org.alliancetracker.events.outcome.IndicatorKind;
import org.alliancetracker.events.outcome.OutcomeMeasured;
import org.alliancetracker.events.outcome.PeriodValue;
import org.alliancetracker.reporting.projection.Facts;
import org.alliancetracker.reporting.projection.Generations;
import org.alliancetracker.reporting.projection.Views;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** The CSV of transactions (RFC 4180) and the IATI 2.03 activities (valid against the official schema). */
@ReportingServiceTest
class ExportsIT extends InfrastructureProperties {

    /** The official schema, next to the repository: {@code ../shared} of the repository root. */
    static final Path IATI_SCHEMA = Path.of("..", "..", "shared", "iati-2.03", "iati-activities-schema.xsd");
    static final String AWKWARD_TITLE = "Schools, \"safe\" routes\r\nand more";

    @Autowired
    WebTestClient http;

    /** Which generation of the views is current (an earlier test may have rebuilt them). */
    @Autowired
    Generations generations;
    @Autowired
    ReactiveMongoTemplate mongo;

    Api api;
    TestEvents events;
    GrantRef grant;

    @BeforeEach
    void publish() {
        api = new Api(http);
        events = new TestEvents();
        grant = events.grant(Country.SV, Pillar.HUMAN_CAPITAL, "USAID");
        events.publish(new GrantAwarded(grant, AWKWARD_TITLE, new BigDecimal("900000.00"), events.date(1, 1),
                events.date(12, 31), events.date(1, 15)));
        events.amend(grant, "900000.00", "850000.00", events.date(3, 1));
        events.disburse(grant, "12345.67", events.date(2, 1));
        var corrected = events.disbursement(grant, "100.00", events.date(2, 2));
        events.reverse(corrected, events.date(2, 3)); // only the reversal is published: it counts on its own
        events.publish(new GrantSuspended(grant, "review", events.date(4, 1)));
        String attendance = TestEvents.id("SV-ATTENDANCE");
        events.publish(new IndicatorDefined(attendance, Country.SV, IndicatorKind.PROGRAM,
                "School attendance", "%", true, grant.grantId(), new PeriodValue("2015", new BigDecimal("71.5")),
                List.of(new PeriodValue(events.fiscalYear + "-Q4", new BigDecimal("80")))));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api.get(
                "/api/v1/countries/SV/transactions?grantId=" + grant.grantId()).get("totalElements").asInt())
                .isEqualTo(4));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                Api.find(api.get("/api/v1/countries/SV").get("indicators"), "id", attendance)).isNotNull());
    }

    @AfterEach
    void close() {
        events.close();
    }

    @Test
    void theCsvHasOneRecordPerObligationOrDisbursementAndAddsUpToTheView() {
        String csv = http.get().uri("/api/v1/export/transactions.csv").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.parseMediaType("text/csv"))
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(csv).startsWith("country,pillar,agency,grant_id,fiscal_year,value_date,kind,amount,currency,"
                + "event_id,event_type,topic,partition,offset,description\r\n");
        List<List<String>> records = parse(csv);
        List<String> header = records.getFirst();
        List<Map<String, String>> rows = records.subList(1, records.size()).stream().map(r -> {
            assertThat(r).hasSameSizeAs(header);
            Map<String, String> row = new TreeMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), r.get(i));
            }
            return row;
        }).toList();

        List<Map<String, String>> ofGrant = rows.stream().filter(r -> grant.grantId().equals(r.get("grant_id")))
                .toList();
        assertThat(ofGrant).extracting(r -> r.get("kind") + " " + r.get("amount")).containsExactly(
                "OBLIGATION 900000.00", "DISBURSEMENT 12345.67", "REVERSAL -100.00", "AMENDMENT -50000.00");
        assertThat(ofGrant.getFirst().get("description")).isEqualTo(AWKWARD_TITLE);
        assertThat(ofGrant.getFirst()).containsEntry("country", "SV").containsEntry("agency", "USAID")
                .containsEntry("pillar", "HUMAN_CAPITAL").containsEntry("currency", "USD")
                .containsEntry("fiscal_year", Integer.toString(events.fiscalYear))
                .containsEntry("value_date", events.date(1, 15).toString());
        assertThat(rows).noneMatch(r -> r.get("kind").equals("ALLOCATION"));

        JsonNode sv = api.get("/api/v1/countries/SV");
        BigDecimal obligated = BigDecimal.ZERO.setScale(2);
        BigDecimal disbursed = BigDecimal.ZERO.setScale(2);
        for (Map<String, String> row : rows) {
            if (row.get("country").equals("SV")) {
                BigDecimal amount = new BigDecimal(row.get("amount"));
                if (row.get("kind").equals("OBLIGATION") || row.get("kind").equals("AMENDMENT")) {
                    obligated = obligated.add(amount);
                } else {
                    disbursed = disbursed.add(amount);
                }
            }
        }
        assertThat(obligated.toPlainString()).isEqualTo(money(sv, "obligated"));
        assertThat(disbursed.toPlainString()).isEqualTo(money(sv, "disbursed"));
    }

    @Test
    void theIatiExportIsValidIati203WithOneActivityPerGrant() throws Exception {
        byte[] xml = http.get().uri("/api/v1/export/iati-activities.xml").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_XML)
                .expectBody().returnResult().getResponseBodyContent();
        assertThat(Files.exists(IATI_SCHEMA)).as("schema at %s", IATI_SCHEMA.toAbsolutePath()).isTrue();
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(IATI_SCHEMA.toFile())
                .newValidator().validate(new StreamSource(new java.io.ByteArrayInputStream(xml)));

        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(new String(xml, StandardCharsets.UTF_8))));
        String activity = "//iati-activity[iati-identifier='US-GOV-1-" + grant.grantId() + "']";
        assertThat(count(document, activity)).isEqualTo(1);
        assertThat(text(document, activity + "/title/narrative")).isEqualTo(AWKWARD_TITLE.replace("\r\n", "\n"));
        assertThat(text(document, activity + "/activity-status/@code")).isEqualTo("6");
        assertThat(text(document, activity + "/recipient-country/@code")).isEqualTo("SV");
        assertThat(count(document, activity + "/participating-org[@role='1']")).isEqualTo(1);
        assertThat(text(document, activity + "/participating-org[@role='3']/@ref")).isEqualTo("US-GOV-1");
        assertThat(text(document, activity + "/participating-org[@role='3']/narrative"))
                .isEqualTo("U.S. Agency for International Development");
        assertThat(count(document, activity + "/participating-org[@role='4']")).as("no partners").isZero();
        assertThat(text(document, activity + "/reporting-org/@ref")).isEqualTo("US-GOV-1");
        assertThat(text(document, activity + "/sector/@code")).as("the pillar's default").isEqualTo("11330");
        assertThat(text(document, activity + "/budget/value")).isEqualTo("850000.00");
        assertThat(values(document, activity + "/transaction[transaction-type/@code='2']/value"))
                .containsExactly("900000.00", "-50000.00");
        assertThat(values(document, activity + "/transaction[transaction-type/@code='3']/value"))
                .containsExactly("12345.67", "-100.00");
        assertThat(text(document, activity + "/result/indicator/title/narrative")).isEqualTo("School attendance (%)");
        assertThat(text(document, activity + "/result/indicator/baseline/@year")).isEqualTo("2015");
        assertThat(text(document, activity + "/result/indicator/period/target/@value")).isEqualTo("80");
    }

    @Test
    void aMeasuredProgramIndicatorAppearsAsAnActualOfItsPeriod() throws Exception {
        String indicator = TestEvents.id("SV-DROPOUT");
        events.publish(new IndicatorDefined(indicator, Country.SV, IndicatorKind.PROGRAM, "Dropout", "students",
                false, grant.grantId(), new PeriodValue("2016", new BigDecimal("900")),
                List.of(new PeriodValue("2018", new BigDecimal("600")))));
        events.publish(new OutcomeMeasured(indicator, Country.SV, "2017", new BigDecimal("750"), "ministry"));
        String activity = "//iati-activity[iati-identifier='US-GOV-1-" + grant.grantId() + "']";
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            byte[] xml = http.get().uri("/api/v1/export/iati-activities.xml?country=SV").exchange()
                    .expectBody().returnResult().getResponseBodyContent();
            Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new java.io.ByteArrayInputStream(xml));
            String result = activity + "/result[indicator/title/narrative='Dropout (students)']/indicator";
            assertThat(text(document, result + "/@ascending")).isEqualTo("0");
            assertThat(text(document, result + "/period[period-start/@iso-date='2017-01-01']/actual/@value"))
                    .isEqualTo("750");
        });
    }

    @Test
    void textStoredBeforeTheRuleStillExportsAsWellFormedXmlAndFormulasAreNeutralisedInTheCsv() throws Exception {
        // as if written before the API refused such text (or by any other way in): straight into the store
        String hostile = "bad\u0001 \u0000 \u0085 \uFFFE \uFDD0 \uD800 end";
        String formula = "=HYPERLINK(\"http://evil.example/x\",\"x\")";
        mongo.getCollection(generations.current().name(Views.GRANTS)).flatMap(c -> Mono.from(c.updateOne(
                Filters.eq("_id", grant.grantId()), Updates.set("title", hostile)))).block(Duration.ofSeconds(30));
        mongo.getCollection(generations.current().name(Views.FACTS)).flatMap(c -> Mono.from(c.updateMany(
                Filters.and(Filters.eq(Facts.GRANT_ID, grant.grantId()), Filters.eq(Facts.KIND, Facts.DISBURSEMENT)),
                Updates.set(Facts.DESCRIPTION, formula + hostile)))).block(Duration.ofSeconds(30));

        byte[] xml = http.get().uri("/api/v1/export/iati-activities.xml?country=SV").exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBodyContent();
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(IATI_SCHEMA.toFile())
                .newValidator().validate(new StreamSource(new java.io.ByteArrayInputStream(xml)));
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(xml));
        String activity = "//iati-activity[iati-identifier[contains(., '" + grant.grantId() + "')]]";
        assertThat(text(document, activity + "/title/narrative")).startsWith("bad\uFFFD \uFFFD \uFFFD \uFFFD \uFFFD ")
                .endsWith(" end");

        String csv = http.get().uri("/api/v1/export/transactions.csv").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        List<List<String>> records = parse(csv);
        int description = records.getFirst().indexOf("description");
        int amount = records.getFirst().indexOf("amount");
        List<List<String>> disbursements = records.stream()
                .filter(r -> r.contains(grant.grantId()) && r.contains("DISBURSEMENT")).toList();
        assertThat(disbursements).singleElement().satisfies(r -> {
            assertThat(r.get(description)).startsWith("'" + formula);
            assertThat(r.get(amount)).isEqualTo("12345.67");
        });
        assertThat(records.stream().filter(r -> r.contains(grant.grantId()) && r.contains("REVERSAL")))
                .singleElement().satisfies(r -> assertThat(r.get(amount)).isEqualTo("-100.00"));
    }

    /** A small RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks; records end in CRLF. */
    static List<List<String>> parse(String csv) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                i++;
            } else {
                assertThat(c).as("bare line break outside quotes").isNotIn('\r', '\n');
                field.append(c);
            }
        }
        assertThat(record).as("last record ends with CRLF").isEmpty();
        return records;
    }

    private static int count(Document document, String xpath) throws Exception {
        return ((NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, document, XPathConstants.NODESET))
                .getLength();
    }

    private static String text(Document document, String xpath) throws Exception {
        return XPathFactory.newInstance().newXPath().evaluate(xpath, document);
    }

    private static List<String> values(Document document, String xpath) throws Exception {
        NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, document,
                XPathConstants.NODESET);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            values.add(nodes.item(i).getTextContent());
        }
        return values;
    }
}
