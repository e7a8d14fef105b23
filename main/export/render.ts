// The export file in each format: JSON keeps the records' own keys and ids (for programs); CSV
// and XLSX are for people (tables.ts). CSV carries a byte-order mark, so Excel on Windows reads
// it as UTF-8 and Cyrillic is not garbled.
import ExcelJS from 'exceljs';
import type { ExportResult } from '../../shared/api.ts';
import type { Locale } from '../../shared/locale.ts';
import { buildTables, CSV_COLUMNS, type Cell, type ExportData, type Table } from './tables.ts';
import { EXPORT_WORDS } from './words.ts';

export type ExportFormat = ExportResult['format'];

const BOM = '\ufeff';

export async function renderExport(data: ExportData, format: ExportFormat, locale: Locale): Promise<ExportResult> {
  const fileName = `zvit-${data.from}_${data.to}.${format}`;
  switch (format) {
    case 'json':
      return { format, contentType: 'application/json', fileName, encoding: 'utf8', body: renderJson(data) };
    case 'csv':
      return { format, contentType: 'text/csv; charset=utf-8', fileName, encoding: 'utf8', body: renderCsv(buildTables(data, locale), locale) };
    case 'xlsx':
      return {
        format,
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        fileName,
        encoding: 'base64',
        body: (await renderXlsx(buildTables(data, locale), locale)).toString('base64'),
      };
  }
}

function renderJson(data: ExportData): string {
  const iso = (t: number) => new Date(t).toISOString();
  const body = {
    from: data.from,
    to: data.to,
    zone: data.zone,
    deviceId: data.deviceId,
    currency: data.currency,
    segments: data.segments.map((s) => ({ ...s, startIso: iso(s.start), endIso: iso(s.end) })),
    idleDecisions: data.decisions,
    spans: data.spans.map((s) => ({ ...s, startIso: iso(s.start), endIso: iso(s.end) })),
    days: data.days.filter((d) => d.plan || d.report),
  };
  return JSON.stringify(body, null, 2) + '\n';
}

const text = (cell: Cell | undefined): string => {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'object') return cell.text;
  return String(cell);
};

function renderCsv(tables: Table[], locale: Locale): string {
  const header = CSV_COLUMNS.map((c) => EXPORT_WORDS[locale].columns[c]);
  const lines = [header, ...tables.flatMap((t) => t.rows.map((row) => CSV_COLUMNS.map((c) => text(row[c]))))];
  return BOM + lines.map((line) => line.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** RFC 4180, plus a leading quote mark against formula injection when opened in a spreadsheet. */
export function csvField(value: string): string {
  let v = value;
  if (/^[=+\-@\t\r]/.test(v) && !/^-?\d/.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

async function renderXlsx(tables: Table[], locale: Locale): Promise<Buffer> {
  const words = EXPORT_WORDS[locale];
  const book = new ExcelJS.Workbook();
  book.creator = 'Zvit';
  for (const table of tables) {
    const sheet = book.addWorksheet(words.sheets[table.name], { views: [{ state: 'frozen', ySplit: 1 }] });
    // The record column says which table a CSV row came from; a sheet's name says it here.
    const columns = table.columns.filter((c) => c !== 'record');
    sheet.columns = columns.map((c) => ({ header: words.columns[c], key: c, width: c === 'detail' || c === 'comment' || c === 'what' ? 40 : c === 'zone' ? 26 : 16 }));
    sheet.getRow(1).font = { bold: true };
    for (const row of table.rows) {
      const values: Record<string, string | number | Date | null> = {};
      for (const c of columns) {
        const cell = row[c];
        // Times are real date-time cells (the zone's wall clock), so a spreadsheet can sort and sum them.
        values[c] = cell === undefined ? null : cell !== null && typeof cell === 'object' ? cell.wall : cell;
      }
      sheet.addRow(values);
    }
    for (const c of ['start', 'end'] as const) {
      if (columns.includes(c)) sheet.getColumn(c).numFmt = 'yyyy-mm-dd hh:mm:ss';
    }
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
