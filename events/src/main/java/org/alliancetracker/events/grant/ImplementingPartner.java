package org.alliancetracker.events.grant;

import org.alliancetracker.events.Contract;

/**
 * An organisation that carries out a grant: its name, its IATI organisation identifier ({@code ref}: a registration
 * agency's code, a hyphen, its number in that registry, e.g. {@code US-EIN-123456789}) and its IATI organisation type
 * code ({@code type}, e.g. {@code 21} International NGO). The first partner of a grant is its prime recipient.
 */
public record ImplementingPartner(String name, String ref, String type) {

    public ImplementingPartner {
        Contract.require(name, "name");
        Contract.require(ref, "ref");
        Contract.require(type, "type");
    }
}
