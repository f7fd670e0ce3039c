package org.alliancetracker.reporting.export;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

import javax.xml.stream.XMLStreamWriter;

import org.alliancetracker.platform.web.StrictText;

/**
 * Defence in depth for the exports: every text and attribute value goes out with the characters that free text may
 * not hold ({@link StrictText#isForbidden}: the ones XML 1.0 forbids, such as U+0001, U+FFFE or a lone surrogate, and
 * the C1 controls and non-characters it discourages) replaced by U+FFFD, so the document stays well-formed whatever
 * is stored, including text stored before the API refused such characters. Carriage returns are kept (XML allows
 * them; a parser reads CRLF as LF).
 */
final class CleanXmlWriter {

    private CleanXmlWriter() {
    }

    /**
     * The writer, with the text of {@code writeCharacters} and the value of every {@code writeAttribute} cleaned
     * (the JDK has no delegating writer to extend).
     */
    static XMLStreamWriter wrap(XMLStreamWriter writer) {
        return (XMLStreamWriter) Proxy.newProxyInstance(XMLStreamWriter.class.getClassLoader(),
                new Class<?>[] {XMLStreamWriter.class}, (proxy, method, args) -> {
                    if (args != null && (method.getName().equals("writeCharacters")
                            || method.getName().equals("writeAttribute"))) {
                        if (args[0] instanceof char[] chars) {
                            args = new Object[] {clean(new String(chars, (int) args[1], (int) args[2]))};
                            method = XMLStreamWriter.class.getMethod("writeCharacters", String.class);
                        } else {
                            args[args.length - 1] = clean((String) args[args.length - 1]);
                        }
                    }
                    try {
                        return method.invoke(writer, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    static String clean(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder clean = null;
        int n = text.length();
        for (int i = 0; i < n; ) {
            int codePoint = text.codePointAt(i);
            int width = Character.charCount(codePoint);
            boolean bad = codePoint != '\r' && StrictText.isForbidden(codePoint);
            if (bad && clean == null) {
                clean = new StringBuilder(n).append(text, 0, i);
            }
            if (clean != null) {
                if (bad) {
                    clean.append('\uFFFD');
                } else {
                    clean.appendCodePoint(codePoint);
                }
            }
            i += width;
        }
        return clean == null ? text : clean.toString();
    }
}
