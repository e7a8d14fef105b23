// Byte vectors built by hand from the Compound Text Encoding spec and the ISO 8859 / EUC
// tables, not by encoding with the code under test. x11.test.ts checks the Cyrillic one
// against what Xlib (xprop -f WM_NAME 8t) really stores.
import { describe, expect, it } from 'vitest';
import { decodeCompoundText, extendedSegmentLabel } from './compound-text.ts';

const ESC = 0x1b;
const STX = 0x02;
const CSI = 0x9b;

/** Concatenates bytes; strings must be ASCII (escape sequence letters, plain text). */
function ct(...parts: (number | string | number[])[]): Uint8Array {
  return Uint8Array.from(
    parts.flatMap((part) =>
      typeof part === 'number' ? [part] : typeof part === 'string' ? [...part].map((c) => c.charCodeAt(0)) : part,
    ),
  );
}

/** ISO 8859-5 by its layout: U+0401–U+045F sit at 0xA1–0xFF (0x360 lower); space stays 0x20. */
function iso88595(text: string): number[] {
  return [...text].map((char) => {
    const cp = char.codePointAt(0)!;
    if (char === ' ') return 0x20;
    if (cp < 0x401 || cp > 0x45f) throw new Error(`not in ISO 8859-5: ${char}`);
    return cp - 0x360;
  });
}

/** An extended segment: ESC % / F, two length bytes counting name, STX and data. */
function extended(width: number, name: string, data: number[]): number[] {
  const length = name.length + 1 + data.length;
  return [...ct(ESC, '%/', 0x30 + width, 0x80 | (length >> 7), 0x80 | (length & 0x7f), name, STX), ...data];
}

