/**
 * Content sniffing, edge by edge: every signature family the ingest names, the markers that make a
 * text/plain upload active content, the exact UTF-8 and GB18030 rules, and the ZIP structure checks.
 * Each case states what a liaison's upload would get: accepted, or refused with this reason.
 */
import { bytesMatchType } from '../../../functions/src/files/inspect/sniff';
import { DOC, DOCX, JPEG, ODT, PDF, PNG, TXT, XLS, XLSX, accepted, reason } from './sniff-support';
import { buildFakeWindowsExecutable, buildZip, buildZipEndRecord, buildZipLocalEntry } from '../../fixtures/files/builders';
import { DOCX_PARTS } from '../../fixtures/files/make-fixtures';




/** Bytes from numbers and latin1 strings, in order. */
const bytes = (...parts: (string | number[] | Uint8Array)[]): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');
const BOM = [0xef, 0xbb, 0xbf];
const NOT_RECOGNISED = 'the file is not a PDF (its contents are not recognised)';
const PLAIN_TEXT = 'the file is not a PDF (it looks like plain text)';

describe('signature families, named when declared as a PDF and refused as text/plain', () => {
  const riff = (form: string): Buffer => bytes('RIFF', [0x24, 0, 0, 0], form, new Array(20).fill(0));
  const ftyp = (brand: string): Buffer => bytes([0, 0, 0, 0x18], 'ftyp', brand, new Array(12).fill(0));
  const tar = (): Buffer => {
    const header = Buffer.alloc(512);
    header.write('minutes.txt', 0, 'latin1');
    header.write('ustar', 257, 'latin1');
    return header;
  };
  const cases: [string, Buffer][] = [
    ['a GIF image', bytes('GIF87a', [1, 0, 1, 0, 0x80, 0, 0])],
    ['a GIF image', bytes('GIF89a', [1, 0, 1, 0, 0x80, 0, 0])],
    ['a WebP image', riff('WEBP')],
    ['a WAV audio file', riff('WAVE')],
    ['an AVI video', riff('AVI ')],
    ['a BMP image', bytes('BM', [0x36, 0x10, 0, 0], [0, 0, 0, 0], [0x36, 0, 0, 0])],
    ['a TIFF image', bytes([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0])],
    ['a TIFF image', bytes([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8])],
    ['a HEIC photo', ftyp('heic')],
    ['a HEIC photo', ftyp('heix')],
    ['a HEIC photo', ftyp('hevc')],
    ['a HEIC photo', ftyp('heim')],
    ['a HEIC photo', ftyp('heis')],
    ['a HEIC photo', ftyp('mif1')],
    ['a HEIC photo', ftyp('msf1')],
    ['an AVIF image', ftyp('avif')],
    ['an MP4 or QuickTime video', ftyp('isom')],
    ['an MP4 or QuickTime video', ftyp('qt  ')],
    ['an icon file', bytes([0, 0, 1, 0, 1, 0, 16, 16])],
    ['an MP3 audio file', bytes('ID3', [2, 0, 0, 0, 0, 0, 0])],
    ['an MP3 audio file', bytes('ID3', [3, 0, 0, 0, 0, 0, 0])],
    ['an MP3 audio file', bytes('ID3', [4, 0, 0, 0, 0, 0, 0])],
    ['an MP3 audio file', bytes([0xff, 0xfb, 0x90, 0x64, 0, 0])],
    ['an Ogg audio file', bytes('OggS', [0, 2, 0, 0, 0, 0])],
    ['a FLAC audio file', bytes('fLaC', [0x00, 0, 0, 0x22])],
    ['a FLAC audio file', bytes('fLaC', [0x80, 0, 0, 0x22])],
    ['a gzip archive', bytes([0x1f, 0x8b, 8, 0, 0, 0, 0, 0])],
    ['a bzip2 archive', bytes('BZh9', [0x31, 0x41, 0x59, 0x26, 0x53, 0x59])],
    ['an xz archive', bytes([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0, 4])],
    ['a Zstandard archive', bytes([0x28, 0xb5, 0x2f, 0xfd, 0x24, 0])],
    ['a 7-Zip archive', bytes([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4])],
    ['a RAR archive', bytes('Rar!', [0x1a, 0x07, 0x01, 0x00])],
    ['a tar archive', tar()],
    ['a Windows cabinet archive', bytes('MSCF', [0, 0, 0, 0, 0x10, 0, 0, 0])],
    ['a Windows executable', buildFakeWindowsExecutable()],
    ['a macOS executable', bytes([0xfe, 0xed, 0xfa, 0xce, 0, 0, 0, 7])],
    ['a macOS executable', bytes([0xfe, 0xed, 0xfa, 0xcf, 0, 0, 0, 7])],
    ['a macOS executable', bytes([0xce, 0xfa, 0xed, 0xfe, 7, 0, 0, 0])],
    ['a macOS executable', bytes([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 0])],
    ['a macOS executable', bytes([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 1])],
    ['a macOS executable', bytes([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 44])],
    ['a Java class file', bytes([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 45])],
    ['a Java class file', bytes([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 0])],
    ['a WebAssembly module', bytes([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0])],
    ['an Android executable', bytes('dex\n035', [0])],
    ['an SQLite database', bytes('SQLite format 3', [0], [0x10, 0])],
    ['UTF-16 text', bytes([0xfe, 0xff, 0x4f, 0x1a])],
  ];

  test.each(cases)('%s', (description, head) => {
    expect(reason(head, PDF)).toBe(`the file is not a PDF (it looks like ${description})`);
    expect(bytesMatchType(head, TXT).ok).toBe(false);
  });

  test('a Rich Text Format document is named, but as text/plain it is ordinary text', () => {
    const rtf = utf8('{\\rtf1\\ansi 会议纪要}\n');
    expect(reason(rtf, PDF)).toBe('the file is not a PDF (it looks like a Rich Text Format document)');
    accepted(rtf, TXT);
  });

  test('UTF-16 big-endian text is refused with the advice to save as UTF-8', () => {
    expect(reason(bytes([0xfe, 0xff], Buffer.from('会议', 'utf16le').swap16()), TXT)).toBe(
      'the text file is saved as UTF-16; save it as UTF-8 and upload it again',
    );
  });
});

