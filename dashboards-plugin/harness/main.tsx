import React from 'react';
import { createRoot } from 'react-dom/client';
import '@elastic/eui/dist/eui_theme_light.css';
import { TextInsightsApp } from '../public/app';
import { fetchHttp } from './http';

const params = new URLSearchParams(window.location.search);
createRoot(document.getElementById('root')!).render(
  <TextInsightsApp http={fetchHttp()} initialIndex={params.get('index') ?? undefined} />
);
