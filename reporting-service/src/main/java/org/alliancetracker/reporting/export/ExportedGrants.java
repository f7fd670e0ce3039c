package org.alliancetracker.reporting.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.alliancetracker.events.Country;
import org.alliancetracker.platform.iati.IatiCodes;
import org.alliancetracker.platform.store.StoredRecords;
import org.alliancetracker.platform.web.ApiProblem;
import org.alliancetracker.reporting.ReportingProperties;
import org.alliancetracker.reporting.projection.Generations;
import org.alliancetracker.reporting.projection.Views;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;

import reactor.core.publisher.Flux;

/**
 * The awarded grants an export covers, by reporting organisation (the agency's, see
 * {@link ReportingProperties.Iati#organisationOf}), country and sector (the grant's own, or its pillar's default
 * when it has none, as the IATI export reports it), in grant id order.
 */
@Component
class ExportedGrants {

    private final ReactiveMongoTemplate mongo;
    private final Generations generations;
    private final ReportingProperties.Iati iati;
    private final IatiCodes codes;

    ExportedGrants(ReactiveMongoTemplate mongo, Generations generations, ReportingProperties properties, IatiCodes codes) {
        this.mongo = mongo;
        this.generations = generations;
        this.iati = properties.iati();
        this.codes = codes;
    }

    /** What to export; {@code null} criteria take any. */
    record Selection(String reportingOrg, Country country, String sector) {
    }

    /** The selection, or the 422 problem naming the parameter that no export could match. */
    Selection selection(String reportingOrg, Country country, String sector) {
        if (reportingOrg != null) {
            Set<String> refs = Stream.concat(iati.agencies().values().stream(), Stream.of(iati.defaultOrganisation()))
                    .map(ReportingProperties.Organisation::ref).collect(Collectors.toCollection(java.util.TreeSet::new));
            if (!refs.contains(reportingOrg)) {
                throw ApiProblem.invalidField("reportingOrg", "not a reporting organisation of this service; one of "
                        + refs);
            }
        }
        if (sector != null && !codes.has(IatiCodes.SECTOR, sector)) {
            throw ApiProblem.invalidField("sector", "not a DAC CRS purpose code of the Sector codelist");
        }
        return new Selection(reportingOrg, country, sector);
    }

    Flux<IatiGrant> find(Selection selection) {
        List<Bson> filters = new ArrayList<>(List.of(Filters.exists("title")));
        if (selection.country() != null) {
            filters.add(Filters.eq("country", selection.country().name()));
        }
        return mongo.getCollection(generations.current().name(Views.GRANTS))
                .flatMapMany(c -> Flux.from(c.find(Filters.and(filters)).sort(Sorts.ascending("_id"))))
                .map(doc -> StoredRecords.fromDocument(doc, IatiGrant.class))
                .filter(grant -> selection.reportingOrg() == null
                        || iati.organisationOf(grant.agency()).ref().equals(selection.reportingOrg()))
                .filter(grant -> selection.sector() == null || grant.reportedSectors(iati.pillarSectors()).stream()
                        .anyMatch(s -> s.code().equals(selection.sector())));
    }

}
