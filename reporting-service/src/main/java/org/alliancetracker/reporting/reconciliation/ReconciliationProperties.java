package org.alliancetracker.reporting.reconciliation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of reconciliations ({@code alliance.reporting.reconciliation.*} in {@code reporting-service.yml}).
 *
 * @param maxFileSize largest file accepted (413 beyond), counted while it is read, also when sent without a length
 * @param maxKeys     most distinct (grant or identifier, fiscal year, figure) figures one file may carry: what bounds
 *                    the memory of a reconciliation, whatever the number of transactions
 */
@ConfigurationProperties("alliance.reporting.reconciliation")
public record ReconciliationProperties(DataSize maxFileSize, Integer maxKeys) {

    public ReconciliationProperties {
        maxFileSize = maxFileSize == null ? DataSize.ofMegabytes(64) : maxFileSize;
        maxKeys = maxKeys == null ? 100_000 : maxKeys;
    }
}
