package org.alliancetracker.platform.web;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.List;

import org.springframework.http.HttpStatus;

/**
 * Text of a request decoded strictly: bytes that are not valid in their charset (for UTF-8: overlong forms such as
 * {@code C0 AF} for {@code /}, encoded surrogates, stray continuation bytes) are an error, never replaced or
 * guessed. Jackson's own UTF-8 reader decodes an overlong {@code C0 AF} to {@code /}, so a body could carry
 * characters that no check of the visible text would see.
 *
 * <p>Also what free text may hold once decoded ({@link #firstForbidden}, the rule of {@link PlainText}): no control
 * character (Unicode category Cc: C0 {@code U+0000–U+001F}, {@code U+007F}, C1 {@code U+0080–U+009F}) other than tab
 * and line feed, no lone surrogate (a JSON {@code "\\uD800"} decodes to one) and no Unicode non-character
 * ({@code U+FDD0–U+FDEF} and the last two code points of every plane, e.g. {@code U+FFFE}). Such characters have no
 * place in a reference or a title, and several of them (U+0001, U+FFFE, lone surrogates) make an XML 1.0 document
 * that holds them not well-formed.
 */
public final class StrictText {

    private StrictText() {
    }

    /** The text, or the 400 {@code malformed-request} problem naming {@code field} if the bytes are not valid. */
    public static String decode(byte[] bytes, Charset charset, String field) {
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            String message = "not valid " + charset.name();
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request",
                    field + ": " + message).with("errors", List.of(new ApiProblem.FieldError(field, message)));
        }
    }

    /** Whether the bytes are valid in the charset. */
    public static boolean isValid(ByteBuffer bytes, Charset charset) {
        try {
            charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes.duplicate());
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /**
     * The index (in chars) of the first character that free text may not hold, or -1 if there is none. A carriage
     * return is allowed only as the first half of a CRLF line break (as Windows clients and RFC 4180 CSV write
     * them); a lone one is refused.
     */
    public static int firstForbidden(CharSequence text) {
        int n = text.length();
        for (int i = 0; i < n; ) {
            int codePoint = Character.codePointAt(text, i);
            boolean lineBreak = codePoint == '\r' && i + 1 < n && text.charAt(i + 1) == '\n';
            if (isForbidden(codePoint) && !lineBreak) {
                return i;
            }
            i += Character.charCount(codePoint);
        }
        return -1;
    }

    /**
     * Whether free text may not hold this code point: a control character other than tab and line feed, a surrogate
     * (met as a code point of its own only when it is lone) or a non-character.
     */
    public static boolean isForbidden(int codePoint) {
        if (codePoint < 0x20) {
            return codePoint != '\t' && codePoint != '\n';
        }
        return codePoint >= 0x7F && codePoint <= 0x9F
                || codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE
                || codePoint >= 0xFDD0 && codePoint <= 0xFDEF
                || (codePoint & 0xFFFE) == 0xFFFE;
    }

    /** Why the character at {@code index} (as found by {@link #firstForbidden}) is forbidden, for a problem answer. */
    public static String describeForbidden(CharSequence text, int index) {
        int codePoint = Character.codePointAt(text, index);
        String what;
        if (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE) {
            what = "a lone surrogate";
        } else if (codePoint >= 0x20 && !(codePoint >= 0x7F && codePoint <= 0x9F)) {
            what = "a Unicode non-character";
        } else {
            what = "a control character";
        }
        return String.format("must not contain U+%04X (%s) at character %d; only tab and line feed (or CRLF) are "
                + "allowed as control characters", codePoint, what, index + 1);
    }
}
