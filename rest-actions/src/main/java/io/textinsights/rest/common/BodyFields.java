/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.common;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads typed values out of a parsed request body, removing each key it reads (what is left is unknown) and adding a
 * problem that names the field instead of throwing, so that one answer can list every mistake. {@code path} is the
 * field's full name in messages (e.g. {@code algorithm.k}), {@code key} its name in {@code map}.
 */
public final class BodyFields {

    private BodyFields() {}

    public static String readString(Map<String, Object> map, String path, String key, String defaultValue, List<String> problems) {
        Object value = map.remove(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof String s) {
            return s;
        }
        problems.add("[" + path + "] must be a string, got [" + value + "]");
        return null;
    }

    public static Boolean readBoolean(Map<String, Object> map, String path, String key, Boolean defaultValue, List<String> problems) {
        Object value = map.remove(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        problems.add("[" + path + "] must be true or false, got [" + value + "]");
        return null;
    }

    public static Integer readInt(
        Map<String, Object> map,
        String path,
        String key,
        Integer defaultValue,
        int min,
        int max,
        List<String> problems
    ) {
        Object value = map.remove(key);
        if (value == null) {
            return defaultValue;
        }
        if (!(value instanceof Integer) && !(value instanceof Long)) {
            problems.add("[" + path + "] must be a whole number from " + min + " to " + max + ", got [" + value + "]");
            return null;
        }
        long v = ((Number) value).longValue();
        if (v < min || v > max) {
            problems.add("[" + path + "] must be from " + min + " to " + max + ", got [" + v + "]");
            return null;
        }
        return (int) v;
    }

    public static Long readLong(Map<String, Object> map, String path, String key, long defaultValue, List<String> problems) {
        Object value = map.remove(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        problems.add("[" + path + "] must be a whole number, got [" + value + "]");
        return null;
    }

    public static Double readDouble(Map<String, Object> map, String path, String key, double defaultValue, List<String> problems) {
        Object value = map.remove(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        problems.add("[" + path + "] must be a number, got [" + value + "]");
        return null;
    }

    /** A nested object, copied so that reading it does not change the caller's map; null when absent or not an object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> readObject(Map<String, Object> map, String path, String key, List<String> problems) {
        Object value = map.remove(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Map<?, ?> m) {
            return new LinkedHashMap<>((Map<String, Object>) m);
        }
        problems.add("[" + path + "] must be an object, got [" + value + "]");
        return null;
    }

    /** One problem per key left in {@code map}: everything known has been read (and removed) by now. */
    public static void rejectUnknown(Map<String, Object> map, String prefix, String known, List<String> problems) {
        for (String key : map.keySet()) {
            String path = prefix == null ? key : prefix + "." + key;
            problems.add("[" + path + "] is not a known setting: use " + known);
        }
    }
}
