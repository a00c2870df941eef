import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CSV_BOM, csvField, csvRecord, neutralizeFormula } from '../../src/server/csv.js';

describe('CSV writing', () => {
  const odd = [
    'Größe „XL“, Öse',
    'Łódź – żółć, źdźbło',
    'He said "no"',
    'line one\nline two',
    'cr\rlf\r\n',
    '=cmd|" /C calc"!A0',
    '+49 30 1234',
    '-1',
    '@SUM(A1)',
    '\tindented',
    '\rreturn first',
    '',
    'plain',
  ];

  it('writes fields a real RFC 4180 parser reads back, formulas neutralised', () => {
    const text = CSV_BOM + csvRecord(['a', 'b']) + odd.map((cell) => csvRecord([cell, 42])).join('');
    const records = parse(text, { bom: true, relax_quotes: false }) as string[][];
    expect(records[0]).toEqual(['a', 'b']);
    expect(records.slice(1).map((record) => record[0])).toEqual(odd.map(neutralizeFormula));
    expect(records.slice(1).every((record) => record[1] === '42')).toBe(true);
  });

  it('quotes only what needs it, doubles quotes and ends lines with CRLF', () => {
    expect(csvField('plain Größe')).toBe('plain Größe');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(3.5)).toBe('3.5');
    expect(csvRecord(['x', 'y'])).toBe('x,y\r\n');
  });

  it.each(['=1+1', '+1', '-1', '@x', '\tx', '\rx'])('puts a single quote before %j', (cell) => {
    expect(neutralizeFormula(cell)).toBe(`'${cell}`);
  });

  it('leaves other cells alone, a quote or space in front included', () => {
    for (const cell of [' =1', "'=1", 'a=1', '2026-01-01T00:00:00.000Z', ''])
      expect(neutralizeFormula(cell)).toBe(cell);
  });

  it('quotes a neutralised cell that starts with a carriage return', () => {
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
  });
});
