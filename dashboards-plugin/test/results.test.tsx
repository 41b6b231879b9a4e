// Runs whose per-sample results live in an index of their own: the results state of each run, a run whose results
// are gone (dropped, overwritten: the node answers 410) or were never written, and several runs of one dataset, each
// shown with its own cards, points and samples.
import React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Cluster, MetricsResponse, PointsResponse, Run, RunResults } from '../common';
import { TextInsightsApp } from '../public/app';
import { RunsPanel } from '../public/components/runs_panel';
import { errorStatus, hasMetrics, isGone, resultsStatus } from '../public/results';
import { fakeHttp, httpError } from './fake_node';
import { allBySubj, bySubj, click, render, Rendered, settle } from './render';

let view: Rendered | undefined;
afterEach(() => {
  view?.unmount();
  view = undefined;
});

const DROP_REASON =
  "more than plugins.text_insights.results.max_runs_per_dataset [1] completed runs of this dataset: the oldest run's results were dropped (its clusters, metrics and alerts stay)";

function results(runId: string, state: string, extra: Partial<RunResults> = {}): RunResults {
  return {
    target: 'results',
    index: `text-insights-results-agnews-${runId}`,
    alias: 'text-insights-results-agnews',
    state,
    written: 5,
    failures: 0,
    ...extra,
  };
}

const run = (runId: string, resultsSection?: RunResults | null, state: Run['state'] = 'completed', createdAt = 0): Run => ({
  run_id: runId,
  index: 'agnews',
  state,
  doc_count: 5,
  cluster_count: 2,
  created_at: createdAt,
  results: resultsSection,
});

describe('results state', () => {
  it('says what each state of a run’s results allows, and why not', () => {
    expect(resultsStatus(run('r1', results('r1', 'complete')))).toMatchObject({ state: 'complete', text: 'complete', color: 'success', available: true });
    expect(resultsStatus(run('r1', results('r1', 'complete', { target: 'dataset', index: 'agnews' }))).text).toBe('in the dataset');
    const dropped = resultsStatus(run('r1', results('r1', 'dropped', { reason: DROP_REASON })));
    expect(dropped).toMatchObject({ state: 'dropped', color: 'warning', available: false });
    expect(dropped.reason).toBe(`The samples and map of this run were dropped: ${DROP_REASON}. Start the run again for its samples and map.`);
    expect(resultsStatus(run('r1', results('r1', 'dropped'))).reason).toBe(
      'The samples and map of this run were dropped to keep the newest runs of the dataset. Its clusters, metrics and alerts remain; start the run again for its samples and map.'
    );
    const overwritten = resultsStatus(run('r1', results('r1', 'overwritten', { target: 'dataset', reason: 'run [r2] wrote its fields into the same documents since' })));
    expect(overwritten).toMatchObject({ state: 'overwritten', available: false });
    expect(overwritten.reason).toBe(
      'The samples and map of this run were overwritten in the dataset: run [r2] wrote its fields into the same documents since. Its clusters, metrics and alerts remain; start the run again for its samples and map.'
    );
    expect(resultsStatus(run('r1', { target: 'none', index: null, state: 'none', written: 0 }))).toMatchObject({ state: 'none', available: false });
    expect(resultsStatus(run('r1', { target: 'none', index: null, state: 'none' })).reason).toContain('"write_back": false');
    // Still writing while the run runs: nothing to say yet; a failed run's are discarded.
    expect(resultsStatus(run('r1', results('r1', 'writing'), 'running'))).toMatchObject({ text: 'writing', available: false, reason: undefined });
    expect(resultsStatus(run('r1', results('r1', 'discarded'), 'failed'))).toMatchObject({ text: 'discarded', available: false });
    // A run from before results indices: no section; the app asks the endpoints, which say what they have.
    expect(resultsStatus(run('r1', undefined))).toMatchObject({ state: 'unknown', text: '-', available: true });
    expect(resultsStatus(run('r1', undefined, 'running')).available).toBe(false);
    expect(resultsStatus(undefined).available).toBe(false);
  });

  it('reads the status of a failed call from OSD’s error or the body, and knows a 410', () => {
    expect(errorStatus(httpError(410, 'gone'))).toBe(410);
    expect(isGone(httpError(410, 'gone'))).toBe(true);
    expect(isGone(httpError(400, 'bad'))).toBe(false);
    expect(errorStatus({ body: { statusCode: 400, message: 'x' } })).toBe(400);
    expect(errorStatus({ body: { status: 410 } })).toBe(410);
    expect(errorStatus(new Error('network'))).toBeUndefined();
  });

  it('tells metrics from the answer of a run that has none', () => {
    expect(hasMetrics({ run_id: 'r', doc_count: 5, classes: [], top_misclassified: [] })).toBe(true);
    expect(hasMetrics({ run_id: 'r', metrics: {}, omitted: 'the run wrote no per-sample results' } as unknown as MetricsResponse)).toBe(false);
    expect(hasMetrics(undefined)).toBe(false);
  });

  it('shows each run’s results state in the runs table, with the reason as its title', async () => {
    const runs = [
      run('r3', results('r3', 'complete', { written: 3093 })),
      run('r2', results('r2', 'dropped', { reason: DROP_REASON })),
      run('r1', { target: 'none', index: null, state: 'none', written: 0 }),
      run('r0', results('r0', 'discarded'), 'cancelled'),
    ];
    view = await render(<RunsPanel datasets={[]} index="agnews" onIndex={() => {}} runs={runs} onSelect={() => {}} onStart={async () => {}} onCancel={() => {}} />);
    const cells = allBySubj(view.container, 'runResults');
    expect(cells.map((c) => c.getAttribute('data-results-state'))).toEqual(['complete', 'dropped', 'none', 'discarded']);
    expect(cells[0].textContent).toBe(`complete (${(3093).toLocaleString()})`);
    expect(cells[1].textContent).toBe('dropped');
    expect(cells[1].closest('[title]')?.getAttribute('title')).toBe(DROP_REASON);
  });
});

