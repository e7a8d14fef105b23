// COMPOUND_TEXT → string, after the X Consortium "Compound Text Encoding" (an ISO 2022 subset)
// and what Xlib's lcCT.c really writes. Legacy X clients (xterm, Motif, old Java, Xlib's
// XmbSetWMProperties) still label non-Latin-1 window titles this way, and a title decoded as
// Latin-1 instead turns "Угода з ТОВ Ромашка" into mojibake that no report can use.
//
// Runs of bytes in one character set are decoded in one go by WHATWG TextDecoder; the sets are
// picked by ISO 2022 designations. Anything this file does not know becomes U+FFFD instead of
// an exception: one odd window title must not stop tracking.

const ESC = 0x1b;
const CSI = 0x9b;
const STX = 0x02;
const REPLACEMENT = '\uFFFD';

/** A character set designated to GL or GR. */
interface Charset {
  /** Bytes per character. */
  readonly width: number;
  /** True for 94-character sets, whose GR positions 0xA0 and 0xFF are empty. */
  readonly is94: boolean;
  /** Decodes whole characters given in GR form (high bit set), whichever side they came from. */
  decode(bytes: Uint8Array): string;
}

type Decoder = InstanceType<typeof TextDecoder>;

const decoders = new Map<string, Decoder | null>();

/** A shared non-fatal decoder for a WHATWG label, or null when this runtime lacks the encoding. */
function textDecoder(label: string): Decoder | null {
  let decoder = decoders.get(label);
  if (decoder === undefined) {
    try {
      // Keep a leading U+FEFF: it is part of the title, not a byte-order mark.
      decoder = new TextDecoder(label, { ignoreBOM: true });
    } catch {
      decoder = null;
    }
    decoders.set(label, decoder);
  }
  return decoder;
}

function replacements(count: number): string {
  return REPLACEMENT.repeat(count);
}

function byCodePoint(is94: boolean, map: (gr: number) => number): Charset {
  return {
    width: 1,
    is94,
    decode(bytes) {
      let text = '';
      for (const byte of bytes) text += String.fromCharCode(map(byte));
      return text;
    },
  };
}

function byDecoder(label: string, width: number, is94: boolean, prefix?: number): Charset {
  return {
    width,
    is94,
    decode(bytes) {
      const whole = bytes.length - (bytes.length % width);
      const decoder = textDecoder(label);
      if (decoder === null) return replacements(Math.ceil(bytes.length / width));
      let input = bytes.subarray(0, whole);
      if (prefix !== undefined) {
        // JIS X 0212 reaches EUC-JP through single shift 3: one prefix byte per character.
        input = new Uint8Array((whole / width) * (width + 1));
        for (let char = 0; char < whole / width; char++) {
          input[char * (width + 1)] = prefix;
          input.set(bytes.subarray(char * width, (char + 1) * width), char * (width + 1) + 1);
        }
      }
      // A character cut in half (the other half on the other side, or the property truncated)
      // is still one lost character the reader should see.
      return decoder.decode(input) + (whole < bytes.length ? REPLACEMENT : '');
    },
  };
}

function unknown(width: number, is94: boolean): Charset {
  return { width, is94, decode: (bytes) => replacements(Math.ceil(bytes.length / width)) };
}

const ASCII = byCodePoint(true, (gr) => gr & 0x7f);
// ISO 646-JP: ASCII but for the yen sign and the overline.
const JIS_ROMAN = byCodePoint(true, (gr) => ((gr & 0x7f) === 0x5c ? 0xa5 : (gr & 0x7f) === 0x7e ? 0x203e : gr & 0x7f));
const JIS_KATAKANA = byCodePoint(true, (gr) => (gr >= 0xa1 && gr <= 0xdf ? 0xff61 + gr - 0xa1 : 0xfffd));
// Decoded by hand: WHATWG maps the "iso-8859-1" label to windows-1252.
const LATIN1_RIGHT = byCodePoint(false, (gr) => gr);

