// The map asks for the text of a hovered point the app has not loaded yet (beyond the prefetched highest-DEP ones).
import React from 'react';
import { act } from 'react-dom/test-utils';
import { afterEach, expect, it } from 'vitest';
import { EmbeddingsMap } from '../public/components/embeddings_map';
import { toScreen, viewport } from '../public/map_geometry';
import { render, Rendered, settle } from './render';

const POINTS = {
  id: ['a', 'b'],
  x: [0, 10],
  y: [0, 10],
  cluster_id: [0, 1],
  dep: [0.1, 0.9],
  label: ['World', 'Sports'],
  prediction: ['World', 'World'],
};

let view: Rendered | undefined;
afterEach(() => view?.unmount());

async function hoverPoint(texts: Map<string, string>, index: number): Promise<string[][]> {
  const asked: string[][] = [];
  view = await render(
    <EmbeddingsMap
      points={POINTS}
      mask={new Uint8Array([1, 1])}
      colorBy="cluster"
      onColorBy={() => undefined}
      clusterOrder={[0, 1]}
      clusterNames={new Map()}
      classes={['Sports', 'World']}
      texts={texts}
      onMissingTexts={(ids) => asked.push(ids)}
      onBox={() => undefined}
    />
  );
  const area = view.container.querySelector('canvas')!.parentElement!;
  // jsdom lays nothing out: the map measures 800 wide (its fallback) from the origin.
  const [sx, sy] = toScreen(viewport(POINTS, 800, 460), POINTS.x[index], POINTS.y[index]);
  await act(async () => {
    area.dispatchEvent(new MouseEvent('mousemove', { bubbles: true, clientX: sx, clientY: sy }));
  });
  await settle();
  return asked;
}

it('asks for the text of a hovered point that is not loaded', async () => {
  expect(await hoverPoint(new Map([['a', 'text of a']]), 1)).toEqual([['b']]);
});

it('does not ask for a text it has', async () => {
  expect(await hoverPoint(new Map([['b', 'text of b']]), 1)).toEqual([]);
});
