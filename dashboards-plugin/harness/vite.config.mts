// The standalone harness: the app's page plus the plugin's own server routes (server/routes.ts, through
// harness/router.ts), proxying to a real node. `vite` serves it for development, `vite build` + `vite preview` for
// scripts/demo and the end-to-end tests. TEXT_INSIGHTS_NODE says which node (default http://127.0.0.1:9200).
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { API_BASE } from '../common';
import { defineRoutes } from '../server/routes';
import { HarnessRouter, harnessContext } from './router';

export function textInsightsRoutes(nodeUrl: string): Plugin {
  const router = new HarnessRouter(harnessContext(nodeUrl));
  defineRoutes(router);
  const middleware = router.middleware(API_BASE);
  return {
    name: 'text-insights-routes',
    configureServer(server) {
      server.middlewares.use(middleware);
    },
    configurePreviewServer(server) {
      server.middlewares.use(middleware);
    },
  };
}

const nodeUrl = process.env.TEXT_INSIGHTS_NODE ?? 'http://127.0.0.1:9200';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [textInsightsRoutes(nodeUrl)],
  build: {
    outDir: fileURLToPath(new URL('../target/harness', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 8000,
  },
  server: { host: '127.0.0.1', port: 5610, strictPort: false },
  preview: { host: '127.0.0.1', port: 5610, strictPort: false },
});
