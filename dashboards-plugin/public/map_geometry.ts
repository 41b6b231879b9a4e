// Pure geometry and colouring for the embeddings map, kept apart from the canvas so it is unit-tested without one.

import type { PointsResponse } from '../common';

export type ColorBy = 'cluster' | 'dep' | 'label' | 'correct';

export interface Viewport {
  width: number;
  height: number;
  padding: number;
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

export function viewport(points: PointsResponse['points'], width: number, height: number, padding = 12): Viewport {
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < points.x.length; i++) {
    const x = points.x[i];
    const y = points.y[i];
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  if (!Number.isFinite(minX)) {
    minX = minY = 0;
    maxX = maxY = 1;
  }
  if (maxX === minX) maxX = minX + 1;
  if (maxY === minY) maxY = minY + 1;
  return { width, height, padding, minX, maxX, minY, maxY };
}

export function toScreen(v: Viewport, x: number, y: number): [number, number] {
  const sx = v.padding + ((x - v.minX) / (v.maxX - v.minX)) * (v.width - 2 * v.padding);
  // Screen y grows downwards; the map's y grows upwards.
  const sy = v.height - v.padding - ((y - v.minY) / (v.maxY - v.minY)) * (v.height - 2 * v.padding);
  return [sx, sy];
}

export function toData(v: Viewport, sx: number, sy: number): [number, number] {
  const x = v.minX + ((sx - v.padding) / (v.width - 2 * v.padding)) * (v.maxX - v.minX);
  const y = v.minY + ((v.height - v.padding - sy) / (v.height - 2 * v.padding)) * (v.maxY - v.minY);
  return [x, y];
}

// OUI's colour-blind-safe palette (euiPaletteColorBlind), spelled out so the map does not depend on OUI internals.
export const PALETTE = ['#54B399', '#6092C0', '#D36086', '#9170B8', '#CA8EAE', '#D6BF57', '#B9A888', '#DA8B45', '#AA6556', '#E7664C'];
export const NOISE_COLOR = '#98A2B3';
export const DIMMED_COLOR = 'rgba(152,162,179,0.25)';
export const CORRECT_COLOR = '#54B399';
export const INCORRECT_COLOR = '#E7664C';
/** DEP from 0 (blue, easy) to 1 (red, likely mislabeled), in 10 steps. */
export const DEP_COLORS = Array.from({ length: 10 }, (_, i) => {
  const t = i / 9;
  const r = Math.round(96 + t * (231 - 96));
  const g = Math.round(146 + t * (102 - 146));
  const b = Math.round(192 + t * (76 - 192));
  return `rgb(${r},${g},${b})`;
});

export function categoryColor(rank: number): string {
  return PALETTE[((rank % PALETTE.length) + PALETTE.length) % PALETTE.length];
}

/**
 * One colour per point, as an index into the returned palette, so the canvas can draw colour by colour (one
 * fillStyle change per colour instead of per point).
 */
export function colorIndex(
  points: PointsResponse['points'],
  colorBy: ColorBy,
  clusterOrder: number[],
  classes: string[]
): { palette: string[]; index: Uint16Array } {
  const n = points.x.length;
  const index = new Uint16Array(n);
  if (colorBy === 'dep') {
    const palette = [...DEP_COLORS, NOISE_COLOR];
    for (let i = 0; i < n; i++) {
      const d = points.dep[i];
      index[i] = d == null ? DEP_COLORS.length : Math.min(9, Math.max(0, Math.floor(d * 10)));
    }
    return { palette, index };
  }
  if (colorBy === 'correct') {
    const palette = [CORRECT_COLOR, INCORRECT_COLOR, NOISE_COLOR];
    for (let i = 0; i < n; i++) {
      const l = points.label[i];
      const p = points.prediction[i];
      index[i] = l == null || p == null ? 2 : l === p ? 0 : 1;
    }
    return { palette, index };
  }
  if (colorBy === 'label') {
    const palette = [...classes.map((_, r) => categoryColor(r)), NOISE_COLOR];
    const rank = new Map(classes.map((c, r) => [c, r]));
    for (let i = 0; i < n; i++) index[i] = rank.get(points.label[i] ?? '') ?? classes.length;
    return { palette, index };
  }
  const ids = clusterOrder.filter((c) => c >= 0);
  const palette = [...ids.map((_, r) => categoryColor(r)), NOISE_COLOR];
  const rank = new Map(ids.map((c, r) => [c, r]));
  for (let i = 0; i < n; i++) index[i] = rank.get(points.cluster_id[i]) ?? ids.length;
  return { palette, index };
}

/** A grid over screen space for nearest-point look-ups on hover (constant time for tens of thousands of points). */
export class PointGrid {
  private readonly cells = new Map<number, number[]>();
  constructor(private readonly sx: Float32Array, private readonly sy: Float32Array, private readonly cell = 8, mask?: Uint8Array) {
    for (let i = 0; i < sx.length; i++) {
      if (mask && !mask[i]) continue;
      const key = this.key(Math.floor(sx[i] / cell), Math.floor(sy[i] / cell));
      const list = this.cells.get(key);
      if (list) list.push(i);
      else this.cells.set(key, [i]);
    }
  }
  private key(cx: number, cy: number) {
    return cx * 100003 + cy;
  }
  nearest(x: number, y: number, radius = 6): number {
    const cx = Math.floor(x / this.cell);
    const cy = Math.floor(y / this.cell);
    const reach = Math.ceil(radius / this.cell);
    let best = -1;
    let bestD = radius * radius;
    for (let dx = -reach; dx <= reach; dx++) {
      for (let dy = -reach; dy <= reach; dy++) {
        for (const i of this.cells.get(this.key(cx + dx, cy + dy)) ?? []) {
          const d = (this.sx[i] - x) ** 2 + (this.sy[i] - y) ** 2;
          if (d <= bestD) {
            bestD = d;
            best = i;
          }
        }
      }
    }
    return best;
  }
}
