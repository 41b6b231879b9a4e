/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.access;

import org.opensearch.common.util.concurrent.ThreadContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The user a request runs for, as the security plugin leaves it in the thread context (the transient
 * {@value #USER_INFO}, {@code name|backend_roles|roles|tenant} with {@code ,} between roles and {@code \} escaping
 * {@code |} and {@code ,} in names), so runs can record who started them. Read the way k-NN and ml-commons read it,
 * without depending on the security plugin's jars; absent on a cluster without the security plugin.
 */
public record CallingUser(String name, List<String> backendRoles, List<String> roles) {

    /** The security plugin's thread-context transient with the authenticated user (ConfigConstants in security). */
    public static final String USER_INFO = "_opendistro_security_user_info";

    public CallingUser {
        backendRoles = List.copyOf(backendRoles);
        roles = List.copyOf(roles);
    }

    /** The calling user of the current thread context, or null when no security plugin put one there. */
    public static CallingUser current(ThreadContext threadContext) {
        Object info = threadContext.getTransient(USER_INFO);
        return info instanceof String s ? parse(s) : null;
    }

    /** Parses the security plugin's user string; null for a blank one or one without a name. */
    public static CallingUser parse(String info) {
        if (info == null || info.isBlank()) {
            return null;
        }
        List<String> parts = split(info, '|');
        String name = unescape(parts.get(0));
        if (name.isEmpty()) {
            return null;
        }
        return new CallingUser(name, parts.size() > 1 ? list(parts.get(1)) : List.of(), parts.size() > 2 ? list(parts.get(2)) : List.of());
    }

    /** How a run document stores it. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", name);
        map.put("backend_roles", backendRoles);
        map.put("roles", roles);
        return map;
    }

    private static List<String> list(String part) {
        return part.isEmpty() ? List.of() : split(part, ',').stream().map(CallingUser::unescape).toList();
    }

    /** Splits on {@code separator} where it is not escaped; the parts keep their escapes. */
    private static List<String> split(String s, char separator) {
        List<String> parts = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == separator) {
                parts.add(s.substring(from, i));
                from = i + 1;
            }
        }
        parts.add(s.substring(Math.min(from, s.length())));
        return parts;
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(c == '\\' && i + 1 < s.length() ? s.charAt(++i) : c);
        }
        return out.toString();
    }
}
