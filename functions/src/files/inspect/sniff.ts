/**
 * Content sniffing for uploaded files: do the first bytes of an object really belong to the type
 * the uploader declared? S3 stores whatever bytes arrive under a presigned POST, so the ingest reads
 * the head of the object (SNIFF_BYTES) and asks {@link bytesMatchType}.
 *
 * The checks are deliberately cheap and look only at `head`: magic numbers, the ZIP local and
 * central directory headers that fall inside the head, and for text a full scan of the head.
 */
import { fileTypeFor } from './file-types';
import type { AllowedFileType } from './file-types';

export type SniffResult = { ok: true } | { ok: false; reason: string };

const OK: SniffResult = Object.freeze({ ok: true });
const fail = (reason: string): SniffResult => ({ ok: false, reason });

const CT = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  odt: 'application/vnd.oasis.opendocument.text',
  txt: 'text/plain',
  jpeg: 'image/jpeg',
  png: 'image/png',
} as const;

// ---------------------------------------------------------------------------------------------
// Byte helpers

/** Past either end of `b` a byte reads as undefined, which no signature byte equals. */
function startsWith(b: Uint8Array, sig: readonly number[], at = 0): boolean {
  for (let i = 0; i < sig.length; i++) if (b[at + i] !== sig[i]) return false;
  return true;
}

function ascii(s: string): number[] {
  return Array.from(s, (c) => c.charCodeAt(0));
}