describe('near misses of a signature are not taken for it', () => {
  test.each([
    ['RIFF with another form type', bytes('RIFF', [0x24, 0, 0, 0], 'XYZW', new Array(8).fill(0x41))],
    ['BM without the reserved zeros', bytes('BM', [0x36, 0x10, 0, 0], [0, 0, 0, 1])],
    ['an icon header whose image count is 0', bytes([0, 0, 1, 0, 0, 0, 16, 16])],
    ['ID3 with version 5', bytes('ID3', [5, 0, 0, 0, 0, 0, 0])],
    ['ID3 with version 1', bytes('ID3', [1, 0, 0, 0, 0, 0, 0])],
    ['fLaC followed by a non-STREAMINFO block', bytes('fLaC', [0x01, 0, 0, 0x22])],
    ['BZh without the block magic', bytes('BZh9', [0x31, 0x41, 0x59, 0x26, 0x53, 0x58, 0x00])],
    ['four bytes of Mach-O magic only', bytes([0xfe, 0xed, 0xfa, 0xce])],
    ['OggS without the version byte', bytes('OggS', [1, 2])],
  ])('%s', (_name, head) => {
    expect(reason(head, PDF)).toBe(NOT_RECOGNISED);
  });

  test('text that merely starts with the letters of a signature is plain text', () => {
    for (const text of ['GIF87 is not an image', 'RIFF raff', 'BM: board meeting', 'OggS is a word here', 'Rar! said the lion', 'dex is short']) {
      expect(reason(utf8(text), PDF)).toBe(PLAIN_TEXT);
      accepted(utf8(text), TXT);
    }
  });

  test('"MZ" needs binary bytes in the DOS header or a PE header to be an executable', () => {
    expect(reason(bytes('MZ', [0x90, 0x00, 0x03]), PDF)).toBe('the file is not a PDF (it looks like a Windows executable)');
    expect(reason(bytes('MZ', [0x08], ' notes'), PDF)).toBe('the file is not a PDF (it looks like a Windows executable)');
    // A tab is whitespace, not binary: "MZ<tab>…" is a line of a table.
    accepted(utf8('MZ\t42\tcounty\n'), TXT);
    // Binary bytes only after the 64-byte DOS header do not make it an executable.
    expect(reason(bytes('MZ', 'x'.repeat(62), [0x01]), PDF)).toBe(NOT_RECOGNISED);
    expect(reason(bytes('M', [0x01]), PDF)).toBe(NOT_RECOGNISED);
  });
});

describe('active content declared as text/plain', () => {
  test.each(['<script>', '<iframe src="x">', '<body>', '<head>', '<html>', '<!DOCTYPE html>'])('%s is a web page', (start) => {
    expect(reason(utf8(`${start}\nalert(1)`), TXT)).toBe('the file is not a plain text file (it looks like an HTML web page)');
  });

  test.each([
    ['upper case', '<SCRIPT>alert(1)</SCRIPT>'],
    ['a space after the tag name', '<script type="text/javascript">'],
    ['a tab after the tag name', '<script\tsrc=x>'],
    ['a newline after the tag name', '<script\nsrc=x>'],
    ['a carriage return after the tag name', '<script\rsrc=x>'],
    ['a slash after the tag name', '<body/onload=alert(1)>'],
    ['nothing after the tag name', '<script'],
    ['leading spaces, tabs and line breaks', ' \t\r\n\f<script>'],
  ])('%s', (_name, text) => {
    expect(reason(utf8(text), TXT)).toBe('the file is not a plain text file (it looks like an HTML web page)');
  });

  test('a UTF-8 byte order mark before the tag does not hide it', () => {
    expect(reason(bytes(BOM, '<iframe>'), TXT)).toBe('the file is not a plain text file (it looks like an HTML web page)');
  });

  test('a tag name that only starts like one is text', () => {
    accepted(utf8('<scripture> Psalm 23'), TXT);
    accepted(utf8('<bodyguard> notes'), TXT);
    accepted(utf8('<header> of the minutes'), TXT);
    accepted(utf8('plain text mentioning <script> later'), TXT);
  });

  test('an SVG image, bare or behind an XML declaration', () => {
    const svg = 'the file is not a plain text file (it looks like an SVG image)';
    expect(reason(utf8('<svg onload=alert(1)>'), TXT)).toBe(svg);
    expect(reason(utf8('  <SVG xmlns="http://www.w3.org/2000/svg">'), TXT)).toBe(svg);
    expect(reason(utf8('<?XML version="1.0"?><!-- x --><SVG/>'), TXT)).toBe(svg);
  });

  test('XML that is not SVG, or names <svg only past its first kilobyte, is text', () => {
    accepted(utf8('<?xml version="1.0"?>\n<minutes>会议纪要</minutes>\n'), TXT);
    accepted(utf8(`<?xml version="1.0"?><note>${'x'.repeat(1100)}</note><svg/>`), TXT);
    expect(reason(utf8(`<?xml version="1.0"?><n>${'x'.repeat(990)}</n><svg/>`), TXT)).toMatch(/an SVG image/);
  });

  test('a binary signature behind a UTF-8 byte order mark', () => {
    expect(reason(bytes(BOM, '%PDF-1.4\n'), TXT)).toBe('the file is not a plain text file (it looks like a PDF document)');
  });
});

