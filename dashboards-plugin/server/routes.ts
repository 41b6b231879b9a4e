// The plugin's server routes: each validates its parameters, then forwards the request to the OpenSearch plugin's
// REST API as the calling user. The node's answers, 4xx included, go back to the browser unchanged.

import type {
  IOpenSearchDashboardsResponse,
  IRouter,
  OpenSearchClient,
  OpenSearchDashboardsResponseFactory,
  RequestHandlerContext,
  RouteValidationFunction,
} from 'opensearch-dashboards/server';
import { NODE_API, ROUTES } from '../common';
import {
  ClusterParams,
  RunParams,
  Validated,
  validateClusterParams,
  validateClusterSamplesQuery,
  validateClustersQuery,
  validateDeleteRunQuery,
  validateListRunsQuery,
  validateNoQuery,
  validatePointsQuery,
  validateRunParams,
  validateSamplesQuery,
  validateStartRunBody,
} from './validation';

/** Adapts one of our validators to OSD's route validation function (a failure becomes OSD's 400). */
export function osdValidator<T>(validate: (raw: any) => Validated<T>): RouteValidationFunction<T> {
  return (data, result) => {
    const checked = validate(data);
    return checked.ok ? result.ok(checked.value) : result.badRequest(checked.error);
  };
}

interface NodeCall {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  querystring?: Record<string, unknown>;
  body?: Record<string, any>;
}

/** What the OpenSearch JS client throws for an HTTP error: the status and parsed body live on `meta`. */
interface ClientError {
  meta?: { statusCode?: number; body?: unknown };
  statusCode?: number;
  body?: unknown;
  message?: string;
}

function client(context: RequestHandlerContext): OpenSearchClient {
  return context.core.opensearch.client.asCurrentUser;
}

function querystring(query: Record<string, unknown> | undefined): Record<string, string> | undefined {
  if (!query) return undefined;
  const entries = Object.entries(query).filter(([, v]) => v !== undefined && v !== null);
  return entries.length ? Object.fromEntries(entries.map(([k, v]) => [k, String(v)])) : undefined;
}

export async function callNode(context: RequestHandlerContext, call: NodeCall) {
  return client(context).transport.request({
    method: call.method,
    path: call.path,
    querystring: querystring(call.querystring),
    body: call.body,
  });
}

/**
 * The node's own error, status and body as it sent them. A Buffer payload is how OSD lets a proxy return an error
 * body opaquely: any other body on a 4xx/5xx is rewritten into OSD's {statusCode, error, message} shape.
 */
