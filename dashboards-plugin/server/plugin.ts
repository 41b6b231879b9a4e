import type { CoreSetup, CoreStart, Logger, Plugin, PluginInitializerContext } from 'opensearch-dashboards/server';
import { defineRoutes } from './routes';

export class TextInsightsServerPlugin implements Plugin {
  private readonly logger: Logger;

  constructor(initializerContext: PluginInitializerContext) {
    this.logger = initializerContext.logger.get();
  }

  setup(core: CoreSetup) {
    defineRoutes(core.http.createRouter());
    this.logger.debug('text_insights: routes registered');
  }

  start(_core: CoreStart) {}

  stop() {}
}
