package io.lcbridge.widget;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the queued {@code LiveChatWidget.call(...)} lines back out of a rendered snippet (test helper). */
final class RenderedCalls {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern CALL =
            Pattern.compile("^LiveChatWidget\\.call\\(\"([a-z_]+)\", (.*)\\);$", Pattern.MULTILINE);

    record Call(String method, JsonNode argument) {}

    private RenderedCalls() {}

    static List<Call> of(String html) {
        List<Call> calls = new ArrayList<>();
        Matcher m = CALL.matcher(html);
        while (m.find()) {
            calls.add(new Call(m.group(1), JSON.readTree(m.group(2))));
        }
        return calls;
    }
}
