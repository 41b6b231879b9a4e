// The slice of OpenSearch Dashboards' browser core API (src/core/public) that this plugin uses; see server.d.ts for
// why it is declared here. Inside a real OSD checkout 'opensearch-dashboards/public' maps to src/core/public.
declare module 'opensearch-dashboards/public' {
  export interface HttpFetchOptions {
    method?: string;
    query?: Record<string, string | number | boolean | undefined>;
    body?: string;
    headers?: Record<string, string>;
  }

  export interface HttpSetup {
    fetch<T = unknown>(path: string, options?: HttpFetchOptions): Promise<T>;
    basePath: { prepend(path: string): string };
  }

  export type HttpStart = HttpSetup;

  export interface AppMountParameters {
    element: HTMLElement;
    appBasePath: string;
    history?: unknown;
    onAppLeave?: unknown;
    setHeaderActionMenu?: unknown;
  }

  export type AppUnmount = () => void;

  export interface App {
    id: string;
    title: string;
    category?: { id: string; label: string; order?: number; euiIconType?: string };
    order?: number;
    mount(params: AppMountParameters): AppUnmount | Promise<AppUnmount>;
  }

  export interface CoreStart {
    http: HttpStart;
    chrome: { setBreadcrumbs(crumbs: Array<{ text: string; href?: string }>): void };
  }

  export interface CoreSetup {
    application: { register(app: App): void };
    getStartServices(): Promise<[CoreStart, object, unknown]>;
  }

  export interface PluginInitializerContext {}

  export interface Plugin<TSetup = void, TStart = void> {
    setup(core: CoreSetup, plugins: object): TSetup;
    start(core: CoreStart, plugins: object): TStart;
    stop?(): void;
  }
}
