package org.alliancetracker.reporting.projection;

import java.util.ArrayList;
import java.util.List;

import org.alliancetracker.events.AllianceEvent;
import org.alliancetracker.events.Country;
import org.alliancetracker.events.GrantRef;
import org.alliancetracker.events.appropriation.AllocationMade;
import org.alliancetracker.events.appropriation.AppropriationEnacted;
import org.alliancetracker.events.appropriation.AppropriationRequested;
import org.alliancetracker.events.appropriation.Withholding;
import org.alliancetracker.events.appropriation.WithholdingReleased;
import org.alliancetracker.events.disbursement.DisbursementRecorded;
import org.alliancetracker.events.disbursement.DisbursementReversed;
import org.alliancetracker.events.grant.GrantAmended;
import org.alliancetracker.events.grant.GrantAwarded;
import org.alliancetracker.platform.money.Money;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import com.mongodb.client.model.Updates;

/**
 * What each event changes in the views: pure, no I/O. Amounts are whole cents; every figure is an {@code $inc} or
 * a {@code $set} of a value carried by the event, so applying the same change twice is prevented by the offset guard
 * alone.
 */
@Component
public class Projection {

    public List<ViewChange> changesFor(AllianceEvent event) {
        List<ViewChange> changes = new ArrayList<>();
        switch (event) {
            case AppropriationRequested requested -> changes.add(year(requested.fiscalYear(), Updates.combine(
                    Updates.max("stageRank", 1), Updates.set("requestedCents", Money.toCents(requested.amount())),
                    Updates.set("source", requested.source()))));
            case AppropriationEnacted enacted -> {
                List<Bson> updates = new ArrayList<>(List.of(Updates.max("stageRank", 2),
                        Updates.set("enactedCents", Money.toCents(enacted.amount())),
                        Updates.set("source", enacted.source())));
                for (Withholding w : enacted.withholdings()) {
                    updates.add(Updates.set("withholdings." + w.id() + ".amountCents", Money.toCents(w.amount())));
                }
                changes.add(year(enacted.fiscalYear(), Updates.combine(updates)));
            }
            case WithholdingReleased released -> changes.add(year(released.fiscalYear(),
                    Updates.set("withholdings." + released.withholdingId() + ".released", true)));
            case AllocationMade allocation -> {
                long cents = Money.toCents(allocation.amount());
                changes.add(year(allocation.fiscalYear(), Updates.inc("allocatedCents", cents)));
                changes.add(country(allocation.country(), money("allocated", cents, allocation.fiscalYear(),
                        allocation.pillar().name(), null)));
            }
            case GrantAwarded awarded -> obligation(changes, awarded.grant(), Money.toCents(awarded.obligatedAmount()));
            case GrantAmended amended -> obligation(changes, amended.grant(), Money.toCents(amended.change()));
            case DisbursementRecorded recorded -> disbursement(changes, recorded.grant(), Money.toCents(recorded.amount()));
            case DisbursementReversed reversed -> disbursement(changes, reversed.grant(), -Money.toCents(reversed.amount()));
            default -> {
                // grant status and outcome events do not move money figures
            }
        }
        return changes;
    }

    private static void obligation(List<ViewChange> changes, GrantRef grant, long cents) {
        changes.add(year(grant.fiscalYear(), Updates.inc("obligatedCents", cents)));
        changes.add(country(grant.country(), money("obligated", cents, grant.fiscalYear(), grant.pillar().name(),
                grant.agency())));
    }

    private static void disbursement(List<ViewChange> changes, GrantRef grant, long cents) {
        changes.add(year(grant.fiscalYear(), Updates.inc("disbursedCents", cents)));
        changes.add(country(grant.country(), money("disbursed", cents, grant.fiscalYear(), grant.pillar().name(),
                grant.agency())));
    }

    private static Bson money(String figure, long cents, int fiscalYear, String pillar, String agency) {
        List<Bson> updates = new ArrayList<>(List.of(
                Updates.inc(figure + "Cents", cents),
                Updates.inc("byFiscalYear." + fiscalYear + "." + figure + "Cents", cents),
                Updates.inc("byPillar." + pillar + "." + figure + "Cents", cents)));
        if (agency != null) {
            updates.add(Updates.inc("byAgency." + agency + "." + figure + "Cents", cents));
        }
        return Updates.combine(updates);
    }

    private static ViewChange year(int fiscalYear, Bson update) {
        return new ViewChange(Views.FISCAL_YEARS, fiscalYear, update);
    }

    private static ViewChange country(Country country, Bson update) {
        return new ViewChange(Views.COUNTRIES, country.name(), update);
    }
}
