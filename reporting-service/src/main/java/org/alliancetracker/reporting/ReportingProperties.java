package org.alliancetracker.reporting;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of reporting-service ({@code alliance.reporting.*} in {@code reporting-service.yml}).
 *
 * @param consumerGroup the consumer group of the source bindings (instances sharing it split the partitions)
 */
@ConfigurationProperties("alliance.reporting")
public record ReportingProperties(String consumerGroup, Stream stream, ViewPublishing views, Iati iati,
                                  Rebuild rebuild) {

    public ReportingProperties {
        consumerGroup = consumerGroup == null ? "reporting-service" : consumerGroup;
        stream = stream == null ? new Stream(null) : stream;
        views = views == null ? new ViewPublishing(null, null) : views;
        iati = iati == null ? new Iati(null, null, null) : iati;
        rebuild = rebuild == null ? new Rebuild(null, null, null, 0, null) : rebuild;
    }

    /**
     * Rebuilds into a new generation of the views.
     *
     * @param gracePeriod    after the switch, how long the replaced generation is still kept live (instances that have
     *                       not yet seen the switch read it) before it is dropped
     * @param lease          how long the instance running a rebuild holds it without renewing (then another one, or
     *                       the same one restarted, takes it over)
     * @param pointerPoll    how often every instance re-reads which generation is current (and the rebuild's status)
     * @param maxPollRecords records per poll of the replay, hence per batch of writes
     * @param instance       how this instance is named in the status of a rebuild it runs ({@code runningOn});
     *                       default: host name and a random suffix
     */
    public record Rebuild(Duration gracePeriod, Duration lease, Duration pointerPoll, int maxPollRecords,
                          String instance) {
        public Rebuild {
            if (instance == null || instance.isBlank()) {
                String host;
                try {
                    host = java.net.InetAddress.getLocalHost().getHostName();
                } catch (java.io.IOException unknown) {
                    host = "reporting";
                }
                instance = host + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
            }
            gracePeriod = gracePeriod == null ? Duration.ofSeconds(60) : gracePeriod;
            lease = lease == null ? Duration.ofSeconds(15) : lease;
            pointerPoll = pointerPoll == null ? Duration.ofMillis(500) : pointerPoll;
            maxPollRecords = maxPollRecords <= 0 ? 2000 : maxPollRecords;
        }
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

    /**
     * The IATI publication: the reporting organisation of each agency's grants (looked up by agency code, then by its
     * part before the first {@code -}, e.g. {@code STATE} for {@code STATE-WHA}, else {@code defaultOrganisation}),
     * and the sector a grant without sectors of its own is reported under (by pillar).
     */
    public record Iati(Organisation defaultOrganisation, Map<String, Organisation> agencies,
                       Map<String, String> pillarSectors) {
        public Iati {
            defaultOrganisation = defaultOrganisation == null
                    ? new Organisation("US-GOV-11", "U.S. Department of State", null, null, null, null, null, null)
                    : defaultOrganisation;
            agencies = agencies == null ? Map.of() : Map.copyOf(agencies);
            pillarSectors = pillarSectors == null ? Map.of() : Map.copyOf(pillarSectors);
        }

        /** The reporting organisation of an agency's grants. */
        public Organisation organisationOf(String agency) {
            Organisation exact = agencies.get(agency);
            if (exact != null) {
                return exact;
            }
            int dash = agency == null ? -1 : agency.indexOf('-');
            Organisation family = dash > 0 ? agencies.get(agency.substring(0, dash)) : null;
            return family != null ? family : defaultOrganisation;
        }
    }

    /**
     * A reporting organisation and the defaults of its activities (IATI codes): organisation {@code type} (10
     * Government), {@code flowType} (10 ODA), {@code financeType} (110 standard grant), {@code aidType} (C01
     * project-type interventions), {@code tiedStatus} (5 untied), {@code collaborationType} (1 bilateral).
     *
     * @param ref the IATI organisation identifier, the prefix of its activities' {@code iati-identifier}
     */
    public record Organisation(String ref, String name, String type, String flowType, String financeType,
                               String aidType, String tiedStatus, String collaborationType) {
        public Organisation {
            type = type == null ? "10" : type;
            flowType = flowType == null ? "10" : flowType;
            financeType = financeType == null ? "110" : financeType;
            aidType = aidType == null ? "C01" : aidType;
            tiedStatus = tiedStatus == null ? "5" : tiedStatus;
            collaborationType = collaborationType == null ? "1" : collaborationType;
        }
    }
}
