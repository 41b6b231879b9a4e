/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.util.concurrent.ThreadContext;

import java.util.List;
import java.util.Map;

class CallingUserTests {

    @Test
    void parsesNameBackendRolesAndRoles() {
        CallingUser user = CallingUser.parse("alice|ml-team,data-team|ml_analyst,readall|__user__");
        assertEquals(new CallingUser("alice", List.of("ml-team", "data-team"), List.of("ml_analyst", "readall")), user);
        assertEquals(Map.of("name", "alice", "backend_roles", List.of("ml-team", "data-team"), "roles", List.of("ml_analyst", "readall")),
            user.toMap());
    }

    @Test
    void emptyPartsAreEmptyLists() {
        assertEquals(new CallingUser("bob", List.of(), List.of()), CallingUser.parse("bob||"));
        assertEquals(new CallingUser("bob", List.of(), List.of()), CallingUser.parse("bob"));
        assertEquals(new CallingUser("bob", List.of(), List.of("r")), CallingUser.parse("bob||r|"));
    }

    @Test
    void escapedSeparatorsStayInNames() {
        CallingUser user = CallingUser.parse("cn=a\\,o=b\\|c|team\\,x,other|role");
        assertEquals(new CallingUser("cn=a,o=b|c", List.of("team,x", "other"), List.of("role")), user);
    }

    @Test
    void noUserWithoutANameOrInfo() {
        assertNull(CallingUser.parse(null));
        assertNull(CallingUser.parse(""));
        assertNull(CallingUser.parse("  "));
        assertNull(CallingUser.parse("|admin|all_access"));
    }

    @Test
    void readsTheSecurityTransient() {
        ThreadContext context = new ThreadContext(Settings.EMPTY);
        assertNull(CallingUser.current(context));
        context.putTransient(CallingUser.USER_INFO, "carol|br|r|tenant");
        assertEquals("carol", CallingUser.current(context).name());
        try (ThreadContext.StoredContext ignored = context.stashContext()) {
            // As the system: nobody's.
            assertNull(CallingUser.current(context));
        }
        assertEquals("carol", CallingUser.current(context).name());
    }
}
