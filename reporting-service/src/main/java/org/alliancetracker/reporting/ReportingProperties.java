package org.alliancetracker.reporting;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of reporting-service ({@code alliance.reporting.*} in {@code reporting-service.yml}).
 *
 * @param consumerGroup the consumer group of the source bindings (instances sharing it split the partitions)
 */
@ConfigurationProperties("alliance.reporting")
public record ReportingProperties(String consumerGroup, Stream stream, ViewPublishing views, Iati iati) {

    public ReportingProperties {
        consumerGroup = consumerGroup == null ? "reporting-service" : consumerGroup;
        stream = stream == null ? new Stream(null) : stream;
        views = views == null ? new ViewPublishing(null, null) : views;
        iati = iati == null ? new Iati(null, null, null) : iati;
    }

    /** @param heartbeat interval of the SSE heartbeat event */
    public record Stream(Duration heartbeat) {
        public Stream {
            heartbeat = heartbeat == null ? Duration.ofSeconds(15) : heartbeat;
        }
    }

    /**
     * @param publishSweepInterval how often country views still waiting to be published are looked for
     * @param publishLease         how long one instance may hold a country view's publish before another takes over
     */
    public record ViewPublishing(Duration publishSweepInterval, Duration publishLease) {
        public ViewPublishing {
            publishSweepInterval = publishSweepInterval == null ? Duration.ofSeconds(5) : publishSweepInterval;
            publishLease = publishLease == null ? Duration.ofSeconds(30) : publishLease;
        }
    }

    /** The organisation named as {@code reporting-org} of the IATI export. */
    public record Iati(String reportingOrgRef, String reportingOrgType, String reportingOrgName) {
        public Iati {
            reportingOrgRef = reportingOrgRef == null ? "US-USAGOV" : reportingOrgRef;
            reportingOrgType = reportingOrgType == null ? "10" : reportingOrgType;
            reportingOrgName = reportingOrgName == null ? "United States Government" : reportingOrgName;
        }
    }
}