describe('UTF-8 text: what is refused and what is kept', () => {
  // Behind a byte order mark the head must be UTF-8 (no GB18030 fallback), so each rule shows alone.
  const notUtf8 = 'the file is not a plain text file (it is marked as UTF-8 but is not valid UTF-8)';
  const neither = 'the file is not a plain text file (it is neither UTF-8 nor GB18030 text)';

  test.each([
    ['an overlong slash (E0 80 AF)', [0x61, 0xe0, 0x80, 0xaf, 0x62]],
    ['an overlong two-byte form (C0 AF)', [0x61, 0xc0, 0xaf, 0x62]],
    ['an overlong two-byte form (C1 BF)', [0x61, 0xc1, 0xbf, 0x62]],
    ['an overlong four-byte form (F0 8F BF BF)', [0x61, 0xf0, 0x8f, 0xbf, 0xbf]],
    ['a code point above U+10FFFF (F4 90 80 80)', [0x61, 0xf4, 0x90, 0x80, 0x80]],
    ['a lead byte F5', [0x61, 0xf5, 0x80, 0x80, 0x80]],
    ['a surrogate (ED A0 80)', [0x61, 0xed, 0xa0, 0x80]],
    ['a bad second continuation byte', [0x61, 0xe4, 0xb8, 0x41, 0x62]],
    ['a continuation byte past BF', [0x61, 0xe4, 0xc0, 0x80]],
    ['a bad fourth byte', [0x61, 0xf0, 0x9f, 0x99, 0x7f]],
  ])('%s is refused', (_name, head) => {
    expect(reason(bytes(BOM, head), TXT)).toBe(notUtf8);
  });

  test('without a byte order mark, bytes that are neither UTF-8 nor GB18030 are refused', () => {
    expect(reason(bytes('a', [0xe0, 0x80, 0xaf, 0x62]), TXT)).toBe(neither);
    expect(reason(bytes('a', [0xf4, 0x90, 0x80, 0x80]), TXT)).toBe(neither);
  });

  test.each([
    ['U+0080 is a control character', [0xc2, 0x80], 'U+0080'],
    ['U+009F is a control character', [0xc2, 0x9f], 'U+009F'],
  ])('%s', (_name, sequence, code) => {
    expect(reason(bytes('ok ', sequence), TXT)).toBe(`the file is not a plain text file (it contains the control character ${code} at byte 3)`);
  });

  test('the boundaries of each range are valid characters', () => {
    accepted(bytes(BOM, 'a', [0xc2, 0xa0]), TXT); // U+00A0
    accepted(bytes(BOM, 'a', [0xdf, 0xbf]), TXT); // U+07FF
    accepted(bytes(BOM, 'a', [0xe0, 0xa0, 0x80]), TXT); // U+0800
    accepted(bytes(BOM, 'a', [0xed, 0x9f, 0xbf]), TXT); // U+D7FF
    accepted(bytes(BOM, 'a', [0xee, 0x80, 0x80]), TXT); // U+E000
    accepted(bytes(BOM, 'a', [0xef, 0xbf, 0xbd]), TXT); // U+FFFD
    accepted(bytes(BOM, 'a', [0xf0, 0x90, 0x80, 0x80]), TXT); // U+10000
    accepted(bytes(BOM, 'a', [0xf4, 0x8f, 0xbf, 0xbf]), TXT); // U+10FFFF
    accepted(utf8('𠀀 CJK Extension B and 中文'), TXT);
  });

  test('a character cut off by the end of the head is accepted at every length', () => {
    for (const cut of [[0xe4], [0xe4, 0xb8], [0xf0], [0xf0, 0x9f], [0xf0, 0x9f, 0x99], [0xc3]]) {
      accepted(bytes(BOM, utf8('会议纪要'), cut), TXT);
    }
  });

  test.each([
    [0x00, 'NUL'],
    [0x01, '0x01'],
    [0x08, '0x08'],
    [0x0b, '0x0B'],
    [0x0e, '0x0E'],
    [0x1f, '0x1F'],
    [0x7f, '0x7F'],
  ])('the ASCII control byte %i is refused', (byte, shown) => {
    const result = reason(bytes('minutes ', [byte], ' end'), TXT);
    if (shown === 'NUL') expect(result).toMatch(/NUL bytes/);
    else expect(result).toBe(`the file is not a plain text file (it contains the control character ${shown} at byte 8)`);
  });

  test('tab, line feed, form feed, carriage return, space and tilde are text', () => {
    accepted(bytes([0x09, 0x0a, 0x0c, 0x0d, 0x20, 0x7e]), TXT);
  });

  test('the byte offset of a control character counts the byte order mark', () => {
    expect(reason(bytes(BOM, 'ab', [0x1b]), TXT)).toBe('the file is not a plain text file (it contains the control character 0x1B at byte 5)');
  });
});

