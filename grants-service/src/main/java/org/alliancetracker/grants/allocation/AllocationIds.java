package org.alliancetracker.grants.allocation;

import java.util.OptionalInt;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.alliancetracker.events.Country;
import org.alliancetracker.events.Pillar;

/**
 * Allocation ids name their fiscal year, country and pillar ({@code FY2016-GT-SECURITY_AND_JUSTICE-3f9a2c1b}), so a
 * grant's allocation id alone tells which budget year document to change.
 */
public final class AllocationIds {

    private static final Pattern FORMAT = Pattern.compile("FY(\\d{4})-[A-Z]{2}-[A-Z_]+-[0-9a-f]{8}");

    private AllocationIds() {
    }

    public static String next(int fiscalYear, Country country, Pillar pillar) {
        return "FY" + fiscalYear + "-" + country + "-" + pillar + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The fiscal year of a well-formed allocation id. */
    public static OptionalInt fiscalYearOf(String allocationId) {
        if (allocationId == null) {
            return OptionalInt.empty();
        }
        Matcher m = FORMAT.matcher(allocationId);
        return m.matches() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }
}