/** 96-character sets by final byte: the right halves of ISO 8859 parts (ISO-IR numbers in lcCT.c). */
const SETS_96: Record<string, Charset> = {
  A: LATIN1_RIGHT,
  B: byDecoder('iso-8859-2', 1, false),
  C: byDecoder('iso-8859-3', 1, false),
  D: byDecoder('iso-8859-4', 1, false),
  F: byDecoder('iso-8859-7', 1, false),
  G: byDecoder('iso-8859-6', 1, false),
  H: byDecoder('iso-8859-8', 1, false),
  L: byDecoder('iso-8859-5', 1, false),
  // WHATWG decodes iso-8859-9 as windows-1254 and TIS-620 as windows-874: both agree with the
  // standard in the 0xA0–0xFF range, the only one a GR set uses.
  M: byDecoder('iso-8859-9', 1, false),
  T: byDecoder('windows-874', 1, false),
  V: byDecoder('iso-8859-10', 1, false),
  Y: byDecoder('iso-8859-13', 1, false),
  _: byDecoder('iso-8859-14', 1, false),
  b: byDecoder('iso-8859-15', 1, false),
  f: byDecoder('iso-8859-16', 1, false),
};

/** 94-character sets by final byte. */
const SETS_94: Record<string, Charset> = { B: ASCII, J: JIS_ROMAN, I: JIS_KATAKANA };

/** 94^2 sets by final byte; their EUC encodings are the GR form, so TextDecoder reads them. */
const SETS_94N: Record<string, Charset> = {
  A: byDecoder('gbk', 2, true),
  '@': byDecoder('euc-jp', 2, true),
  B: byDecoder('euc-jp', 2, true),
  C: byDecoder('euc-kr', 2, true),
  D: byDecoder('euc-jp', 2, true, 0x8f),
};

/** ISO 2022: the final byte of a multi-byte designation says how many bytes make a character. */
function multiByteWidth(final: number): number {
  return final < 0x60 ? 2 : final < 0x70 ? 3 : 4;
}

/** The WHATWG label for an extended segment's name (Xlib writes the XLFD encoding, lowercased). */
export function extendedSegmentLabel(name: string): string {
  const lower = name.toLowerCase();
  const iso8859 = /^iso8859-(\d+)$/.exec(lower);
  if (iso8859) return `iso-8859-${iso8859[1]}`;
  const cp = /^(?:microsoft-)?cp(\d{3,4})$/.exec(lower);
  if (cp) return `windows-${cp[1]}`;
  // big5-0, gbk-0: the XLFD encoding number is not part of the charset's name.
  return lower.replace(/-0$/, '');
}

interface State {
  gl: Charset;
  gr: Charset;
}

/** Decodes a COMPOUND_TEXT property value. Never throws; what it cannot read becomes U+FFFD. */
export function decodeCompoundText(bytes: Uint8Array): string {
  const state: State = { gl: ASCII, gr: LATIN1_RIGHT };
  let text = '';
  let run: number[] = [];
  let runSet: Charset | null = null;

  const flush = (): void => {
    if (runSet !== null && run.length > 0) text += runSet.decode(Uint8Array.from(run));
    run = [];
    runSet = null;
  };

  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i]!;
    if (byte === ESC) {
      flush();
      const parsed = escape(bytes, i, state);
      text += parsed.text;
      i = parsed.next;
    } else if (byte === CSI) {
      // Direction marks (CSI 1 ], CSI 2 ], CSI ]) and other control sequences carry no
      // characters; a JS string has no place for them.
      flush();
      i = skipControlSequence(bytes, i + 1);
    } else if (byte === 0x20 || (byte & 0x7f) < 0x20 || byte === 0x7f) {
      // SPACE is a space whatever GL holds; controls (the spec allows only HT and NL, real
      // clients write others) keep their code point, as Xlib keeps them.
      flush();
      text += String.fromCharCode(byte);
      i++;
    } else {
      const set = byte < 0x80 ? state.gl : state.gr;
      if (set !== runSet) flush();
      runSet = set;
      if (set.is94 && (byte === 0xa0 || byte === 0xff)) {
        flush();
        text += REPLACEMENT;
      } else {
        run.push(byte | 0x80);
      }
      i++;
    }
  }
  flush();
  return text;
}

interface Parsed {
  text: string;
  next: number;
}