describe('GB18030 text', () => {
  const gb = (text: string): Buffer => {
    // GB18030 bytes for the few characters used here (checked against TextDecoder below).
    const table: Record<string, number[]> = { 会: [0xbb, 0xe1], 议: [0xd2, 0xe9], 啊: [0xb0, 0xa1], '、': [0xa1, 0xa2] };
    return Buffer.concat(Array.from(text, (c) => Buffer.from(table[c] ?? Array.from(c, (x) => x.charCodeAt(0)))));
  };
  const decode = (b: Uint8Array): string => new TextDecoder('gb18030', { fatal: true }).decode(b);
  const neither = 'the file is not a plain text file (it is neither UTF-8 nor GB18030 text)';
  /** A two-byte GB18030 character outside the GB2312 area (丂, 81 40). */
  const RARE = [0x81, 0x40];

  test('the test bytes are the GB18030 encoding of what they claim', () => {
    expect(decode(gb('会议、啊'))).toBe('会议、啊');
    expect(decode(Buffer.from(RARE))).toBe('丂');
    expect(decode(Buffer.from([0x95, 0x32, 0x82, 0x36]))).toBe('𠀀');
  });

  test('half of the two-byte characters in the common area is enough; fewer is not text', () => {
    accepted(bytes([0xb0, 0xa1], RARE), TXT);
    expect(reason(bytes([0xb0, 0xa1], RARE, RARE), TXT)).toBe(neither);
    expect(reason(bytes(RARE, RARE, 'abc'), TXT)).toBe(neither);
  });

  test('the common area is lead A1-F7 with trail A1 or above', () => {
    accepted(bytes([0xa1, 0xa1], RARE), TXT);
    accepted(bytes([0xf7, 0xa1], RARE), TXT);
    accepted(bytes([0xb0, 0xfe], RARE), TXT);
    expect(reason(bytes([0xa0, 0xa1], RARE), TXT)).toBe(neither);
    expect(reason(bytes([0xf8, 0xa1], RARE), TXT)).toBe(neither);
    expect(reason(bytes([0xb0, 0xa0], RARE), TXT)).toBe(neither);
  });

  test('trail bytes: 40-7E and 80-FE pair, 7F and FF do not', () => {
    accepted(bytes(gb('会议'), [0xb0, 0x40]), TXT);
    accepted(bytes(gb('会议'), [0xb0, 0x7e]), TXT);
    accepted(bytes(gb('会议'), [0xb0, 0x80]), TXT);
    expect(reason(bytes(gb('会议'), [0xb0, 0x7f]), TXT)).toBe(neither);
    expect(reason(bytes(gb('会议'), [0xb0, 0xff]), TXT)).toBe(neither);
    expect(reason(bytes(gb('会议'), [0xb0, 0x3f]), TXT)).toBe(neither);
    expect(reason(bytes(gb('会议'), [0xb0, 0x2f, 0x41]), TXT)).toBe(neither);
  });

  test('lead bytes 80 and FF are never GB18030', () => {
    expect(reason(bytes(gb('会议会议'), [0x80, 0xa1]), TXT)).toBe(neither);
    expect(reason(bytes(gb('会议会议'), [0xff, 0xa1]), TXT)).toBe(neither);
  });

  test('four-byte characters: valid, out of range, and cut off by the end of the head', () => {
    const ext = [0x95, 0x32, 0x82, 0x36];
    accepted(bytes(gb('会议'), ext, gb('会议')), TXT);
    accepted(bytes(gb('会议'), [0x81, 0x30, 0x81, 0x30], 'x'), TXT);
    accepted(bytes(gb('会议'), [0x84, 0x39, 0xfe, 0x39]), TXT);
    expect(reason(bytes(gb('会议'), [0x81, 0x30, 0x80, 0x30]), TXT)).toBe(neither);
    expect(reason(bytes(gb('会议'), [0x81, 0x30, 0xff, 0x30]), TXT)).toBe(neither);
    expect(reason(bytes(gb('会议'), [0x81, 0x30, 0x81, 0x2f]), TXT)).toBe(neither);
    expect(reason(bytes(gb('会议'), [0x81, 0x30, 0x81, 0x3a]), TXT)).toBe(neither);
    expect(reason(bytes(gb('会议'), [0x81, 0x30, 0x41]), TXT)).toBe(neither);
    accepted(bytes(gb('会议'), [0x81, 0x30]), TXT);
    accepted(bytes(gb('会议'), [0x81, 0x30, 0x81]), TXT);
    accepted(bytes(gb('会议'), [0x81, 0x30, 0xfe]), TXT);
    accepted(bytes(gb('会议'), [0xb0]), TXT);
  });

  test('a control character in GB18030 text is named with its byte offset', () => {
    expect(reason(bytes(gb('会议'), [0x01], gb('会议')), TXT)).toBe(
      'the file is not a plain text file (it contains the control character 0x01 at byte 4)',
    );
    expect(reason(bytes(gb('会议'), [0x7f]), TXT)).toMatch(/control character 0x7F at byte 4/);
  });

  test('GB18030 and UTF-8 text declared as another type is described as plain text', () => {
    expect(reason(gb('会议、会议'), PDF)).toBe(PLAIN_TEXT);
    expect(reason(bytes(BOM, utf8('会议纪要')), PDF)).toBe(PLAIN_TEXT);
    expect(reason(bytes(gb('会议'), [0x01]), PDF)).toBe(NOT_RECOGNISED);
    expect(reason(bytes(RARE, RARE), PDF)).toBe(NOT_RECOGNISED);
    expect(reason(bytes('text', [0x1b]), PDF)).toBe(NOT_RECOGNISED);
  });
});

