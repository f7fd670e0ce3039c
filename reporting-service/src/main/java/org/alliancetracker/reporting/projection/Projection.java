package org.alliancetracker.reporting.projection;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.alliancetracker.events.AllianceEvent;
import org.alliancetracker.events.CloudEvent;
import org.alliancetracker.events.Country;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.MalformedEventException;
import org.alliancetracker.events.appropriation.AllocationMade;
import org.alliancetracker.events.appropriation.AppropriationEnacted;
import org.alliancetracker.events.appropriation.AppropriationRequested;
import org.alliancetracker.events.appropriation.AppropriationRescinded;
import org.alliancetracker.events.appropriation.FundsReprogrammed;
import org.alliancetracker.events.appropriation.Withholding;
import org.alliancetracker.events.appropriation.WithholdingReleased;
import org.alliancetracker.events.disbursement.DisbursementRecorded;
import org.alliancetracker.events.disbursement.DisbursementReversed;
import org.alliancetracker.events.grant.GrantAmended;
import org.alliancetracker.events.grant.GrantAwarded;
import org.alliancetracker.events.grant.GrantClosed;
import org.alliancetracker.events.grant.GrantEvent;
import org.alliancetracker.events.grant.GrantResumed;
import org.alliancetracker.events.grant.GrantSuspended;
import org.alliancetracker.events.outcome.IndicatorDefined;
import org.alliancetracker.events.outcome.OutcomeMeasured;
import org.alliancetracker.events.outcome.PeriodValue;
import org.alliancetracker.platform.messaging.SourcePosition;
import org.alliancetracker.platform.money.Money;
import org.alliancetracker.platform.store.StoredRecords;
import org.alliancetracker.reporting.indicator.Periods;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import com.mongodb.client.model.Updates;

/**
 * What each event changes: pure, no I/O. Amounts are whole cents; every view figure is an {@code $inc} or a
 * {@code $set} of a value carried by the event, so applying a change twice is prevented by the offset guard alone.
 * Every event that moves money also yields one {@link Facts fact}, the row behind the figure.
 *
 * <p>Changes come in a fixed order: the fact first, the country view last. The country view is what gets
 * re-published on the live stream, so by the time it changes, everything it is assembled from has changed.
 */
@Component
public class Projection {

    public static final String ACTIVE = "ACTIVE";
    public static final String SUSPENDED = "SUSPENDED";
    public static final String CLOSED = "CLOSED";

