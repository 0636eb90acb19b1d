import { describe, expect, it } from 'vitest';
import { dailyChart, lastDays } from '../../src/console/dailyChart';
import { escapeHtml, html } from '../../src/console/html';

describe('Console: html', () => {
  it('escapes every character that could end a text or an attribute', () => {
    // Act
    const escaped = escapeHtml(`<a href="x" onclick='y'>&\`</a>`);

    // Assess
    expect(escaped).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;');
  });

  it('escapes values, keeps its own nested templates, joins arrays and leaves out undefined, null and false', () => {
    // Act
    const page = html`<ul>${['<b>', html`<li>${'"x"'}</li>`]}${undefined}${null}${false}${0}</ul>`;

    // Assess
    expect(page.text).toBe('<ul>&lt;b&gt;<li>&quot;x&quot;</li>0</ul>');
  });
});

describe('Console: dailyChart', () => {
  const now = new Date('2026-12-04T18:00:00.000Z');

  it('lists the last 30 UTC days, oldest first, ending today', () => {
    // Act
    const days = lastDays(now);

    // Assess
    expect(days).toHaveLength(30);
    expect(days[0]).toBe('2026-11-05');
    expect(days.at(-1)).toBe('2026-12-04');
  });

  it('draws a bar a day, scaled to the highest count, with the date and count as its tooltip', () => {
    // Act
    const svg = dailyChart({ '2026-12-04': 4, '2026-12-01': 2, '2025-01-01': 99 }, now).text;

    // Assess
    expect(svg.match(/<rect class="bar"/g)).toHaveLength(30);
    expect(svg).toContain('<title>2026-12-04: 4</title>');
    expect(svg).toContain('<title>2026-12-01: 2</title>');
    expect(svg).toContain('<title>2026-11-05: 0</title>');
    expect(svg).not.toContain('99');
    expect(svg).toContain('aria-label="6 suppressions in the last 30 days, at most 4 a day"');
    const heights = [...svg.matchAll(/height="(\d+)"><title>(2026-12-0[14])/g)].map(([, h, d]) => [d, Number(h)]);
    expect(heights).toEqual([
      ['2026-12-01', 73],
      ['2026-12-04', 146],
    ]);
  });
});
