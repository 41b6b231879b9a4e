// The app against a fake of the server routes that answers per the REST contract: what it asks for, and what it
// shows. (The real node is exercised by the end-to-end tests.)
import React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { HttpLike, Query } from '../public/api';
import { TextInsightsApp } from '../public/app';
import { ClusterCards } from '../public/components/cluster_cards';
import { runBody, RunsPanel } from '../public/components/runs_panel';
import type { Cluster, Run } from '../common';
import { allBySubj, bySubj, change, click, render, Rendered, settle } from './render';

const CLUSTERS: Cluster[] = [
  { cluster_id: 0, label: 'oil, prices, crude', size: 3, avg_dep: 0.2, f1: 0.9, accuracy: 0.9, top_words: [{ word: 'oil', score: 0.5 }] },
  { cluster_id: 1, label: 'game, season, team', size: 2, avg_dep: 0.4, f1: 0.5, accuracy: 0.5, summary: 'Sports results', top_words: [] },
];

const POINTS = {
  run_id: 'r1',
  total: 5,
  returned: 5,
  truncated: false,
  points: {
    id: ['a', 'b', 'c', 'd', 'e'],
    x: [0, 1, 2, 3, 4],
    y: [0, 1, 0, 1, 0],
    cluster_id: [0, 0, 0, 1, 1],
    dep: [0.1, 0.2, 0.3, 0.9, 0.05],
    label: ['Business', 'Business', 'World', 'Sports', 'Sports'],
    prediction: ['Business', 'Business', 'Business', 'World', 'Sports'],
  },
};

function fakeHttp(runs: Run[]) {
  const calls: Array<{ method: string; path: string; query?: Query; body?: unknown }> = [];
  const http: HttpLike = {
    async fetch<T>(path: string, options: { method?: string; query?: Query; body?: string } = {}) {
      const method = options.method ?? 'GET';
      calls.push({ method, path, query: options.query, body: options.body ? JSON.parse(options.body) : undefined });
      const answer = (): unknown => {
        if (path === '/api/text_insights/datasets') return { datasets: [{ index: 'agnews', doc_count: 5 }] };
        if (path === '/api/text_insights/runs' && method === 'GET') return { runs };
        if (path === '/api/text_insights/runs' && method === 'POST') return { run_id: 'r9', task: 'n:1', state: 'running' };
        const m = /^\/api\/text_insights\/runs\/([^/]+)(\/.*)?$/.exec(path);
        if (!m) throw new Error(`unexpected ${path}`);
        const run = runs.find((r) => r.run_id === m[1]) ?? { run_id: m[1], index: 'agnews', state: 'running', progress: { phase: 'clustering', percent: 40 } };
        switch (m[2]) {
          case undefined:
            return run;
          case '/clusters': {
            const [field, dir] = String(options.query?.sort ?? 'size:desc').split(':');
            const sorted = [...CLUSTERS].sort((a, b) => ((a as any)[field] - (b as any)[field]) * (dir === 'desc' ? -1 : 1));
            return { run_id: m[1], total: sorted.length, clusters: sorted };
          }
          case '/points':
            return POINTS;
          case '/metrics':
            return {
              run_id: m[1],
              doc_count: 5,
              accuracy: 0.6,
              macro_f1: 0.55,
              classes: [{ class: 'Business', precision: 0.67, recall: 1, f1: 0.8, support: 2, predicted: 3 }],
              top_misclassified: [{ label: 'World', prediction: 'Business', count: 1 }],
              dep: { avg: 0.31, histogram: [{ from: 0, to: 0.5, count: 4 }, { from: 0.5, to: 1, count: 1 }] },
            };
          case '/alerts':
            return { run_id: m[1], alerts: [{ type: 'high_dep_cluster', message: 'Cluster 1 has a high avg DEP', cluster_id: 1, query: { bool: { filter: [{ term: { 'text_insights.cluster_id': 1 } }] } } }] };
          case '/samples': {
            const idx = POINTS.points.id
              .map((_, i) => i)
              .filter((i) => options.query?.cluster_id === undefined || POINTS.points.cluster_id[i] === options.query.cluster_id)
              .sort((a, b) => POINTS.points.dep[b] - POINTS.points.dep[a]);
            const from = Number(options.query?.from ?? 0);
            const size = Number(options.query?.size ?? 20);
            return {
              run_id: m[1],
              total: idx.length,
              samples: idx.slice(from, from + size).map((i) => ({
                id: POINTS.points.id[i],
                text: `text of ${POINTS.points.id[i]}`,
                label: POINTS.points.label[i],
                prediction: POINTS.points.prediction[i],
                dep: POINTS.points.dep[i],
                cluster_id: POINTS.points.cluster_id[i],
              })),
            };
          }
          case '/_cancel':
            return { run_id: m[1] };
        }
        throw new Error(`unexpected ${path}`);
      };
      return answer() as T;
    },
  };
  return { http, calls };
}

