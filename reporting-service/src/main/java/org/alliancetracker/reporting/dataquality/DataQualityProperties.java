package org.alliancetracker.reporting.dataquality;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the data-quality report ({@code alliance.reporting.data-quality.*} in {@code reporting-service.yml}).
 *
 * @param dormantAfter an active grant with no disbursement for this long is listed as dormant
 * @param cacheFor     how long one computed report is reused (it scans the facts and reads the dead-letter topics)
 */
@ConfigurationProperties("alliance.reporting.data-quality")
public record DataQualityProperties(Duration dormantAfter, Duration cacheFor) {

    public DataQualityProperties {
        dormantAfter = dormantAfter == null ? Duration.ofDays(90) : dormantAfter;
        cacheFor = cacheFor == null ? Duration.ofSeconds(2) : cacheFor;
    }
}
