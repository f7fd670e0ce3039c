package org.alliancetracker.events;

/** The four lines of action of the Alliance for Prosperity Plan. */
public enum Pillar {
    PRODUCTIVE_SECTOR,
    HUMAN_CAPITAL,
    SECURITY_AND_JUSTICE,
    INSTITUTIONS
}
