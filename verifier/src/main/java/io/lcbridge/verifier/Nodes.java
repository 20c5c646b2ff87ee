package io.lcbridge.verifier;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Lenient reads from a parsed payload: a field of the wrong type counts as absent, nothing throws. */
final class Nodes {

    private Nodes() {}

    /** The object under {@code field}, or {@code null}. */
    static JsonNode object(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode child = node.get(field);
        return child != null && child.isObject() ? child : null;
    }

    /** The array under {@code field}, or {@code null}. */
    static JsonNode array(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode child = node.get(field);
        return child != null && child.isArray() ? child : null;
    }

    /** The string under {@code field}, or {@code null} (numbers are not strings here). */
    static String text(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode child = node.get(field);
        return child != null && child.isString() ? child.stringValue() : null;
    }

    /** A non-empty id: a string, or an integral number as text (v3.2 {@code license_id}). */
    static String id(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode child = node.get(field);
        if (child == null) {
            return null;
        }
        if (child.isString()) {
            String s = child.stringValue();
            return s.isEmpty() ? null : s;
        }
        if (child.isIntegralNumber()) {
            return child.asString();
        }
        return null;
    }

    /** A scalar as text (strings, numbers, booleans); {@code null} for null, objects and arrays. */
    static String scalar(JsonNode node) {
        if (node == null || node.isNull() || node.isContainer() || node.isMissingNode()) {
            return null;
        }
        return node.isString() ? node.stringValue() : node.asString();
    }

    /** An RFC 3339 instant under {@code field}, or {@code null} when absent or unreadable. */
    static Instant instant(JsonNode node, String field) {
        String text = text(node, field);
        if (text == null || text.length() > 64) {
            return null;
        }
        Instant fast = LiveChatTimestamps.parseUtc(text);
        if (fast != null) {
            return fast;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
