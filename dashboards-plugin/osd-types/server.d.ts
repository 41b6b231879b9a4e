// The slice of OpenSearch Dashboards' server core API (src/core/server) that this plugin uses, declared here because
// OSD's types are not published on any registry. Inside a real OSD checkout the tsconfig maps
// 'opensearch-dashboards/server' to the real src/core/server instead, and the plugin must type-check there too.
declare module 'opensearch-dashboards/server' {
  export interface Logger {
    debug(message: string): void;
    info(message: string): void;
    warn(message: string): void;
    error(message: string | Error): void;
  }

  export interface PluginInitializerContext {
    logger: { get(...contextParts: string[]): Logger };
  }

  export interface RouteValidationError extends Error {}

  export interface RouteValidationResultFactory {
    ok<T>(value: T): { value: T };
    badRequest(error: Error | string, path?: string[]): { error: RouteValidationError };
  }

  export type RouteValidationFunction<T> = (
    data: any,
    validationResult: RouteValidationResultFactory
  ) => { value: T; error?: never } | { value?: never; error: RouteValidationError };

  export interface RouteValidatorConfig<P, Q, B> {
    params?: RouteValidationFunction<P>;
    query?: RouteValidationFunction<Q>;
    body?: RouteValidationFunction<B>;
  }

  export interface RouteConfig<P, Q, B> {
    path: string;
    validate: RouteValidatorConfig<P, Q, B> | false;
  }

  export interface OpenSearchDashboardsRequest<P = unknown, Q = unknown, B = unknown> {
    readonly params: P;
    readonly query: Q;
    readonly body: B;
  }

  export interface HttpResponseOptions {
    body?: any;
    headers?: Record<string, string | string[]>;
  }

  export interface CustomHttpResponseOptions<T> {
    body?: T;
    headers?: Record<string, string | string[]>;
    statusCode: number;
  }

  export interface IOpenSearchDashboardsResponse {
    readonly status: number;
    readonly payload?: any;
  }

  export interface OpenSearchDashboardsResponseFactory {
    ok(options?: HttpResponseOptions): IOpenSearchDashboardsResponse;
    badRequest(options?: { body?: string | Error | { message: string } }): IOpenSearchDashboardsResponse;
    custom<T>(options: CustomHttpResponseOptions<T>): IOpenSearchDashboardsResponse;
    customError(options: CustomHttpResponseOptions<{ message: string } | string | Error>): IOpenSearchDashboardsResponse;
  }

  export interface TransportRequestParams {
    method: string;
    path: string;
    body?: any;
    querystring?: Record<string, any> | string;
  }

  export interface TransportRequestPromise<T> extends Promise<T> {
    abort?: () => void;
  }

  export interface OpenSearchClient {
    transport: {
      request(params: TransportRequestParams, options?: Record<string, unknown>): TransportRequestPromise<{
        body: any;
        statusCode: number | null;
        headers?: Record<string, any> | null;
      }>;
    };
  }

  export interface RequestHandlerContext {
    core: {
      opensearch: {
        client: { asCurrentUser: OpenSearchClient; asInternalUser: OpenSearchClient };
      };
    };
  }

  export type RequestHandler<P = unknown, Q = unknown, B = unknown> = (
    context: RequestHandlerContext,
    request: OpenSearchDashboardsRequest<P, Q, B>,
    response: OpenSearchDashboardsResponseFactory
  ) => Promise<IOpenSearchDashboardsResponse> | IOpenSearchDashboardsResponse;

  export type RouteRegistrar = <P, Q, B>(route: RouteConfig<P, Q, B>, handler: RequestHandler<P, Q, B>) => void;

  export interface IRouter {
    get: RouteRegistrar;
    post: RouteRegistrar;
    delete: RouteRegistrar;
  }

  export interface CoreSetup {
    http: { createRouter(): IRouter };
  }

  export interface CoreStart {}

  export interface Plugin<TSetup = void, TStart = void> {
    setup(core: CoreSetup, plugins: object): TSetup;
    start(core: CoreStart, plugins: object): TStart;
    stop?(): void;
  }
}
