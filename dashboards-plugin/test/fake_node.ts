// A fake of the plugin's server routes for the app's tests, answering per the REST contract (docs/rest-api.md): every
// run gets the default clusters and points unless it brings its own, and a run can answer 410 (its per-sample
// results gone) or 400 (none written) for samples and points, with OpenSearch's error body, as the node does.
import type { HttpLike, Query } from '../public/api';
import type { Alert, Cluster, PointsResponse, Run } from '../common';

export const CLUSTERS: Cluster[] = [
  { cluster_id: 0, label: 'oil, prices, crude', size: 3, avg_dep: 0.2, f1: 0.9, accuracy: 0.9, top_words: [{ word: 'oil', score: 0.5 }] },
  { cluster_id: 1, label: 'game, season, team', size: 2, avg_dep: 0.4, f1: 0.5, accuracy: 0.5, summary: 'Sports results', top_words: [] },
];

export const POINTS: PointsResponse['points'] = {
  id: ['a', 'b', 'c', 'd', 'e'],
  x: [0, 1, 2, 3, 4],
  y: [0, 1, 0, 1, 0],
  cluster_id: [0, 0, 0, 1, 1],
  dep: [0.1, 0.2, 0.3, 0.9, 0.05],
  label: ['Business', 'Business', 'World', 'Sports', 'Sports'],
  prediction: ['Business', 'Business', 'Business', 'World', 'Sports'],
};

export const ALERTS: Alert[] = [
  {
    type: 'high_dep_cluster',
    message: 'Cluster 1 has a high avg DEP',
    cluster_id: 1,
    index: 'text-insights-results-agnews-r1',
    query: { bool: { filter: [{ term: { run_id: 'r1' } }, { term: { cluster_id: 1 } }] } },
  },
];

export interface FakeRun {
  run: Run;
  clusters?: Cluster[];
  points?: PointsResponse['points'];
  alerts?: Alert[];
  /** The body of /metrics, when not the default one. */
  metrics?: Record<string, unknown>;
  /** Samples and points answer 410 with this reason (the results were dropped after the run document was read). */
  gone?: string;
  /** The run document's results section from the first 410 on (what the node then says about the run). */
  resultsOnceGone?: Run['results'];
}

export interface Call {
  method: string;
  path: string;
  query?: Query;
  body?: unknown;
}

/** What OSD's http.fetch (and the harness's) rejects with for an HTTP error: the response's status and the body. */
export function httpError(status: number, reason: string, type = 'status_exception') {
  const body = { error: { root_cause: [{ type, reason }], type, reason }, status };
  return Object.assign(new Error(status === 410 ? 'Gone' : 'Bad Request'), { response: { status }, body });
}

const DEFAULT_METRICS = (runId: string, docCount: number) => ({
  run_id: runId,
  doc_count: docCount,
  accuracy: 0.6,
  macro_f1: 0.55,
  classes: [{ class: 'Business', precision: 0.67, recall: 1, f1: 0.8, support: 2, predicted: 3 }],
  top_misclassified: [{ label: 'World', prediction: 'Business', count: 1 }],
  dep: { avg: 0.31, histogram: [{ from: 0, to: 0.5, count: 4 }, { from: 0.5, to: 1, count: 1 }] },
});

export function fakeHttp(runsOrFakes: Array<Run | FakeRun>) {
  const fakes: FakeRun[] = runsOrFakes.map((r) => ('run' in r ? r : { run: r }));
  const calls: Call[] = [];
  const http: HttpLike = {
    async fetch<T>(path: string, options: { method?: string; query?: Query; body?: string } = {}) {
      const method = options.method ?? 'GET';
      calls.push({ method, path, query: options.query, body: options.body ? JSON.parse(options.body) : undefined });
      const answer = (): unknown => {
        if (path === '/api/text_insights/datasets') return { datasets: [{ index: 'agnews', doc_count: 5 }] };
        if (path === '/api/text_insights/runs' && method === 'GET') return { runs: fakes.map((f) => f.run) };
        if (path === '/api/text_insights/runs' && method === 'POST') return { run_id: 'r9', task: 'n:1', state: 'running' };
        const m = /^\/api\/text_insights\/runs\/([^/]+)(\/.*)?$/.exec(path);
        if (!m) throw new Error(`unexpected ${path}`);
        const fake = fakes.find((f) => f.run.run_id === m[1]) ?? {
          run: { run_id: m[1], index: 'agnews', state: 'running', progress: { phase: 'clustering', percent: 40 } } as Run,
        };
        const runId = m[1];
        const points = fake.points ?? POINTS;
        const perSample = () => {
          const results = fake.run.results;
          if (fake.gone) {
            if (fake.resultsOnceGone) fake.run = { ...fake.run, results: fake.resultsOnceGone };
            throw httpError(410, fake.gone);
          }
          if (results?.state === 'dropped' || results?.state === 'overwritten') {
            throw httpError(410, `the per-sample results of run [${runId}] are gone (${results.state}: ${results.reason})`);
          }
          if (results?.state === 'none') throw httpError(400, `run [${runId}] has no per-sample results`);
        };
        switch (m[2]) {
          case undefined:
            return fake.run;
          case '/clusters': {
            const [field, dir] = String(options.query?.sort ?? 'size:desc').split(':');
            const sorted = [...(fake.clusters ?? CLUSTERS)].sort((a, b) => ((a as any)[field] - (b as any)[field]) * (dir === 'desc' ? -1 : 1));
            return { run_id: runId, total: sorted.length, clusters: sorted };
          }
          case '/points':
            perSample();
            return { run_id: runId, total: points.id.length, returned: points.id.length, truncated: false, points };
          case '/metrics':
            return fake.metrics ?? DEFAULT_METRICS(runId, points.id.length);
          case '/alerts':
            return { run_id: runId, alerts: fake.alerts ?? ALERTS };
          case '/samples': {
            perSample();
            const ids = typeof options.query?.ids === 'string' ? options.query.ids.split(',') : undefined;
            const idx = points.id
              .map((_, i) => i)
              .filter((i) => options.query?.cluster_id === undefined || points.cluster_id[i] === options.query.cluster_id)
              .filter((i) => options.query?.label === undefined || points.label[i] === options.query.label)
              .filter((i) => options.query?.prediction === undefined || points.prediction[i] === options.query.prediction)
              .filter((i) => !ids || ids.includes(points.id[i]))
              .sort((a, b) => (points.dep[b] ?? -1) - (points.dep[a] ?? -1));
            const from = Number(options.query?.from ?? 0);
            const size = Number(options.query?.size ?? 20);
            return {
              run_id: runId,
              total: idx.length,
              samples: idx.slice(from, from + size).map((i) => ({
                id: points.id[i],
                text: `text of ${points.id[i]}`,
                label: points.label[i],
                prediction: points.prediction[i],
                dep: points.dep[i],
                cluster_id: points.cluster_id[i],
              })),
            };
          }
          case '/_cancel':
            return { run_id: runId };
        }
        throw new Error(`unexpected ${path}`);
      };
      return answer() as T;
    },
  };
  return { http, calls, fakes };
}