    public List<ViewChange> changesFor(CloudEvent<AllianceEvent> event, SourcePosition position) {
        Changes changes = new Changes();
        switch (event.data()) {
            case AppropriationRequested requested -> {
                long cents = Money.toCents(requested.amount());
                changes.add(fact(event, position, Facts.REQUESTED, null, cents, eventDate(event))
                        .append(Facts.FISCAL_YEAR, requested.fiscalYear())
                        .append(Facts.SOURCE, requested.source())
                        .append(Facts.WITHHOLDINGS, withholdings(requested.withholdings())));
                changes.add(year(requested.fiscalYear(), Updates.combine(Updates.max(StoredFiscalYear.STAGE_RANK, 1),
                        Updates.set(StoredFiscalYear.REQUESTED_CENTS, cents),
                        Updates.set(StoredFiscalYear.REQUEST_SOURCE, requested.source()))));
            }
            case AppropriationEnacted enacted -> {
                long cents = Money.toCents(enacted.amount());
                changes.add(fact(event, position, Facts.ENACTED, null, cents, eventDate(event))
                        .append(Facts.FISCAL_YEAR, enacted.fiscalYear())
                        .append(Facts.SOURCE, enacted.source())
                        .append(Facts.WITHHOLDINGS, withholdings(enacted.withholdings()))
                        .append(Facts.ACCOUNTS, accounts(enacted)));
                changes.add(year(enacted.fiscalYear(), Updates.combine(Updates.max(StoredFiscalYear.STAGE_RANK, 2),
                        Updates.set(StoredFiscalYear.ENACTED_CENTS, cents),
                        Updates.set(StoredFiscalYear.SOURCE, enacted.source()),
                        Updates.set(StoredFiscalYear.WITHHOLDINGS, withholdings(enacted.withholdings())))));
            }
            case WithholdingReleased released -> {
                changes.add(fact(event, position, Facts.RELEASE, null, Money.toCents(released.amount()),
                        released.certifiedOn())
                        .append(Facts.FISCAL_YEAR, released.fiscalYear())
                        .append(Facts.WITHHOLDING_ID, released.withholdingId())
                        .append(Facts.DESCRIPTION, released.note()));
                changes.add(year(released.fiscalYear(),
                        Updates.set(StoredFiscalYear.RELEASED + "." + Keys.safe(released.withholdingId()), true)));
            }
            case AllocationMade allocation -> {
                long cents = Money.toCents(allocation.amount());
                changes.add(fact(event, position, Facts.ALLOCATION, Facts.ALLOCATED, cents, allocation.allocatedOn())
                        .append(Facts.COUNTRY, allocation.country().name())
                        .append(Facts.FISCAL_YEAR, allocation.fiscalYear())
                        .append(Facts.PILLAR, allocation.pillar().name())
                        .append(Facts.ALLOCATION_ID, allocation.allocationId())
                        .append(Facts.ACCOUNT, allocation.accountOrDefault()));
                changes.add(year(allocation.fiscalYear(), Updates.inc(StoredFiscalYear.cents(Facts.ALLOCATED), cents)));
                changes.add(country(allocation.country(), money(Facts.ALLOCATED, cents, allocation.fiscalYear(),
                        allocation.pillar().name(), null)));
            }
            case GrantAwarded awarded -> {
                long cents = Money.toCents(awarded.obligatedAmount());
                changes.add(grantFact(event, position, Facts.OBLIGATION, Facts.OBLIGATED, cents, awarded.grant(),
                        awarded.obligatedOn(), awarded.title())
                        .append(Facts.END_DATE, awarded.endDate().toString()));
                changes.add(year(awarded.grant().fiscalYear(),
                        Updates.inc(StoredFiscalYear.cents(Facts.OBLIGATED), cents)));
                changes.add(grant(awarded.grant(), Updates.combine(
                        Updates.set("title", awarded.title()),
                        Updates.set("startDate", awarded.startDate().toString()),
                        Updates.set("endDate", awarded.endDate().toString()),
                        Updates.set("obligatedOn", awarded.obligatedOn().toString()),
                        status(ACTIVE, awarded.obligatedOn(), event.time()),
                        Updates.set(GrantViews.SECTORS, StoredRecords.toDocuments(awarded.sectors())),
                        Updates.set(GrantViews.PARTNERS, StoredRecords.toDocuments(awarded.partners())),
                        Updates.inc("obligatedCents", cents))));
                changes.add(country(awarded.grant().country(), money(Facts.OBLIGATED, cents, awarded.grant())));
            }
            case GrantAmended amended -> {
                long cents = Money.toCents(amended.change());
                List<Bson> grantChanges = new ArrayList<>(List.of(Updates.inc("obligatedCents", cents)));
                if (amended.sectors() != null) {
                    grantChanges.add(Updates.set(GrantViews.SECTORS, StoredRecords.toDocuments(amended.sectors())));
                }
                if (amended.partners() != null) {
                    grantChanges.add(Updates.set(GrantViews.PARTNERS, StoredRecords.toDocuments(amended.partners())));
                }
                if (cents == 0) { // only the sectors or partners changed: no money moved, no fact
                    changes.add(grant(amended.grant(), Updates.combine(grantChanges)));
                    changes.add(country(amended.grant().country(), null));
                } else {
                    changes.add(grantFact(event, position, Facts.AMENDMENT, Facts.OBLIGATED, cents, amended.grant(),
                            amended.amendedOn(), amended.reason()));
                    changes.add(year(amended.grant().fiscalYear(),
                            Updates.inc(StoredFiscalYear.cents(Facts.OBLIGATED), cents)));
                    changes.add(grant(amended.grant(), Updates.combine(grantChanges)));
                    changes.add(country(amended.grant().country(), money(Facts.OBLIGATED, cents, amended.grant())));
                }
            }
            case FundsReprogrammed reprogrammed -> {
                FactBuilder fact = fact(event, position, Facts.REPROGRAMMING, null,
                        Money.toCents(reprogrammed.amount()), reprogrammed.effectiveOn())
                        .append(Facts.FISCAL_YEAR, reprogrammed.fiscalYear())
                        .append(Facts.ACCOUNT, reprogrammed.account())
                        .append(Facts.FROM_ALLOCATION_ID, reprogrammed.from().allocationId())
                        .append(Facts.FROM_COUNTRY, reprogrammed.from().country().name())
                        .append(Facts.FROM_PILLAR, reprogrammed.from().pillar().name())
                        .append(Facts.NOTIFICATION_REFERENCE, reprogrammed.notificationReference())
                        .append(Facts.DESCRIPTION, reprogrammed.to() == null ? reprogrammed.destination()
                                : reprogrammed.reason());
                if (reprogrammed.to() != null) {
                    fact.append(Facts.TO_ALLOCATION_ID, reprogrammed.to().allocationId())
                            .append(Facts.TO_COUNTRY, reprogrammed.to().country().name())
                            .append(Facts.TO_PILLAR, reprogrammed.to().pillar().name());
                }
                changes.add(fact);
                reallocation(changes, reprogrammed);
            }
            case AppropriationRescinded rescinded -> changes.add(fact(event, position, Facts.RESCISSION, null,
                    Money.toCents(rescinded.amount()), rescinded.rescindedOn())
                    .append(Facts.FISCAL_YEAR, rescinded.fiscalYear())
                    .append(Facts.ACCOUNT, rescinded.account())
                    .append(Facts.SOURCE, rescinded.source()));
            case GrantSuspended suspended -> statusChange(changes, suspended, SUSPENDED, suspended.effectiveOn(),
                    event.time());
            case GrantResumed resumed -> statusChange(changes, resumed, ACTIVE, resumed.effectiveOn(), event.time());
            case GrantClosed closed -> statusChange(changes, closed, CLOSED, closed.effectiveOn(), event.time());
            case DisbursementRecorded recorded -> {
                long cents = Money.toCents(recorded.amount());
                changes.add(grantFact(event, position, Facts.DISBURSEMENT, Facts.DISBURSED, cents, recorded.grant(),
                        recorded.valueDate(), recorded.description() != null ? recorded.description()
                                : recorded.reference())
                        .append(Facts.DISBURSEMENT_ID, recorded.disbursementId())
                        .append("reference", recorded.reference()));
                disbursement(changes, recorded.grant(), cents, recorded.valueDate());
            }
            case DisbursementReversed reversed -> {
                long cents = -Money.toCents(reversed.amount());
                changes.add(grantFact(event, position, Facts.REVERSAL, Facts.DISBURSED, cents, reversed.grant(),
                        reversed.reversedOn(), reversed.reason())
                        .append(Facts.DISBURSEMENT_ID, reversed.disbursementId())
                        .append("originalValueDate", reversed.valueDate().toString()));
                disbursement(changes, reversed.grant(), cents, reversed.reversedOn());
            }
            case IndicatorDefined defined -> {
                if (defined.baseline() != null) {
                    placeable(defined.baseline().period());
                }
                defined.targets().forEach(target -> placeable(target.period()));
                changes.add(new ViewChange.Update(Views.INDICATORS, defined.indicatorId(), Updates.combine(
                        Updates.set("country", defined.country().name()),
                        Updates.set("kind", defined.kind().name()),
                        Updates.set("name", defined.name()),
                        Updates.set("unit", defined.unit()),
                        Updates.set("ascending", defined.ascending()),
                        Updates.set("grantId", defined.grantId()),
                        Updates.set("baseline", defined.baseline() == null ? null : periodValue(defined.baseline())),
                        Updates.set("targets", defined.targets().stream().map(Projection::periodValue).toList()),
                        Updates.min(IndicatorViews.DEFINED_AT, recordedAt(event)))));
                changes.add(country(defined.country(), null));
            }
            case OutcomeMeasured measured -> {
                placeable(measured.period());
                changes.add(new ViewChange.Update(Views.INDICATORS, measured.indicatorId(), Updates.combine(
                        Updates.set("country", measured.country().name()),
                        Updates.set("actuals." + Keys.safe(measured.period()),
                                new Document("period", measured.period())
                                        .append("value", measured.value().toPlainString())
                                        .append("source", measured.source())),
                        Updates.push(IndicatorViews.MEASUREMENTS, new Document("period", measured.period())
                                .append("value", measured.value().toPlainString())
                                .append("source", measured.source())
                                .append("at", recordedAt(event))))));
                changes.add(country(measured.country(), null));
            }
            default -> {
                // not a source event (e.g. a view published on a source topic by mistake): nothing to change
            }
        }
        return changes.list;
    }

