package org.alliancetracker.grants.appropriation;

/** Where an appropriation stands: requested by the executive, or enacted by Congress. Only forward. */
public enum AppropriationStage {
    REQUESTED,
    ENACTED
}