describe('OLE2 compound files', () => {
  const ole2 = (nameAt: number, name: string | null): Buffer => {
    const file = Buffer.alloc(2048);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(file, 0);
    if (name !== null) Buffer.from(`${name}\0`, 'utf16le').copy(file, nameAt);
    return file;
  };

  test.each([
    ['Book', 'an .xls Excel 97-2003 workbook'],
    ['Workbook', 'an .xls Excel 97-2003 workbook'],
    ['WordDocument', 'a .doc Word 97-2003 document'],
    ['PowerPoint Document', 'a .ppt PowerPoint 97-2003 presentation'],
    ['EncryptedPackage', 'a password-protected Office document'],
    ['Other', 'an Office 97-2003 file'],
  ])('a directory entry %s names it', (name, description) => {
    expect(reason(ole2(1024, name), PDF)).toBe(`the file is not a PDF (it looks like ${description})`);
  });

  test('names are read from the directory, past the 512-byte header sector', () => {
    expect(reason(ole2(100, 'WordDocument'), PDF)).toBe('the file is not a PDF (it looks like an Office 97-2003 file)');
    expect(reason(ole2(512, 'WordDocument'), PDF)).toBe('the file is not a PDF (it looks like a .doc Word 97-2003 document)');
  });

  test('a name must end where the entry says: "WordDocuments" is not WordDocument', () => {
    expect(reason(ole2(1024, 'WordDocuments'), PDF)).toBe('the file is not a PDF (it looks like an Office 97-2003 file)');
  });

  test('.doc and .xls accept any OLE2 file; others refuse it', () => {
    accepted(ole2(1024, 'PowerPoint Document'), DOC);
    accepted(ole2(1024, 'PowerPoint Document'), XLS);
    expect(reason(ole2(1024, 'PowerPoint Document'), TXT)).toMatch(/a \.ppt PowerPoint/);
    expect(reason(ole2(1024, null), JPEG)).toBe('the file is not a JPEG image (it looks like an Office 97-2003 file)');
  });
});

