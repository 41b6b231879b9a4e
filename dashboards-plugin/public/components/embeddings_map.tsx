// The 2-D map of every sample, drawn on one canvas: tens of thousands of points stay smooth because nothing per point
// lives in the DOM. Points outside the current filter are drawn dimmed underneath the ones inside it.

import React, { useEffect, useMemo, useRef, useState } from 'react';
import { EuiButtonGroup, EuiFlexGroup, EuiFlexItem, EuiPanel, EuiText, EuiTitle } from '@elastic/eui';
import type { PointsResponse } from '../../common';
import type { Box } from '../filter';
import { ColorBy, DIMMED_COLOR, PointGrid, colorIndex, toData, toScreen, viewport } from '../map_geometry';

export interface HoverInfo {
  index: number;
  text?: string;
}

export interface EmbeddingsMapProps {
  points: PointsResponse['points'];
  mask: Uint8Array;
  colorBy: ColorBy;
  onColorBy(colorBy: ColorBy): void;
  clusterOrder: number[];
  clusterNames: Map<number, string>;
  classes: string[];
  texts: Map<string, string>;
  /** Called with ids whose text the cache lacks (the hovered point), so the app can fetch them. */
  onMissingTexts?(ids: string[]): void;
  onBox(box: Box | undefined): void;
  height?: number;
}

const COLOR_OPTIONS: Array<{ id: ColorBy; label: string }> = [
  { id: 'cluster', label: 'Cluster' },
  { id: 'dep', label: 'DEP' },
  { id: 'label', label: 'Label' },
  { id: 'correct', label: 'Correct' },
];

const POINT = 3;

