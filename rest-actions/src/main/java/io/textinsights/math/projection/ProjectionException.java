/*
 * Copyright Text Insights contributors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.textinsights.math.projection;

/**
 * A projection (or the density clustering built on it) could not be computed. Checked on purpose: callers must turn
 * it into an error for the request, never let it reach a node thread.
 */
public final class ProjectionException extends Exception {

    public ProjectionException(String message) {
        super(message);
    }

    public ProjectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
