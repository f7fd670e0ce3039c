package org.alliancetracker.events;

/**
 * Where a grant's money belongs: carried by every grant and disbursement event, so that any reader can attribute
 * an amount to a country, pillar, fiscal year and agency without having seen the award first.
 */
public record GrantRef(String grantId, String allocationId, int fiscalYear, Country country, Pillar pillar,
                       String agency) {

    public GrantRef {
        Contract.require(grantId, "grantId");
        Contract.require(allocationId, "allocationId");
        Contract.require(country, "country");
        Contract.require(pillar, "pillar");
        Contract.require(agency, "agency");
    }
}