/** Parses the escape sequence at `start`, updating `state`; returns text it carries, if any. */
function escape(bytes: Uint8Array, start: number, state: State): Parsed {
  let i = start + 1;
  const intermediates: number[] = [];
  while (i < bytes.length && bytes[i]! >= 0x20 && bytes[i]! <= 0x2f) intermediates.push(bytes[i++]!);
  if (i >= bytes.length || bytes[i]! < 0x30 || bytes[i]! > 0x7e) {
    // A broken sequence (cut off, or a stray ESC): lose it, not the rest of the title.
    return { text: REPLACEMENT, next: Math.max(i, start + 1) };
  }
  const final = bytes[i]!;
  const finalChar = String.fromCharCode(final);
  const next = i + 1;
  const [first, second] = intermediates;

  if (first === 0x25 /* % */) return otherCoding(bytes, next, final, intermediates);
  if (first === 0x23 /* # */) return { text: '', next }; // version control: nothing to show
  if (intermediates.length === 1 && first === 0x28 /* ( */) {
    state.gl = SETS_94[finalChar] ?? unknown(1, true);
  } else if (intermediates.length === 1 && first === 0x29 /* ) */) {
    state.gr = SETS_94[finalChar] ?? unknown(1, true);
  } else if (intermediates.length === 1 && first === 0x2d /* - */) {
    state.gr = SETS_96[finalChar] ?? unknown(1, false);
  } else if (first === 0x24 /* $ */ && intermediates.length <= 2) {
    const set = SETS_94N[finalChar] ?? unknown(multiByteWidth(final), true);
    // ESC $ F (no second intermediate) is the old ISO 2022 spelling of ESC $ ( F.
    if (second === 0x29 /* ) */) state.gr = set;
    else if (second === undefined || second === 0x28 /* ( */) state.gl = set;
    else return { text: REPLACEMENT, next };
  } else {
    return { text: REPLACEMENT, next };
  }
  return { text: '', next };
}

/** ESC % G … ESC % @ (UTF-8), ESC % / F M L name STX … (extended segment), other codings. */
function otherCoding(bytes: Uint8Array, start: number, final: number, intermediates: number[]): Parsed {
  if (intermediates.length === 2 && intermediates[1] === 0x2f /* / */) return extendedSegment(bytes, start, final);
  if (intermediates.length !== 1) return { text: REPLACEMENT, next: start };
  if (final === 0x40 /* @ */) return { text: '', next: start }; // a return with no segment open
  const end = indexOfReturn(bytes, start);
  const body = bytes.subarray(start, end);
  const text = final === 0x47 /* G */ ? textDecoder('utf-8')!.decode(body) : REPLACEMENT;
  return { text, next: Math.min(end + 3, bytes.length) };
}

/** Where ESC % @ ends the other-coding segment that starts at `start` (or the end of input). */
function indexOfReturn(bytes: Uint8Array, start: number): number {
  for (let i = start; i + 2 < bytes.length; i++) {
    if (bytes[i] === ESC && bytes[i + 1] === 0x25 && bytes[i + 2] === 0x40) return i;
  }
  return bytes.length;
}

function extendedSegment(bytes: Uint8Array, start: number, final: number): Parsed {
  const m = bytes[start];
  const l = bytes[start + 1];
  if (final < 0x30 || final > 0x34 || m === undefined || l === undefined || m < 0x80 || l < 0x80) {
    return { text: REPLACEMENT, next: start };
  }
  // The two length bytes count everything after them: the name, STX and the text.
  const bodyStart = start + 2;
  const end = Math.min(bodyStart + ((m & 0x7f) << 7) + (l & 0x7f), bytes.length);
  const body = bytes.subarray(bodyStart, end);
  const stx = body.indexOf(STX);
  if (stx < 0) return { text: REPLACEMENT, next: end };
  const name = String.fromCharCode(...body.subarray(0, stx));
  const data = body.subarray(stx + 1);
  const width = final - 0x30; // 0 means a varying number of bytes per character
  const decoder = textDecoder(extendedSegmentLabel(name));
  if (decoder === null) {
    return { text: width === 0 ? REPLACEMENT : replacements(Math.ceil(data.length / width)), next: end };
  }
  return { text: decoder.decode(data), next: end };
}

/** Skips a CSI control sequence's parameter and intermediate bytes and its final byte. */
function skipControlSequence(bytes: Uint8Array, start: number): number {
  let i = start;
  while (i < bytes.length && bytes[i]! >= 0x20 && bytes[i]! <= 0x3f) i++;
  return Math.min(i + 1, bytes.length);
}
