// The app in real Chromium, served by the harness, against a real node loaded with the bundled sample: a run started
// from the form completes, cards appear and sort, a click filters the table, the map draws every point, a box
// filters the table, the metrics agree with the node's, a run is cancelled; two runs of the dataset each show their
// own cards, map and samples; the saved objects' fields are checked against the node's mappings (the results index's);
// and a run whose results were dropped (the node keeps the newest N runs) shows why instead of its map.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppState } from '../public/app';
import { computeMetrics } from '../public/metrics';
import { mappingFields, missingFields, parseNdjson } from '../saved_objects/check';
import { NODE, PLUGIN_DIR, launchChromium, loadSample, node, screenshotPath, startHarness } from './support';

const INDEX = 'dash-e2e';

let browser: Browser;
let harness: { server: PreviewServer; url: string };
let page: Page;
let runId = '';
const pageErrors: string[] = [];
const API = '/_plugins/_text_insights';
const MAX_RUNS = 'plugins.text_insights.results.max_runs_per_dataset';
const setMaxRuns = (value: number | null) => node('/_cluster/settings', { method: 'PUT', body: { persistent: { [MAX_RUNS]: value } } });

const state = () => page.evaluate(() => window.__textInsights as AppState);
async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, seconds = 120): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  let last: T = await get();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(last)?.slice(0, 400)} after ${seconds} s`);
    await new Promise((r) => setTimeout(r, 250));
    last = await get();
  }
  return last;
}
const subj = (s: string) => `[data-test-subj="${s}"]`;

/** Starts a run from the form and waits until the app has selected it; returns its id. */
async function startFromForm(form: { algorithm: string; k?: string; split: string }): Promise<string> {
  await page.selectOption(`select${subj('runAlgorithm')}`, form.algorithm);
  if (form.k !== undefined) await page.fill(`input${subj('runK')}`, form.k);
  await page.fill(`input${subj('runSplit')}`, form.split);
  const before = (await state()).runId;
  await page.click(subj('startRun'));
  const started = await until('the new run is selected', state, (s) => !!s.runId && s.runId !== before && s.runState !== undefined, 30);
  return started.runId!;
}

async function nodeRun(id: string) {
  return (await node(`${API}/runs/${id}`)).body;
}

async function untilCompleted(id: string, seconds = 300) {
  const run = await until(`run ${id} ends`, () => nodeRun(id), (r) => r.state !== 'running', seconds);
  expect(run.state, JSON.stringify(run.error)).toBe('completed');
  return run;
}

/** The results state the runs table shows for a run. */
const resultsCell = (id: string) => page.locator(`${subj(`runRow-${id}`)} ${subj('runResults')}`).getAttribute('data-results-state');

/**
 * The app shows run `id` and only it: its cards are the node's clusters of that run, the map draws that run's
 * points, the table holds that run's samples (rows and total), and the metrics are its own.
 */
async function expectShowsOwn(id: string) {
  const clusters = (await node(`${API}/runs/${id}/clusters?sort=size:desc`)).body.clusters as Array<{ cluster_id: number }>;
  const points = (await node(`${API}/runs/${id}/points`)).body;
  const samples = (await node(`${API}/runs/${id}/samples?sort=dep:desc&from=0&size=20`)).body;
  const metrics = (await node(`${API}/runs/${id}/metrics`)).body;
  expect(points.results_index).toBe(`text-insights-results-${INDEX}-${id}`);
  // The cards keep the sort chosen earlier: compare which clusters, not their order.
  const ids = JSON.stringify(clusters.map((c) => c.cluster_id).sort((p, q) => p - q));
  const s = await until(
    `the app shows run ${id}`,
    state,
    (v) =>
      v.runId === id &&
      v.clustersRunId === id &&
      v.pointsRunId === id &&
      v.tableRunId === id &&
      v.metricsRunId === id &&
      JSON.stringify([...v.clusterIds].sort((p, q) => p - q)) === ids &&
      v.pointsDrawn === points.returned &&
      v.tableTotal === samples.total &&
      v.tableRows.length === samples.samples.length,
    90
  );
  expect(s.tableRows.map((r) => r.id)).toEqual(samples.samples.map((x: { id: string }) => x.id));
  expect(s.metricsDocCount).toBe(metrics.doc_count);
  expect(s.resultsState).toBe('complete');
  expect(await page.locator(subj('clusterCardTitle')).count()).toBe(clusters.length);
  await until('the map draws the points of the run', () => page.locator(subj('embeddingsCanvas')).getAttribute('data-points-drawn'), (v) => v === String(points.returned), 30);
  expect(await page.locator(subj('samplesTable')).getAttribute('data-total')).toBe(String(samples.total));
  return { clusters: clusters.length, points: points.returned as number, total: samples.total as number };
}

beforeAll(async () => {
  if (!NODE) throw new Error('set TEXT_INSIGHTS_NODE to the URL of a node with the Text Insights plugin');
  await loadSample(INDEX);
  harness = await startHarness();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1600, height: 1300 } });
  page.on('pageerror', (e) => {
    console.error('page error:', e);
    pageErrors.push(String(e));
  });
  await page.goto(`${harness.url}?index=${INDEX}`);
});

afterAll(async () => {
  // Whatever happened to the results-retention test, the node keeps its default again.
  if (NODE) await setMaxRuns(null);
  await browser?.close();
  await harness?.server.close();
});

describe('Text Insights in Chromium against a real node', () => {
  it('starts a run from the form and shows its progress until it completes', async () => {
    await page.waitForSelector(subj('runsPanel'));
    await until('the dataset is chosen', state, (s) => s?.index === INDEX);
    await page.selectOption(`select${subj('runAlgorithm')}`, 'kmeans');
    await page.fill(`input${subj('runK')}`, '4');
    await page.fill(`input${subj('runSplit')}`, 'test');
    const before = (await state()).runId;
    expect(before).toBeUndefined(); // a fresh dataset has no runs
    await page.click(subj('startRun'));
    const started = await until('the new run is selected', state, (s) => !!s.runId && s.runId !== before && s.runState !== undefined, 30);
    runId = started.runId!;
    // While it runs, the progress bar shows the run's phase and percent (from GET /runs/{id}, polled).
    let progressSeen = '';
    const done = await until(
      'the run completes',
      async () => {
        const s = await state();
        if (s.runState === 'running' && !progressSeen) {
          progressSeen = (await page.locator(subj('runProgress')).textContent({ timeout: 2000 }).catch(() => '')) ?? '';
        }
        return s;
      },
      (s) => s.runState === 'completed' || s.runState === 'failed',
      240
    );
    expect(done.runState).toBe('completed');
    expect(progressSeen).toMatch(/\d+%/);
    const run = (await node(`/_plugins/_text_insights/runs/${runId}`)).body;
    expect(run.split).toBe('test');
    expect(run.parameters.algorithm).toMatchObject({ name: 'kmeans', k: 4 });
    expect(run.cluster_count).toBe(4);
    expect(run.doc_count).toBe(3093);
    expect(runId).toMatch(/^[a-z2-7]{26}$/);
    // Its results: an index of its own, joined to the dataset's alias; the dataset's documents are untouched.
    expect(run.parameters.write_back).toEqual({ target: 'results' });
    expect(run.results).toMatchObject({
      target: 'results',
      index: `text-insights-results-${INDEX}-${runId}`,
      alias: `text-insights-results-${INDEX}`,
      state: 'complete',
      written: 3093,
    });
    const touched = await node(`/${INDEX}/_count`, { method: 'POST', body: { query: { exists: { field: 'text_insights.run_id' } } } });
    expect(touched.body.count).toBe(0);
    await page.waitForSelector(`${subj(`runRow-${runId}`)} ${subj('runState')}:has-text("completed")`);
    expect(await resultsCell(runId)).toBe('complete');
  });

  it('shows one card per cluster and sorts them by the chosen field, both ways', async () => {
    const s = await until('cards', state, (v) => v.clusterIds.length > 0, 60);
    const nodeClusters = (await node(`/_plugins/_text_insights/runs/${runId}/clusters?sort=size:desc`)).body.clusters;
    expect(s.clusterIds).toEqual(nodeClusters.map((c: { cluster_id: number }) => c.cluster_id));
    expect(await page.locator(subj('clusterCardTitle')).count()).toBe(4);
    const values = async (stat: string) =>
      (await page.locator(subj(`clusterStat-${stat}`)).allTextContents()).map((t) => Number(t.replace(/[^\d.]/g, '')));
    const sizes = await values('size');
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));

    await page.selectOption(`select${subj('clusterSortField')}`, 'avg_dep');
    const byDep = await until('cards sorted by avg DEP desc', () => values('avgDep'), (v) => v.length === 4 && v.every((x, i) => i === 0 || v[i - 1] >= x), 20);
    expect(byDep.length).toBe(4);
    await page.click(subj('clusterSortDirection'));
    await until('cards sorted by avg DEP asc', () => values('avgDep'), (v) => v.length === 4 && v.every((x, i) => i === 0 || v[i - 1] <= x) && v[0] < v[3], 20);
  });

  it('draws every sample on the map', async () => {
    const points = (await node(`/_plugins/_text_insights/runs/${runId}/points`)).body;
    expect(points.returned).toBe(3093);
    const canvas = page.locator(subj('embeddingsCanvas'));
    await until('points drawn', () => canvas.getAttribute('data-points-drawn'), (v) => v === String(points.returned), 60);
    expect(await canvas.getAttribute('data-points-highlighted')).toBe(String(points.returned));
    // The canvas really holds dots: count painted pixels.
    const painted = await canvas.evaluate((el: HTMLCanvasElement) => {
      const data = el.getContext('2d')!.getImageData(0, 0, el.width, el.height).data;
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
      return n;
    });
    expect(painted).toBeGreaterThan(5000);
    await page.locator(subj('embeddingsMap')).screenshot({ path: screenshotPath('e2e-map-by-cluster.png') });
  });

  it('filters the table, the map and the metrics to a cluster on a card click', async () => {
    const clusters = (await node(`/_plugins/_text_insights/runs/${runId}/clusters?sort=size:desc`)).body.clusters;
    const target = clusters[1];
    await page.click(subj(`clusterCard-${target.cluster_id}`));
    const s = await until('table filtered', state, (v) => v.filter.clusterId === target.cluster_id && v.tableTotal === target.size && v.tableRows.length > 0, 30);
    expect(s.tableRows.every((r) => r.cluster_id === target.cluster_id)).toBe(true);
    const deps = s.tableRows.map((r) => r.dep as number);
    expect(deps).toEqual([...deps].sort((a, b) => b - a));
    const fromNode = (await node(`/_plugins/_text_insights/runs/${runId}/clusters/${target.cluster_id}/samples?size=20`)).body.samples;
    expect(s.tableRows.map((r) => r.id)).toEqual(fromNode.map((x: { id: string }) => x.id));
    const cells = await page.locator(subj('sampleCluster')).evaluateAll((els) => els.map((e) => e.getAttribute('data-cluster-id')));
    expect(new Set(cells)).toEqual(new Set([String(target.cluster_id)]));
    expect(s.pointsHighlighted).toBe(target.size);
    expect(s.metricsDocCount).toBe(target.size);
    expect(await page.locator(subj('embeddingsCanvas')).getAttribute('data-points-highlighted')).toBe(String(target.size));
    await page.screenshot({ path: screenshotPath('e2e-cluster-filter.png'), fullPage: true });
    await page.click(subj(`clusterCard-${target.cluster_id}`));
    await until('filter cleared', state, (v) => v.filter.clusterId === undefined && v.tableTotal === 3093, 30);
  });

  it("applies an alert's one-click filter to the table", async () => {
    const alerts = (await node(`/_plugins/_text_insights/runs/${runId}/alerts`)).body.alerts as Array<{ type: string; values: { count?: number } }>;
    const i = alerts.findIndex((a) => a.type === 'top_misclassified_pair');
    expect(i).toBeGreaterThanOrEqual(0);
    await page.click(subj(`alertFilter-${i}`));
    const s = await until('alert filter', state, (v) => v.filter.label !== undefined && v.tableTotal === alerts[i].values.count, 30);
    expect(s.filter.prediction).toBeDefined();
    const labels = await page.locator(subj('sampleLabel')).allTextContents();
    expect(new Set(labels)).toEqual(new Set([s.filter.label]));
    expect(s.pointsHighlighted).toBe(alerts[i].values.count);
    while ((await page.locator(`${subj('filterBadge')} button`).count()) > 0) {
      await page.locator(`${subj('filterBadge')} button`).first().click();
    }
    await until('alert filter cleared', state, (v) => v.filter.label === undefined && v.filter.prediction === undefined && v.tableTotal === 3093, 30);
  });

  it("applies a cluster alert's filter: its query's cluster_id term on the run's results index", async () => {
    const body = (await node(`${API}/runs/${runId}/alerts`)).body;
    const alerts = body.alerts as Array<{ cluster_id: number | null; index: string; query: { bool: { filter: Array<{ term: Record<string, unknown> }> } } }>;
    expect(body.results_index).toBe(`text-insights-results-${INDEX}-${runId}`);
    for (const a of alerts) {
      expect(a.index).toBe(body.results_index);
      expect(a.query.bool.filter[0]).toEqual({ term: { run_id: runId } });
    }
    const i = alerts.findIndex((a) => a.query.bool.filter.some((f) => 'cluster_id' in f.term));
    expect(i, 'the run has a cluster alert').toBeGreaterThanOrEqual(0);
    const clusterId = alerts[i].query.bool.filter.find((f) => 'cluster_id' in f.term)!.term.cluster_id as number;
    // The query selects the alert's samples in the results index: as many as the table shows after the click.
    const count = (await node(`/${alerts[i].index}/_count`, { method: 'POST', body: { query: alerts[i].query } })).body.count;
    await page.click(subj(`alertFilter-${i}`));
    const s = await until('cluster alert filter', state, (v) => v.filter.clusterId === clusterId && v.tableTotal === count && v.tableRows.length > 0, 30);
    expect(s.tableRows.every((r) => r.cluster_id === clusterId)).toBe(true);
    expect(s.pointsHighlighted).toBe(count);
    await page.locator(`${subj('filterBadge')} button`).first().click();
    await until('cluster alert filter cleared', state, (v) => v.filter.clusterId === undefined && v.tableTotal === 3093, 30);
  });

  it('filters the table to a box drawn on the map', async () => {
    const box = (await page.locator(subj('embeddingsCanvas')).boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.3);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.7, { steps: 5 });
    await page.mouse.up();
    const s = await until('box filter', state, (v) => v.filter.box !== undefined, 10);
    expect(s.tableTotal).toBe(s.pointsHighlighted);
    expect(s.tableTotal).toBeGreaterThan(0);
    expect(s.tableTotal).toBeLessThan(3093);
    const deps = s.tableRows.map((r) => r.dep as number);
    expect(deps).toEqual([...deps].sort((a, b) => b - a));
    await page.click(`${subj('filterBadge')} button`);
    await until('box cleared', state, (v) => v.filter.box === undefined, 10);
  });

  it("computes the same metrics from the points as the node's /metrics", async () => {
    const points = (await node(`/_plugins/_text_insights/runs/${runId}/points`)).body;
    const metrics = (await node(`/_plugins/_text_insights/runs/${runId}/metrics`)).body;
    const mine = computeMetrics(points.points);
    expect(mine.doc_count).toBe(metrics.doc_count);
    expect(mine.accuracy).toBeCloseTo(metrics.accuracy, 6);
    for (const c of metrics.classes) {
      const m = mine.classes.find((x) => x.class === c.class)!;
      expect(m.support).toBe(c.support);
      expect(m.f1).toBeCloseTo(c.f1, 6);
    }
    expect(mine.top_misclassified.slice(0, 3)).toEqual(metrics.top_misclassified.slice(0, 3));
  });

  it('cancels a running run from the app', async () => {
    await page.selectOption(`select${subj('runAlgorithm')}`, 'auto');
    await page.fill(`input${subj('runSplit')}`, '');
    await page.click(subj('startRun'));
    await until('the second run runs', state, (s) => s.runId !== runId && s.runState === 'running', 30);
    await page.click(subj('cancelRun'));
    const s = await until('the run is cancelled', state, (v) => v.runState !== 'running', 60);
    expect(s.runState).toBe('cancelled');
    // Whatever it had written is gone with it, and the table says so.
    expect((await nodeRun(s.runId!)).results.state).toBe('discarded');
    await until('the cancelled run shows its results discarded', () => resultsCell(s.runId!), (v) => v === 'discarded', 30);
  });

  it('takes a screenshot of the whole app', async () => {
    await page.click(subj(`runRow-${runId}`));
    await until('back on the completed run', state, (v) => v.runId === runId && v.clusterIds.length === 4 && v.pointsDrawn === 3093, 60);
    await page.waitForTimeout(500);
    await page.screenshot({ path: screenshotPath('e2e-app.png'), fullPage: true });
  });

  it('stays responsive with 50,000 points on the map', async () => {
    // The sample has 5,000 documents; the points of the run are swapped for 50,000 synthetic ones (four blobs) to
    // measure drawing and hovering at that size.
    const n = 50_000;
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const clusters = (await state()).clusterIds.filter((c) => c >= 0);
    const points = { id: [] as string[], x: [] as number[], y: [] as number[], cluster_id: [] as number[], dep: [] as number[], label: [] as string[], prediction: [] as string[] };
    const classes = ['Business', 'Sci/Tech', 'Sports', 'World'];
    for (let i = 0; i < n; i++) {
      const c = i % clusters.length;
      points.id.push(`synthetic-${i}`);
      points.x.push(c * 4 + (rand() + rand() + rand() - 1.5) * 2);
      points.y.push((c % 2) * 4 + (rand() + rand() + rand() - 1.5) * 2);
      points.cluster_id.push(clusters[c]);
      points.dep.push(rand());
      points.label.push(classes[c % 4]);
      points.prediction.push(rand() < 0.8 ? classes[c % 4] : classes[(c + 1) % 4]);
    }
    const big = await browser.newPage({ viewport: { width: 1600, height: 1300 } });
    try {
      await big.route(/\/api\/text_insights\/runs\/[^/]+\/points/, (route) =>
        route.fulfill({ json: { run_id: runId, total: n, returned: n, truncated: false, points } })
      );
      await big.goto(`${harness.url}?index=${INDEX}`);
      const canvas = big.locator(subj('embeddingsCanvas'));
      await until('50,000 points drawn', () => canvas.getAttribute('data-points-drawn'), (v) => v === String(n), 120);
      // A full redraw (colour by DEP), timed in the page up to the second frame after the click.
      const redrawMs = await big.evaluate(async () => {
        const t = performance.now();
        (document.querySelector('[data-test-subj="colorBy-dep"]') as HTMLElement).click();
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        return performance.now() - t;
      });
      const box = (await canvas.boundingBox())!;
      const t0 = Date.now();
      for (let i = 0; i < 20; i++) await big.mouse.move(box.x + box.width * (0.2 + i * 0.03), box.y + box.height * 0.5);
      const hoverMs = (Date.now() - t0) / 20;
      await big.locator(subj('mapTooltip')).waitFor({ timeout: 5000 });
      console.log(`50,000 points: redraw ${redrawMs.toFixed(0)} ms, ${hoverMs.toFixed(0)} ms per hover move`);
      expect(redrawMs).toBeLessThan(1500);
      expect(hoverMs).toBeLessThan(150);
      await big.locator(subj('embeddingsMap')).screenshot({ path: screenshotPath('e2e-map-50k-by-dep.png') });
    } finally {
      await big.close();
    }
  });

  it('shows each of two runs of the dataset with its own cards, map and samples, also after the second completed', async () => {
    // Run A: kmeans k=3 on the test split; run B: kmeans k=6 on every sample.
    const a = await startFromForm({ algorithm: 'kmeans', k: '3', split: 'test' });
    await untilCompleted(a);
    const ownA = await expectShowsOwn(a);
    expect(ownA).toMatchObject({ clusters: 3, points: 3093, total: 3093 });
    const b = await startFromForm({ algorithm: 'kmeans', k: '6', split: '' });
    // While B runs, A is still all A's.
    await page.click(subj(`runRow-${a}`));
    expect((await nodeRun(b)).state).toBe('running');
    expect(await expectShowsOwn(a)).toEqual(ownA);
    const runB = await untilCompleted(b);
    expect(runB.results).toMatchObject({ state: 'complete', index: `text-insights-results-${INDEX}-${b}`, written: 5000 });
    // The app follows B in the list without opening it, and A stays A's.
    await until('the list shows B completed', () => page.locator(`${subj(`runRow-${b}`)} ${subj('runState')}`).textContent(), (t) => t?.trim() === 'completed', 30);
    expect(await expectShowsOwn(a)).toEqual(ownA);
    await page.click(subj(`runRow-${b}`));
    expect(await expectShowsOwn(b)).toEqual({ clusters: 6, points: 5000, total: 5000 });
    await page.screenshot({ path: screenshotPath('e2e-second-run.png'), fullPage: true });
    await page.click(subj(`runRow-${a}`));
    expect(await expectShowsOwn(a)).toEqual(ownA);
    // Both runs' results coexist in the dataset's alias, split by run_id.
    const byRun = (await node(`/text-insights-results-${INDEX}/_search`, {
      method: 'POST',
      body: { size: 0, query: { terms: { run_id: [a, b] } }, aggs: { runs: { terms: { field: 'run_id' } } } },
    })).body.aggregations.runs.buckets.map((x: { key: string; doc_count: number }) => [x.key, x.doc_count]);
    expect(Object.fromEntries(byRun)).toEqual({ [a]: 3093, [b]: 5000 });
    expect(pageErrors).toEqual([]);
  });

  it("references only fields that exist in the node's mappings", async () => {
    const objects = parseNdjson(readFileSync(resolve(PLUGIN_DIR, 'saved_objects/text_insights.ndjson'), 'utf8'));
    const mapping = async (index: string) => {
      const r = await node(`/${index}/_mapping`);
      expect(r.status).toBe(200);
      return mappingFields(Object.values(r.body as Record<string, { mappings: object }>)[0].mappings);
    };
    // The saved objects read the sample dataset agnews's results alias; this node's dataset is INDEX, whose alias
    // holds exactly its runs with complete results (each in an index of its own): check every one's mapping.
    const alias = `text-insights-results-${INDEX}`;
    const indices = Object.keys((await node(`/_alias/${alias}`)).body).sort();
    const runs = (await node(`${API}/runs?index=${INDEX}&size=100`)).body.runs as Array<{ run_id: string; state: string; results?: { state: string; index: string } }>;
    const published = runs.filter((r) => r.state === 'completed' && r.results?.state === 'complete').map((r) => r.results!.index).sort();
    expect(indices).toEqual(published);
    expect(indices.length).toBeGreaterThanOrEqual(3);
    const results = (await node(`/${alias}/_mapping`)).body as Record<string, { mappings: object }>;
    expect(Object.keys(results).sort()).toEqual(indices);
    for (const index of indices) {
      const mappings = new Map([
        ['text-insights-results-agnews', mappingFields(results[index].mappings)],
        ['text-insights-clusters', await mapping('text-insights-clusters')],
      ]);
      expect(missingFields(objects, mappings), index).toEqual([]);
    }
  });

  it('shows why a run whose results were dropped has no map, and keeps its cards, metrics and alerts', async () => {
    const before = (await node(`${API}/runs?index=${INDEX}&size=100`)).body.runs as Array<{ run_id: string; state: string }>;
    const older = before.filter((r) => r.state === 'completed').map((r) => r.run_id);
    expect(older).toContain(runId);
    try {
      expect((await setMaxRuns(1)).status).toBe(200);
      // Run X keeps only itself: every older run's results are dropped as it completes, and the list says so.
      const x = await startFromForm({ algorithm: 'kmeans', k: '3', split: 'test' });
      await untilCompleted(x);
      await until('the older runs are dropped', () => nodeRun(runId), (r) => r.results?.state === 'dropped', 30);
      for (const id of older) await until(`the list shows ${id} dropped`, () => resultsCell(id), (v) => v === 'dropped', 30);
      await expectShowsOwn(x);
      // A second page opens X; then run Y, started on the node behind that page's back, drops X's results while the
      // page shows them (it lists no running run, so it polls nothing and learns it only from the node's 410).
      const main = page;
      page = await browser.newPage({ viewport: { width: 1600, height: 1300 } });
      page.on('pageerror', (e) => pageErrors.push(String(e)));
      try {
        await page.goto(`${harness.url}?index=${INDEX}`);
        await expectShowsOwn(x);
        const started = await node(`${API}/runs`, { method: 'POST', body: { index: INDEX, split: 'test', algorithm: { name: 'kmeans', k: 3 } } });
        expect(started.status, JSON.stringify(started.body)).toBe(200);
        await untilCompleted(started.body.run_id);
        const runX = await until('X is dropped', () => nodeRun(x), (r) => r.results?.state === 'dropped', 30);
        expect(runX.results.reason).toContain(MAX_RUNS);
        const gone = await node(`${API}/runs/${x}/samples?sort=dep:desc&from=20&size=20`);
        expect(gone.status).toBe(410);
        // The harness's route gives the node's 410 back unchanged.
        const proxied = await fetch(`${harness.url}api/text_insights/runs/${x}/points`);
        expect(proxied.status).toBe(410);
        expect(await proxied.json()).toEqual((await node(`${API}/runs/${x}/points`)).body);
        // Paging the table asks for X's samples: the 410 turns into the reason where the map was.
        expect((await state()).resultsState).toBe('complete');
        await page.click(`${subj('samplesTable')} ${subj('pagination-button-next')}`);
        const s = await until('the page says X is dropped', state, (v) => v.runId === x && v.resultsState === 'dropped' && !!v.resultsReason, 30);
        expect(s.resultsReason).toContain(runX.results.reason);
        expect(await page.locator(subj('resultsGoneReason')).textContent()).toContain(runX.results.reason);
        expect(await page.locator(subj('embeddingsCanvas')).count()).toBe(0);
        expect(await page.locator(subj('samplesTable')).count()).toBe(0);
        expect(await page.locator(subj('explainError')).count()).toBe(0);
        expect(await resultsCell(x)).toBe('dropped');
        // Its cards, metrics and alerts stay.
        const clusters = (await node(`${API}/runs/${x}/clusters?sort=size:desc`)).body.clusters.map((c: { cluster_id: number }) => c.cluster_id);
        const metrics = (await node(`${API}/runs/${x}/metrics`)).body;
        const alerts = (await node(`${API}/runs/${x}/alerts`)).body.alerts;
        expect(s.clusterIds).toEqual(clusters);
        expect(await page.locator(subj('clusterCardTitle')).count()).toBe(clusters.length);
        expect(s).toMatchObject({ metricsSource: 'node', metricsDocCount: metrics.doc_count, alertsCount: alerts.length, pointsDrawn: 0 });
        expect(await page.locator(subj('metricsPanel')).count()).toBe(1);
        if (alerts.length) expect(await page.locator(subj('alert')).count()).toBe(alerts.length);
        await page.screenshot({ path: screenshotPath('e2e-dropped-run.png'), fullPage: true });
      } finally {
        await page.close();
        page = main;
      }
      // The first page, back on X: it reads X again on selection and says it is dropped.
      await page.click(subj(`runRow-${runId}`));
      await until('the first page is on the first run', state, (v) => v.runId === runId, 30);
      await page.click(subj(`runRow-${x}`));
      await until('the first page says X is dropped', state, (v) => v.runId === x && v.resultsState === 'dropped', 30);
      // An older dropped run, opened afresh: the reason at once (from its run document), its four cards.
      await page.click(subj(`runRow-${runId}`));
      const first = await until('the first run shows it is dropped', state, (v) => v.runId === runId && v.clustersRunId === runId && v.clusterIds.length === 4, 30);
      expect(first).toMatchObject({ resultsState: 'dropped', pointsDrawn: 0, tableTotal: 0 });
      expect(await page.locator(subj('resultsGone')).getAttribute('data-results-state')).toBe('dropped');
      expect(pageErrors).toEqual([]);
    } finally {
      expect((await setMaxRuns(null)).status).toBe(200);
    }
  });
});
