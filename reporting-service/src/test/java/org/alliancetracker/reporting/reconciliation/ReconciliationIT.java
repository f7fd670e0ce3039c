package org.alliancetracker.reporting.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.events.disbursement.DisbursementRecorded;
import org.alliancetracker.reporting.Api;
import org.alliancetracker.reporting.InfrastructureProperties;
import org.alliancetracker.reporting.ReportingServiceTest;
import org.alliancetracker.reporting.TestEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;

/**
 * Reconciliations against the running service, posted with Java's HttpClient (which sends the whole body before it
 * reads the answer): our own IATI export reconciles to nothing; one changed transaction is exactly one difference;
 * CSV of award figures; every kind of bad input is refused naming the line and stores nothing; XXE cannot happen;
 * a 50,000-transaction file streams through.
 */
@ReportingServiceTest
class ReconciliationIT extends InfrastructureProperties {

    private static final AtomicInteger AGENCIES = new AtomicInteger();

    @LocalServerPort
    int port;
    @Autowired
    ReactiveMongoTemplate mongo;

    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    TestEvents events;
    String agency;
    GrantRef a;
    GrantRef b;
    int fy;

    @BeforeEach
    void ledger() {
        events = new TestEvents();
        fy = events.fiscalYear;
        agency = "RECON-" + AGENCIES.incrementAndGet() + "-" + Long.toString(System.nanoTime(), 36).toUpperCase();
        a = events.grant(Country.GT, Pillar.SECURITY_AND_JUSTICE, agency);
        b = events.grant(Country.HN, Pillar.HUMAN_CAPITAL, agency);
        events.award(a, "1000000.00", events.date(1, 15));
        events.amend(a, "1000000.00", "950000.00", events.date(3, 1));
        events.disburse(a, "12345.67", events.date(2, 1));
        DisbursementRecorded corrected = events.disbursement(a, "100.00", events.date(2, 2));
        events.publish(corrected);
        events.reverse(corrected, events.date(2, 3));
        events.disburse(a, "500.00", events.date(11, 3)); // fiscal year fy + 1
        events.award(b, "200000.00", events.date(4, 1));
        events.disburse(b, "7000.00", events.date(5, 5));
        Api api = new Api(org.springframework.test.web.reactive.server.WebTestClient.bindToServer()
                .baseUrl(base()).responseTimeout(Duration.ofSeconds(30)).build());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(api.get("/api/v1/countries/GT/transactions?grantId=" + a.grantId()).get("totalElements")
                    .asInt()).isEqualTo(6);
            assertThat(api.get("/api/v1/countries/HN/transactions?grantId=" + b.grantId()).get("totalElements")
                    .asInt()).isEqualTo(2);
        });
    }

    @AfterEach
    void close() {
        events.close();
    }

    @Test
    void ourOwnIatiExportReconcilesWithoutAnyDifference() throws Exception {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode reconciliation = created(postXml(export(), ""));
            assertThat(reconciliation.get("differences")).isEmpty();
            for (String figure : List.of("obligated", "disbursed")) {
                JsonNode totals = reconciliation.get("totals").get(figure);
                assertThat(totals.get("ours").decimalValue()).isEqualByComparingTo(totals.get("theirs").decimalValue());
                assertThat(totals.get("difference").decimalValue()).isEqualByComparingTo(BigDecimal.ZERO);
            }
        });
        JsonNode mine = created(postXml(mine(export()), "?agency=" + agency));
        assertThat(mine.get("differences")).isEmpty();
        assertThat(mine.get("file").get("records").asLong()).isEqualTo(2);
        assertThat(mine.get("totals").get("obligated").get("ours").decimalValue()).isEqualByComparingTo("1150000.00");
        assertThat(mine.get("totals").get("disbursed").get("ours").decimalValue()).isEqualByComparingTo("19845.67");
        JsonNode line = figure(mine, a.grantId(), fy, "disbursed");
        assertThat(line.get("ours").decimalValue()).isEqualByComparingTo("12345.67");
        assertThat(line.get("theirs").decimalValue()).isEqualByComparingTo("12345.67");
        assertThat(figure(mine, a.grantId(), fy + 1, "disbursed").get("ours").decimalValue())
                .isEqualByComparingTo("500.00");
        // each of our figures leads to its events
        JsonNode behind = Api.parse(get(line.get("events").asString()).body());
        assertThat(behind).hasSize(3);
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode transaction : behind) {
            assertThat(transaction.get("eventId").asString()).isNotBlank();
            assertThat(transaction.get("topic").asString()).isEqualTo("alliance.disbursements");
            sum = sum.add(transaction.get("amount").decimalValue());
        }
        assertThat(sum).isEqualByComparingTo("12345.67");
        // whatever organisation prefix the publisher uses, the grant id inside the identifier matches
        String otherPublisher = mine(export()).replaceAll("<iati-identifier>[^<]*-(" + Pattern.quote(a.grantId())
                + ")</iati-identifier>", "<iati-identifier>US-GOV-1-$1</iati-identifier>");
        assertThat(otherPublisher).contains("<iati-identifier>US-GOV-1-" + a.grantId() + "<");
        assertThat(created(postXml(otherPublisher, "?agency=" + agency)).get("differences")).isEmpty();
        // stored: the same answer again by its id
        JsonNode again = Api.parse(get("/api/v1/reconciliations/" + mine.get("id").asString()).body());
        assertThat(again.get("totals")).isEqualTo(mine.get("totals"));
    }

    @Test
    void ourExportAsOfADayAndAsKnownAtAnInstantReconcilesAgainstTheLedgerOnTheSameAxes() throws Exception {
        String asOf = events.date(2, 15).toString();
        Instant known = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusMillis(1); // the set-up has been seen
        JsonNode then = created(postXml(mine(export("?asOf=" + asOf)), "?agency=" + agency + "&asOf=" + asOf));
        assertThat(then.get("differences")).isEmpty();
        assertThat(then.get("asOf").asString()).isEqualTo(asOf);
        assertThat(then.get("file").get("records").asLong()).as("b awarded after asOf").isEqualTo(1);
        assertThat(then.get("totals").get("obligated").get("ours").decimalValue()).isEqualByComparingTo("1000000.00");
        assertThat(then.get("totals").get("disbursed").get("ours").decimalValue()).isEqualByComparingTo("12345.67");
        assertThat(sum(figure(then, a.grantId(), fy, "obligated"))).isEqualByComparingTo("1000000.00");
        // today's file against the ledger as of the day: the amendment, the later disbursements and b differ
        assertThat(created(postXml(mine(export()), "?agency=" + agency + "&asOf=" + asOf)).get("differences"))
                .isNotEmpty();

        // recorded later, dated before asOf: not in the file nor the ledger as known at `known`
        events.disburse(a, "40.00", events.date(2, 10));
        Api api = new Api(org.springframework.test.web.reactive.server.WebTestClient.bindToServer()
                .baseUrl(base()).responseTimeout(Duration.ofSeconds(30)).build());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(api.get(
                "/api/v1/countries/GT/transactions?grantId=" + a.grantId()).get("totalElements").asInt()).isEqualTo(7));
        String file = mine(export("?asOf=" + asOf + "&knownAt=" + known));
        JsonNode both = created(postXml(file, "?agency=" + agency + "&asOf=" + asOf + "&knownAt=" + known));
        assertThat(both.get("differences")).isEmpty();
        assertThat(Instant.parse(both.get("knownAt").asString())).isEqualTo(known);
        JsonNode line = figure(both, a.grantId(), fy, "disbursed");
        assertThat(line.get("ours").decimalValue()).isEqualByComparingTo("12345.67");
        assertThat(sum(line)).isEqualByComparingTo("12345.67");
        // the same file against the ledger as of the day as known now: the late posting is the one difference
        JsonNode now = created(postXml(file, "?agency=" + agency + "&asOf=" + asOf));
        assertThat(now.get("differences")).singleElement().satisfies(d -> {
            assertThat(d.get("kind").asString()).isEqualTo("AMOUNT");
            assertThat(d.get("difference").decimalValue()).isEqualByComparingTo("40.00");
        });
        assertThat(sum(figure(now, a.grantId(), fy, "disbursed"))).isEqualByComparingTo("12385.67");
        // a reconciliation made before the late posting still leads to the events it summed
        assertThat(sum(figure(then, a.grantId(), fy, "disbursed"))).isEqualByComparingTo("12345.67");
    }

    @Test
    void anUnreadableAsOfOrKnownAtIs400NamingIt() throws Exception {
        for (String parameter : List.of("asOf", "knownAt")) {
            HttpResponse<String> response = postXml(mine(export()), "?" + parameter + "=2017-13-45");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("application/problem+json"));
            JsonNode problem = Api.parse(response.body());
            assertThat(problem.get("type").asString()).isEqualTo("/problems/invalid-parameter");
            assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo(parameter);
        }
    }

    /** Σ of the events behind one of our figures. */
    private BigDecimal sum(JsonNode line) throws Exception {
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode transaction : Api.parse(get(line.get("events").asString()).body())) {
            sum = sum.add(transaction.get("amount").decimalValue());
        }
        return sum;
    }

    @Test
    void oneChangedAmountIsExactlyOneAmountDifference() throws Exception {
        String changed = mine(export()).replace(">12345.67</value>", ">12345.76</value>");
        JsonNode reconciliation = created(postXml(changed, "?agency=" + agency));
        assertThat(reconciliation.get("differences")).hasSize(1);
        JsonNode d = reconciliation.get("differences").get(0);
        assertThat(d.get("kind").asString()).isEqualTo("AMOUNT");
        assertThat(d.get("grantId").asString()).isEqualTo(a.grantId());
        assertThat(d.get("fiscalYear").asInt()).isEqualTo(fy);
        assertThat(d.get("figure").asString()).isEqualTo("disbursed");
        assertThat(d.get("ours").decimalValue()).isEqualByComparingTo("12345.67");
        assertThat(d.get("theirs").decimalValue()).isEqualByComparingTo("12345.76");
        assertThat(d.get("difference").decimalValue()).isEqualByComparingTo("-0.09");
        assertThat(d.get("events").asString()).contains("grantId=" + a.grantId());
        assertAddsUp(reconciliation);
        assertThat(reconciliation.get("totals").get("disbursed").get("difference").decimalValue())
                .isEqualByComparingTo("-0.09");

        String csv = get(reconciliation.get("csv").asString()).body();
        assertThat(csv).startsWith("kind,grant_id,their_id,fiscal_year,their_fiscal_year,figure,ours,theirs,"
                + "difference,currency\r\n");
        assertThat(csv).contains("AMOUNT," + a.grantId() + ",," + fy + ",,disbursed,12345.67,12345.76,-0.09,USD\r\n");
    }

    @Test
    void aTransactionInAnotherYearIsOneTimingDifference() throws Exception {
        String moved = mine(export()).replace(events.date(11, 3).toString(), events.date(9, 3).toString());
        JsonNode reconciliation = created(postXml(moved, "?agency=" + agency));
        assertThat(reconciliation.get("differences")).hasSize(1);
        JsonNode d = reconciliation.get("differences").get(0);
        assertThat(d.get("kind").asString()).isEqualTo("TIMING");
        assertThat(d.get("fiscalYear").asInt()).isEqualTo(fy + 1);
        assertThat(d.get("theirFiscalYear").asInt()).isEqualTo(fy);
        assertThat(d.get("ours").decimalValue()).isEqualByComparingTo("500.00");
        assertThat(d.get("difference").decimalValue()).isEqualByComparingTo("0.00");
        assertAddsUp(reconciliation);
    }

    @Test
    void missingActivitiesAndUnknownOnesAreNamed() throws Exception {
        String xml = mine(export());
        String withoutB = xml.replaceAll("(?s)\\s*<iati-activity[^>]*>\\s*<iati-identifier>[^<]*"
                + Pattern.quote(b.grantId()) + "</iati-identifier>.*?</iati-activity>", "");
        String withStranger = withoutB.replace("</iati-activities>", """
                <iati-activity default-currency="USD"><iati-identifier>US-GOV-11-NOT-OURS-1</iati-identifier>
                <transaction><transaction-type code="3"/><transaction-date iso-date="%d-06-30"/>
                <value currency="USD" value-date="%d-06-30">=99.50</value></transaction></iati-activity>
                </iati-activities>""".formatted(fy, fy).replace("=99.50", "99.50"));
        JsonNode reconciliation = created(postXml(withStranger, "?agency=" + agency));
        List<String> kinds = new ArrayList<>();
        reconciliation.get("differences").forEach(d -> kinds.add(d.get("kind").asString() + " "
                + (d.get("grantId").isNull() ? d.get("theirId").asString() : d.get("grantId").asString()) + " "
                + d.get("figure").asString() + " " + d.get("difference").decimalValue().toPlainString()));
        assertThat(kinds).containsExactlyInAnyOrder(
                "MISSING_THERE " + b.grantId() + " obligated 200000.00",
                "MISSING_THERE " + b.grantId() + " disbursed 7000.00",
                "UNMATCHED_ID US-GOV-11-NOT-OURS-1 disbursed -99.50");
        assertAddsUp(reconciliation);
    }

    @Test
    void aCsvOfAwardFiguresReconciles() throws Exception {
        String csv = "award_id,fiscal_year,period,obligations,outlays\r\n"
                + a.grantId() + "," + fy + ",4,950000.00,12345.67\r\n"
                + "USAID-" + a.grantId() + "," + (fy + 1) + ",2,,500.00\r\n"
                + b.grantId() + "," + fy + ",7,200000.00,7000.00\r\n";
        JsonNode same = created(post(csv, "text/csv", "?agency=" + agency));
        assertThat(same.get("format").asString()).isEqualTo("award-csv");
        assertThat(same.get("differences")).isEmpty();
        JsonNode off = created(post(csv.replace(",7000.00", ",7000.01") + "\"=NOPE\"," + fy + ",1,5.00,\r\n",
                "text/csv; charset=UTF-8", "?agency=" + agency));
        assertThat(off.get("differences")).hasSize(2);
        assertAddsUp(off);
        String export = get(off.get("csv").asString()).body();
        assertThat(export).contains("AMOUNT," + b.grantId() + ",," + fy + ",,disbursed,7000.00,7000.01,-0.01,USD");
        assertThat(export).contains("UNMATCHED_ID,,'=NOPE," + fy + ",,obligated,0.00,5.00,-5.00,USD");
    }

    @Test
    void badFilesAreRefusedNamingTheLineAndNothingIsStored() throws Exception {
        long before = stored();
        String head = "<?xml version=\"1.0\"?>\n<iati-activities version=\"2.03\">\n"
                + "<iati-activity default-currency=\"USD\"><iati-identifier>X-" + a.grantId() + "</iati-identifier>\n";
        refused(post("this is not XML", "application/xml", ""), 1, null);
        refused(post("<?xml version=\"1.0\"?>\n<html><body/></html>", "application/xml", ""), 2, "html");
        refused(post(head + "<transaction><transaction-type code=\"3\"/><transaction-date iso-date=\"2101-01-01\"/>\n"
                + "<value currency=\"USD\">10.001</value></transaction></iati-activity></iati-activities>",
                "application/xml", ""), 5, "transaction/value");
        refused(post(head + "<transaction><transaction-type code=\"3\"/><transaction-date iso-date=\"2101-01-01\"/>\n"
                + "<value currency=\"EUR\">10.00</value></transaction></iati-activity></iati-activities>",
                "application/xml", ""), 5, "transaction/value/@value-date");
        refused(post(head + "<transaction><transaction-type code=\"3\"/>\n<value currency=\"USD\">1</value>"
                + "</transaction></iati-activity></iati-activities>", "application/xml", ""), 4,
                "transaction/transaction-date");
        refused(post("award_id,fiscal_year,period,obligations,outlays,notes\r\nA,2101,1,1.00,\r\n", "text/csv", ""),
                1, "column 6");
        refused(post("award_id,fiscal_year,obligations,outlays\r\nA,2101,1.00,\r\n", "text/csv", ""), 1, "period");
        refused(post("award_id,fiscal_year,period,obligations,outlays\r\nA,2101,1,1.00,\r\nB,2101,2,1.005,\r\n",
                "text/csv", ""), 3, "obligations");
        refused(post("award_id,fiscal_year,period,obligations,outlays,currency\r\nA,2101,1,1.00,,USD\r\n"
                + "B,2101,2,1.00,,HNL\r\n", "text/csv", ""), 3, "value_date");
        refused(post("award_id,fiscal_year,period,obligations,outlays\r\nA,2101,13,1.00,\r\n", "text/csv", ""),
                2, "period");
        HttpResponse<String> json = post("{\"award_id\":1}", "application/json", "");
        assertThat(json.statusCode()).isEqualTo(415);
        assertThat(json.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void aDoctypeIsRefusedSoExternalEntitiesAreNeverFetched() throws Exception {
        long before = stored();
        AtomicInteger fetched = new AtomicInteger();
        HttpServer bait = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        bait.createContext("/", exchange -> {
            fetched.incrementAndGet();
            byte[] body = "<!ENTITY leak 'x'>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        bait.start();
        try {
            String url = "http://localhost:" + bait.getAddress().getPort() + "/evil";
            String external = "<?xml version=\"1.0\"?>\n<!DOCTYPE iati-activities [\n<!ENTITY xxe SYSTEM \"" + url
                    + "\">\n<!ENTITY % remote SYSTEM \"" + url + "\"> %remote;\n]>\n<iati-activities>&xxe;"
                    + "</iati-activities>";
            refused(post(external, "application/xml", ""), 5, "DOCTYPE"); // the line where the DOCTYPE ends
            String dtd = "<?xml version=\"1.0\"?>\n<!DOCTYPE iati-activities SYSTEM \"" + url + "\">\n"
                    + "<iati-activities/>";
            refused(post(dtd, "application/xml", ""), 2, "DOCTYPE");
            String billionLaughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                    + "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>\n<lolz>&lol2;</lolz>";
            refused(post(billionLaughs, "text/xml", ""), 2, "DOCTYPE");
            assertThat(fetched).hasValue(0);
        } finally {
            bait.stop(0);
        }
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void aFileOverTheLimitIsRefusedWith413EvenWithoutALength() throws Exception {
        long before = stored();
        long limit = 64L * 1024 * 1024;
        // valid IATI for as long as it goes, one activity of one grant, sent chunked (no Content-Length)
        InputStream file = iati(a.grantId(), (int) (limit / 150) + 10_000, fy);
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base()
                        + "/api/v1/reconciliations")).header("Content-Type", "application/xml")
                        .timeout(Duration.ofMinutes(3))
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> file)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(Api.parse(response.body()).get("type").asString()).isEqualTo("/problems/payload-too-large");
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void aFileOf50000TransactionsStreamsThrough() throws Exception {
        int transactions = 50_000;
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base()
                        + "/api/v1/reconciliations?agency=" + agency)).header("Content-Type", "application/xml")
                        .timeout(Duration.ofMinutes(3))
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> iati(a.grantId(), transactions, fy)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode reconciliation = created(response);
        assertThat(reconciliation.get("file").get("transactions").asLong()).isEqualTo(transactions);
        // 50,000 disbursements of 1.01 in fiscal year fy against our 12,345.67
        JsonNode line = figure(reconciliation, a.grantId(), fy, "disbursed");
        assertThat(line.get("theirs").decimalValue()).isEqualByComparingTo("50500.00");
        assertThat(line.get("difference").decimalValue()).isEqualByComparingTo("-38154.33");
        assertAddsUp(reconciliation);
    }

    /** An IATI file of one activity with {@code count} disbursements of 1.01, generated as it is read. */
    static InputStream iati(String grantId, int count, int fiscalYear) {
        String head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<iati-activities version=\"2.03\">\n"
                + "<iati-activity default-currency=\"USD\"><iati-identifier>US-GOV-1-" + grantId
                + "</iati-identifier>\n";
        byte[] transaction = ("<transaction><transaction-type code=\"3\"/><transaction-date iso-date=\"" + fiscalYear
                + "-03-01\"/><value currency=\"USD\" value-date=\"" + fiscalYear
                + "-03-01\">1.01</value></transaction>\n").getBytes(StandardCharsets.UTF_8);
        List<InputStream> parts = new ArrayList<>();
        parts.add(new java.io.ByteArrayInputStream(head.getBytes(StandardCharsets.UTF_8)));
        parts.add(new InputStream() {
            int left = count;
            int at = 0;

            @Override
            public int read() {
                if (left == 0) {
                    return -1;
                }
                int b = transaction[at++];
                if (at == transaction.length) {
                    at = 0;
                    left--;
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                int n = 0;
                while (n < length) {
                    int b = read();
                    if (b < 0) {
                        return n == 0 ? -1 : n;
                    }
                    buffer[offset + n++] = (byte) b;
                }
                return n;
            }
        });
        parts.add(new java.io.ByteArrayInputStream("</iati-activity></iati-activities>\n"
                .getBytes(StandardCharsets.UTF_8)));
        return new SequenceInputStream(Collections.enumeration(parts));
    }

    private static void assertAddsUp(JsonNode reconciliation) {
        for (String figure : List.of("obligated", "disbursed")) {
            JsonNode totals = reconciliation.get("totals").get(figure);
            BigDecimal sum = BigDecimal.ZERO;
            for (JsonNode d : reconciliation.get("differences")) {
                if (d.get("figure").asString().equals(figure)) {
                    sum = sum.add(d.get("difference").decimalValue());
                }
            }
            assertThat(totals.get("ours").decimalValue().subtract(totals.get("theirs").decimalValue()))
                    .isEqualByComparingTo(sum).isEqualByComparingTo(totals.get("difference").decimalValue());
        }
    }

    private static JsonNode figure(JsonNode reconciliation, String grantId, int fiscalYear, String figure) {
        for (JsonNode line : reconciliation.get("figures")) {
            if (line.get("grantId").asString().equals(grantId) && line.get("fiscalYear").asInt() == fiscalYear
                    && line.get("figure").asString().equals(figure)) {
                return line;
            }
        }
        throw new AssertionError("no figure " + grantId + " " + fiscalYear + " " + figure + " in " + reconciliation);
    }

    private void refused(HttpResponse<String> response, long line, String element) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = Api.parse(response.body());
        assertThat(problem.get("type").asString()).isEqualTo("/problems/invalid-file");
        assertThat(problem.get("line").asLong()).as(response.body()).isEqualTo(line);
        if (element != null) {
            assertThat(problem.get("element").asString()).as(response.body()).isEqualTo(element);
            assertThat(problem.get("detail").asString()).contains("line " + line + ": " + element);
        }
    }

    private long stored() {
        return mongo.count(new Query(), StoredReconciliation.class).block(Duration.ofSeconds(30))
                + mongo.count(new Query(), StoredDifference.class).block(Duration.ofSeconds(30));
    }

    /** Only the activities of this test's two grants. */
    private String mine(String export) {
        Matcher activities = Pattern.compile("(?s)<iati-activity[ >].*?</iati-activity>").matcher(export);
        StringBuilder out = new StringBuilder(export.substring(0, export.indexOf("<iati-activity")));
        while (activities.find()) {
            String activity = activities.group();
            if (activity.contains("-" + a.grantId() + "</iati-identifier>")
                    || activity.contains("-" + b.grantId() + "</iati-identifier>")) {
                out.append(activity).append('\n');
            }
        }
        return out.append("</iati-activities>\n").toString();
    }

    private String export() throws IOException, InterruptedException {
        return export("");
    }

    private String export(String query) throws IOException, InterruptedException {
        HttpResponse<String> response = get("/api/v1/export/iati-activities.xml" + query);
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private JsonNode created(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode body = Api.parse(response.body());
        assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/reconciliations/"
                + body.get("id").asString());
        return body;
    }

    private HttpResponse<String> postXml(String xml, String query) throws IOException, InterruptedException {
        return post(xml, "application/xml", query);
    }

    private HttpResponse<String> post(String body, String type, String query) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/reconciliations" + query))
                .header("Content-Type", type).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(60)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
