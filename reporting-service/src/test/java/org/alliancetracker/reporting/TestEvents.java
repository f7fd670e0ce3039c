package org.alliancetracker.reporting;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.alliancetracker.events.AllianceEvent;
import org.alliancetracker.events.CloudEvent;
import org.alliancetracker.events.Country;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.events.appropriation.AllocationMade;
import org.alliancetracker.events.disbursement.DisbursementRecorded;
import org.alliancetracker.events.disbursement.DisbursementReversed;
import org.alliancetracker.events.grant.GrantAmended;
import org.alliancetracker.events.grant.GrantAwarded;
import org.alliancetracker.infra.SharedTestInfrastructure;
import org.alliancetracker.infra.TopicPublisher;

/**
 * Publishes source events the way grants-service and disbursement-service would, for one test's own fiscal year
 * (tests share the broker and the database, so each works in a year nobody else uses).
 */
public final class TestEvents implements AutoCloseable {

    private static final AtomicInteger NEXT_YEAR = new AtomicInteger(2101);
    private static final AtomicInteger NEXT_ID = new AtomicInteger();

    public final int fiscalYear = NEXT_YEAR.getAndIncrement();
    private final TopicPublisher publisher =
            TopicPublisher.connect(SharedTestInfrastructure.get().kafkaBootstrapServers());

    public static String id(String prefix) {
        return prefix + "-" + NEXT_ID.incrementAndGet() + "-" + Long.toString(System.nanoTime(), 36);
    }

    public TopicPublisher publisher() {
        return publisher;
    }

    public CloudEvent<AllianceEvent> publish(AllianceEvent event) {
        return publisher.publish(event, "/test");
    }

    public LocalDate date(int month, int day) {
        return LocalDate.of(fiscalYear, month, day);
    }

    public GrantRef grant(Country country, Pillar pillar, String agency) {
        return new GrantRef(id(country.name() + "-G"), id("ALLOC"), fiscalYear, country, pillar, agency);
    }

    public CloudEvent<AllianceEvent> allocate(Country country, Pillar pillar, String amount, LocalDate on) {
        return publish(new AllocationMade(id("ALLOC"), fiscalYear, country, pillar, new BigDecimal(amount), on));
    }

    public CloudEvent<AllianceEvent> award(GrantRef grant, String amount, LocalDate on) {
        return publish(new GrantAwarded(grant, "Grant " + grant.grantId(), new BigDecimal(amount), on,
                on.plusYears(3), on));
    }

    public CloudEvent<AllianceEvent> amend(GrantRef grant, String from, String to, LocalDate on) {
        return publish(new GrantAmended(grant, new BigDecimal(from), new BigDecimal(to), "test amendment", on));
    }

    public CloudEvent<AllianceEvent> disburse(GrantRef grant, String amount, LocalDate valueDate) {
        return publish(disbursement(grant, amount, valueDate));
    }

    public DisbursementRecorded disbursement(GrantRef grant, String amount, LocalDate valueDate) {
        String id = id("D");
        return new DisbursementRecorded(id, grant, new BigDecimal(amount), "USD", valueDate, "INV-" + id,
                "test disbursement");
    }

    public CloudEvent<AllianceEvent> reverse(DisbursementRecorded original, LocalDate on) {
        return publish(new DisbursementReversed(original.disbursementId(), original.grant(), original.amount(),
                original.valueDate(), on, "test reversal"));
    }

    public static List<Country> countries() {
        return List.of(Country.values());
    }

    @Override
    public void close() {
        publisher.close();
    }
}