let view: Rendered | undefined;
afterEach(() => {
  view?.unmount();
  view = undefined;
});

const completed: Run = { run_id: 'r1', index: 'agnews', state: 'completed', doc_count: 5, cluster_count: 2, created_at: 0 };

describe('TextInsightsApp', () => {
  it('opens the newest completed run: cards, map state, samples sorted by DEP, metrics from the node', async () => {
    const { http, calls } = fakeHttp([completed]);
    view = await render(<TextInsightsApp http={http} />);
    await settle(10);
    const c = view.container;
    expect(allBySubj(c, 'clusterCardTitle').map((e) => e.textContent)).toEqual(['oil, prices, crude', 'game, season, team']);
    expect(bySubj(c, 'clusterCardSummary')?.textContent).toBe('Sports results');
    const state = window.__textInsights!;
    expect(state.runId).toBe('r1');
    expect(state.pointsDrawn).toBe(5);
    expect(state.metricsSource).toBe('node');
    // The first samples request asks for DEP descending; the rows come back in that order.
    const first = calls.find((x) => x.path.endsWith('/samples') && x.query?.size === 20);
    expect(first?.query).toMatchObject({ sort: 'dep:desc', from: 0 });
    expect(state.tableRows.map((r) => r.id)).toEqual(['d', 'c', 'b', 'a', 'e']);
    expect(bySubj(c, 'alertsBar')?.textContent).toContain('Cluster 1 has a high avg DEP');
  });

  it('filters the table and the metrics to a cluster on a card click, and clears on a second click', async () => {
    const { http, calls } = fakeHttp([completed]);
    view = await render(<TextInsightsApp http={http} />);
    await settle(10);
    await click(bySubj(view.container, 'clusterCard-1'));
    await settle(5);
    const state = window.__textInsights!;
    expect(state.filter).toEqual({ clusterId: 1 });
    expect(calls.filter((x) => x.path.endsWith('/samples')).pop()?.query).toMatchObject({ cluster_id: 1, sort: 'dep:desc' });
    expect(state.tableRows.map((r) => r.id)).toEqual(['d', 'e']);
    expect(state.pointsHighlighted).toBe(2);
    expect(state.metricsSource).toBe('points');
    expect(state.metricsDocCount).toBe(2);
    await click(bySubj(view.container, 'clusterCard-1'));
    await settle(5);
    expect(window.__textInsights!.filter).toEqual({});
    expect(window.__textInsights!.metricsSource).toBe('node');
  });

  it("applies an alert's one-click filter", async () => {
    const { http } = fakeHttp([completed]);
    view = await render(<TextInsightsApp http={http} />);
    await settle(10);
    await click(bySubj(view.container, 'alertFilter-0'));
    await settle(5);
    expect(window.__textInsights!.filter).toEqual({ clusterId: 1 });
  });

  it('re-sorts the cards through the node when the sort changes', async () => {
    const { http, calls } = fakeHttp([completed]);
    view = await render(<TextInsightsApp http={http} />);
    await settle(10);
    await change(bySubj(view.container, 'clusterSortField'), 'avg_dep');
    await settle(5);
    expect(calls.filter((x) => x.path.endsWith('/clusters')).pop()?.query?.sort).toBe('avg_dep:desc');
    expect(window.__textInsights!.clusterIds).toEqual([1, 0]);
    await click(bySubj(view.container, 'clusterSortDirection'));
    await settle(5);
    expect(window.__textInsights!.clusterIds).toEqual([0, 1]);
  });

  it('starts a run from the form, shows its progress and cancels it', async () => {
    const { http, calls } = fakeHttp([completed]);
    view = await render(<TextInsightsApp http={http} pollMs={50} />);
    await settle(10);
    await change(bySubj(view.container, 'runSplit'), 'test');
    await click(bySubj(view.container, 'startRun'));
    await settle(10);
    expect(calls.find((x) => x.method === 'POST' && x.path === '/api/text_insights/runs')?.body).toEqual({
      index: 'agnews',
      split: 'test',
      algorithm: { name: 'auto' },
    });
    const progress = bySubj(view.container, 'runProgress');
    expect(progress?.textContent).toContain('clustering 40%');
    await click(bySubj(view.container, 'cancelRun'));
    expect(calls.some((x) => x.method === 'POST' && x.path === '/api/text_insights/runs/r9/_cancel')).toBe(true);
  });
});

