package org.alliancetracker.grants.grant;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.Pillar;
import org.alliancetracker.platform.money.Money;
import org.bson.Document;

/** A grant as the API shows it. */
public record GrantView(String id, String allocationId, int fiscalYear, Country country, Pillar pillar, String agency,
                        String title, BigDecimal obligatedAmount, LocalDate startDate, LocalDate endDate,
                        LocalDate obligatedOn, GrantStatus status) {

    static GrantView of(String id, Document grant) {
        return new GrantView(id, grant.getString("allocationId"), grant.getInteger("fiscalYear"),
                Country.valueOf(grant.getString("country")), Pillar.valueOf(grant.getString("pillar")),
                grant.getString("agency"), grant.getString("title"), Money.fromCents(grant.getLong("obligatedCents")),
                LocalDate.parse(grant.getString("startDate")), LocalDate.parse(grant.getString("endDate")),
                LocalDate.parse(grant.getString("obligatedOn")), GrantStatus.valueOf(grant.getString("status")));
    }
}
