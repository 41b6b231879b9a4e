// The browser's client of the plugin's server routes. `http` is OSD's core.http in Dashboards and a fetch-based
// stand-in with the same contract in the standalone harness, so everything above this file is the same in both.

import {
  AlertsResponse,
  ClustersResponse,
  Dataset,
  MetricsResponse,
  OpenSearchErrorBody,
  PointsResponse,
  ROUTES,
  Run,
  SamplesQuery,
  SamplesResponse,
  StartRunBody,
  routePath,
} from '../common';

export type Query = Record<string, string | number | boolean | undefined>;

/** The part of OSD's HttpSetup the app uses: fetch resolves with the parsed JSON body, rejects with `body` set. */
export interface HttpLike {
  fetch<T = unknown>(path: string, options?: { method?: string; query?: Query; body?: string }): Promise<T>;
}

/** The message to show for a failed call: the node's `reason`, OSD's `message`, or the error's own. */
export function errorMessage(error: unknown): string {
  const e = error as { body?: OpenSearchErrorBody; message?: string };
  const body = e?.body;
  if (body && typeof body === 'object') {
    if (typeof body.error === 'object' && body.error?.reason) return body.error.reason;
    if (typeof body.message === 'string' && body.message) return body.message;
    if (typeof body.error === 'string') return body.error;
  }
  return e?.message ?? String(error);
}

export type { SamplesQuery };

export function createApi(http: HttpLike) {
  const get = <T>(path: string, query?: Query) => http.fetch<T>(path, { method: 'GET', query });
  return {
    datasets: () => get<{ datasets: Dataset[] }>(ROUTES.datasets).then((r) => r.datasets ?? []),
    runs: (index?: string, size = 20) =>
      get<{ runs: Run[] }>(ROUTES.runs, { index, size }).then((r) => r.runs ?? []),
    startRun: (body: StartRunBody) =>
      http.fetch<{ run_id: string; task?: string; state: string }>(ROUTES.runs, { method: 'POST', body: JSON.stringify(body) }),
    run: (runId: string) => get<Run>(routePath(ROUTES.run, { run_id: runId })),
    cancel: (runId: string) => http.fetch<unknown>(routePath(ROUTES.cancel, { run_id: runId }), { method: 'POST' }),
    deleteRun: (runId: string) => http.fetch<unknown>(routePath(ROUTES.run, { run_id: runId }), { method: 'DELETE' }),
    clusters: (runId: string, sort: string) =>
      get<ClustersResponse>(routePath(ROUTES.clusters, { run_id: runId }), { sort, size: 1000 }),
    samples: (runId: string, query: SamplesQuery) =>
      get<SamplesResponse>(routePath(ROUTES.samples, { run_id: runId }), query as Query),
    points: (runId: string, max = 200000) => get<PointsResponse>(routePath(ROUTES.points, { run_id: runId }), { max }),
    metrics: (runId: string) => get<MetricsResponse>(routePath(ROUTES.metrics, { run_id: runId })),
    alerts: (runId: string) => get<AlertsResponse>(routePath(ROUTES.alerts, { run_id: runId })),
  };
}

export type TextInsightsApi = ReturnType<typeof createApi>;
