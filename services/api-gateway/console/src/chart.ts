import { h, svg } from './dom.js';

export interface Bar {
  label: string;
  value: number;
  /** A badge tone (ok, warn, bad, info, neutral) for the bar's colour. */
  tone?: string;
}

const ROW_HEIGHT = 26;
const LABEL_WIDTH = 130;
const VALUE_WIDTH = 70;
const WIDTH = 480;

/**
 * A horizontal bar chart in SVG that scales to its box. Each bar has its label and value as text, and
 * the figure has a text alternative, so the numbers never depend on colour or sight.
 */
export function barChart(title: string, bars: Bar[], format: (value: number) => string = String): HTMLElement {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const height = Math.max(1, bars.length) * ROW_HEIGHT;
  const plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const rows = bars.map((bar, i) => {
    const y = i * ROW_HEIGHT;
    const width = Math.max(2, Math.round((bar.value / max) * plot));
    return svg('g', {},
      svg('text', { x: LABEL_WIDTH - 8, y: y + 17, 'text-anchor': 'end', class: 'chart-label' }, bar.label),
      svg('rect', { x: LABEL_WIDTH, y: y + 5, width, height: ROW_HEIGHT - 10, rx: 3, class: `chart-bar tone-${bar.tone ?? 'info'}` }),
      svg('text', { x: LABEL_WIDTH + width + 6, y: y + 17, class: 'chart-value' }, format(bar.value)));
  });
  const description = bars.map((b) => `${b.label}: ${format(b.value)}`).join(', ');
  const figure = svg('svg', { viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-label': `${title}. ${description}`, class: 'chart', preserveAspectRatio: 'xMinYMin meet' }, ...rows);
  return h('figure', { class: 'chart-figure' }, h('figcaption', null, title), figure);
}
