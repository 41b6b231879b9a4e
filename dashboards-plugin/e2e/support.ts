// What the end-to-end tests share: the node (TEXT_INSIGHTS_NODE), the bundled sample loaded by scripts/load (the
// same loader the Python end-to-end tests use), the harness served by `vite preview`, and Debian's Chromium.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';

export const PLUGIN_DIR = resolve(__dirname, '..');
export const REPO = resolve(PLUGIN_DIR, '..');
export const TARGET = resolve(PLUGIN_DIR, 'target');
export const NODE = (process.env.TEXT_INSIGHTS_NODE ?? '').replace(/\/$/, '');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export async function node<T = any>(path: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; body: T }> {
  const response = await fetch(NODE + path, {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
}

/** A fresh dataset holding the bundled 5,000-sample AG News subset. */
export async function loadSample(index: string) {
  // Runs of an earlier copy of the dataset would otherwise be listed (and opened) first.
  const runs = await node<{ runs?: Array<{ run_id: string }> }>(`/_plugins/_text_insights/runs?index=${index}&size=100`);
  for (const run of runs.body.runs ?? []) await node(`/_plugins/_text_insights/runs/${run.run_id}`, { method: 'DELETE' });
  await node(`/_plugins/_text_insights/datasets/${index}?delete_index=true`, { method: 'DELETE' });
  const created = await node(`/_plugins/_text_insights/datasets/${index}`, {
    method: 'PUT',
    body: { dimension: 384, number_of_shards: 2, number_of_replicas: 0, fields: { classes: ['Business', 'Sci/Tech', 'Sports', 'World'] } },
  });
  if (created.status !== 200) throw new Error(`creating ${index}: ${JSON.stringify(created.body)}`);
  const sample = resolve(REPO, 'scripts/data/agnews-sample');
  execFileSync('python3', [
    resolve(REPO, 'scripts/load'), '--url', NODE, '--index', index,
    '--jsonl', resolve(sample, 'samples.jsonl.gz'), '--vectors', resolve(sample, 'embeddings.f16.npy'), '--refresh', '--quiet',
  ], { stdio: 'inherit' });
}

export async function startHarness(): Promise<{ server: PreviewServer; url: string }> {
  if (!existsSync(resolve(TARGET, 'harness/index.html'))) throw new Error('build the harness first: npm run build:harness');
  process.env.TEXT_INSIGHTS_NODE = NODE;
  const server = await preview({ configFile: resolve(PLUGIN_DIR, 'harness/vite.config.mts'), preview: { port: 5611, strictPort: false, open: false } });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview has no local URL');
  return { server, url };
}

export async function launchChromium(): Promise<Browser> {
  // launch() gives every browser a fresh, empty profile of its own (it refuses a --user-data-dir argument).
  // Without the background-networking flags Chromium keeps dialling Google's hosts, which this network refuses.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
    ],
  });
}

export function screenshotPath(name: string) {
  const dir = resolve(TARGET, 'screenshots');
  mkdirSync(dir, { recursive: true });
  return resolve(dir, name);
}
