package org.fovea.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into lower-case word tokens, in the spirit of Kim (2014)'s clean_str: HTML line breaks become
 * spaces, a word is a run of letters (with an inner apostrophe: "don't", "movie's") or of digits, '!' and
 * '?' are tokens of their own, and every other character separates tokens.
 */
public final class Tokenizer {
    private static final Pattern BREAK = Pattern.compile("<br\\s*/?>", Pattern.CASE_INSENSITIVE);
    private static final Pattern TOKEN = Pattern.compile("\\p{L}+(?:'\\p{L}+)*|\\p{N}+|[!?]");

    private Tokenizer() {}

    public static List<String> tokenize(String text) {
        Matcher m = TOKEN.matcher(BREAK.matcher(text).replaceAll(" ").toLowerCase(Locale.ROOT));
        List<String> out = new ArrayList<>();
        while (m.find()) out.add(m.group());
        return out;
    }
}
