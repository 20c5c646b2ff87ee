package io.lcbridge.widget;

import io.lcbridge.core.CustomerIdentity;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Identities for the browser tests: plain ones and hostile ones. Every payload that would run as
 * code if it escaped its string literal calls {@code __pwned.push(...)}, so the page can tell.
 */
final class HostileCorpus {

    /** Values that break naive embedding of data in a script element, each tagged for {@code __pwned}. */
    static final List<String> HOSTILE = List.of(
            "</script><script>__pwned.push('close-script')</script>",
            "</SCRIPT ><script>__pwned.push('close-upper')</script>",
            "</script\t><img src=x onerror=\"__pwned.push('img')\">",
            "<!--<script>",
            "<!-- </script><script>__pwned.push('comment-escape')</script> -->",
            "-->",
            "<script>__pwned.push('script')</script>",
            "\"",
            "'",
            "\\",
            "\\\"",
            "\\u0022",
            "\";__pwned.push('dq');\"",
            "';__pwned.push('sq');'",
            "\\\";__pwned.push('bs-dq');//",
            "\"+__pwned.push('plus')+\"",
            "`${__pwned.push('template')}`",
            "\u2028",
            "\u2029",
            "\u2028__pwned.push('ls');//",
            "a\u2029__pwned.push('ps');//",
            "\uD83D\uDE00 emoji \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67",
            "\uD834\uDD1E astral \uD801\uDC37",
            "\u200F\u05E9\u05DC\u05D5\u05DD RTL mark",
            "\u202Egnp.exe\u202C override",
            "\u200E\u200B\uFEFF zero width",
            "tab\there",
            "line\nbreak",
            "crlf\r\nbreak",
            "]]>",
            "<![CDATA[ x ]]>",
            "<img src=x onerror=__pwned.push('img2')>",
            "&lt;script&gt;__pwned.push('entity')&lt;/script&gt;",
            "&#x3C;/script&#x3E;",
            "javascript:__pwned.push('js-url')",
            "});__pwned.push('paren');//",
            "</noscript><script>__pwned.push('noscript')</script>",
            "<\\/script>",
            "\u00C5ngstr\u00F6m \u4E2D\u6587 \u0627\u0644\u0639\u0631\u0628\u064A\u0629 \u0928\u092E\u0938\u094D\u0924\u0947",
            "e\u0301 combining",
            "\uFFFD replacement \uFFFF noncharacter",
            "null",
            "undefined",
            "0",
            "");

    /** Printable-ASCII keys that are themselves hostile. */
    static final List<String> HOSTILE_KEYS = List.of(
            "</script>",
            "<!--",
            "\"",
            "'",
            "\\",
            "a b",
            "k\"+__pwned.push('key')+\"",
            "</SCRIPT><script>__pwned.push('key2')</script>",
            "${x}",
            "plan",
            "constructor",
            "toString",
            "hasOwnProperty",
            "__proto__",
            "lc_identity_not");

    private HostileCorpus() {}

    /** {@code count} identities: first one per hostile value in every field, then random mixes and huge values. */
    static List<CustomerIdentity> identities(int count) {
        List<CustomerIdentity> out = new ArrayList<>();
        for (int i = 0; i < HOSTILE.size(); i++) {
            String value = HOSTILE.get(i);
            out.add(CustomerIdentity.builder("hostile-" + i + value)
                    .name(value)
                    .email(value)
                    .variable("v", value)
                    .variable(HOSTILE_KEYS.get(i % HOSTILE_KEYS.size()), value)
                    .build());
        }
        out.add(CustomerIdentity.builder("huge-emoji")
                .name("\uD83D\uDE00".repeat(1750))
                .build());
        out.add(CustomerIdentity.builder("huge-close")
                .name(repeatTo("</script>", 3500))
                .email(repeatTo("<!--", 3500))
                .build());
        out.add(CustomerIdentity.builder("huge-ls")
                .variable("ls", "\u2028".repeat(3500))
                .variable("q", "\"".repeat(3500))
                .build());
        out.add(CustomerIdentity.builder("huge-mixed")
                .variable("mix", repeatTo("a\u2029\\'\"<>&/\uD834\uDD1E\t\n", 3500))
                .build());
        out.add(CustomerIdentity.builder("anonymous-ish").build());
        CustomerIdentity.Builder many =
                CustomerIdentity.builder("many-variables").name("Many");
        for (int k = 0; k < 99; k++) {
            many.variable("var-" + k + HOSTILE_KEYS.get(k % HOSTILE_KEYS.size()), HOSTILE.get(k % HOSTILE.size()));
        }
        out.add(many.build());
        Random random = new Random(20261124L);
        while (out.size() < count) {
            int n = out.size();
            CustomerIdentity.Builder b = CustomerIdentity.builder("user-" + n + pick(random));
            if (random.nextInt(4) > 0) {
                b.name(mix(random));
            }
            if (random.nextInt(4) > 0) {
                b.email(mix(random) + "@example.com");
            }
            int variables = random.nextInt(6);
            for (int v = 0; v < variables; v++) {
                String key = random.nextBoolean() ? "k" + v : HOSTILE_KEYS.get(random.nextInt(HOSTILE_KEYS.size())) + v;
                b.variable(key, mix(random));
            }
            out.add(b.build());
        }
        return out;
    }

    private static String pick(Random random) {
        return HOSTILE.get(random.nextInt(HOSTILE.size()));
    }

    private static String mix(Random random) {
        StringBuilder s = new StringBuilder();
        int parts = 1 + random.nextInt(4);
        for (int p = 0; p < parts; p++) {
            s.append(pick(random));
        }
        return s.toString();
    }

    private static String repeatTo(String unit, int length) {
        StringBuilder s = new StringBuilder(length + unit.length());
        while (s.length() + unit.length() <= length) {
            s.append(unit);
        }
        return s.toString();
    }
}
