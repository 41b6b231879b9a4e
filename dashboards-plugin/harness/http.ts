// The browser side of the harness: OSD's core.http.fetch contract over window.fetch (resolves with the parsed body;
// rejects with an error carrying `body` and `response`, as OSD's HttpFetchError does).

import type { HttpLike, Query } from '../public/api';

export class HttpFetchError extends Error {
  constructor(message: string, readonly response: { status: number }, readonly body: unknown) {
    super(message);
  }
}

export function fetchHttp(basePath = ''): HttpLike {
  return {
    async fetch<T>(path: string, options: { method?: string; query?: Query; body?: string } = {}): Promise<T> {
      const query = new URLSearchParams();
      for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) query.set(k, String(v));
      const qs = query.toString();
      const response = await window.fetch(`${basePath}${path}${qs ? `?${qs}` : ''}`, {
        method: options.method ?? 'GET',
        headers: { 'content-type': 'application/json', 'osd-xsrf': 'true' },
        body: options.body,
      });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // keep the text
      }
      if (!response.ok) throw new HttpFetchError(response.statusText || `HTTP ${response.status}`, { status: response.status }, body);
      return body as T;
    },
  };
}