export function EmbeddingsMap(props: EmbeddingsMapProps) {
  const { points, mask, colorBy, clusterOrder, classes, height = 460 } = props;
  const wrapper = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(800);
  const [hover, setHover] = useState<{ index: number; sx: number; sy: number } | undefined>();
  const [drag, setDrag] = useState<{ x0: number; y0: number; x1: number; y1: number } | undefined>();
  const [drawn, setDrawn] = useState({ total: 0, highlighted: 0 });

  useEffect(() => {
    const el = wrapper.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(200, Math.floor(el.clientWidth || 800)));
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const view = useMemo(() => viewport(points, width, height), [points, width, height]);
  const screen = useMemo(() => {
    const sx = new Float32Array(points.x.length);
    const sy = new Float32Array(points.x.length);
    for (let i = 0; i < points.x.length; i++) {
      const [x, y] = toScreen(view, points.x[i], points.y[i]);
      sx[i] = x;
      sy[i] = y;
    }
    return { sx, sy };
  }, [points, view]);
  const colors = useMemo(() => colorIndex(points, colorBy, clusterOrder, classes), [points, colorBy, clusterOrder, classes]);
  const grid = useMemo(() => new PointGrid(screen.sx, screen.sy, 8, mask), [screen, mask]);

  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext?.('2d');
    if (!el || !ctx) return;
    const ratio = typeof window !== 'undefined' ? window.devicePixelRatio || 1 : 1;
    el.width = Math.floor(width * ratio);
    el.height = Math.floor(height * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const n = points.x.length;
    const half = POINT / 2;
    let highlighted = 0;
    ctx.fillStyle = DIMMED_COLOR;
    for (let i = 0; i < n; i++) if (!mask[i]) ctx.fillRect(screen.sx[i] - half, screen.sy[i] - half, POINT, POINT);
    // Bucket the kept points by colour, then draw each bucket with a single fillStyle.
    const buckets: number[][] = colors.palette.map(() => []);
    for (let i = 0; i < n; i++) if (mask[i]) buckets[colors.index[i]].push(i);
    buckets.forEach((bucket, c) => {
      ctx.fillStyle = colors.palette[c];
      for (const i of bucket) ctx.fillRect(screen.sx[i] - half, screen.sy[i] - half, POINT, POINT);
      highlighted += bucket.length;
    });
    setDrawn({ total: n, highlighted });
  }, [points, mask, colors, screen, width, height]);

  const local = (event: React.MouseEvent) => {
    const rect = (event.currentTarget as HTMLElement).getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  };

  const onMouseDown = (event: React.MouseEvent) => {
    const { x, y } = local(event);
    setDrag({ x0: x, y0: y, x1: x, y1: y });
  };
  const onMouseMove = (event: React.MouseEvent) => {
    const { x, y } = local(event);
    if (drag) {
      setDrag({ ...drag, x1: x, y1: y });
      return;
    }
    const index = grid.nearest(x, y);
    setHover(index >= 0 ? { index, sx: screen.sx[index], sy: screen.sy[index] } : undefined);
  };
  const onMouseUp = (event: React.MouseEvent) => {
    if (!drag) return;
    const { x, y } = local(event);
    setDrag(undefined);
    // A click (no drag) clears the box; a drag of a few pixels selects the points inside it.
    if (Math.abs(x - drag.x0) < 4 && Math.abs(y - drag.y0) < 4) {
      props.onBox(undefined);
      return;
    }
    const [x0, y0] = toData(view, drag.x0, drag.y0);
    const [x1, y1] = toData(view, x, y);
    props.onBox({ x0: Math.min(x0, x1), x1: Math.max(x0, x1), y0: Math.min(y0, y1), y1: Math.max(y0, y1) });
  };

  const hovered = hover ? hover.index : -1;
  const id = hovered >= 0 ? points.id[hovered] : undefined;
  const { texts, onMissingTexts } = props;
  // The hovered point's text comes from the app's cache; ask for it when it is not there yet.
  useEffect(() => {
    if (id !== undefined && !texts.has(id) && onMissingTexts) onMissingTexts([id]);
  }, [id, texts, onMissingTexts]);
  return (
    <EuiPanel paddingSize="m" data-test-subj="embeddingsMap">
      <EuiFlexGroup alignItems="center" justifyContent="spaceBetween" gutterSize="s" responsive={false}>
        <EuiFlexItem grow={false}>
          <EuiTitle size="xs">
            <h3>Embeddings map</h3>
          </EuiTitle>
          <EuiText size="xs" color="subdued">
            {drawn.highlighted.toLocaleString()} of {drawn.total.toLocaleString()} samples; drag a box to filter the table
          </EuiText>
        </EuiFlexItem>
        <EuiFlexItem grow={false}>
          <EuiButtonGroup
            legend="Colour the map by"
            options={COLOR_OPTIONS.map((o) => ({ id: o.id, label: o.label, 'data-test-subj': `colorBy-${o.id}` }))}
            idSelected={colorBy}
            onChange={(value) => props.onColorBy(value as ColorBy)}
            buttonSize="compressed"
          />
        </EuiFlexItem>
      </EuiFlexGroup>
      <div
        ref={wrapper}
        style={{ position: 'relative', height, marginTop: 8, cursor: 'crosshair', userSelect: 'none' }}
        onMouseDown={onMouseDown}
        onMouseMove={onMouseMove}
        onMouseUp={onMouseUp}
        onMouseLeave={() => {
          setHover(undefined);
          setDrag(undefined);
        }}
      >
        <canvas
          ref={canvas}
          data-test-subj="embeddingsCanvas"
          data-points-drawn={drawn.total}
          data-points-highlighted={drawn.highlighted}
          style={{ width, height, display: 'block' }}
        />
        {drag && (
          <div
            style={{
              position: 'absolute',
              left: Math.min(drag.x0, drag.x1),
              top: Math.min(drag.y0, drag.y1),
              width: Math.abs(drag.x1 - drag.x0),
              height: Math.abs(drag.y1 - drag.y0),
              border: '1px dashed #343741',
              background: 'rgba(0,107,184,0.08)',
              pointerEvents: 'none',
            }}
          />
        )}
        {hover && id !== undefined && (
          <div
            data-test-subj="mapTooltip"
            style={{
              position: 'absolute',
              left: Math.min(hover.sx + 10, width - 320),
              top: Math.max(0, Math.min(hover.sy + 10, height - 140)),
              width: 300,
              pointerEvents: 'none',
              background: 'white',
              border: '1px solid #D3DAE6',
              borderRadius: 4,
              padding: 8,
              boxShadow: '0 2px 6px rgba(0,0,0,0.15)',
              fontSize: 12,
            }}
          >
            <div style={{ marginBottom: 4 }}>{props.texts.get(id) ?? <em>text of {id} not loaded</em>}</div>
            <div>
              label <b>{points.label[hovered] ?? '-'}</b>, predicted <b>{points.prediction[hovered] ?? '-'}</b>, DEP{' '}
              <b>{points.dep[hovered] == null ? '-' : Number(points.dep[hovered]).toFixed(3)}</b>
            </div>
            <div>cluster {props.clusterNames.get(points.cluster_id[hovered]) ?? points.cluster_id[hovered]}</div>
          </div>
        )}
      </div>
    </EuiPanel>
  );
}
