package org.alliancetracker.events.grant;

import java.math.BigDecimal;

import org.alliancetracker.events.Contract;

/**
 * A share of a grant in one OECD DAC CRS purpose code (IATI sector vocabulary 1, five digits, e.g. {@code 15130}
 * Legal and judicial development); the shares of a grant add up to 100.
 */
public record SectorShare(String code, BigDecimal percentage) {

    public SectorShare {
        Contract.require(code, "code");
        Contract.requireDecimal(percentage, "percentage", 3, 2);
    }
}