describe('ZIP containers', () => {
  const describeAsPdf = (zip: Uint8Array): string => reason(zip, PDF).replace(/^the file is not a PDF \(it looks like (.*)\)$/, '$1');
  const PPTX_PARTS = [
    { name: '[Content_Types].xml', data: '<Types/>' },
    { name: 'ppt/presentation.xml', data: '<p:presentation/>' },
    { name: 'ppt/slides/slide1.xml', data: '<p:sld/>' },
  ];

  test('a .pptx declared as .docx or .xlsx is named as a presentation', () => {
    const pptx = buildZip(PPTX_PARTS);
    expect(reason(pptx, DOCX)).toBe('the file is not a Word document (it looks like a .pptx PowerPoint presentation)');
    expect(reason(pptx, XLSX)).toBe('the file is not an Excel workbook (it looks like a .pptx PowerPoint presentation)');
  });

  test('a document with both word/ and xl/ parts is accepted as either (an embedded workbook)', () => {
    const mixed = buildZip([...DOCX_PARTS, { name: 'xl/embeddings/sheet.xml', data: '<worksheet/>' }]);
    accepted(mixed, DOCX);
    accepted(mixed, XLSX);
  });

  test('macros anywhere in word/, xl/ or ppt/ refuse the upload, whatever their case', () => {
    expect(reason(buildZip([...DOCX_PARTS, { name: 'ppt/vbaProject.bin', data: 'x' }]), DOCX)).toBe(
      'the Word document contains macros, which are not accepted',
    );
    expect(reason(buildZip([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'xl/VBAPROJECT.BIN', data: 'x' }]), XLSX)).toBe(
      'the Excel workbook contains macros, which are not accepted',
    );
    accepted(buildZip([...DOCX_PARTS, { name: 'word/vbaProject.bin.txt', data: 'x' }]), DOCX);
    accepted(buildZip([...DOCX_PARTS, { name: 'custom/word/vbaProject.bin', data: 'x' }]), DOCX);
  });

  test('what the entry names reveal', () => {
    expect(describeAsPdf(buildZip([{ name: '[Content_Types].xml', data: '<Types/>' }]))).toBe('an Office Open XML document');
    expect(describeAsPdf(buildZip([{ name: 'META-INF/MANIFEST.MF', data: 'Manifest-Version: 1.0' }]))).toBe('a Java archive');
    expect(describeAsPdf(buildZip([{ name: 'AndroidManifest.xml', data: 'x' }]))).toBe('an Android app');
    expect(describeAsPdf(buildZip([{ name: 'photo.jpg', data: 'x' }]))).toBe('a ZIP archive');
    expect(describeAsPdf(buildZipEndRecord(0))).toBe('an empty ZIP archive');
    const spanned = Buffer.concat([Buffer.from([0x50, 0x4b, 0x07, 0x08]), buildZip(DOCX_PARTS)]);
    expect(describeAsPdf(spanned)).toBe('a .docx Word document');
  });

  test.each([
    ['application/vnd.oasis.opendocument.presentation', 'an .odp OpenDocument presentation'],
    ['application/vnd.oasis.opendocument.graphics', 'an .odg OpenDocument drawing'],
    ['application/epub+zip', 'an EPUB e-book'],
    ['application/vnd.oasis.opendocument.formula', 'an OpenDocument file'],
  ])('an uncompressed first mimetype entry %s', (mimetype, description) => {
    expect(describeAsPdf(buildZip([{ name: 'mimetype', data: mimetype }, { name: 'content.xml', data: '<x/>' }]))).toBe(description);
  });

  test('a mimetype entry that is empty, too long, or not named exactly "mimetype" does not count', () => {
    const odt = 'application/vnd.oasis.opendocument.text';
    expect(reason(buildZip([{ name: 'mimetype', data: '' }, { name: 'content.xml', data: '<x/>' }]), ODT)).toMatch(/a ZIP archive\)$/);
    expect(describeAsPdf(buildZip([{ name: 'mimetype', data: `${odt}${' '.repeat(300)}` }]))).toBe('a ZIP archive');
    expect(describeAsPdf(buildZip([{ name: 'mimetypes', data: odt }]))).toBe('a ZIP archive');
    expect(describeAsPdf(buildZip([{ name: 'mimetype', data: `${odt}${' '.repeat(255 - odt.length)}` }]))).toBe('an OpenDocument file');
    // Cut off inside the mimetype's content: not yet known.
    expect(describeAsPdf(buildZip([{ name: 'mimetype', data: odt }]).subarray(0, 45))).toBe('a ZIP archive');
  });

  test('an OOXML declared type refuses an OpenDocument file even with word/ entries', () => {
    const odfWithWord = buildZip([{ name: 'mimetype', data: ODT }, { name: 'word/document.xml', data: '<w/>' }]);
    expect(reason(odfWithWord, DOCX)).toBe('the file is not a Word document (it looks like an .odt OpenDocument text document)');
  });

  describe('structure', () => {
    const word = { name: 'word/document.xml', data: '<w:document/>' };

    test('a streamed entry (sizes after the data) is searched past, so later entries are still seen', () => {
      const head = Buffer.concat([
        buildZipLocalEntry({ name: 'customXml/item1.xml', data: 'x'.repeat(200), flags: 0x08, compressedSizeField: 0x7fff_0000 }),
        buildZipLocalEntry(word),
      ]);
      accepted(head, DOCX);
      expect(describeAsPdf(head)).toBe('a .docx Word document');
    });

    test('a ZIP64 size marker is searched past the same way', () => {
      const head = Buffer.concat([
        buildZipLocalEntry({ name: 'customXml/item1.xml', data: 'x'.repeat(200), compressedSizeField: 0xffff_ffff }),
        buildZipLocalEntry(word),
      ]);
      accepted(head, DOCX);
    });

    test('a known size is jumped over, so a header inside an entry\'s data is not an entry', () => {
      const inner = buildZipLocalEntry(word);
      const head = Buffer.concat([buildZipLocalEntry({ name: 'attachment.zip', data: inner }), buildZipEndRecord(0)]);
      expect(describeAsPdf(head)).toBe('a ZIP archive');
    });

    test('a directory whose entries all lie in the head is final; otherwise Office content may follow', () => {
      const complete = buildZip([word]);
      expect(reason(complete, DOCX)).toBe('the file is not a Word document (it looks like a ZIP archive without Office content)');
      // The end record announces more entries than the head shows.
      const moreAnnounced = Buffer.from(complete);
      moreAnnounced.writeUInt16LE(2, moreAnnounced.length - 22 + 10);
      accepted(moreAnnounced, DOCX);
      // The end record itself is cut off.
      accepted(complete.subarray(0, complete.length - 5), DOCX);
      // An end record with no directory entries in view.
      accepted(Buffer.concat([buildZipLocalEntry(word), buildZipEndRecord(0)]), DOCX);
      // Without word/ entries, an incomplete directory is still no Office document.
      const plain = buildZip([{ name: 'a.txt', data: 'a' }]).subarray(0, 40);
      expect(reason(plain, DOCX)).toMatch(/ZIP archive without Office content/);
    });

    test('entry names: up to 1,024 printable bytes, no control characters', () => {
      const named = (name: string): string => describeAsPdf(buildZip([{ name, data: 'x' }]));
      expect(named(`word/${'a'.repeat(1019)}`)).toBe('a .docx Word document');
      expect(named(`word/${'a'.repeat(1020)}`)).toBe('a ZIP archive');
      expect(named('word/my document.xml')).toBe('a .docx Word document');
      expect(named('word/a\x1fb.xml')).toBe('a ZIP archive');
      expect(named('word/a\x7fb.xml')).toBe('a ZIP archive');
      expect(named('word/文档.xml')).toBe('a .docx Word document');
    });

    test('a name cut off by the end of the head is not read', () => {
      const zip = buildZip([{ name: 'word/document.xml', data: 'x' }]);
      expect(describeAsPdf(Uint8Array.prototype.slice.call(zip, 0, 36))).toBe('a ZIP archive');
    });

    test('a central directory entry alone still names the content', () => {
      const zip = buildZip([{ name: 'xl/workbook.xml', data: 'x' }]);
      const centralOnly = Buffer.from(zip);
      centralOnly.fill(0x20, 4, 30 + 'xl/workbook.xml'.length + 1); // blank the local header, keep its signature
      expect(describeAsPdf(centralOnly)).toBe('an .xlsx Excel workbook');
    });
  });
});