describe('decodeCompoundText', () => {
  it('reads ASCII in GL and Latin-1 in GR before any designation', () => {
    expect(decodeCompoundText(ct('Plan: caf', 0xe9, ' ', 0xc6, 0xd8))).toBe('Plan: café ÆØ');
  });

  it('reads Cyrillic after ESC - L, byte for byte as Xlib writes it', () => {
    const title = 'Угода з ТОВ Ромашка';
    const bytes = ct(ESC, '-L', iso88595(title));
    expect([...bytes.subarray(0, 5)]).toEqual([0x1b, 0x2d, 0x4c, 0xc3, 0xd3]);
    expect(decodeCompoundText(bytes)).toBe(title);
  });

  it('keeps Ukrainian letters of ISO 8859-5 (Є, і, ї) and mixes them with ASCII', () => {
    expect(decodeCompoundText(ct('CRM: ', ESC, '-L', iso88595('Єва їде і'), ' (2)'))).toBe('CRM: Єва їде і (2)');
  });

  it.each([
    ['ISO 8859-1', 'A', [0xe9], 'é'],
    ['ISO 8859-2', 'B', [0xa3, 0xb1], 'Łą'],
    ['ISO 8859-3', 'C', [0xa1, 0xfd], 'Ħŭ'],
    ['ISO 8859-4', 'D', [0xa2, 0xbd], 'ĸŊ'],
    ['ISO 8859-5', 'L', [0xb0, 0xf4], 'Ає'],
    ['ISO 8859-7', 'F', [0xc1, 0xe1], 'Αα'],
    ['ISO 8859-8', 'H', [0xe0, 0xfa], 'את'],
    ['ISO 8859-9', 'M', [0xf0, 0xde], 'ğŞ'],
    ['ISO 8859-15', 'b', [0xa4], '€'],
  ])('designates %s to GR with ESC - %s', (_name, final, gr, expected) => {
    expect(decodeCompoundText(ct('x', ESC, '-', final, gr, 'y'))).toBe(`x${expected}y`);
  });

  it('switches GR sets mid-string as Xlib does for "Łódź"', () => {
    // Real xprop output: Ł and ź from Latin-2, ó from Latin-1.
    expect(decodeCompoundText(ct(ESC, '-B', 0xa3, ESC, '-A', 0xf3, 'd', ESC, '-B', 0xbc))).toBe('Łódź');
  });

  it('reads JIS-Roman after ESC ( J and ASCII again after ESC ( B', () => {
    expect(decodeCompoundText(ct(ESC, '(J', 0x5c, '1~', ESC, '(B', 0x5c, '~'))).toBe('¥1‾\\~');
  });

  it('reads a UTF-8 segment ESC % G … ESC % @', () => {
    expect(decodeCompoundText(ct('a', ESC, '%G', [0xf0, 0x9f, 0x98, 0x80, 0xd2, 0x91], ESC, '%@', 'b'))).toBe('a😀ґb');
  });

  it('reads a UTF-8 segment left open to the end', () => {
    expect(decodeCompoundText(ct(ESC, '%G', [0xd2, 0x90]))).toBe('Ґ');
  });

  it('reads what Xlib writes for text no single ISO 8859 part covers', () => {
    // xprop -f WM_NAME 8t -set WM_NAME 'Ґанок ґ — café €' stored exactly these bytes.
    const bytes = ct(
      ESC, '%G', [0xd2, 0x90], ESC, '%@',
      ESC, '-L', iso88595('анок'), ' ',
      ESC, '%G', [0xd2, 0x91], ESC, '%@', ' ',
      ESC, '%G', [0xe2, 0x80, 0x94], ESC, '%@', ' caf',
      ESC, '-A', 0xe9, ' ',
      ESC, '-b', 0xa4,
    );
    expect(decodeCompoundText(bytes)).toBe('Ґанок ґ — café €');
  });

  it.each([
    ['koi8-r', [0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4], 'Привет'],
    ['koi8-u', [0xa6, 0xa7], 'ії'],
    ['iso8859-15', [0xa4, 0xbd], '€œ'],
    ['ISO8859-5', [0xb0], 'А'],
    ['windows-1251', [0xd0, 0xee, 0xec, 0xe0, 0xf8, 0xea, 0xe0], 'Ромашка'],
    ['microsoft-cp1251', [0xb3, 0xbf], 'ії'],
    ['utf-8', [0xd0, 0xb7, 0xd0, 0xb2, 0xd1, 0x96, 0xd1, 0x82], 'звіт'],
  ])('reads an extended segment named %s', (name, data, expected) => {
    expect(decodeCompoundText(ct('<', extended(1, name, data), '>'))).toBe(`<${expected}>`);
  });

  it('reads an extended segment longer than 127 bytes (two length bytes)', () => {
    const word = [0xd0, 0xb4, 0xd0, 0xb5, 0xd0, 0xbd, 0xd1, 0x8c, 0x20]; // "день " in UTF-8
    const data = Array.from({ length: 20 }, () => word).flat();
    const bytes = ct(extended(0, 'utf-8', data), 'end');
    expect(bytes[4]).toBe(0x81); // M: 1×128 + …
    expect(decodeCompoundText(bytes)).toBe(`${'день '.repeat(20)}end`);
  });

  it('reads JIS X 0208 in GL as Xlib writes "日本語"', () => {
    expect(decodeCompoundText(ct(ESC, '$(B', [0x46, 0x7c, 0x4b, 0x5c, 0x38, 0x6c]))).toBe('日本語');
  });

  it('reads GB 2312 and KS C 5601 in GR and JIS X 0201 katakana', () => {
    expect(decodeCompoundText(ct(ESC, '$)A', [0xd6, 0xd0, 0xce, 0xc4]))).toBe('中文');
    expect(decodeCompoundText(ct(ESC, '$)C', [0xc7, 0xd1, 0xb1, 0xb9]))).toBe('한국');
    expect(decodeCompoundText(ct(ESC, ')I', [0xb1, 0xb2]))).toBe('ｱｲ');
  });

  it('replaces characters of unknown designations with U+FFFD and recovers on the next one', () => {
    // ESC - Z and ESC $ ( G name sets this decoder does not have: a 96-set and a 94²-set.
    expect(decodeCompoundText(ct('a', ESC, '-Z', 0xc1, 0xc2, 'b', ESC, '-A', 0xe9))).toBe('a\uFFFD\uFFFDbé');
    expect(decodeCompoundText(ct(ESC, '$(G', [0x44, 0x21, 0x44, 0x22], ESC, '(B', 'ok'))).toBe('\uFFFD\uFFFDok');
  });

  it('replaces an extended segment in an encoding it cannot decode, then goes on', () => {
    expect(decodeCompoundText(ct(extended(1, 'armscii-8', [0xb2, 0xb3, 0xb4]), 'ok'))).toBe('\uFFFD\uFFFD\uFFFDok');
    expect(decodeCompoundText(ct(extended(0, 'no-such-set', [1, 2, 3]), 'ok'))).toBe('\uFFFDok');
  });

  it('drops direction marks and version control, keeps tabs and newlines', () => {
    expect(decodeCompoundText(ct(CSI, '2]', 'ab', CSI, ']', ESC, '# 0', '\tc\n'))).toBe('ab\tc\n');
  });

  it('marks broken input with U+FFFD instead of throwing', () => {
    expect(decodeCompoundText(ct('a', ESC))).toBe('a\uFFFD');
    expect(decodeCompoundText(ct('a', ESC, '-'))).toBe('a\uFFFD');
    expect(decodeCompoundText(ct(ESC, '$)A', [0xd6, 0xd0, 0xce]))).toBe('中\uFFFD');
    expect(decodeCompoundText(ct(ESC, '%/1', 0x05, 'x'))).toBe('\uFFFD\u0005x');
    expect(decodeCompoundText(ct(ESC, '%/1', 0x80, 0x85, 'abc'))).toBe('\uFFFD');
    expect(decodeCompoundText(ct(ESC, ')B', 0xff, 0xc1))).toBe('\uFFFDA');
  });

  it('never throws on arbitrary bytes', () => {
    let seed = 42;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let n = 0; n < 2000; n++) {
      // Bias towards ESC, CSI and the intermediates so that escape parsing gets exercised.
      const alphabet = [ESC, CSI, 0x24, 0x25, 0x28, 0x29, 0x2d, 0x2f, 0x80, 0x81, STX];
      const bytes = Uint8Array.from({ length: Math.floor(random() * 24) }, () =>
        random() < 0.4 ? alphabet[Math.floor(random() * alphabet.length)]! : Math.floor(random() * 256),
      );
      expect(typeof decodeCompoundText(bytes)).toBe('string');
    }
  });
});

describe('extendedSegmentLabel', () => {
  it.each([
    ['iso8859-15', 'iso-8859-15'],
    ['KOI8-R', 'koi8-r'],
    ['big5-0', 'big5'],
    ['gbk-0', 'gbk'],
    ['microsoft-cp1251', 'windows-1251'],
    ['cp1252', 'windows-1252'],
    ['utf-8', 'utf-8'],
  ])('%s → %s', (name, label) => {
    expect(extendedSegmentLabel(name)).toBe(label);
  });
});
