// The app in real Chromium, served by the harness, against a real node loaded with the bundled sample: a run started
// from the form completes, cards appear and sort, a click filters the table, the map draws every point, a box
// filters the table, the metrics agree with the node's, a run is cancelled; then the saved objects' fields are
// checked against the node's mappings.
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

beforeAll(async () => {
  if (!NODE) throw new Error('set TEXT_INSIGHTS_NODE to the URL of a node with the Text Insights plugin');
  await loadSample(INDEX);
  harness = await startHarness();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1600, height: 1300 } });
  page.on('pageerror', (e) => console.error('page error:', e));
  await page.goto(`${harness.url}?index=${INDEX}`);
});

afterAll(async () => {
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
    await page.waitForSelector(`${subj(`runRow-${runId}`)} ${subj('runState')}:has-text("completed")`);
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

  it("references only fields that exist in the node's mappings", async () => {
    const objects = parseNdjson(readFileSync(resolve(PLUGIN_DIR, 'saved_objects/text_insights.ndjson'), 'utf8'));
    const mapping = async (index: string) => {
      const r = await node(`/${index}/_mapping`);
      expect(r.status).toBe(200);
      return mappingFields(Object.values(r.body as Record<string, { mappings: object }>)[0].mappings);
    };
    // The saved objects name the sample dataset agnews; this node's copy of it is INDEX, created the same way.
    const mappings = new Map([
      ['agnews', await mapping(INDEX)],
      ['text-insights-clusters', await mapping('text-insights-clusters')],
    ]);
    expect(missingFields(objects, mappings)).toEqual([]);
  });
});
