import { describe, expect, it } from 'vitest';
import type { Reason } from '../../src/core/explain/reasons';
import { headlineReason, WIDGET_LANGUAGES, WIDGET_TEXT, widgetLanguage } from '../../src/widget/widget-text';

const REASONS: Reason[] = [
  { kind: 'matches-interests', labels: ['Sci-Fi', 'space'] },
  { kind: 'because-you-liked', title: 'Alien', via: 'neighbors' },
  { kind: 'because-you-liked', title: 'Alien', via: 'similar' },
  { kind: 'related-to-session' },
  { kind: 'exploring', tag: 'Film-Noir' },
  { kind: 'popular', popularity: 10 },
  { kind: 'new', year: '2026' },
  { kind: 'seen-before' },
  { kind: 'unlike-dislikes', labels: ['Horror'] },
];

describe('widget text', () => {
  it('says every reason in English and Chinese, naming what the reason names', () => {
    for (const lang of WIDGET_LANGUAGES) {
      const said = REASONS.map((reason) => WIDGET_TEXT[lang].reason(reason));
      expect(new Set(said).size).toBe(REASONS.length);
      expect(said[0]).toContain('Sci-Fi');
      expect(said[1]).toContain('Alien');
      expect(said[4]).toContain('Film-Noir');
    }
    expect(WIDGET_TEXT.zh.reason(REASONS[1]!)).toBe('读过《Alien》的人也喜欢');
    expect(WIDGET_TEXT.zh.reason(REASONS[0]!)).toBe('符合你对Sci-Fi、space的兴趣');
  });

  it('reads the lang attribute (zh-CN → zh; anything else → en)', () => {
    expect(widgetLanguage('zh-CN')).toBe('zh');
    expect(widgetLanguage('ZH')).toBe('zh');
    expect(widgetLanguage('fr')).toBe('en');
    expect(widgetLanguage(null)).toBe('en');
  });

  it('a compact card shows the most personal reason', () => {
    expect(headlineReason([{ kind: 'popular', popularity: 3 }, { kind: 'because-you-liked', title: 'Alien', via: 'neighbors' }])?.kind).toBe('because-you-liked');
    expect(headlineReason([{ kind: 'popular', popularity: 3 }])?.kind).toBe('popular');
    expect(headlineReason([])).toBeUndefined();
  });
});
