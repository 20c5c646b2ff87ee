package io.lcbridge.core;

import java.util.Map;

/** Writes the identity claims as compact JSON, in the contract's order, with minimal escaping. */
final class ClaimsJson {

    private ClaimsJson() {}

    static String write(
            CustomerIdentity identity,
            String audience,
            String issuer,
            SessionClaim session,
            String tokenId,
            long iat,
            long exp) {
        StringBuilder sb = new StringBuilder(128 + identity.sessionVariables().size() * 32);
        sb.append("{\"sub\":");
        string(sb, identity.subject());
        identity.name().ifPresent(n -> string(sb.append(",\"name\":"), n));
        identity.email().ifPresent(e -> string(sb.append(",\"email\":"), e));
        sb.append(",\"vars\":{");
        boolean first = true;
        for (Map.Entry<String, String> e : identity.sessionVariables().entrySet()) {
            if (!first) {
                sb.append(',');
            }
            string(sb, e.getKey());
            sb.append(':');
            string(sb, e.getValue());
            first = false;
        }
        sb.append("},\"aud\":");
        string(sb, audience);
        if (issuer != null) {
            string(sb.append(",\"iss\":"), issuer);
        }
        if (session != null) {
            string(sb.append(",\"sid\":"), session.value());
        }
        string(sb.append(",\"jti\":"), tokenId);
        sb.append(",\"iat\":").append(iat).append(",\"exp\":").append(exp).append('}');
        return sb.toString();
    }

    static void string(StringBuilder sb, String s) {
        sb.append('"');
        int start = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && c != 0x2028 && c != 0x2029) {
                continue;
            }
            sb.append(s, start, i);
            switch (c) {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                default:
                    sb.append("\\u");
                    String hex = Integer.toHexString(c);
                    for (int k = hex.length(); k < 4; k++) {
                        sb.append('0');
                    }
                    sb.append(hex);
            }
            start = i + 1;
        }
        sb.append(s, start, n).append('"');
    }
}