describe('run form', () => {
  it('builds the body and explains what cannot be sent', () => {
    const base = { index: 'agnews', split: '', query: '', algorithm: 'auto', k: '8', summaries: true };
    expect(runBody(base)).toEqual({ index: 'agnews', algorithm: { name: 'auto' }, summaries: { enabled: true } });
    expect(runBody({ ...base, summaries: false })).toEqual({ index: 'agnews', algorithm: { name: 'auto' } });
    expect(runBody({ ...base, algorithm: 'kmeans', k: '4' })).toMatchObject({ algorithm: { name: 'kmeans', k: 4 } });
    expect(runBody({ ...base, algorithm: 'kmeans', k: '1' })).toContain('k must be a whole number');
    expect(runBody({ ...base, query: '{"term": ' })).toContain('not valid JSON');
    expect(runBody({ ...base, query: '{"term": {"split": "test"}}' })).toMatchObject({ query: { term: { split: 'test' } } });
    expect(runBody({ ...base, index: '' })).toBe('Choose a dataset');
  });

  it('shows a failed run with its reason', async () => {
    const failed: Run = { run_id: 'r5', index: 'agnews', state: 'failed', error: { reason: 'k [50] is above the 5 documents' } };
    view = await render(
      <RunsPanel datasets={[]} index="agnews" onIndex={() => {}} runs={[failed]} selected={failed} onSelect={() => {}} onStart={async () => {}} onCancel={() => {}} />
    );
    expect(view.container.textContent).toContain('k [50] is above the 5 documents');
  });
});

describe('cluster cards', () => {
  it('shows size, avg DEP, F1 and top words, and says why F1 is missing', async () => {
    const clusters: Cluster[] = [{ cluster_id: 3, label: 'a, b, c', size: 1234, avg_dep: 0.25, f1: null, omitted: { f1: 'no prediction field' }, top_words: [{ word: 'merger', score: 0.3 }] }];
    view = await render(<ClusterCards clusters={clusters} colorRank={new Map([[3, 0]])} sort="size:desc" onSort={() => {}} onSelect={() => {}} />);
    const card = bySubj(view.container, 'clusterCard-3')!;
    expect(bySubj(card, 'clusterStat-size')?.textContent).toBe((1234).toLocaleString());
    expect(bySubj(card, 'clusterStat-avgDep')?.textContent).toBe('0.250');
    expect(bySubj(card, 'clusterStat-f1')?.textContent).toBe('n/a');
    expect(bySubj(card, 'clusterCardWords')?.textContent).toBe('merger');
  });
});