    /**
     * A period the views can place in time ({@link Periods}); any other would become the "latest" actual of its
     * indicator for good, so the event is malformed.
     */
    private static void placeable(String period) {
        if (Periods.end(period).isEmpty()) {
            throw new MalformedEventException("Not a period: " + period);
        }
    }

    /** The changes of one event, in order; facts go in as inserts into {@code facts}. */
    private static final class Changes {
        private final List<ViewChange> list = new ArrayList<>();

        void add(ViewChange change) {
            list.add(change);
        }

        void add(FactBuilder fact) {
            list.add(new ViewChange.Insert(Views.FACTS, fact.document()));
        }
    }

    private static void statusChange(Changes changes, GrantEvent event, String status, LocalDate on,
                                     Instant at) {
        changes.add(grant(event.grant(), status(status, on, at)));
        changes.add(country(event.grant().country(), null));
    }

    /**
     * A reprogramming moves allocated funds: − on the source allocation's country, fiscal year and pillar, + on the
     * destination's (none when the funds left the Plan, which also lowers the year's allocated figure). One update
     * per country document, each path summed once.
     */
    private static void reallocation(Changes changes, FundsReprogrammed reprogrammed) {
        long cents = Money.toCents(reprogrammed.amount());
        Map<Country, Map<String, Long>> byCountry = new EnumMap<>(Country.class);
        allocatedMove(byCountry, reprogrammed.from().country(), reprogrammed.fiscalYear(),
                reprogrammed.from().pillar().name(), -cents);
        if (reprogrammed.to() != null) {
            allocatedMove(byCountry, reprogrammed.to().country(), reprogrammed.fiscalYear(),
                    reprogrammed.to().pillar().name(), cents);
        } else {
            changes.add(year(reprogrammed.fiscalYear(), Updates.inc(StoredFiscalYear.cents(Facts.ALLOCATED), -cents)));
        }
        byCountry.forEach((country, paths) -> changes.add(country(country, Updates.combine(paths.entrySet().stream()
                .map(e -> Updates.inc(e.getKey(), e.getValue())).toList()))));
    }

