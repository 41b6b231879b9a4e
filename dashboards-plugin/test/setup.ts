// jsdom has no canvas: the map's drawing is skipped (its geometry is tested on its own, its pixels in Chromium).
HTMLCanvasElement.prototype.getContext = (() => null) as unknown as HTMLCanvasElement['getContext'];
