import { LAYOUT_SELECTORS, compareLayout, type Box, type Layout, type LayoutElement, type LayoutSelector } from './layoutBaseline';

// Given a page's layout on a phone and its baseline, only what a person would call a layout
// regression is a difference: new data (more rows, another id in the heading) is not.

const box = (x: number, y: number, width: number, height: number): Box => ({ x, y, width, height });
const element = (selector: LayoutSelector, at: Box, in_scroller = false): LayoutElement => ({ selector, box: at, in_scroller });

/** A layout as layoutOf answers it: the counts are those of its elements. */
const layoutWith = (elements: LayoutElement[], page: Partial<Pick<Layout, 'viewport_width' | 'scroll_width' | 'scroll_height' | 'overflowing'>> = {}): Layout => {
  const counts = Object.fromEntries(LAYOUT_SELECTORS.map((s) => [s, elements.filter((e) => e.selector === s).length])) as Record<LayoutSelector, number>;
  return { viewport_width: 390, scroll_width: 390, scroll_height: 1_800, overflowing: [], ...page, counts, elements };
};

const TOPBAR = element('header.topbar', box(0, 0, 390, 120));
const NAV = element('nav', box(12, 40, 366, 70));
const H1 = element('main h1', box(12, 140, 300, 33));
const PANEL = element('.panel', box(12, 190, 366, 400));
const WRAP = element('.table-wrap', box(12, 610, 366, 900));
const TABLE = element('table', box(12, 610, 366, 900), true);
const baseline = layoutWith([TOPBAR, NAV, H1, element('main > *', box(12, 190, 366, 400)), PANEL, element('.panel', box(12, 600, 366, 200)), WRAP, TABLE]);

describe('compareLayout', () => {
  test('alike within the tolerances: more rows, a longer heading, a few pixels here and there, more panels', () => {
    const actual = layoutWith([
      TOPBAR, element('nav', box(12, 44, 370, 70)), element('main h1', box(12, 150, 330, 45)),
      element('main > *', box(12, 200, 366, 400)), PANEL, element('.panel', box(12, 600, 366, 200)), element('.panel', box(12, 800, 366, 200)),
      element('.table-wrap', box(12, 1_000, 360, 2_400)), element('table', box(12, 1_000, 360, 2_400), true),
    ], { scroll_height: 3_400 });
    expect(compareLayout(baseline, actual)).toEqual([]);
    expect(compareLayout(baseline, baseline)).toEqual([]);
  });

  test('names a navigation that moved, a table wider than the screen and a panel that disappeared', () => {
    const actual = layoutWith([
      TOPBAR, element('nav', box(12, 130, 366, 70)), H1,
      element('main > *', box(12, 190, 366, 400)), WRAP, element('table', box(12, 610, 720, 900)),
    ], { scroll_width: 732, overflowing: ['table.responsive', 'td.amount'] });
    expect(compareLayout(baseline, actual)).toEqual([
      'scrolls sideways: 732 px of content in a 390 px viewport (past the right edge: table.responsive, td.amount)',
      'table: 1 reaches past the 390 px viewport (the farthest to 732 px)',
      '.panel: none any more, the baseline had 2',
      'nav moved or changed size: y 40 → 130 px (±16)',
      "table: the widest is 720 px, the baseline's 366 px (more than 10 % of the viewport)",
    ]);
  });

  test('a table wider than the screen inside its scrolling wrapper is no difference; a drawer that appeared is', () => {
    const actual = layoutWith([...baseline.elements.filter((e) => e.selector !== 'table'), element('table', box(12, 610, 400, 900), true), element('.drawer', box(0, 0, 390, 844))]);
    expect(compareLayout(baseline, actual)).toEqual(['.drawer: 1 now, the baseline had none']);
  });

  test('another viewport is the one difference named', () => {
    const desktop = layoutWith([TOPBAR], { viewport_width: 1_280, scroll_width: 1_280, scroll_height: 600 });
    expect(compareLayout(baseline, desktop)).toEqual(["viewport 1280 px wide, the baseline's 390 px: compare a page with the baseline of its own viewport"]);
  });

  test('a heading gone, a page less than half as tall, panels twice as wide, a baseline older than the selector list', () => {
    const older = structuredClone(baseline);
    delete (older.counts as Partial<Record<LayoutSelector, number>>)['.drawer'];
    const actual = layoutWith([TOPBAR, NAV, element('main > *', box(12, 190, 366, 400)), element('.panel', box(0, 190, 390, 100)), element('.panel', box(0, 300, 390, 100)), WRAP, TABLE], { scroll_height: 800 });
    actual.elements = actual.elements.map((e) => (e.selector === '.panel' ? { ...e, box: { ...e.box, width: e.box.width * 2 } } : e));
    expect(compareLayout(older, actual)).toEqual([
      '.panel: 2 reach past the 390 px viewport (the farthest to 780 px)',
      'main h1: none any more, the baseline had 1',
      '.drawer: the baseline has no count of it (it predates the selector list): rewrite the baseline',
      ".panel: the widest is 780 px, the baseline's 366 px (more than 10 % of the viewport)",
      "page 800 px tall, the baseline's 1800 px (more than 2 times taller or shorter)",
    ]);
  });
});
