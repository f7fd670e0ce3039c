package org.alliancetracker.platform.iati;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The project's table of IATI codes against the official 2.03 codelists in {@code ../shared/iati-2.03/codelists}
 * (relative to the repository root; skipped, saying so, in a clone outside that layout).
 */
class IatiCodesTest {

    /** {@code ../shared} of the repository root, seen from this module's directory. */
    static final Path CODELISTS = Path.of("..", "..", "shared", "iati-2.03", "codelists");
    static final java.util.List<String> CODELIST_NAMES = IatiCodes.CODELISTS;

    private final IatiCodes codes = IatiCodes.bundled();

    static void assumeOfficialCodelists() {
        assumeTrue(Files.isDirectory(CODELISTS), "The official IATI codelists are not at "
                + CODELISTS.toAbsolutePath().normalize() + " (../shared/iati-2.03/codelists of the repository root): "
                + "the table is not checked against them in this checkout");
    }

    @ParameterizedTest
    @FieldSource("CODELIST_NAMES")
    void everyCodeOfTheTableIsAnActiveCodeOfTheOfficialCodelistWithItsName(String codelist) {
        assumeOfficialCodelists();
        Map<String, String> official = IatiCodes.official(CODELISTS.resolve(codelist + ".xml"));
        Map<String, String> table = codes.codelist(codelist);
        assertThat(table).as(codelist).isNotEmpty();
        table.forEach((code, name) -> assertThat(official).as("%s %s", codelist, code).containsEntry(code, name));
    }

    @Test
    void theCodesTheExportEmitsAreInTheTable() {
        assertThat(codes.has(IatiCodes.SECTOR, "15130")).isTrue();
        assertThat(codes.name(IatiCodes.SECTOR, "15210")).contains("Security system management and reform");
        for (String code : new String[] {"16020", "11330", "25010"}) {
            assertThat(codes.has(IatiCodes.SECTOR, code)).as(code).isTrue();
        }
        assertThat(codes.has(IatiCodes.SECTOR, "1513")).isFalse();
        assertThat(codes.has(IatiCodes.SECTOR_VOCABULARY, "1")).isTrue();
        assertThat(codes.has(IatiCodes.FLOW_TYPE, "10")).isTrue();
        assertThat(codes.has(IatiCodes.FINANCE_TYPE, "110")).isTrue();
        assertThat(codes.has(IatiCodes.AID_TYPE, "C01")).isTrue();
        assertThat(codes.has(IatiCodes.TIED_STATUS, "5")).isTrue();
        for (String country : new String[] {"GT", "HN", "SV"}) {
            assertThat(codes.has(IatiCodes.COUNTRY, country)).as(country).isTrue();
        }
    }

    @Test
    void organisationIdentifiersStartWithARegistrationAgency() {
        assertThat(codes.registrationAgencyOf("US-EIN-131685039")).contains("US-EIN");
        assertThat(codes.registrationAgencyOf("GT-NIT-1234567-8")).contains("GT-NIT");
        assertThat(codes.registrationAgencyOf("XI-IATI-EXAMPLE")).contains("XI-IATI");
        for (String bad : new String[] {"US-EIN", "US-EIN-", "ZZ-XYZ-1", "US-EIN-1/2", "US-EIN-1 2", "US-EIN-1&2",
                "US-EIN-1?", "US-EIN-1|2", "", "usaid"}) {
            assertThat(codes.isOrganisationIdentifier(bad)).as(bad).isFalse();
        }
    }

    @Test
    void anOperatorsDirectoryOfOfficialCodelistsAddsEveryActiveCode() {
        assumeOfficialCodelists();
        IatiCodes full = IatiCodes.withOfficial(CODELISTS);
        assertThat(codes.has(IatiCodes.SECTOR, "12220")).isFalse();
        assertThat(full.has(IatiCodes.SECTOR, "12220")).isTrue();
        assertThat(full.has(IatiCodes.SECTOR, "15161")).as("withdrawn").isFalse();
        assertThat(full.isOrganisationIdentifier("GB-COH-01234567")).isTrue();
        assertThat(codes.isOrganisationIdentifier("GB-COH-01234567")).isFalse();
    }
}
