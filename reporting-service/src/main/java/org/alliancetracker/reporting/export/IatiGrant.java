package org.alliancetracker.reporting.export;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import org.alliancetracker.events.grant.ImplementingPartner;
import org.alliancetracker.events.grant.SectorShare;
import org.alliancetracker.reporting.country.StatusChange;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * A grant as the IATI export reads it from {@code grant_views} (the fields the projection writes; read with the
 * driver's record codec, see {@link org.alliancetracker.platform.store.StoredRecords}). Dates are ISO strings as
 * stored; {@code sectors} and {@code partners} are empty for a grant awarded before they existed. Public: the record
 * codec constructs it reflectively.
 */
public record IatiGrant(@BsonId String id, String title, String country, String pillar, String agency,
                 Integer fiscalYear, String allocationId, String startDate, String endDate, String obligatedOn,
                 String status, List<StatusChange> statusHistory, Long obligatedCents, Instant lastEventAt,
                 List<SectorShare> sectors, List<ImplementingPartner> partners) {

    public IatiGrant {
        statusHistory = statusHistory == null ? List.of() : statusHistory;
        sectors = sectors == null ? List.of() : sectors;
        partners = partners == null ? List.of() : partners;
    }

    /** The sectors the grant is reported under: its own, or (none of its own) its pillar's default, 100 %. */
    List<SectorShare> reportedSectors(java.util.Map<String, String> pillarSectors) {
        if (!sectors.isEmpty()) {
            return sectors;
        }
        String code = pillarSectors.get(pillar);
        return code == null ? List.of() : List.of(new SectorShare(code, new java.math.BigDecimal("100")));
    }

    /**
     * Whether the grant had been awarded by the end of {@code asOf} (its award's day, the obligation date) and the
     * tracker had recorded the award by {@code knownAt}; null criteria take any.
     */
    boolean known(LocalDate asOf, Instant knownAt) {
        return asOf == null && knownAt == null || StatusChange.statusOf(statusHistory, status, asOf, knownAt) != null;
    }

    /**
     * The grant as of the end of {@code asOf} as the tracker knew it at {@code knownAt}: the status changes that had
     * taken effect by then and had been recorded by then, its status the last of them, and (with {@code knownAt}) the
     * latest of them or of its known transactions ({@code lastKnownEvent}) as its last update. Title, period, sectors
     * and partners are the current ones (they come with the award; an amendment of sectors or partners recorded after
     * {@code knownAt} does show).
     */
    IatiGrant as(LocalDate asOf, Instant knownAt, Instant lastKnownEvent) {
        if (asOf == null && knownAt == null) {
            return this;
        }
        List<StatusChange> history = statusHistory.stream()
                .filter(c -> asOf == null || c.on() != null && c.on().compareTo(asOf.toString()) <= 0)
                .filter(c -> knownAt == null || c.at() == null || !c.at().isAfter(knownAt)).toList();
        Instant last = knownAt == null || lastEventAt != null && !lastEventAt.isAfter(knownAt) ? lastEventAt
                : Stream.concat(history.stream().map(StatusChange::at),
                        Stream.ofNullable(lastKnownEvent))
                .filter(Objects::nonNull).max(Instant::compareTo).orElse(null);
        return new IatiGrant(id, title, country, pillar, agency, fiscalYear, allocationId, startDate, endDate,
                obligatedOn, StatusChange.statusOf(statusHistory, status, asOf, knownAt), history, obligatedCents,
                last, sectors, partners);
    }
}