describe('images', () => {
  test('a JPEG needs FF D8 FF', () => {
    accepted(bytes([0xff, 0xd8, 0xff, 0xe0]), JPEG);
    expect(reason(bytes([0xff, 0xd8, 0x00, 0xe0]), JPEG)).toBe('the file is not a JPEG image (its contents are not recognised)');
  });

  test('a PNG needs its signature and then the IHDR chunk', () => {
    const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
    accepted(bytes(signature, [0, 0, 0, 0x0d], 'IHDR'), PNG);
    expect(reason(bytes(signature, [0, 0, 0, 0x0e], 'IHDR'), PNG)).toBe('the PNG image is damaged (its header chunk is missing)');
    expect(reason(bytes(signature, [0, 0, 0, 0x0d], 'IDAT'), PNG)).toBe('the PNG image is damaged (its header chunk is missing)');
    expect(reason(bytes('GIF89a', [0, 0]), PNG)).toBe('the file is not a PNG image (it looks like a GIF image)');
  });

  test('a PDF needs %PDF- at the very start', () => {
    accepted(utf8('%PDF-1.7\n'), PDF);
    expect(reason(utf8(' %PDF-1.7\n'), PDF)).toBe(PLAIN_TEXT);
    expect(reason(utf8('%PDF1.7\n'), PDF)).toBe(PLAIN_TEXT);
  });
});

describe('UTF-8 text in other scripts', () => {
  // Cyrillic, Greek, Hebrew and Arabic letters are two-byte sequences whose lead byte (D0, CE, D7,
  // D8) has few low bits set: the character's code point, not the lead byte, decides whether it is
  // a control character.
  test.each([
    ['Russian', 'Протокол заседания'],
    ['Greek', 'Πρακτικά συνεδρίασης'],
    ['Hebrew', 'פרוטוקול'],
    ['Arabic', 'محضر الاجتماع'],
    ['Latin with diacritics', 'Ürümqi Ȁ ǅ'],
  ])('%s is plain text', (_script, text) => {
    accepted(utf8(`${text}\n`), TXT);
    expect(reason(utf8(text), PDF)).toBe(PLAIN_TEXT);
  });
});

describe('a signature needs the bytes after its magic number', () => {
  test('"fLaC" with no metadata block after it is a word, not a FLAC file', () => {
    accepted(utf8('fLaC'), TXT);
    expect(reason(utf8('fLaC'), PDF)).toBe(PLAIN_TEXT);
  });

  test('an icon header cut off before its image count is not an icon', () => {
    expect(reason(new Uint8Array([0x00, 0x00, 0x01, 0x00]), PDF)).toBe(NOT_RECOGNISED);
  });
});

describe('the first ZIP entry that makes an OpenDocument', () => {
  const odt = ODT;
  const content = { name: 'content.xml', data: '<office:document-content/>' };
  const describeAsPdf = (zip: Uint8Array): string => reason(zip, PDF).replace(/^the file is not a PDF \(it looks like (.*)\)$/, '$1');

  test('an eight-letter first entry with another name is not the mimetype', () => {
    const zip = buildZip([{ name: 'manifest', data: odt }, content]);
    expect(describeAsPdf(zip)).toBe('a ZIP archive');
    expect(reason(zip, ODT)).toBe('the file is not an OpenDocument text document (it looks like a ZIP archive)');
  });

  test('a mimetype of 256 bytes or more is not read; 255 is', () => {
    expect(describeAsPdf(buildZip([{ name: 'mimetype', data: odt.padEnd(256, ' ') }, content]))).toBe('a ZIP archive');
    expect(describeAsPdf(buildZip([{ name: 'mimetype', data: odt.padEnd(255, ' ') }, content]))).toBe('an OpenDocument file');
  });
});

describe('a magic number in the wrong place is not the signature', () => {
  test('RIFF form types and the bzip2 block magic without their lead-in are text', () => {
    for (const text of ['12345678WEBP notes', '12345678WAVE notes', '12345678AVI notes', 'abcd1AY&SY notes']) {
      accepted(utf8(text), TXT);
    }
  });

  test('only CA FE BA BE is a universal binary: other magic with a small count after it is not recognised', () => {
    expect(reason(bytes([0x12, 0x34, 0x56, 0x78, 0, 0, 0, 2]), PDF)).toBe(NOT_RECOGNISED);
  });

  test('"<svg" further on in text without an XML declaration is text', () => {
    accepted(utf8('notes on the <svg> element'), TXT);
  });

  test('UTF-16 behind a UTF-8 byte order mark is named as UTF-16', () => {
    expect(reason(bytes(BOM, [0xff, 0xfe], Buffer.from('会议', 'utf16le')), TXT)).toBe(
      'the file is not a plain text file (it looks like UTF-16 text)',
    );
  });

  test('plain text declared as an Office or OpenDocument file is named as plain text', () => {
    expect(reason(utf8('会议纪要'), DOCX)).toBe('the file is not a Word document (it looks like plain text)');
    expect(reason(utf8('会议纪要'), XLSX)).toBe('the file is not an Excel workbook (it looks like plain text)');
    expect(reason(utf8('会议纪要'), ODT)).toBe('the file is not an OpenDocument text document (it looks like plain text)');
  });
});

