// The app against a fake of the server routes that answers per the REST contract: what it asks for, and what it
// shows. (The real node is exercised by the end-to-end tests.)
import React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { TextInsightsApp } from '../public/app';
import { ClusterCards } from '../public/components/cluster_cards';
import { runBody, RunsPanel } from '../public/components/runs_panel';
import type { Cluster, Run } from '../common';
import { fakeHttp } from './fake_node';
import { allBySubj, bySubj, change, click, render, Rendered, settle } from './render';

let view: Rendered | undefined;
afterEach(() => {
  view?.unmount();
  view = undefined;
});

const completed: Run = {
  run_id: 'r1',
  index: 'agnews',
  state: 'completed',
  doc_count: 5,
  cluster_count: 2,
  created_at: 0,
  results: { target: 'results', index: 'text-insights-results-agnews-r1', alias: 'text-insights-results-agnews', state: 'complete', written: 5, failures: 0 },
};

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
    // Where the results go: the default (a results index of the run's own) sends nothing.
    expect(runBody({ ...base, summaries: false, writeBack: 'results' })).toEqual({ index: 'agnews', algorithm: { name: 'auto' } });
    expect(runBody({ ...base, writeBack: 'dataset' })).toMatchObject({ write_back: { target: 'dataset' } });
    expect(runBody({ ...base, summaries: false, writeBack: 'none' })).toMatchObject({ write_back: { target: 'none' } });
    expect(runBody({ ...base, writeBack: 'none' })).toContain('LLM summaries need the run to write its results');
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
