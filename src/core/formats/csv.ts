/**
 * RFC 4180 CSV: quoted fields may hold commas, newlines and doubled quotes. Returns rows of
 * fields; a trailing newline does not produce an empty row. CR LF and LF both end a record.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let inQuotes = false;
  // A record that holds only `""` has an empty field but still exists.
  let started = false;
  let i = 0;
  const length = text.length;
  while (i < length) {
    const char = text[i]!;
    if (inQuotes) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
      } else {
        field += char;
      }
      i += 1;
      continue;
    }
    if (char === '"' && field.length === 0) {
      inQuotes = true;
      started = true;
    } else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      started = false;
      if (char === '\r' && text[i + 1] === '\n') i += 1;
    } else {
      field += char;
    }
    i += 1;
  }
  if (field.length > 0 || row.length > 0 || started) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Rows as objects keyed by the header row. */
export function parseCsvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (header === undefined) return [];
  return rows.map((row) => {
    const record: Record<string, string> = {};
    header.forEach((name, column) => {
      record[name] = row[column] ?? '';
    });
    return record;
  });
}
