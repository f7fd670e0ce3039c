package org.alliancetracker.grants.grant;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.alliancetracker.events.grant.ImplementingPartner;
import org.alliancetracker.events.grant.SectorShare;
import org.alliancetracker.platform.iati.IatiCodes;
import org.alliancetracker.platform.web.ApiProblem;
import org.alliancetracker.platform.web.ProblemResponses;
import org.springframework.stereotype.Component;

/**
 * The rules on a grant's sectors and implementing partners that need the project's IATI code table: each sector code
 * in the Sector codelist and none twice, percentages adding up to exactly 100; each partner's {@code ref} an
 * organisation identifier whose prefix is in OrganisationRegistrationAgency, none twice, its {@code type} in
 * OrganisationType. A violation is the 422 {@code invalid-request} problem naming the field.
 */
@Component
public class Classification {

    private static final BigDecimal HUNDRED = new BigDecimal("100");

    private final IatiCodes codes;

    public Classification(IatiCodes codes) {
        this.codes = codes;
    }

    /** The sectors as the events carry them (null stays null: not given). */
    List<SectorShare> sectors(List<SectorRequest> sectors, String field) {
        if (sectors == null) {
            return null;
        }
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 0; i < sectors.size(); i++) {
            SectorRequest sector = sectors.get(i);
            String at = field + "[" + i + "].code";
            if (!codes.has(IatiCodes.SECTOR, sector.code())) {
                errors.add(new ApiProblem.FieldError(at, "not a DAC CRS purpose code of the Sector codelist"));
            } else if (!seen.add(sector.code())) {
                errors.add(new ApiProblem.FieldError(at, "appears twice"));
            }
            total = total.add(sector.percentage());
        }
        if (!sectors.isEmpty() && total.compareTo(HUNDRED) != 0) {
            errors.add(new ApiProblem.FieldError(field, "percentages must add up to 100, not " + total.toPlainString()));
        }
        if (!errors.isEmpty()) {
            throw ProblemResponses.invalid(errors);
        }
        return sectors.stream().map(s -> new SectorShare(s.code(), s.percentage().stripTrailingZeros().scale() < 0
                ? s.percentage().setScale(0) : s.percentage().stripTrailingZeros())).toList();
    }

    /** The partners as the events carry them (null stays null: not given). */
    List<ImplementingPartner> partners(List<PartnerRequest> partners, String field) {
        if (partners == null) {
            return null;
        }
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < partners.size(); i++) {
            PartnerRequest partner = partners.get(i);
            if (!codes.isOrganisationIdentifier(partner.ref())) {
                errors.add(new ApiProblem.FieldError(field + "[" + i + "].ref", "must be an IATI organisation "
                        + "identifier: a registration agency code of OrganisationRegistrationAgency (e.g. US-EIN, "
                        + "GT-NIT, XI-IATI), a hyphen and the organisation's number"));
            } else if (!seen.add(partner.ref())) {
                errors.add(new ApiProblem.FieldError(field + "[" + i + "].ref", "appears twice"));
            }
            if (!codes.has(IatiCodes.ORGANISATION_TYPE, partner.type())) {
                errors.add(new ApiProblem.FieldError(field + "[" + i + "].type",
                        "not a code of the OrganisationType codelist"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemResponses.invalid(errors);
        }
        return partners.stream().map(p -> new ImplementingPartner(p.name(), p.ref(), p.type())).toList();
    }
}
