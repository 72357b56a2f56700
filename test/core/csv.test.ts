import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvRecords } from '../../src/core/formats/csv';

function writeCsv(rows: string[][]): string {
  return rows.map((row) => row.map((field) => (/[",\r\n]/.test(field) || field === '' ? `"${field.replace(/"/g, '""')}"` : field)).join(',')).join('\r\n');
}

describe('parseCsv (RFC 4180)', () => {
  it('reads quoted fields with commas, quotes and newlines', () => {
    const text = 'movieId,title,genres\n11,"American President, The (1995)",Comedy|Drama\n12,"Say ""hi""\nthere",\n';
    expect(parseCsv(text)).toEqual([
      ['movieId', 'title', 'genres'],
      ['11', 'American President, The (1995)', 'Comedy|Drama'],
      ['12', 'Say "hi"\nthere', ''],
    ]);
  });

  it('accepts CRLF and a missing final newline', () => {
    expect(parseCsv('a,b\r\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('maps rows to records by header', () => {
    expect(parseCsvRecords('id,name\n1,Ann\n2,')).toEqual([
      { id: '1', name: 'Ann' },
      { id: '2', name: '' },
    ]);
  });

  it('round-trips anything a CSV writer produces', () => {
    const field = fc.string({ maxLength: 12 });
    const rows = fc.integer({ min: 1, max: 5 }).chain((width) => fc.array(fc.array(field, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 8 }));
    fc.assert(
      fc.property(rows, (table) => {
        expect(parseCsv(writeCsv(table))).toEqual(table);
      }),
    );
  });
});
