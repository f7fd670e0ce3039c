package org.alliancetracker.grants.indicator;

import java.math.BigDecimal;

/** A value of a period (baseline or target) as an indicator's definition stores it: a canonical decimal string. */
public record StoredValue(String period, String value) {

    BigDecimal decimal() {
        return new BigDecimal(value);
    }
}