    private static void allocatedMove(Map<Country, Map<String, Long>> byCountry, Country country,
                                      int fiscalYear, String pillar, long cents) {
        Map<String, Long> paths = byCountry.computeIfAbsent(country, c -> new LinkedHashMap<>());
        paths.merge(StoredCountryView.cents(Facts.ALLOCATED), cents, Long::sum);
        paths.merge(StoredCountryView.cents(StoredCountryView.BY_FISCAL_YEAR, fiscalYear, Facts.ALLOCATED), cents,
                Long::sum);
        paths.merge(StoredCountryView.cents(StoredCountryView.BY_PILLAR, pillar, Facts.ALLOCATED), cents, Long::sum);
    }

    private static Date recordedAt(CloudEvent<?> event) {
        return event.time() == null ? null : Date.from(event.time());
    }

    private static void disbursement(Changes changes, GrantRef grant, long cents, LocalDate valueDate) {
        changes.add(year(grant.fiscalYear(), Updates.inc(StoredFiscalYear.cents(Facts.DISBURSED), cents)));
        changes.add(grant(grant, Updates.inc("disbursedCents", cents)));
        changes.add(country(grant.country(), Updates.combine(money(Facts.DISBURSED, cents, grant),
                Updates.inc(StoredCountryView.cents(StoredCountryView.MONTHLY, month(valueDate), Facts.DISBURSED),
                        cents))));
    }

    /** The month of a value date, {@code yyyy-MM}: the key of the monthly disbursement series. */
    public static String month(LocalDate date) {
        return date.toString().substring(0, 7);
    }

    /** A status change: its day ({@code on}) and when the tracker recorded it ({@code at}, for knownAt). */
    private static Bson status(String status, LocalDate on, Instant at) {
        return Updates.combine(Updates.set("status", status),
                Updates.push("statusHistory", new Document("status", status).append("on", on.toString())
                        .append("at", at == null ? null : Date.from(at))));
    }

    private static Bson money(String figure, long cents, GrantRef grant) {
        return money(figure, cents, grant.fiscalYear(), grant.pillar().name(), grant.agency());
    }

