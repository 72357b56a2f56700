import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeMindProblem, exposureCounts, historyReads, mindItems, parseMind, parseMindTime } from '../../src/core/datasets/mind';
import { hashUniform, impressionMetrics, meanWithError, strictOrder } from '../../src/core/eval/impression-metrics';
import { replayHistory } from '../../src/core/eval/news';

const NEWS = 'N1\tsports\tfootball\tLate goal\tA header.\nN2\tfinance\tmarkets\tStocks fall\t\nN3\tfood\trecipes\tPasta\tQuick.\thttps://example.com/n3\t[]\t[]\n';

describe('MIND files', () => {
  it('reads news and impressions in MIND\'s layout, "-" for a missing user or time', () => {
    const parsed = parseMind({ news: NEWS, behaviors: '7\tU1\t11/15/2019 8:55:22 PM\tN1 N2\tN3-1 N2-0\n8\t-\t-\t\tN1-0 N3-1\n' });
    expect(parsed.kind).toBe('ok');
    if (parsed.kind !== 'ok') return;
    expect(parsed.data.news[2]).toEqual({ id: 'N3', category: 'food', subcategory: 'recipes', title: 'Pasta', abstract: 'Quick.', url: 'https://example.com/n3' });
    expect(parsed.data.impressions).toEqual([
      { impressionId: '7', user: 'U1', time: Date.UTC(2019, 10, 15, 20, 55, 22), history: ['N1', 'N2'], candidates: [{ newsId: 'N3', clicked: true }, { newsId: 'N2', clicked: false }] },
      { impressionId: '8', user: null, time: null, history: [], candidates: [{ newsId: 'N1', clicked: false }, { newsId: 'N3', clicked: true }] },
    ]);
    expect(mindItems(parsed.data).map((item) => [item.id, item.tags, item.popularity])).toEqual([
      ['N1', ['sports', 'football'], 1],
      ['N2', ['finance', 'markets'], 1],
      ['N3', ['food', 'recipes'], 0],
    ]);
    // Exposure counts candidates shown, never whether they were clicked.
    expect([...exposureCounts(parsed.data.impressions)]).toEqual([['N3', 2], ['N2', 1], ['N1', 1]]);
    expect([...historyReads(parsed.data.impressions)]).toEqual([['N1', 1], ['N2', 1]]);
  });

  it('names the file, the row and what is wrong', () => {
    const problem = (news: string | undefined, behaviors: string | undefined): string => {
      const parsed = parseMind({ news, behaviors });
      return parsed.kind === 'problem' ? describeMindProblem(parsed.problem) : 'ok';
    };
    expect(problem(undefined, '')).toBe('news.tsv is missing (a MIND folder needs news.tsv and behaviors.tsv)');
    expect(problem(NEWS, '1\t-\t-\tN1\n')).toBe('behaviors.tsv, row 1: 4 tab-separated columns, expected at least 5');
    expect(problem(NEWS, '1\t-\t-\tN1\tN2-1\n2\t-\t-\tN9\tN2-0\n')).toBe('behaviors.tsv, row 2: news N9 is not in news.tsv');
    expect(problem(NEWS, '1\t-\t-\tN1\tN2-yes\n')).toBe('behaviors.tsv, row 1: impressions is "N2-yes"');
    expect(problem(NEWS, '1\t-\tyesterday\tN1\tN2-1\n')).toBe('behaviors.tsv, row 1: time is "yesterday"');
  });

  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (news, behaviors) => void parseMind({ news, behaviors })));
  });

  it('reads MIND times on a 12-hour clock', () => {
    expect(parseMindTime('11/15/2019 12:05:00 AM')).toBe(Date.UTC(2019, 10, 15, 0, 5));
    expect(parseMindTime('11/15/2019 12:05:00 PM')).toBe(Date.UTC(2019, 10, 15, 12, 5));
    expect(parseMindTime('13/45/2019 1:00:00 XM')).toBeNull();
  });

  it('replays the history oldest first, before the impression', () => {
    const { events, now } = replayHistory({ impressionId: '1', user: null, time: 10_000_000, history: ['a', 'b'], candidates: [] });
    expect(now).toBe(10_000_000);
    expect(events.map((e) => e.itemId)).toEqual(['a', 'b']);
    expect(events[0]!.at).toBeLessThan(events[1]!.at);
    expect(events[1]!.at).toBeLessThan(now);
  });
});

describe('per-impression metrics', () => {
  it('match hand-worked values', () => {
    // Order: c0 (clicked), c1, c2 (clicked), c3.
    const m = impressionMetrics([0, 1, 2, 3], [true, false, true, false])!;
    expect(m.auc).toBeCloseTo(3 / 4);
    expect(m.mrr).toBeCloseTo((1 + 1 / 3) / 2);
    expect(m['ndcg@5']).toBeCloseTo((1 + 1 / 2) / (1 + 1 / Math.log2(3)));
    expect(impressionMetrics([0, 1], [true, true])).toBeNull();
    expect(impressionMetrics([0, 1], [false, false])).toBeNull();
  });

  it('are in [0, 1], perfect for the perfect order and zero AUC for the reverse', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 2, maxLength: 40 }), (clicked) => {
        if (!clicked.includes(true) || !clicked.includes(false)) return;
        const best = clicked.map((_, i) => i).sort((a, b) => Number(clicked[b]) - Number(clicked[a]));
        const perfect = impressionMetrics(best, clicked)!;
        expect(perfect.auc).toBe(1);
        expect(perfect['ndcg@10']).toBeCloseTo(1);
        expect(perfect.mrr).toBeGreaterThan(0);
        expect(impressionMetrics([...best].reverse(), clicked)!.auc).toBe(0);
        for (const v of Object.values(impressionMetrics(clicked.map((_, i) => i), clicked)!)) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1 + 1e-12);
        }
      }),
    );
  });

  it('break ties by a seeded hash of the ids, never by the order the file lists candidates in', () => {
    const ids = ['N1', 'N2', 'N3', 'N4', 'N5'];
    const tie = new Float64Array(5);
    const order = (list: string[]): string[] => strictOrder(tie, list.map((id) => hashUniform(1, `imp ${id}`))).map((i) => list[i]!);
    expect(order(ids)).toEqual(order([...ids].reverse()));
    expect(order(ids)).toEqual(order(['N3', 'N1', 'N5', 'N2', 'N4']));
  });

  it('report the standard error of the mean', () => {
    expect(meanWithError([1, 0, 1, 0])).toEqual({ mean: 0.5, se: Math.sqrt(1 / 3 / 4) });
  });
});
