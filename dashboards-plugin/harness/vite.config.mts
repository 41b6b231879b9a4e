// The standalone harness: the app's page plus the plugin's own server routes (server/routes.ts, through
// harness/router.ts), proxying to a real node. `vite build` + `vite preview` serve it (the dev server would not bundle
// OUI's icons, see ouiIcons) for scripts/ui and the end-to-end tests. TEXT_INSIGHTS_NODE says which node.
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

/**
 * OUI loads each icon with import('./assets/' + name + '.js'): webpack (OSD) bundles every candidate, Vite only
 * rewrites template-literal imports. Spell that one import as a template literal so Vite bundles the icons too.
 */
function ouiIcons(): Plugin {
  return {
    name: 'oui-icon-imports',
    enforce: 'pre',
    transform(code, id) {
      if (!/@elastic\/eui\/es\/(eui_)?components\/icon\/icon\.js$/.test(id)) return undefined;
      const rewritten = code.replace(/import\([^)]*?'\.\/assets\/'\s*\+\s*iconPath\s*\+\s*'\.js'\s*\)/, 'import(`./assets/${iconPath}.js`)');
      if (rewritten === code) throw new Error('OUI icon import not found: check harness/vite.config.mts against this OUI version');
      return { code: rewritten, map: null };
    },
  };
}

const nodeUrl = process.env.TEXT_INSIGHTS_NODE ?? 'http://127.0.0.1:9200';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [ouiIcons(), textInsightsRoutes(nodeUrl)],
  build: {
    outDir: fileURLToPath(new URL('../target/harness', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 8000,
    // Vite leaves node_modules out of its dynamic-import rewriting unless told (see ouiIcons).
    dynamicImportVarsOptions: { include: [/@elastic\/eui\/es\/(eui_)?components\/icon\/icon\.js$/], exclude: [] },
  },
  server: { host: '127.0.0.1', port: 5610, strictPort: false },
  preview: { host: '127.0.0.1', port: 5610, strictPort: false },
});