function u16le(b: Uint8Array, at: number): number {
  return (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
}

function u32le(b: Uint8Array, at: number): number {
  return ((b[at] ?? 0) | ((b[at + 1] ?? 0) << 8) | ((b[at + 2] ?? 0) << 16) | ((b[at + 3] ?? 0) << 24)) >>> 0;
}

function u32be(b: Uint8Array, at: number): number {
  return (((b[at] ?? 0) << 24) | ((b[at + 1] ?? 0) << 16) | ((b[at + 2] ?? 0) << 8) | (b[at + 3] ?? 0)) >>> 0;
}

function indexOf(b: Uint8Array, sig: readonly number[], from: number): number {
  const first = sig[0];
  // Stryker disable next-line ConditionalExpression,UnaryOperator,BlockStatement: every signature has a first byte; this only narrows the type
  if (first === undefined) return -1;
  for (let i = b.indexOf(first, from); i !== -1; i = b.indexOf(first, i + 1)) {
    if (startsWith(b, sig, i)) return i;
  }
  return -1;
}

function latin1(b: Uint8Array, start: number, end: number): string {
  let s = '';
  // Stryker disable next-line MethodExpression: reading past the end would only add NULs, which no word a caller compares with contains
  const stop = Math.min(end, b.length);
  for (let i = start; i < stop; i++) s += String.fromCharCode(b[i] ?? 0);
  return s;
}

/** Offset of the first byte that is not a UTF-8 BOM or ASCII whitespace. */
function skipBomAndSpace(b: Uint8Array): number {
  let i = startsWith(b, UTF8_BOM) ? 3 : 0;
  // Past the end b[i] is undefined, which is no whitespace.
  while (b[i] === 0x20 || b[i] === 0x09 || b[i] === 0x0a || b[i] === 0x0d || b[i] === 0x0c) i++;
  return i;
}

/** Does the text at `at` start with `word` (ASCII, case-insensitive)? */
function startsWithWordCI(b: Uint8Array, word: string, at: number): boolean {
  return latin1(b, at, at + word.length).toLowerCase() === word;
}

// ---------------------------------------------------------------------------------------------
// Signatures

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const PDF = ascii('%PDF-');
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP_LOCAL = [0x50, 0x4b, 0x03, 0x04];
const ZIP_CENTRAL = [0x50, 0x4b, 0x01, 0x02];
const ZIP_END = [0x50, 0x4b, 0x05, 0x06];
const ZIP_SPANNED = [0x50, 0x4b, 0x07, 0x08];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PNG_IHDR = [0x00, 0x00, 0x00, 0x0d, ...ascii('IHDR')];
const JPEG = [0xff, 0xd8, 0xff];
const ELF = [0x7f, 0x45, 0x4c, 0x46];
const ODT_MIMETYPE = CT.odt;

interface Identified {
  /** Noun phrase with its article, for "it looks like …". */
  readonly description: string;
  /** Whether a text/plain upload starting like this is refused (binary formats and active content). */
  readonly notText: boolean;
  /** For ZIP-based files: what the entry names revealed. */
  readonly zip?: ZipSummary;
}

const bin = (description: string): Identified => ({ description, notText: true });

/** Mach-O magic numbers, thin and universal ("fat"). */
function isMachO(b: Uint8Array): boolean {
  const magic = u32be(b, 0);
  if (b.length < 8) return false;
  if (magic === 0xfeedface || magic === 0xfeedfacf || magic === 0xcefaedfe || magic === 0xcffaedfe) return true;
  // 0xCAFEBABE is shared with Java class files; a universal binary has a small architecture count
  // where a class file has its version (major >= 45).
  return magic === 0xcafebabe && u32be(b, 4) > 0 && u32be(b, 4) < 45;
}

/**
 * "MZ" alone is two letters; an executable also has binary bytes in its 64-byte DOS header. Looking
 * for the PE header as well would add nothing: its offset (e_lfanew, at 0x3C) has a byte below 0x09
 * in any file smaller than 0x09090909 bytes (151 MB), so every head with a PE header passes this test.
 */
function isWindowsExecutable(b: Uint8Array): boolean {
  if (b[0] !== 0x4d || b[1] !== 0x5a) return false;
  return b.subarray(0, 0x40).some((x) => x < 0x09);
}

function isHtml(b: Uint8Array): boolean {
  const at = skipBomAndSpace(b);
  return ['<!doctype html', '<html', '<head', '<body', '<script', '<iframe'].some((tag) => {
    if (!startsWithWordCI(b, tag, at)) return false;
    const next = b[at + tag.length];
    return next === undefined || next === 0x3e || next === 0x20 || next === 0x09 || next === 0x0a || next === 0x0d || next === 0x2f;
  });
}

function isSvg(b: Uint8Array): boolean {
  const at = skipBomAndSpace(b);
  if (startsWithWordCI(b, '<svg', at)) return true;
  if (!startsWithWordCI(b, '<?xml', at)) return false;
  return latin1(b, at, at + 1024).toLowerCase().includes('<svg');
}

/** Name what the head looks like, or null when no known signature matches. */
function identify(b: Uint8Array): Identified | null {
  if (startsWith(b, PDF)) return bin('a PDF document');
  if (startsWith(b, OLE2)) return bin(describeOle2(b));
  if (startsWith(b, ZIP_LOCAL) || startsWith(b, ZIP_SPANNED)) {
    const zip = summariseZip(b);
    return { description: describeZip(zip), notText: true, zip };
  }
  if (startsWith(b, ZIP_END)) return bin('an empty ZIP archive');
  if (startsWith(b, PNG)) return bin('a PNG image');
  if (startsWith(b, JPEG)) return bin('a JPEG image');
  if (startsWith(b, ascii('GIF87a')) || startsWith(b, ascii('GIF89a'))) return bin('a GIF image');
  if (startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8)) return bin('a WebP image');
  if (startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WAVE'), 8)) return bin('a WAV audio file');
  if (startsWith(b, ascii('RIFF')) && startsWith(b, ascii('AVI '), 8)) return bin('an AVI video');
  if (startsWith(b, ascii('BM')) && startsWith(b, [0, 0, 0, 0], 6)) return bin('a BMP image');
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) return bin('a TIFF image');
  if (startsWith(b, ascii('ftyp'), 4)) {
    const brand = latin1(b, 8, 12);
    if (['heic', 'heix', 'hevc', 'heim', 'heis', 'mif1', 'msf1'].includes(brand)) return bin('a HEIC photo');
    if (brand === 'avif') return bin('an AVIF image');
    return bin('an MP4 or QuickTime video');
  }
  if (startsWith(b, [0x00, 0x00, 0x01, 0x00]) && b.length > 4 && b[4] !== 0) return bin('an icon file');
  if ((startsWith(b, ascii('ID3')) && (b[3] === 2 || b[3] === 3 || b[3] === 4)) || startsWith(b, [0xff, 0xfb])) {
    return bin('an MP3 audio file');
  }
  if (startsWith(b, ascii('OggS\0'))) return bin('an Ogg audio file');
  if (startsWith(b, ascii('fLaC')) && ((b[4] ?? 1) & 0x7f) === 0) return bin('a FLAC audio file');
  if (startsWith(b, [0x1f, 0x8b])) return bin('a gzip archive');
  if (startsWith(b, ascii('BZh')) && startsWith(b, [0x31, 0x41, 0x59, 0x26, 0x53, 0x59], 4)) return bin('a bzip2 archive');
  if (startsWith(b, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) return bin('an xz archive');
  if (startsWith(b, [0x28, 0xb5, 0x2f, 0xfd])) return bin('a Zstandard archive');
  if (startsWith(b, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return bin('a 7-Zip archive');
  if (startsWith(b, ascii('Rar!\x1a\x07'))) return bin('a RAR archive');
  if (startsWith(b, ascii('ustar'), 257)) return bin('a tar archive');
  if (startsWith(b, ascii('MSCF\0\0\0\0'))) return bin('a Windows cabinet archive');
  if (isWindowsExecutable(b)) return bin('a Windows executable');
  if (startsWith(b, ELF)) return bin('a Linux executable');
  if (isMachO(b)) return bin('a macOS executable');
  if (startsWith(b, [0xca, 0xfe, 0xba, 0xbe])) return bin('a Java class file');
  if (startsWith(b, [0x00, 0x61, 0x73, 0x6d])) return bin('a WebAssembly module');
  if (startsWith(b, ascii('dex\n'))) return bin('an Android executable');
  if (startsWith(b, ascii('SQLite format 3\0'))) return bin('an SQLite database');
  if (startsWith(b, ascii('#!'))) return { description: 'a script', notText: true };
  if (isHtml(b)) return { description: 'an HTML web page', notText: true };
  if (isSvg(b)) return { description: 'an SVG image', notText: true };
  if (startsWith(b, ascii('{\\rtf'))) return { description: 'a Rich Text Format document', notText: false };
  if (startsWith(b, [0xff, 0xfe]) || startsWith(b, [0xfe, 0xff])) return { description: 'UTF-16 text', notText: true };
  return null;
}

// ---------------------------------------------------------------------------------------------
// OLE2 compound files (doc, xls, ppt, msg, and password-protected OOXML)

/** Directory entry names are UTF-16LE; the directory of a small file usually lies inside the head. */
function hasUtf16Name(b: Uint8Array, name: string): boolean {
  const pattern: number[] = [];
  for (const c of name) pattern.push(c.charCodeAt(0), 0);
  pattern.push(0, 0);
  return indexOf(b, pattern, 512) !== -1;
}

function describeOle2(b: Uint8Array): string {
  if (hasUtf16Name(b, 'EncryptedPackage')) return 'a password-protected Office document';
  if (hasUtf16Name(b, 'WordDocument')) return 'a .doc Word 97-2003 document';
  if (hasUtf16Name(b, 'Workbook') || hasUtf16Name(b, 'Book')) return 'an .xls Excel 97-2003 workbook';
  if (hasUtf16Name(b, 'PowerPoint Document')) return 'a .ppt PowerPoint 97-2003 presentation';
  return 'an Office 97-2003 file';
}

// ---------------------------------------------------------------------------------------------
// ZIP containers (docx, xlsx, odt, and plain archives)

interface ZipSummary {
  /** Entry names seen in local or central directory headers inside the head. */
  readonly names: ReadonlySet<string>;
  /** True when the end of central directory record and all its entries lie inside the head. */
  readonly complete: boolean;
  /** `mimetype` content when the first entry is an uncompressed `mimetype` (OpenDocument / EPUB). */
  readonly odfMimetype: string | null;
  readonly hasContentTypes: boolean;
  readonly word: boolean;
  readonly excel: boolean;
  readonly powerpoint: boolean;
  readonly macros: boolean;
}

const MAX_NAME = 1024;

function plausibleName(b: Uint8Array, start: number, length: number): string | null {
  // A name running past the end of the head is refused by the loop: missing bytes read as 0.
  if (length === 0 || length > MAX_NAME) return null;
  for (let i = start; i < start + length; i++) if ((b[i] ?? 0) < 0x20 || b[i] === 0x7f) return null;
  return Buffer.from(b.buffer, b.byteOffset + start, length).toString('utf8');
}

/**
 * Walk the local file headers from the start of the head, jumping over each entry's data when its
 * size is known and otherwise searching for the next header; then read every central directory
 * header that falls inside the head (for a small file, the whole directory).
 */
function summariseZip(b: Uint8Array): ZipSummary {
  const names = new Set<string>();
  let pos = 0;
  // Stryker disable next-line all: the guard and the length test only end the walk early: each step moves pos forward, and a header past the end is never read
  for (let guard = 0; guard < 100_000 && pos + 30 <= b.length; guard++) {
    if (!startsWith(b, ZIP_LOCAL, pos)) {
      const next = indexOf(b, ZIP_LOCAL, pos + 1);
      if (next === -1) break;
      pos = next;
      continue;
    }
    const flags = u16le(b, pos + 6);
    const compressedSize = u32le(b, pos + 18);
    const nameLength = u16le(b, pos + 26);
    const extraLength = u16le(b, pos + 28);
    const name = plausibleName(b, pos + 30, nameLength);
    if (name === null) {
      pos += 4;
      continue;
    }
    names.add(name);
    const dataStart = pos + 30 + nameLength + extraLength;
    const sizeKnown = (flags & 0x08) === 0 && compressedSize !== 0xffffffff;
    pos = sizeKnown ? dataStart + compressedSize : dataStart;
  }

  let centralEntries = 0;
  for (let at = indexOf(b, ZIP_CENTRAL, 0); at !== -1; at = indexOf(b, ZIP_CENTRAL, at + 4)) {
    const name = plausibleName(b, at + 46, u16le(b, at + 28));
    if (name === null) continue;
    names.add(name);
    centralEntries++;
  }
  const end = lastIndexOf(b, ZIP_END);
  const complete = end !== -1 && end + 22 <= b.length && u16le(b, end + 10) === centralEntries && centralEntries > 0;

  let odfMimetype: string | null = null;
  const firstIsMimetype =
    startsWith(b, ZIP_LOCAL) && u16le(b, 8) === 0 && u16le(b, 26) === 8 && startsWith(b, ascii('mimetype'), 30);
  if (firstIsMimetype) {
    const start = 38 + u16le(b, 28);
    const size = u32le(b, 18);
    if (size > 0 && size < 256 && start + size <= b.length) odfMimetype = latin1(b, start, start + size);
  }

  const all = [...names];
  return {
    names,
    complete,
    odfMimetype,
    hasContentTypes: names.has('[Content_Types].xml'),
    word: all.some((n) => n.startsWith('word/')),
    excel: all.some((n) => n.startsWith('xl/')),
    powerpoint: all.some((n) => n.startsWith('ppt/')),
    macros: all.some((n) => /^(word|xl|ppt)\/vbaProject\.bin$/i.test(n)),
  };
}

function lastIndexOf(b: Uint8Array, sig: readonly number[]): number {
  // The end record is 22 bytes plus a comment of at most 65535 bytes, so it sits near the end.
  // Stryker disable next-line ArithmeticOperator,LogicalOperator,EqualityOperator,ConditionalExpression: a head (at most SNIFF_BYTES) is shorter than 22 + 0xFFFF, the head starts with a local header (never the end record) and startsWith is false past either end, so these bounds never decide
  for (let i = b.length - sig.length; i >= 0 && i >= b.length - (22 + 0xffff); i--) {
    if (startsWith(b, sig, i)) return i;
  }
  return -1;
}

const ODF_KINDS: Readonly<Record<string, string>> = {
  'application/vnd.oasis.opendocument.text': 'an .odt OpenDocument text document',
  'application/vnd.oasis.opendocument.spreadsheet': 'an .ods OpenDocument spreadsheet',
  'application/vnd.oasis.opendocument.presentation': 'an .odp OpenDocument presentation',
  'application/vnd.oasis.opendocument.graphics': 'an .odg OpenDocument drawing',
  'application/epub+zip': 'an EPUB e-book',
};

function describeZip(zip: ZipSummary): string {
  if (zip.odfMimetype !== null) return ODF_KINDS[zip.odfMimetype] ?? 'an OpenDocument file';
  if (zip.word) return 'a .docx Word document';
  if (zip.excel) return 'an .xlsx Excel workbook';
  if (zip.powerpoint) return 'a .pptx PowerPoint presentation';
  if (zip.hasContentTypes) return 'an Office Open XML document';
  if (zip.names.has('META-INF/MANIFEST.MF')) return 'a Java archive';
  if (zip.names.has('AndroidManifest.xml')) return 'an Android app';
  return 'a ZIP archive';
}

function checkOoxml(b: Uint8Array, type: AllowedFileType, want: 'word' | 'excel'): SniffResult {
  const found = identify(b);
  const zip = found?.zip;
  if (!zip || zip.odfMimetype !== null) return mismatch(type, found, b);
  const mine = zip[want];
  const other = zip.powerpoint || (want === 'word' ? zip.excel : zip.word);
  if (!mine && other) return mismatch(type, found, b);
  if (zip.macros) return fail(`the ${type.label} contains macros, which are not accepted`);
  if (zip.hasContentTypes) return OK;
  // Some writers put [Content_Types].xml last; it may lie past the head. If the whole directory is
  // in view, though, its absence is final.
  if (mine && !zip.complete) return OK;
  return fail(`the file is not ${withArticle(type.label)} (it looks like a ZIP archive without Office content)`);
}

function checkOdt(b: Uint8Array, type: AllowedFileType): SniffResult {
  const found = identify(b);
  const zip = found?.zip;
  if (zip?.odfMimetype === ODT_MIMETYPE) return OK;
  return mismatch(type, found, b);
}

// ---------------------------------------------------------------------------------------------
// Text

type TextVerdict = { ok: true } | { ok: false; problem: string };

const isControl = (c: number): boolean =>
  (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d) || c === 0x7f || (c >= 0x80 && c <= 0x9f);

const hex = (n: number): string => `0x${n.toString(16).toUpperCase().padStart(2, '0')}`;

/**
 * Strict UTF-8 (no overlongs, surrogates or code points past U+10FFFF). A sequence cut off by the
 * end of the head is accepted, since the head may end mid-character.
 */
function checkUtf8(b: Uint8Array, from: number): TextVerdict | 'invalid' {
  let i = from;
  while (i < b.length) {
    const c = b[i] ?? 0;
    if (c < 0x80) {
      if (isControl(c)) return { ok: false, problem: `it contains the control character ${hex(c)} at byte ${i}` };
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return 'invalid';
    let code = c & (0x7f >> (need + 1)); // the lead byte's payload: 5, 4 or 3 bits
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined) return { ok: true }; // cut off by the end of the head
      if (k === 1 ? d < lo || d > hi : d < 0x80 || d > 0xbf) return 'invalid';
      code = (code << 6) | (d & 0x3f);
    }
    if (isControl(code)) return { ok: false, problem: `it contains the control character U+00${hex(code).slice(2)} at byte ${i}` };
    i += need + 1;
  }
  return { ok: true };
}

/**
 * GB18030 byte structure (one, two or four bytes per character) and a plausibility test: most
 * two-byte characters must fall in the GB2312 area (A1-F7 / A1-FE) where everyday Chinese lives.
 */
function checkGb18030(b: Uint8Array): TextVerdict | 'invalid' {
  let twoByte = 0;
  let common = 0;
  let i = 0;
  while (i < b.length) {
    const c = b[i] ?? 0;
    if (c < 0x80) {
      if (isControl(c)) return { ok: false, problem: `it contains the control character ${hex(c)} at byte ${i}` };
      i++;
      continue;
    }
    if (c === 0x80 || c === 0xff) return 'invalid';
    const d = b[i + 1];
    if (d === undefined) break; // cut off
    if ((d >= 0x40 && d <= 0x7e) || (d >= 0x80 && d <= 0xfe)) {
      twoByte++;
      if (c >= 0xa1 && c <= 0xf7 && d >= 0xa1) common++;
      i += 2;
      continue;
    }
    if (d >= 0x30 && d <= 0x39) {
      const e = b[i + 2];
      const f = b[i + 3];
      if (e === undefined) break; // cut off
      if (e < 0x81 || e > 0xfe) return 'invalid';
      // Stryker disable next-line ConditionalExpression,BlockStatement: a head cut off here ends the loop either way (f < 0x30 and f > 0x39 are false for undefined)
      if (f === undefined) break; // cut off
      if (f < 0x30 || f > 0x39) return 'invalid';
      i += 4;
      continue;
    }
    return 'invalid';
  }
  if (common * 2 < twoByte) return 'invalid';
  return { ok: true };
}

function checkText(b: Uint8Array, type: AllowedFileType): SniffResult {
  const found = identify(b);
  if (found?.description === 'UTF-16 text') {
    return fail('the text file is saved as UTF-16; save it as UTF-8 and upload it again');
  }
  if (found?.notText) return mismatch(type, found, b);
  const hasBom = startsWith(b, UTF8_BOM);
  const afterBom = hasBom ? identify(b.subarray(3)) : null;
  if (afterBom?.notText) return mismatch(type, afterBom, b);
  if (b.includes(0)) return fail(`the file is not ${withArticle(type.label)} (it contains NUL bytes, so it looks like binary data)`);
  const utf8 = checkUtf8(b, hasBom ? 3 : 0);
  if (utf8 !== 'invalid') return utf8.ok ? OK : fail(`the file is not ${withArticle(type.label)} (${utf8.problem})`);
  if (hasBom) return fail(`the file is not ${withArticle(type.label)} (it is marked as UTF-8 but is not valid UTF-8)`);
  const gb = checkGb18030(b);
  if (gb !== 'invalid') return gb.ok ? OK : fail(`the file is not ${withArticle(type.label)} (${gb.problem})`);
  return fail(`the file is not ${withArticle(type.label)} (it is neither UTF-8 nor GB18030 text)`);
}

// ---------------------------------------------------------------------------------------------
// Verdicts

function withArticle(noun: string): string {
  return /^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`;
}

/** Does the head read as text? Used only to describe a mismatch. */
function looksLikeText(b: Uint8Array): boolean {
  const bom = startsWith(b, UTF8_BOM);
  const utf8 = checkUtf8(b, bom ? 3 : 0);
  if (utf8 !== 'invalid') return utf8.ok;
  const gb = checkGb18030(b);
  // Stryker disable next-line ConditionalExpression,StringLiteral: without the first test, 'invalid'.ok is undefined, as falsy as false
  return gb !== 'invalid' && gb.ok;
}

function mismatch(type: AllowedFileType, found: Identified | null, head?: Uint8Array): SniffResult {
  if (found) return fail(`the file is not ${withArticle(type.label)} (it looks like ${found.description})`);
  if (head && looksLikeText(head)) return fail(`the file is not ${withArticle(type.label)} (it looks like plain text)`);
  return fail(`the file is not ${withArticle(type.label)} (its contents are not recognised)`);
}

/**
 * Do the leading bytes of an object (`head`, the first up to SNIFF_BYTES bytes) really belong to
 * the declared content type? On failure, `reason` is a short sentence a liaison can read.
 */
export function bytesMatchType(head: Uint8Array, contentType: string): SniffResult {
  const type = fileTypeFor(contentType);
  if (!type) return fail(`files of type "${contentType}" are not accepted`);
  if (head.length === 0) return fail('the file is empty');

  switch (type.contentType) {
    case CT.pdf:
      if (startsWith(head, PDF)) return OK;
      return mismatch(type, identify(head), head);
    case CT.doc:
    case CT.xls:
      if (startsWith(head, OLE2)) return OK;
      return mismatch(type, identify(head), head);
    case CT.docx:
      return checkOoxml(head, type, 'word');
    case CT.xlsx:
      return checkOoxml(head, type, 'excel');
    case CT.odt:
      return checkOdt(head, type);
    case CT.txt:
      return checkText(head, type);
    case CT.jpeg:
      if (startsWith(head, JPEG)) return OK;
      return mismatch(type, identify(head), head);
    case CT.png:
      if (startsWith(head, PNG) && startsWith(head, PNG_IHDR, 8)) return OK;
      if (startsWith(head, PNG)) return fail('the PNG image is damaged (its header chunk is missing)');
      return mismatch(type, identify(head), head);
    // Unreachable: every allowed type has its case above (fileTypeFor refused the rest).
    // Stryker disable all
    default:
      return fail(`files of type "${contentType}" are not accepted`);
    // Stryker restore all
  }
}
