// The server routes through the harness's OSD router stand-in, with a recording fake of the scoped client: what is
// forwarded to the node, what is refused before it, and that the node's 4xx come back unchanged.
import { describe, expect, it } from 'vitest';
import type { RequestHandlerContext, TransportRequestParams } from 'opensearch-dashboards/server';
import { HarnessRouter } from '../harness/router';
import { defineRoutes } from '../server/routes';

type Answer = { status: number; body: unknown };

function setup(answer: (call: TransportRequestParams) => Answer) {
  const calls: TransportRequestParams[] = [];
  const client = {
    transport: {
      async request(params: TransportRequestParams) {
        calls.push(params);
        const a = answer(params);
        if (a.status >= 400) throw Object.assign(new Error('Response Error'), { meta: { statusCode: a.status, body: a.body } });
        return { body: a.body, statusCode: a.status, headers: {} };
      },
    },
  };
  const context = { core: { opensearch: { client: { asCurrentUser: client, asInternalUser: client } } } } as unknown as RequestHandlerContext;
  const router = new HarnessRouter(context);
  defineRoutes(router);
  return { router, calls };
}

function payloadJson(payload: unknown) {
  return Buffer.isBuffer(payload) ? JSON.parse(payload.toString('utf8')) : payload;
}

describe('server routes', () => {
  it('registers one route per endpoint the app uses', () => {
    const { router } = setup(() => ({ status: 200, body: {} }));
    expect(router.paths()).toEqual([
      'GET /api/text_insights/datasets',
      'GET /api/text_insights/runs',
      'POST /api/text_insights/runs',
      'GET /api/text_insights/runs/{run_id}',
      'DELETE /api/text_insights/runs/{run_id}',
      'POST /api/text_insights/runs/{run_id}/_cancel',
      'GET /api/text_insights/runs/{run_id}/clusters',
      'GET /api/text_insights/runs/{run_id}/clusters/{cluster_id}/samples',
      'GET /api/text_insights/runs/{run_id}/samples',
      'GET /api/text_insights/runs/{run_id}/points',
      'GET /api/text_insights/runs/{run_id}/metrics',
      'GET /api/text_insights/runs/{run_id}/alerts',
    ]);
  });

  it('forwards validated parameters to the plugin REST API as the current user', async () => {
    const { router, calls } = setup(() => ({ status: 200, body: { run_id: 'r1', total: 0, samples: [] } }));
    const r = await router.dispatch('GET', '/api/text_insights/runs/r1/samples?sort=dep&cluster_id=2&label=World&size=50', undefined);
    expect(r.status).toBe(200);
    expect(r.payload).toEqual({ run_id: 'r1', total: 0, samples: [] });
    expect(calls).toEqual([
      {
        method: 'GET',
        path: '/_plugins/_text_insights/runs/r1/samples',
        querystring: { sort: 'dep:desc', size: '50', cluster_id: '2', label: 'World' },
        body: undefined,
      },
    ]);
  });

  it('refuses bad parameters with a 400 before calling the node', async () => {
    const { router, calls } = setup(() => ({ status: 200, body: {} }));
    const r = await router.dispatch('GET', '/api/text_insights/runs/r1/clusters?sort=colour', undefined);
    expect(r.status).toBe(400);
    expect((r.payload as { message: string }).message).toContain('[sort] must be one of');
    const body = await router.dispatch('POST', '/api/text_insights/runs', { index: 'agnews', algorithm: { name: 'dbscan' } });
    expect(body.status).toBe(400);
    expect((body.payload as { message: string }).message).toContain('[algorithm.name] must be one of auto, kmeans, hdbscan');
    expect(calls).toHaveLength(0);
  });

  it("passes the plugin's 4xx through unchanged: status and OpenSearch's error body", async () => {
    const notFound = { error: { root_cause: [{ type: 'resource_not_found_exception', reason: 'run [nope] not found' }], type: 'resource_not_found_exception', reason: 'run [nope] not found' }, status: 404 };
    const { router } = setup(() => ({ status: 404, body: notFound }));
    const r = await router.dispatch('GET', '/api/text_insights/runs/nope/metrics', undefined);
    expect(r.status).toBe(404);
    expect(Buffer.isBuffer(r.payload)).toBe(true);
    expect(payloadJson(r.payload)).toEqual(notFound);
  });

  it("passes the node's 410 for a run whose results are gone through unchanged, for samples and points", async () => {
    const reason =
      "the per-sample results of run [dlwizvt22ep6nisrar5ymprr7u] are gone (dropped: more than plugins.text_insights.results.max_runs_per_dataset [1] completed runs of this dataset); its clusters, metrics and alerts remain; start the run again for its samples and map";
    const gone = { error: { root_cause: [{ type: 'status_exception', reason }], type: 'status_exception', reason }, status: 410 };
    const { router, calls } = setup(() => ({ status: 410, body: gone }));
    for (const url of [
      '/api/text_insights/runs/dlwizvt22ep6nisrar5ymprr7u/samples?sort=dep:desc&size=20',
      '/api/text_insights/runs/dlwizvt22ep6nisrar5ymprr7u/points?max=200000',
      '/api/text_insights/runs/dlwizvt22ep6nisrar5ymprr7u/clusters/2/samples',
    ]) {
      const r = await router.dispatch('GET', url, undefined);
      expect(r.status).toBe(410);
      expect(payloadJson(r.payload)).toEqual(gone);
    }
    expect(calls.map((c) => c.path)).toEqual([
      '/_plugins/_text_insights/runs/dlwizvt22ep6nisrar5ymprr7u/samples',
      '/_plugins/_text_insights/runs/dlwizvt22ep6nisrar5ymprr7u/points',
      '/_plugins/_text_insights/runs/dlwizvt22ep6nisrar5ymprr7u/clusters/2/samples',
    ]);
  });

  it('forwards the results target of a new run', async () => {
    const { router, calls } = setup(() => ({ status: 200, body: { run_id: 'r2', state: 'running' } }));
    const r = await router.dispatch('POST', '/api/text_insights/runs', { index: 'agnews', write_back: { target: 'dataset' } });
    expect(r.status).toBe(200);
    expect(calls[0].body).toEqual({ index: 'agnews', write_back: { target: 'dataset' } });
  });

  it('starts a run with the body as validated', async () => {
    const { router, calls } = setup(() => ({ status: 200, body: { run_id: 'r2', task: 'n:7', state: 'running' } }));
    const r = await router.dispatch('POST', '/api/text_insights/runs', { index: 'agnews', split: 'test', summaries: { enabled: false } });
    expect(r.status).toBe(200);
    expect(calls[0]).toMatchObject({ method: 'POST', path: '/_plugins/_text_insights/runs', body: { index: 'agnews', split: 'test', summaries: { enabled: false } } });
  });

  it("cancels a running run through the tasks API with the task id from the run's document", async () => {
    const { router, calls } = setup((call) =>
      call.path.startsWith('/_tasks') ? { status: 200, body: { nodes: {} } } : { status: 200, body: { run_id: 'r3', state: 'running', task: 'nodeA:42' } }
    );
    const r = await router.dispatch('POST', '/api/text_insights/runs/r3/_cancel', undefined);
    expect(r.status).toBe(200);
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /_plugins/_text_insights/runs/r3', 'POST /_tasks/nodeA%3A42/_cancel']);
  });

  it('answers 409 in OpenSearch error shape when the run is not running, and cancels nothing', async () => {
    const { router, calls } = setup(() => ({ status: 200, body: { run_id: 'r4', state: 'completed', task: 'nodeA:1' } }));
    const r = await router.dispatch('POST', '/api/text_insights/runs/r4/_cancel', undefined);
    expect(r.status).toBe(409);
    expect(payloadJson(r.payload).error.reason).toContain('run [r4] is not running (state [completed])');
    expect(calls).toHaveLength(1);
  });

  it('reports a node that does not answer as a 502', async () => {
    const { router } = setup(() => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:9200');
    });
    const r = await router.dispatch('GET', '/api/text_insights/datasets', undefined);
    expect(r.status).toBe(502);
    expect((r.payload as { message: string }).message).toContain('ECONNREFUSED');
  });
});