describe('a run whose results are gone', () => {
  it('keeps its cards, metrics and alerts, says why instead of the map and table, and asks for no samples or points', async () => {
    const dropped = run('r1', results('r1', 'dropped', { reason: DROP_REASON }));
    const { http, calls } = fakeHttp([dropped]);
    view = await render(<TextInsightsApp http={http} />);
    await settle(10);
    const c = view.container;
    expect(allBySubj(c, 'clusterCardTitle')).toHaveLength(2);
    expect(bySubj(c, 'alertsBar')?.textContent).toContain('Cluster 1 has a high avg DEP');
    // Filters need the per-sample results: no filter buttons, and a card click filters nothing.
    expect(bySubj(c, 'alertFilter-0')).toBeNull();
    await click(bySubj(c, 'clusterCard-1'));
    await settle(3);
    const state = window.__textInsights!;
    expect(state.filter).toEqual({});
    expect(state.metricsSource).toBe('node');
    expect(bySubj(c, 'metricsPanel')).not.toBeNull();
    expect(bySubj(c, 'resultsGone')?.getAttribute('data-results-state')).toBe('dropped');
    expect(bySubj(c, 'resultsGoneReason')?.textContent).toContain(DROP_REASON);
    expect(bySubj(c, 'embeddingsMap')).toBeNull();
    expect(bySubj(c, 'samplesTable')).toBeNull();
    expect(bySubj(c, 'explainError')).toBeNull();
    expect(state).toMatchObject({ resultsState: 'dropped', pointsDrawn: 0, tableTotal: 0 });
    expect(state.resultsReason).toContain(DROP_REASON);
    expect(calls.filter((x) => x.path.endsWith('/samples') || x.path.endsWith('/points'))).toEqual([]);
  });

  it('turns a 410 into the reason, reads the run again, and breaks nothing else', async () => {
    // The run document still said complete when the app read it; the node dropped the results since.
    const reason = `the per-sample results of run [r1] are gone (dropped: ${DROP_REASON}); its clusters, metrics and alerts remain; start the run again for its samples and map`;
    // From the 410 on, the node's run document says dropped too.
    const fake = { run: run('r1', results('r1', 'complete')), gone: reason, resultsOnceGone: results('r1', 'dropped', { reason: DROP_REASON }) };
    const { http, calls } = fakeHttp([fake]);
    view = await render(<TextInsightsApp http={http} />);
    await settle(12);
    const c = view.container;
    const state = window.__textInsights!;
    expect(state.resultsState).toBe('dropped');
    expect(bySubj(c, 'resultsGoneReason')?.textContent).toContain(DROP_REASON);
    expect(bySubj(c, 'explainError')).toBeNull();
    expect(bySubj(c, 'mapError')).toBeNull();
    expect(allBySubj(c, 'clusterCardTitle')).toHaveLength(2);
    expect(state.metricsSource).toBe('node');
    expect(allBySubj(c, 'runResults').map((e) => e.getAttribute('data-results-state'))).toEqual(['dropped']);
    // It read the run again after the 410 (once to open it, once more after the 410).
    expect(calls.filter((x) => x.path === '/api/text_insights/runs/r1').length).toBeGreaterThanOrEqual(2);
  });

  it('shows the 410’s own reason while the run document still says complete', async () => {
    const reason = 'the per-sample results of run [r1] are gone (dropped: to keep the newest runs)';
    const { http } = fakeHttp([{ run: run('r1', results('r1', 'complete')), gone: reason }]);
    view = await render(<TextInsightsApp http={http} />);
    await settle(10);
    expect(bySubj(view.container, 'resultsGoneReason')?.textContent).toBe(reason);
    expect(window.__textInsights!.resultsReason).toBe(reason);
    expect(allBySubj(view.container, 'clusterCardTitle')).toHaveLength(2);
  });

  it('says a run that wrote no results has no map, and shows why it has no metrics', async () => {
    const none = run('r1', { target: 'none', index: null, state: 'none', written: 0 });
    const omitted = 'the run wrote no per-sample results ("write_back": false), which the aggregations behind top words, DEP, F1, metrics and alerts need';
    const { http, calls } = fakeHttp([{ run: none, alerts: [], metrics: { run_id: 'r1', index: 'agnews', doc_count: 5, omitted: { metrics: omitted } } }]);
    view = await render(<TextInsightsApp http={http} />);
    await settle(10);
    const c = view.container;
    expect(bySubj(c, 'resultsGone')?.getAttribute('data-results-state')).toBe('none');
    expect(bySubj(c, 'metricsPanel')).toBeNull();
    expect(bySubj(c, 'metricsOmitted')?.textContent).toContain(omitted);
    expect(allBySubj(c, 'clusterCardTitle')).toHaveLength(2);
    expect(calls.filter((x) => x.path.endsWith('/samples') || x.path.endsWith('/points'))).toEqual([]);
  });
});

