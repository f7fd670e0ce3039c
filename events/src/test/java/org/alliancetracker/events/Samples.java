package org.alliancetracker.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.alliancetracker.events.appropriation.Account;
import org.alliancetracker.events.appropriation.AllocationMade;
import org.alliancetracker.events.appropriation.AllocationRef;
import org.alliancetracker.events.appropriation.AppropriationRescinded;
import org.alliancetracker.events.appropriation.FundsReprogrammed;
import org.alliancetracker.events.appropriation.AppropriationEnacted;
import org.alliancetracker.events.appropriation.AppropriationRequested;
import org.alliancetracker.events.appropriation.Withholding;
import org.alliancetracker.events.appropriation.WithholdingReleased;
import org.alliancetracker.events.disbursement.DisbursementRecorded;
import org.alliancetracker.events.disbursement.DisbursementReversed;
import org.alliancetracker.events.grant.GrantAmended;
import org.alliancetracker.events.grant.GrantAwarded;
import org.alliancetracker.events.grant.GrantClosed;
import org.alliancetracker.events.grant.GrantResumed;
import org.alliancetracker.events.grant.GrantSuspended;
import org.alliancetracker.events.grant.ImplementingPartner;
import org.alliancetracker.events.grant.SectorShare;
import org.alliancetracker.events.outcome.IndicatorDefined;
import org.alliancetracker.events.outcome.IndicatorKind;
import org.alliancetracker.events.outcome.OutcomeMeasured;
import org.alliancetracker.events.outcome.PeriodValue;
import org.alliancetracker.events.view.CountryViewChanged;

/** One hand-written instance of every event type; the golden JSON files are their wire form. */
final class Samples {

    static final Instant TIME = Instant.parse("2016-06-30T14:05:09.123Z");
    static final GrantRef GRANT = new GrantRef("GT-SEC-001", "alloc-2016-GT-SEC", 2016, Country.GT,
            Pillar.SECURITY_AND_JUSTICE, "USAID");

    private Samples() {
    }

    static AllianceEvent of(EventType type) {
        return switch (type) {
            case APPROPRIATION_REQUESTED -> new AppropriationRequested(2018, new BigDecimal("460000000.00"),
                    "FY2018 Congressional Budget Justification", List.of());
            case APPROPRIATION_ENACTED -> new AppropriationEnacted(2016, new BigDecimal("750000000.00"),
                    "Consolidated Appropriations Act, 2016", List.of(
                    new Withholding("migration-cert", new BigDecimal("25"), new BigDecimal("187500000.00"),
                            "Secretary of State certifies steps to inform citizens of the dangers of the journey"),
                    new Withholding("governance-cert", new BigDecimal("50"), new BigDecimal("375000000.00"),
                            "Secretary of State certifies progress on governance criteria")), List.of(
                    new Account("ESF", new BigDecimal("600000000.00"), LocalDate.parse("2017-09-30")),
                    new Account("INCLE", new BigDecimal("150000000.00"), LocalDate.parse("2017-09-30"))));
            case WITHHOLDING_RELEASED -> new WithholdingReleased(2016, "migration-cert",
                    new BigDecimal("187500000.00"), LocalDate.parse("2016-09-30"), "Certification transmitted");
            case ALLOCATION_MADE -> new AllocationMade("alloc-2016-GT-SEC", 2016, Country.GT,
                    Pillar.SECURITY_AND_JUSTICE, new BigDecimal("100000000.00"), LocalDate.parse("2016-02-15"), "INCLE");
            case GRANT_AWARDED -> new GrantAwarded(GRANT, "Community violence prevention", new BigDecimal("40000000.00"),
                    LocalDate.parse("2016-03-01"), LocalDate.parse("2019-02-28"), LocalDate.parse("2016-03-01"),
                    List.of(new SectorShare("15220", new BigDecimal("60")), new SectorShare("16020", new BigDecimal("40"))),
                    List.of(new ImplementingPartner("Example Community Alliance", "US-EIN-123456789", "21"),
                            new ImplementingPartner("Asociación Ejemplo de Guatemala", "GT-NIT-1234567-8", "22")),
                    LocalDate.parse("2022-09-30"));
            case GRANT_AMENDED -> new GrantAmended(GRANT, new BigDecimal("40000000.00"), new BigDecimal("35000000.50"),
                    "De-obligation after mid-term review", LocalDate.parse("2017-10-02"),
                    List.of(new SectorShare("15220", new BigDecimal("100"))), null);
            case GRANT_SUSPENDED -> new GrantSuspended(GRANT, "Northern Triangle assistance suspended",
                    LocalDate.parse("2019-03-30"));
            case GRANT_RESUMED -> new GrantResumed(GRANT, "Assistance restored", LocalDate.parse("2019-10-16"));
            case GRANT_CLOSED -> new GrantClosed(GRANT, "Period of performance ended", LocalDate.parse("2020-02-28"));
            case DISBURSEMENT_RECORDED -> new DisbursementRecorded("d-5b0c1e9a", GRANT, new BigDecimal("1234567.89"),
                    "USD", LocalDate.parse("2016-06-30"), "INV-1", "First tranche");
            case DISBURSEMENT_REVERSED -> new DisbursementReversed("d-5b0c1e9a", GRANT, new BigDecimal("1234567.89"),
                    LocalDate.parse("2016-06-30"), LocalDate.parse("2016-07-04"), "Duplicate invoice");
            case INDICATOR_DEFINED -> new IndicatorDefined("SV-HOMICIDE-RATE", Country.SV, IndicatorKind.CONTEXT,
                    "Homicides per 100,000 inhabitants", "per 100,000", false, null,
                    new PeriodValue("2015", new BigDecimal("103")), List.of(new PeriodValue("2018", new BigDecimal("50.5"))));
            case OUTCOME_MEASURED -> new OutcomeMeasured("SV-HOMICIDE-RATE", Country.SV, "2017", new BigDecimal("60"),
                    "Policía Nacional Civil");
            case COUNTRY_VIEW_CHANGED -> new CountryViewChanged(Country.GT, new java.util.TreeMap<>(Map.of("country", "GT",
                    "disbursed", new BigDecimal("1234567.89"))));
            case FUNDS_REPROGRAMMED -> new FundsReprogrammed("rp-2019-01", 2018, "ESF",
                    new AllocationRef("alloc-2018-HN-PROD", Country.HN, Pillar.PRODUCTIVE_SECTOR), null,
                    "Other Western Hemisphere programs", new BigDecimal("96500000.00"), "CN 19-117",
                    LocalDate.parse("2019-06-17"), LocalDate.parse("2019-07-02"), "Assistance to the three countries suspended");
            case APPROPRIATION_RESCINDED -> new AppropriationRescinded("rescission-2018-1", 2017, "DA",
                    new BigDecimal("12500000.00"), "Rescissions Act, 2018", LocalDate.parse("2018-05-08"));
        };
    }

    static CloudEvent<AllianceEvent> envelope(EventType type) {
        AllianceEvent event = of(type);
        return new CloudEvent<>("0f8e9a52-6a4e-4c1b-9d43-" + String.format("%012d", type.ordinal()),
                "/sample-service", type.type(), TIME, event.aggregateId(), event);
    }
}
