package org.alliancetracker.platform.iati;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The IATI 2.03 codes the project accepts and emits, code and name per codelist: its own table
 * ({@code iati-codes/<Codelist>.tsv} in platform's resources; a test checks it against the official codelists), or,
 * where an operator points the services at a directory of the official codelist files
 * ({@code alliance.iati.codelists-dir}), every active code of those files in addition.
 */
public final class IatiCodes {

    public static final String SECTOR = "Sector";
    public static final String SECTOR_VOCABULARY = "SectorVocabulary";
    public static final String ORGANISATION_TYPE = "OrganisationType";
    public static final String ORGANISATION_REGISTRATION_AGENCY = "OrganisationRegistrationAgency";
    public static final String AID_TYPE = "AidType";
    public static final String FLOW_TYPE = "FlowType";
    public static final String FINANCE_TYPE = "FinanceType";
    public static final String TIED_STATUS = "TiedStatus";
    public static final String COLLABORATION_TYPE = "CollaborationType";
    public static final String COUNTRY = "Country";

    /** Every codelist of the project's table (one resource file each). */
    public static final List<String> CODELISTS = List.of("ActivityDateType", "ActivityStatus", AID_TYPE,
            "BudgetStatus", "BudgetType", COLLABORATION_TYPE, COUNTRY, "Currency", FINANCE_TYPE, FLOW_TYPE,
            ORGANISATION_REGISTRATION_AGENCY, "OrganisationRole", ORGANISATION_TYPE, SECTOR, SECTOR_VOCABULARY,
            TIED_STATUS, "TransactionType");

    private final Map<String, Map<String, String>> lists;

    private IatiCodes(Map<String, Map<String, String>> lists) {
        this.lists = lists;
    }

    /** The project's own table. */
    public static IatiCodes bundled() {
        Map<String, Map<String, String>> lists = new LinkedHashMap<>();
        for (String codelist : CODELISTS) {
            lists.put(codelist, readTable(codelist));
        }
        return new IatiCodes(lists);
    }

    /** The project's table plus every active code of the official codelist files in {@code directory}. */
    public static IatiCodes withOfficial(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalStateException("alliance.iati.codelists-dir: no directory " + directory.toAbsolutePath());
        }
        IatiCodes codes = bundled();
        Map<String, Map<String, String>> lists = new LinkedHashMap<>();
        codes.lists.forEach((name, table) -> lists.put(name, new TreeMap<>(table)));
        for (String codelist : CODELISTS) {
            Path file = directory.resolve(codelist + ".xml");
            if (Files.isRegularFile(file)) {
                official(file).forEach(lists.get(codelist)::putIfAbsent);
            }
        }
        return new IatiCodes(lists);
    }

    /** The table of one codelist: code to name, in file order. */
    public Map<String, String> codelist(String codelist) {
        Map<String, String> table = lists.get(codelist);
        if (table == null) {
            throw new IllegalArgumentException("Not a codelist of the table: " + codelist);
        }
        return Collections.unmodifiableMap(table);
    }

    public boolean has(String codelist, String code) {
        return code != null && codelist(codelist).containsKey(code);
    }

    public Optional<String> name(String codelist, String code) {
        return Optional.ofNullable(codelist(codelist).get(code));
    }

    /**
     * Whether {@code ref} is an IATI organisation identifier: a registration agency's code
     * (OrganisationRegistrationAgency), a hyphen, and the organisation's number in that registry (letters, digits,
     * hyphens, dots or underscores; none of the {@code / & | ?} the IATI rules forbid, no spaces).
     */
    public boolean isOrganisationIdentifier(String ref) {
        return registrationAgencyOf(ref).isPresent();
    }

    /** The registration agency the identifier starts with (the longest that fits), if any. */
    public Optional<String> registrationAgencyOf(String ref) {
        if (ref == null || !ref.matches("[A-Za-z0-9][A-Za-z0-9._-]{2,99}")) {
            return Optional.empty();
        }
        String best = null;
        for (String agency : codelist(ORGANISATION_REGISTRATION_AGENCY).keySet()) {
            if (ref.length() > agency.length() + 1 && ref.startsWith(agency + "-")
                    && (best == null || agency.length() > best.length())) {
                best = agency;
            }
        }
        return Optional.ofNullable(best);
    }

    private static Map<String, String> readTable(String codelist) {
        String resource = "/iati-codes/" + codelist + ".tsv";
        try (InputStream in = IatiCodes.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing code table " + resource);
            }
            Map<String, String> table = new LinkedHashMap<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                table.put(line.substring(0, tab), line.substring(tab + 1));
            }
            return table;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The active codes of an official codelist file, with their (English) names. */
    public static Map<String, String> official(Path file) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setNamespaceAware(true);
            NodeList items = factory.newDocumentBuilder().parse(file.toFile()).getElementsByTagName("codelist-item");
            Map<String, String> codes = new LinkedHashMap<>();
            for (int i = 0; i < items.getLength(); i++) {
                Element item = (Element) items.item(i);
                if ("withdrawn".equals(item.getAttribute("status"))) {
                    continue;
                }
                String code = item.getElementsByTagName("code").item(0).getTextContent().trim();
                codes.put(code, englishName(item));
            }
            return codes;
        } catch (Exception e) {
            throw new IllegalStateException("Not an IATI codelist file: " + file, e);
        }
    }

    private static String englishName(Element item) {
        Element name = (Element) item.getElementsByTagName("name").item(0);
        if (name == null) {
            return "";
        }
        NodeList narratives = name.getElementsByTagName("narrative");
        for (int i = 0; i < narratives.getLength(); i++) {
            Element narrative = (Element) narratives.item(i);
            String lang = narrative.getAttributeNS(XMLConstants.XML_NS_URI, "lang");
            if (lang.isEmpty() || lang.equals("en")) {
                return narrative.getTextContent().trim();
            }
        }
        return narratives.getLength() == 0 ? "" : narratives.item(0).getTextContent().trim();
    }
}