describe('several runs of one dataset', () => {
  const clustersOf = (n: number): Cluster[] =>
    Array.from({ length: n }, (_, i) => ({ cluster_id: i, label: `words ${i}`, size: 1, avg_dep: 0.1 * i, f1: 1, accuracy: 1, top_words: [] }));
  const pointsOf = (prefix: string, n: number, k: number): PointsResponse['points'] => ({
    id: Array.from({ length: n }, (_, i) => `${prefix}-${i}`),
    x: Array.from({ length: n }, (_, i) => i),
    y: Array.from({ length: n }, (_, i) => i % 3),
    cluster_id: Array.from({ length: n }, (_, i) => i % k),
    dep: Array.from({ length: n }, (_, i) => i / n),
    label: Array.from({ length: n }, () => 'World'),
    prediction: Array.from({ length: n }, () => 'World'),
  });

  it('shows each selected run’s own cards, points and samples', async () => {
    const small = { run: run('rsmall', results('rsmall', 'complete'), 'completed', 1), clusters: clustersOf(3), points: pointsOf('s', 7, 3) };
    const big = { run: run('rbig', results('rbig', 'complete'), 'completed', 2), clusters: clustersOf(6), points: pointsOf('b', 30, 6) };
    const { http } = fakeHttp([big, small]);
    view = await render(<TextInsightsApp http={http} />);
    await settle(10);
    const expectShown = (runId: string, clusters: number, points: number) => {
      const s = window.__textInsights!;
      expect(s).toMatchObject({ runId, clustersRunId: runId, pointsRunId: runId, tableRunId: runId, metricsRunId: runId });
      expect(s.clusterIds).toHaveLength(clusters);
      expect(s.pointsDrawn).toBe(points);
      expect(s.tableTotal).toBe(points);
      expect(s.tableRows.every((r) => r.id.startsWith(runId === 'rbig' ? 'b-' : 's-'))).toBe(true);
    };
    expectShown('rbig', 6, 30);
    await click(bySubj(view.container, 'runRow-rsmall'));
    await settle(10);
    expectShown('rsmall', 3, 7);
    await click(bySubj(view.container, 'runRow-rbig'));
    await settle(10);
    expectShown('rbig', 6, 30);
  });

  it('filters with an in-place run’s own field names', async () => {
    const inPlace = run('r1', { target: 'dataset', index: 'agnews', state: 'complete', written: 5, fields: { label: 'category', prediction: 'predicted' } });
    const alerts = [
      {
        type: 'top_misclassified_pair',
        message: 'World taken for Business',
        index: 'agnews',
        query: { bool: { filter: [{ term: { 'text_insights.run_id': 'r1' } }, { term: { category: 'World' } }, { term: { predicted: 'Business' } }] } },
      },
    ];
    const { http, calls } = fakeHttp([{ run: inPlace, alerts }]);
    view = await render(<TextInsightsApp http={http} />);
    await settle(10);
    await click(bySubj(view.container, 'alertFilter-0'));
    await settle(5);
    expect(window.__textInsights!.filter).toEqual({ label: 'World', prediction: 'Business' });
    expect(calls.filter((x) => x.path.endsWith('/samples')).pop()?.query).toMatchObject({ label: 'World', prediction: 'Business' });
    expect(window.__textInsights!.tableRows.map((r) => r.id)).toEqual(['c']);
  });
});
