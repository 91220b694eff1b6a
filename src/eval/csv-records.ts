/**
 * A small RFC 4180 reader: comma-separated fields, fields in double quotes may hold commas, line
 * breaks and doubled quotes (`""`), records end at CRLF or LF. Enough for the JPCERT/CC CSVs,
 * whose URLs and brand names sometimes carry commas.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let index = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRecord = (): void => {
    record.push(field);
    field = '';
    // A blank line is not a record.
    if (!(record.length === 1 && record[0] === '')) records.push(record);
    record = [];
  };
  while (index < text.length) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"') {
        if (text[index + 1] === '"') {
          field += '"';
          index += 2;
          continue;
        }
        quoted = false;
      } else {
        field += char;
      }
      index += 1;
      continue;
    }
    if (char === '"' && field === '') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\n') endRecord();
    else if (char === '\r') {
      if (text[index + 1] !== '\n') endRecord();
    } else field += char;
    index += 1;
  }
  if (quoted) throw new Error('unterminated quoted field at end of input');
  if (field !== '' || record.length > 0) endRecord();
  return records;
}

/** Parses a CSV with a header line into objects keyed by the header's column names. */
export function parseCsvWithHeader(text: string): { header: string[]; rows: Record<string, string>[] } {
  const [header, ...records] = parseCsv(text);
  if (!header) return { header: [], rows: [] };
  const rows = records.map((record) => Object.fromEntries(header.map((column, position) => [column, record[position] ?? ''])));
  return { header, rows };
}