describe('UTF-8 and GB18030 byte rules, one byte further', () => {
  const notUtf8 = 'the file is not a plain text file (it is marked as UTF-8 but is not valid UTF-8)';
  const neither = 'the file is not a plain text file (it is neither UTF-8 nor GB18030 text)';
  const huiyi = [0xbb, 0xe1, 0xd2, 0xe9]; // 会议 in GB18030

  test('a lone 0x80 or a run of continuation bytes without a lead byte is not UTF-8', () => {
    expect(reason(bytes(BOM, 'a', [0x80]), TXT)).toBe(notUtf8);
    expect(reason(bytes(BOM, 'a', [0x80, 0x80, 0x80, 0x80]), TXT)).toBe(notUtf8);
  });

  test('a third byte past BF is not UTF-8', () => {
    expect(reason(bytes(BOM, 'a', [0xe4, 0xb8, 0xc0]), TXT)).toBe(notUtf8);
  });

  test('GB18030: a four-byte character needs 30-39 as its second byte, and 81-FE as its third even when cut off', () => {
    expect(reason(bytes(huiyi, [0x81, 0x7f, 0x81, 0x30]), TXT)).toBe(neither);
    expect(reason(bytes(huiyi, [0x81, 0x30, 0xff]), TXT)).toBe(neither);
  });
});

describe('ZIP entries walked one by one', () => {
  const describeAsPdf = (zip: Uint8Array): string => reason(zip, PDF).replace(/^the file is not a PDF \(it looks like (.*)\)$/, '$1');
  const word = { name: 'word/document.xml', data: '<w:document/>' };

  test('an entry name is read up to its length: data starting with a line break does not spoil it', () => {
    expect(describeAsPdf(buildZipLocalEntry({ name: 'word/document.xml', data: '\n<w:document/>' }))).toBe('a .docx Word document');
  });

  test('a header with an implausible name is stepped over, so the entries after it are still read', () => {
    const head = Buffer.concat([buildZipLocalEntry({ name: 'a\x01b', data: 'x' }), buildZipLocalEntry(word)]);
    expect(describeAsPdf(head)).toBe('a .docx Word document');
  });

  test('an entry with an extra field is jumped over whole, so a ZIP stored inside it is not read', () => {
    const inner = buildZipLocalEntry(word);
    const zip = buildZip([{ name: 'attachment.zip', data: inner, extra: new Uint8Array([0x55, 0x54, 0x01, 0x00, 0x00]) }]);
    expect(describeAsPdf(zip)).toBe('a ZIP archive');
  });

  test('a compressed mimetype entry is not read as the document kind', () => {
    expect(describeAsPdf(buildZip([{ name: 'mimetype', data: ODT, method: 'deflate' }, { name: 'content.xml', data: '<x/>' }]))).toBe(
      'a ZIP archive',
    );
  });

  test('a head that ends right after the mimetype still names the document', () => {
    const zip = buildZip([{ name: 'mimetype', data: ODT }, { name: 'content.xml', data: '<x/>' }]);
    expect(describeAsPdf(zip.subarray(0, 38 + ODT.length))).toBe('an .odt OpenDocument text document');
  });
});

test('UTF-8 text that happens not to be GB18030 is still described as plain text', () => {
  expect(reason(utf8('😀😀'), PDF)).toBe(PLAIN_TEXT);
});

describe('ZIP walk, continued', () => {
  const describeAsPdf = (zip: Uint8Array): string => reason(zip, PDF).replace(/^the file is not a PDF \(it looks like (.*)\)$/, '$1');
  const word = { name: 'word/document.xml', data: '<w:document/>' };

  test('after a spanned-archive marker the local headers are searched from the next byte', () => {
    const head = Buffer.concat([Buffer.from([0x50, 0x4b, 0x07, 0x08]), buildZipLocalEntry(word)]);
    expect(describeAsPdf(head)).toBe('a .docx Word document');
  });

  test('a long name and a long extra field are both jumped over, so a ZIP stored in the data is not read', () => {
    const inner = buildZipLocalEntry(word);
    const zip = buildZip([{ name: 'attachments/embedded-archive.zip', data: inner, extra: new Uint8Array(100).fill(0x20) }]);
    expect(describeAsPdf(zip)).toBe('a ZIP archive');
  });

  test('an entry without a name is not counted, so Word entries are trusted while the directory looks incomplete', () => {
    accepted(buildZip([{ name: '', data: 'x' }, word]), DOCX);
  });

  test('GB18030: a second byte below 30 is never a four-byte character', () => {
    expect(reason(bytes([0xbb, 0xe1, 0xd2, 0xe9], [0x81, 0x2f, 0x81, 0x30]), TXT)).toBe(
      'the file is not a plain text file (it is neither UTF-8 nor GB18030 text)',
    );
  });

  test('an .xlsx whose [Content_Types].xml lies past the head is accepted on its xl/ entries', () => {
    accepted(buildZipLocalEntry({ name: 'xl/workbook.xml', data: '<workbook/>' }), XLSX);
  });
});
