/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.rest.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opensearch.Version;
import org.opensearch.cluster.node.DiscoveryNode;
import org.opensearch.cluster.node.DiscoveryNodes;
import org.opensearch.core.common.transport.TransportAddress;

import java.net.InetAddress;

/** Whether a lock's holder is still the node life that took it: a node restarted under its id is not. */
class DatasetLocksTests {

    private static DiscoveryNode node(String id) {
        return new DiscoveryNode(id, new TransportAddress(InetAddress.getLoopbackAddress(), 9300), Version.CURRENT);
    }

    @Test
    void theNodeThatTookTheLockHoldsIt() {
        DiscoveryNode a = node("node-a");
        DatasetLocks.Holder holder = DatasetLocks.Holder.on(a, "ds", "summarize", "run-1", "node-a:7", 1L);
        assertTrue(DatasetLocks.inSameNodeLife(holder, DiscoveryNodes.builder().add(a).build()));
    }

    @Test
    void aRestartedNodeUnderTheSameIdDoesNot() {
        DatasetLocks.Holder holder = DatasetLocks.Holder.on(node("node-a"), "ds", "summarize", "run-1", "node-a:7", 1L);
        DiscoveryNode restarted = node("node-a");
        assertFalse(DatasetLocks.inSameNodeLife(holder, DiscoveryNodes.builder().add(restarted).build()));
    }

    @Test
    void aNodeThatLeftDoesNot() {
        DatasetLocks.Holder holder = DatasetLocks.Holder.on(node("node-a"), "ds", "run", "run-1", null, 1L);
        assertFalse(DatasetLocks.inSameNodeLife(holder, DiscoveryNodes.builder().add(node("node-b")).build()));
    }

    @Test
    void aLockWithoutEphemeralIdIsJudgedByTheNodeId() {
        DiscoveryNode a = node("node-a");
        DatasetLocks.Holder old = new DatasetLocks.Holder("ds", "run", "run-1", "node-a", null, null, 1L);
        assertTrue(DatasetLocks.inSameNodeLife(old, DiscoveryNodes.builder().add(a).build()));
    }

    @Test
    void theEphemeralIdIsStoredAndReadBack() {
        DatasetLocks.Holder holder = DatasetLocks.Holder.on(node("node-a"), "ds", "run", "run-1", "node-a:3", 5L);
        assertEquals(holder, DatasetLocks.Holder.fromMap(holder.toMap()));
    }
}