    private static Bson money(String figure, long cents, int fiscalYear, String pillar, String agency) {
        List<Bson> updates = new ArrayList<>(List.of(
                Updates.inc(StoredCountryView.cents(figure), cents),
                Updates.inc(StoredCountryView.cents(StoredCountryView.BY_FISCAL_YEAR, fiscalYear, figure), cents),
                Updates.inc(StoredCountryView.cents(StoredCountryView.BY_PILLAR, pillar, figure), cents)));
        if (agency != null) {
            updates.add(Updates.inc(StoredCountryView.cents(StoredCountryView.BY_AGENCY, Keys.safe(agency), figure),
                    cents));
        }
        return Updates.combine(updates);
    }

    private static ViewChange year(int fiscalYear, Bson update) {
        return new ViewChange.Update(Views.FISCAL_YEARS, fiscalYear, update);
    }

    private static ViewChange country(Country country, Bson update) {
        return new ViewChange.Update(Views.COUNTRIES, country.name(), update);
    }

    /** Attribution is set by every grant and disbursement event, so a disbursement seen before its award counts. */
    private static ViewChange grant(GrantRef grant, Bson update) {
        return new ViewChange.Update(Views.GRANTS, grant.grantId(), Updates.combine(
                Updates.set("country", grant.country().name()),
                Updates.set("fiscalYear", grant.fiscalYear()),
                Updates.set("pillar", grant.pillar().name()),
                Updates.set("agency", grant.agency()),
                Updates.set("allocationId", grant.allocationId()),
                update));
    }

    private static Document periodValue(PeriodValue value) {
        return new Document("period", value.period()).append("value", value.value().toPlainString());
    }

    private static List<Document> accounts(AppropriationEnacted enacted) {
        return enacted.accountsOrDefault().stream().map(a -> new Document("code", a.code())
                .append("amountCents", Money.toCents(a.amount()))
                .append("availableUntil", a.availableUntil().toString())).toList();
    }

    private static List<Document> withholdings(List<Withholding> withholdings) {
        return withholdings.stream().map(w -> new Document("id", w.id())
                .append("amountCents", Money.toCents(w.amount()))
                .append("percent", w.percent().toPlainString())
                .append("condition", w.condition())).toList();
    }

    /** Appropriation events carry no date of their own: the day (UTC) the event was published stands for it. */
    private static LocalDate eventDate(CloudEvent<?> event) {
        return event.time() == null ? null : LocalDate.ofInstant(event.time(), ZoneOffset.UTC);
    }

    private static FactBuilder grantFact(CloudEvent<AllianceEvent> event, SourcePosition position, String kind,
                                               String figure, long cents, GrantRef grant, LocalDate valueDate,
                                               String description) {
        return fact(event, position, kind, figure, cents, valueDate)
                .append(Facts.COUNTRY, grant.country().name())
                .append(Facts.FISCAL_YEAR, grant.fiscalYear())
                .append(Facts.PILLAR, grant.pillar().name())
                .append(Facts.AGENCY, grant.agency())
                .append(Facts.GRANT_ID, grant.grantId())
                .append(Facts.ALLOCATION_ID, grant.allocationId())
                .append(Facts.DESCRIPTION, description);
    }

    private static FactBuilder fact(CloudEvent<AllianceEvent> event, SourcePosition position, String kind,
                                     String figure, long cents, LocalDate valueDate) {
        Document fact = new Document("_id", event.id())
                .append(Facts.KIND, kind)
                .append(Facts.FIGURE, figure)
                .append(Facts.AMOUNT_CENTS, cents)
                .append(Facts.VALUE_DATE, valueDate == null ? null : valueDate.toString())
                .append(Facts.EVENT_TYPE, event.type())
                .append(Facts.EVENT_TIME, event.time() == null ? null : Date.from(event.time()))
                .append(Facts.TOPIC, position.topic())
                .append(Facts.PARTITION, position.partition())
                .append(Facts.OFFSET, position.offset());
        return new FactBuilder(fact);
    }

    /** A fact under construction; {@link #append} adds a field and the builder goes into the list as it is. */
    private record FactBuilder(Document document) {
        FactBuilder append(String field, Object value) {
            document.append(field, value);
            return this;
        }
    }
}
