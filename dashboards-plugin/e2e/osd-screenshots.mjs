// By hand, not in CI (CI has no OpenSearch Dashboards): screenshots of the plugin inside a real OSD 3.5.0 and of the
// imported dashboard, into docs/screenshots/. Also checks, in the real OSD, the things the standalone e2e checks
// through the harness: cards appear, the map draws every point, the table is sorted by DEP, a card click filters.
//
//   OSD_URL=http://127.0.0.1:5601 NODE_URL=http://127.0.0.1:9610 INDEX=agnews node e2e/osd-screenshots.mjs
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';

const OSD = (process.env.OSD_URL ?? 'http://127.0.0.1:5601').replace(/\/$/, '');
const NODE = (process.env.NODE_URL ?? 'http://127.0.0.1:9200').replace(/\/$/, '');
const INDEX = process.env.INDEX ?? 'agnews';
const OUT = resolve(import.meta.dirname, '../../docs/screenshots');
mkdirSync(OUT, { recursive: true });

const subj = (s) => `[data-test-subj="${s}"]`;
const check = (ok, what) => {
  if (!ok) throw new Error(`failed: ${what}`);
  console.log(`ok: ${what}`);
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1300 } });
  page.on('pageerror', (e) => console.error('page error:', e.message));

  await page.goto(`${OSD}/app/textInsights`, { timeout: 180_000 });
  await page.waitForSelector(subj('datasetSelect'), { timeout: 180_000 });
  await page.selectOption(`select${subj('datasetSelect')}`, INDEX);
  const runs = await (await fetch(`${NODE}/_plugins/_text_insights/runs?index=${INDEX}`)).json();
  // The newest completed run whose results are still kept (the app opens it; older ones may be dropped).
  const run = runs.runs.find((r) => r.state === 'completed' && (r.results?.state ?? 'complete') === 'complete');
  const points = await (await fetch(`${NODE}/_plugins/_text_insights/runs/${run.run_id}/points`)).json();
  const canvas = page.locator(subj('embeddingsCanvas'));
  await page.waitForFunction(
    ([sel, n]) => document.querySelector(sel)?.getAttribute('data-points-drawn') === String(n),
    [subj('embeddingsCanvas'), points.returned],
    { timeout: 120_000 }
  );
  check((await canvas.getAttribute('data-points-drawn')) === String(points.returned), `the map draws all ${points.returned} points`);
  const state = await page.evaluate(() => window.__textInsights);
  check(state.clusterIds.length === run.cluster_count, `${run.cluster_count} cluster cards`);
  const deps = state.tableRows.map((r) => r.dep);
  check(deps.length === 20 && deps.every((d, i) => i === 0 || deps[i - 1] >= d), 'the table is sorted by DEP, highest first');
  await page.waitForTimeout(1000);
  await page.screenshot({ path: resolve(OUT, 'osd-app.png'), fullPage: true });

  const target = state.clusterIds[0];
  await page.click(subj(`clusterCard-${target}`));
  await page.waitForFunction((id) => window.__textInsights?.filter?.clusterId === id && window.__textInsights.tableRows.every((r) => r.cluster_id === id), target);
  check(true, `a card click filters the table to cluster ${target}`);
  await page.waitForTimeout(500);
  await page.screenshot({ path: resolve(OUT, 'osd-app-cluster-filter.png'), fullPage: true });

  // The POST routes through OSD's http client (osd-xsrf): start a run from the form, see its progress, cancel it.
  await page.click(subj(`clusterCard-${target}`));
  const before = (await page.evaluate(() => window.__textInsights)).runId;
  await page.selectOption(`select${subj('runAlgorithm')}`, 'auto');
  await page.click(subj('startRun'));
  await page.waitForFunction((id) => window.__textInsights?.runId !== id && window.__textInsights?.runState === 'running', before, { timeout: 60_000 });
  await page.waitForSelector(subj('runProgress'), { timeout: 30_000 });
  check(/\d+%/.test(await page.locator(subj('runProgress')).textContent()), 'a run started from the form shows its progress');
  await page.click(subj('cancelRun'));
  await page.waitForFunction(() => window.__textInsights?.runState === 'cancelled', null, { timeout: 60_000 });
  check(true, 'Cancel ends the run cancelled (through the _cancel route and the tasks API)');

  await page.goto(`${OSD}/app/dashboards#/view/text-insights-dashboard`, { timeout: 180_000 });
  await page.waitForSelector('[data-test-subj="dashboardPanel"], .react-grid-item', { timeout: 180_000 });
  // Let every panel fetch and render.
  await page.waitForTimeout(15_000);
  const panels = await page.locator('.react-grid-item').count();
  // The Run control, three cluster panels, three panels over the results, the saved search.
  check(panels === 8, `the dashboard shows ${panels} panels`);
  const errors = await page.locator('[data-test-subj="embeddableStackError"], .visError, [data-test-subj="embeddableError"]').count();
  check(errors === 0, 'no panel shows an error');
  await page.screenshot({ path: resolve(OUT, 'osd-dashboard.png'), fullPage: true });
} finally {
  await browser.close();
}