export function passThroughError(error: unknown, response: OpenSearchDashboardsResponseFactory): IOpenSearchDashboardsResponse {
  const e = (error ?? {}) as ClientError;
  const statusCode = e.meta?.statusCode ?? e.statusCode;
  const body = e.meta?.body ?? e.body;
  if (typeof statusCode === 'number' && statusCode >= 400) {
    const payload = typeof body === 'string' ? body : JSON.stringify(body ?? { error: { reason: e.message }, status: statusCode });
    return response.custom({
      statusCode,
      body: Buffer.from(payload),
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
  }
  // No HTTP answer at all (connection refused, timeout): say so as a 502 rather than a bare 500.
  return response.customError({
    statusCode: 502,
    body: { message: `OpenSearch did not answer: ${e.message ?? String(error)}` },
  });
}

function proxy<P, Q, B>(toCall: (params: P, query: Q, body: B) => NodeCall) {
  return async (
    context: RequestHandlerContext,
    request: { params: P; query: Q; body: B },
    response: OpenSearchDashboardsResponseFactory
  ) => {
    try {
      const result = await callNode(context, toCall(request.params, request.query, request.body));
      return response.ok({ body: result.body });
    } catch (error) {
      return passThroughError(error, response);
    }
  };
}

const runPath = (p: RunParams, tail = '') => `${NODE_API}/runs/${encodeURIComponent(p.run_id)}${tail}`;

/** OpenSearch's error shape, for the few errors this server makes itself (so the browser reads one shape). */
function openSearchStyleError(response: OpenSearchDashboardsResponseFactory, status: number, type: string, reason: string) {
  return response.custom({
    statusCode: status,
    body: Buffer.from(JSON.stringify({ error: { type, reason, root_cause: [{ type, reason }] }, status })),
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}

export function defineRoutes(router: IRouter) {
  router.get(
    { path: ROUTES.datasets, validate: { query: osdValidator(validateNoQuery) } },
    proxy(() => ({ method: 'GET', path: `${NODE_API}/datasets` }))
  );

  router.get(
    { path: ROUTES.runs, validate: { query: osdValidator(validateListRunsQuery) } },
    proxy((_p, query) => ({ method: 'GET', path: `${NODE_API}/runs`, querystring: query as Record<string, unknown> }))
  );

  router.post(
    { path: ROUTES.runs, validate: { query: osdValidator(validateNoQuery), body: osdValidator(validateStartRunBody) } },
    proxy((_p, _q, body) => ({ method: 'POST', path: `${NODE_API}/runs`, body }))
  );

  router.get(
    { path: ROUTES.run, validate: { params: osdValidator(validateRunParams), query: osdValidator(validateNoQuery) } },
    proxy((params: RunParams) => ({ method: 'GET', path: runPath(params) }))
  );

  router.delete(
    { path: ROUTES.run, validate: { params: osdValidator(validateRunParams), query: osdValidator(validateDeleteRunQuery) } },
    proxy((params: RunParams, query) => ({ method: 'DELETE', path: runPath(params), querystring: query as Record<string, unknown> }))
  );

  // Cancelling goes through the tasks API with the task id the run document records; the browser only knows runs.
  router.post(
    { path: ROUTES.cancel, validate: { params: osdValidator(validateRunParams), query: osdValidator(validateNoQuery) } },
    async (context, request, response) => {
      try {
        const run = (await callNode(context, { method: 'GET', path: runPath(request.params) })).body as {
          state?: string;
          task?: string;
        };
        if (run.state !== 'running' || typeof run.task !== 'string' || !/^[\w-]+:\d+$/.test(run.task)) {
          return openSearchStyleError(
            response,
            409,
            'illegal_state_exception',
            `run [${request.params.run_id}] is not running (state [${run.state}]): only a running run can be cancelled`
          );
        }
        const cancelled = await callNode(context, { method: 'POST', path: `/_tasks/${encodeURIComponent(run.task)}/_cancel` });
        return response.ok({ body: { run_id: request.params.run_id, task: run.task, cancel: cancelled.body } });
      } catch (error) {
        return passThroughError(error, response);
      }
    }
  );

  router.get(
    { path: ROUTES.clusters, validate: { params: osdValidator(validateRunParams), query: osdValidator(validateClustersQuery) } },
    proxy((params: RunParams, query) => ({ method: 'GET', path: runPath(params, '/clusters'), querystring: query as Record<string, unknown> }))
  );

  router.get(
    {
      path: ROUTES.clusterSamples,
      validate: { params: osdValidator(validateClusterParams), query: osdValidator(validateClusterSamplesQuery) },
    },
    proxy((params: ClusterParams, query) => ({
      method: 'GET',
      path: runPath(params, `/clusters/${params.cluster_id}/samples`),
      querystring: query as Record<string, unknown>,
    }))
  );

  router.get(
    { path: ROUTES.samples, validate: { params: osdValidator(validateRunParams), query: osdValidator(validateSamplesQuery) } },
    proxy((params: RunParams, query) => ({ method: 'GET', path: runPath(params, '/samples'), querystring: query as Record<string, unknown> }))
  );

  router.get(
    { path: ROUTES.points, validate: { params: osdValidator(validateRunParams), query: osdValidator(validatePointsQuery) } },
    proxy((params: RunParams, query) => ({ method: 'GET', path: runPath(params, '/points'), querystring: query as Record<string, unknown> }))
  );

  for (const [route, tail] of [
    [ROUTES.metrics, '/metrics'],
    [ROUTES.alerts, '/alerts'],
  ] as const) {
    router.get(
      { path: route, validate: { params: osdValidator(validateRunParams), query: osdValidator(validateNoQuery) } },
      proxy((params: RunParams) => ({ method: 'GET', path: runPath(params, tail) }))
    );
  }
}

