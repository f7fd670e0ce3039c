package org.alliancetracker.disbursement.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.alliancetracker.disbursement.ledger.GrantLedger;
import org.alliancetracker.platform.security.Callers;
import org.alliancetracker.platform.web.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * An agency may disburse, upload and reverse only against grants awarded to it: the {@code agency} claim of its token
 * must be the grant's agency. A grant's agency never changes, so once seen it is remembered. Checked before anything
 * is written, so a refused request leaves no trace.
 */
@Component
public class AgencyGate {

    private static final int REMEMBERED = 100_000;

    private final GrantLedger ledger;
    private final Map<String, String> agencyByGrant = new ConcurrentHashMap<>();

    public AgencyGate(GrantLedger ledger) {
        this.ledger = ledger;
    }

    /** The agency the caller acts for; 403 when its token names none (only agencies post disbursements). */
    public Mono<String> callerAgency() {
        return Callers.agency().flatMap(agency -> agency.map(Mono::just).orElseGet(() -> Mono.error(new ApiProblem(
                HttpStatus.FORBIDDEN, "agency-required", "Agency required",
                "Only an agency's client may post or reverse disbursements: the token names no agency"))));
    }

    /** Completes when the grant is the agency's; 404 for an unknown grant, 403 for another agency's. */
    public Mono<Void> check(String agency, String grantId) {
        String known = agencyByGrant.get(grantId);
        Mono<String> grantAgency = known != null ? Mono.just(known) : ledger.find(grantId)
                .filter(grant -> grant.agency() != null)
                .map(grant -> remember(grantId, grant.agency()))
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("Grant", grantId)));
        return grantAgency.flatMap(owner -> owner.equals(agency) ? Mono.<Void>empty() : Mono.error(new ApiProblem(
                HttpStatus.FORBIDDEN, "not-your-grant", "Not your agency's grant", "Grant " + grantId
                + " is not awarded to " + agency + "; an agency may only disburse its own grants")
                .with("grantId", grantId)));
    }

    private String remember(String grantId, String agency) {
        if (agencyByGrant.size() < REMEMBERED) {
            agencyByGrant.put(grantId, agency);
        }
        return agency;
    }
}
