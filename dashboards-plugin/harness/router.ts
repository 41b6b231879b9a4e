// A stand-in for the slice of OpenSearch Dashboards' HTTP server the plugin's routes use (router, route validation,
// response factory, the scoped OpenSearch client), so the standalone harness runs the very same server/routes.ts
// against a real node. It mirrors OSD's behaviour where the app can see it: validation failures are OSD's 400
// {statusCode, error, message}; a Buffer payload is sent as is; the client throws {meta: {statusCode, body}}.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  IOpenSearchDashboardsResponse,
  IRouter,
  OpenSearchDashboardsResponseFactory,
  RequestHandler,
  RequestHandlerContext,
  RouteConfig,
  TransportRequestParams,
} from 'opensearch-dashboards/server';

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  config: RouteConfig<any, any, any>;
  handler: RequestHandler<any, any, any>;
}

class ResponseError extends Error {
  constructor(readonly meta: { statusCode: number; body: unknown }) {
    super(`Response Error ${meta.statusCode}`);
  }
}

export function nodeClient(nodeUrl: string) {
  const base = nodeUrl.replace(/\/$/, '');
  return {
    transport: {
      async request(params: TransportRequestParams) {
        const qs = params.querystring && typeof params.querystring === 'object' ? new URLSearchParams(params.querystring as Record<string, string>).toString() : '';
        const response = await fetch(`${base}${params.path}${qs ? `?${qs}` : ''}`, {
          method: params.method,
          headers: params.body === undefined ? undefined : { 'content-type': 'application/json' },
          body: params.body === undefined ? undefined : JSON.stringify(params.body),
        });
        const text = await response.text();
        let body: unknown = text;
        try {
          body = text ? JSON.parse(text) : {};
        } catch {
          // not JSON: keep the text
        }
        if (response.status >= 400) throw new ResponseError({ statusCode: response.status, body });
        return { body, statusCode: response.status, headers: Object.fromEntries(response.headers.entries()) };
      },
    },
  };
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 404: 'Not Found', 409: 'Conflict', 500: 'Internal Server Error', 502: 'Bad Gateway' };

export const responseFactory: OpenSearchDashboardsResponseFactory = {
  ok: (options = {}) => ({ status: 200, payload: options.body, options }),
  badRequest: (options = {}) => ({
    status: 400,
    payload: { statusCode: 400, error: 'Bad Request', message: String((options.body as { message?: string })?.message ?? options.body) },
  }),
  custom: (options) => ({ status: options.statusCode, payload: options.body, options }),
  customError: (options) => ({
    status: options.statusCode,
    payload: {
      statusCode: options.statusCode,
      error: STATUS_TEXT[options.statusCode] ?? 'Error',
      message: typeof options.body === 'string' ? options.body : (options.body as { message?: string })?.message,
    },
  }),
} as OpenSearchDashboardsResponseFactory;

export class HarnessRouter implements IRouter {
  private readonly routes: Route[] = [];
  readonly get;
  readonly post;
  readonly delete;

  constructor(private readonly context: RequestHandlerContext) {
    const register = (method: string) => (config: RouteConfig<any, any, any>, handler: RequestHandler<any, any, any>) => {
      const names: string[] = [];
      const pattern = new RegExp(
        `^${config.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\\?\}|\{(\w+)\}/g, (_m, a, b) => {
          names.push(a ?? b);
          return '([^/]+)';
        })}$`
      );
      this.routes.push({ method, pattern, names, config, handler });
    };
    this.get = register('GET');
    this.post = register('POST');
    this.delete = register('DELETE');
  }

  paths(): string[] {
    return this.routes.map((r) => `${r.method} ${r.config.path}`);
  }

  /** Runs one request through validation and the handler, as OSD would; returns the status and payload. */
  async dispatch(method: string, url: string, rawBody: unknown): Promise<IOpenSearchDashboardsResponse & { headers?: Record<string, string> }> {
    const parsed = new URL(url, 'http://harness');
    const candidates = this.routes.filter((r) => r.pattern.test(parsed.pathname));
    const route = candidates.find((r) => r.method === method);
    if (!route) {
      return candidates.length
        ? { status: 405, payload: { statusCode: 405, error: 'Method Not Allowed', message: `${method} is not allowed on ${parsed.pathname}` } }
        : { status: 404, payload: { statusCode: 404, error: 'Not Found', message: 'Not Found' } };
    }
    const match = route.pattern.exec(parsed.pathname)!;
    const params = Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(match[i + 1])]));
    const query: Record<string, string> = {};
    parsed.searchParams.forEach((v, k) => (query[k] = v));
    const validated: Record<string, unknown> = { params: {}, query: {}, body: undefined };
    const inputs: Record<string, unknown> = { params, query, body: rawBody };
    if (route.config.validate) {
      for (const part of ['params', 'query', 'body'] as const) {
        const fn = route.config.validate[part];
        if (!fn) continue;
        const result = fn(inputs[part], {
          ok: (value) => ({ value }),
          badRequest: (error) => ({ error: error instanceof Error ? error : new Error(error) }),
        });
        if (result.error) {
          return { status: 400, payload: { statusCode: 400, error: 'Bad Request', message: `[request ${part}]: ${result.error.message}` } };
        }
        validated[part] = result.value;
      }
    }
    const request = { params: validated.params, query: validated.query, body: validated.body };
    return route.handler(this.context, request, responseFactory) as Promise<IOpenSearchDashboardsResponse & { headers?: Record<string, string> }>;
  }

  /** Connect-style middleware: serves every route under `prefix`, passes everything else on. */
  middleware(prefix: string) {
    return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
      if (!req.url || !req.url.startsWith(prefix)) return next();
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        let body: unknown;
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          send(res, { status: 400, payload: { statusCode: 400, error: 'Bad Request', message: 'Invalid request payload JSON format' } });
          return;
        }
        try {
          send(res, await this.dispatch(req.method ?? 'GET', req.url!, body));
        } catch (e) {
          send(res, { status: 500, payload: { statusCode: 500, error: 'Internal Server Error', message: String(e) } });
        }
      });
    };
  }
}

function send(res: ServerResponse, response: IOpenSearchDashboardsResponse & { options?: { headers?: Record<string, unknown> } }) {
  res.statusCode = response.status;
  const payload = response.payload;
  if (Buffer.isBuffer(payload)) {
    const type = response.options?.headers?.['content-type'];
    res.setHeader('content-type', typeof type === 'string' ? type : 'application/octet-stream');
    res.end(payload);
    return;
  }
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(payload ?? {}));
}

export function harnessContext(nodeUrl: string): RequestHandlerContext {
  const client = nodeClient(nodeUrl);
  return { core: { opensearch: { client: { asCurrentUser: client, asInternalUser: client } } } } as RequestHandlerContext;
}
