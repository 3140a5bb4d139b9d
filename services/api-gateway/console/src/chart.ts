import { h } from './dom.js';

export interface Bar {
  label: string;
  value: number;
  /** A badge tone (ok, warn, bad, info, neutral) for the bar's colour. */
  tone?: string;
}

/**
 * A horizontal bar chart: each row is its label, the bar and its value as text at the page's own size
 * (text in a scaled SVG shrinks to a few pixels on a phone). The numbers are in the text, so they never
 * depend on colour or sight; the bars are decoration.
 */
export function barChart(title: string, bars: Bar[], format: (value: number) => string = String): HTMLElement {
  const max = Math.max(1, ...bars.map((b) => b.value));
  return h('figure', { class: 'chart-figure' }, h('figcaption', null, title),
    h('ul', { class: 'bars' }, bars.map((bar) => {
      const fill = h('span', { class: `bar tone-${bar.tone ?? 'info'}` });
      // The stylesheet policy allows no style attribute; a CSSOM property is not one.
      fill.style.width = `${Math.max(1, Math.round((bar.value / max) * 100))}%`;
      return h('li', { class: 'bar-row' },
        h('span', { class: 'bar-label' }, bar.label),
        h('span', { class: 'bar-track', 'aria-hidden': 'true' }, fill),
        h('span', { class: 'bar-value' }, format(bar.value)));
    })));
}
