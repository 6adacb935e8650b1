import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { inflateSync } from 'node:zlib';
import {
  ALLOWED_FILE_TYPES,
  MAX_FILE_BYTES,
  SNIFF_BYTES,
  extensionMatches,
  fileTypeFor,
  isAllowedContentType,
} from '../../../functions/src/files/inspect/file-types';
import { DOC, DOCX, JPEG, ODT, PDF, PNG, TXT, XLS, XLSX, accepted, reason } from './sniff-support';
import { PNG_SIGNATURE, buildFakeElf, buildZip, crc32 } from '../../fixtures/files/builders';
import type { ZipEntryInput } from '../../fixtures/files/builders';
import { DOCX_PARTS, buildFixtures } from '../../fixtures/files/make-fixtures';

const FIXTURES = path.resolve(__dirname, '../../fixtures/files');
const fixture = (name: string): Buffer => readFileSync(path.join(FIXTURES, name));




/** The leading SNIFF_BYTES, as the ingest would pass them. */
const headOf = (bytes: Uint8Array): Uint8Array => bytes.subarray(0, SNIFF_BYTES);

/** A minimal OLE2 compound file: header sector, one directory sector naming the given streams. */
function buildOle2(streamNames: readonly string[]): Buffer {
  const file = Buffer.alloc(512 * 3);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(file, 0);
  file.writeUInt16LE(0x3e, 24); // minor version
  file.writeUInt16LE(3, 26); // major version 3: 512-byte sectors
  file.writeUInt16LE(0xfffe, 28); // little-endian
  file.writeUInt16LE(9, 30); // sector shift
  file.writeUInt16LE(6, 32); // mini sector shift
  file.writeUInt32LE(1, 44); // number of FAT sectors
  file.writeUInt32LE(1, 48); // first directory sector
  file.writeUInt32LE(0x1000, 56); // mini stream cutoff
  file.writeUInt32LE(0xfffffffe, 60); // no mini FAT
  file.writeUInt32LE(0xfffffffe, 68); // no DIFAT
  file.writeUInt32LE(0, 76); // first DIFAT entry: FAT in sector 0
  for (let i = 77; i < 512 / 4; i++) file.writeUInt32LE(0xffffffff, i * 4);
  ['Root Entry', ...streamNames].forEach((name, i) => {
    const at = 1024 + i * 128;
    file.write(name, at, 'utf16le');
    file.writeUInt16LE((name.length + 1) * 2, at + 64);
    file[at + 66] = i === 0 ? 5 : 2; // root storage or stream
  });
  return file;
}

const ODT_MIMETYPE: ZipEntryInput = { name: 'mimetype', data: ODT };
const ODT_PARTS: readonly ZipEntryInput[] = [
  ODT_MIMETYPE,
  { name: 'content.xml', data: '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>', method: 'deflate' },
  { name: 'META-INF/manifest.xml', data: '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>', method: 'deflate' },
];

const XLSX_PARTS: readonly ZipEntryInput[] = [
  { name: '[Content_Types].xml', data: '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
  { name: '_rels/.rels', data: '<Relationships/>' },
  { name: 'xl/workbook.xml', data: '<workbook/>' },
  { name: 'xl/worksheets/sheet1.xml', data: '<worksheet/>' },
];

/** GB18030 for "会议纪要：居民建议增加日间照料中心。\r\n联系人：张三\r\n". */
const GB18030_TEXT = Buffer.from(
  'bbe1d2e9bccdd2aaa3babed3c3f1bda8d2e9d4f6bcd3c8d5bce4d5d5c1cfd6d0d0c4a1a30d0ac1aacfb5c8cba3bad5c5c8fd0d0a',
  'hex',
);

describe('file type table', () => {
  test('lists exactly the allowed MIME types with their extensions', () => {
    expect(ALLOWED_FILE_TYPES.map((t) => [t.contentType, [...t.extensions]])).toEqual([
      [PDF, ['.pdf']],
      [DOC, ['.doc']],
      [XLS, ['.xls']],
      [DOCX, ['.docx']],
      [XLSX, ['.xlsx']],
      [ODT, ['.odt']],
      [TXT, ['.txt']],
      [JPEG, ['.jpg', '.jpeg']],
      [PNG, ['.png']],
    ]);
    for (const t of ALLOWED_FILE_TYPES) expect(t.label).toMatch(/\S/);
    expect(Object.isFrozen(ALLOWED_FILE_TYPES)).toBe(true);
    expect(Object.isFrozen(ALLOWED_FILE_TYPES[0]?.extensions)).toBe(true);
    expect(MAX_FILE_BYTES).toBe(52_428_800);
    expect(SNIFF_BYTES).toBe(65_536);
  });

  test('fileTypeFor matches the exact MIME string only', () => {
    expect(fileTypeFor(PDF)?.label).toBe('PDF');
    expect(fileTypeFor(JPEG)?.extensions).toEqual(['.jpg', '.jpeg']);
    expect(fileTypeFor('application/PDF')).toBeUndefined();
    expect(fileTypeFor('text/plain; charset=utf-8')).toBeUndefined();
    expect(fileTypeFor('application/zip')).toBeUndefined();
    expect(fileTypeFor('')).toBeUndefined();
  });

  test.each([
    ['minutes.pdf', PDF, true],
    ['MINUTES.PDF', PDF, true],
    ['photo.JPG', JPEG, true],
    ['photo.jpeg', JPEG, true],
    ['photo.Jpeg', JPEG, true],
    ['questionnaire.docx', DOCX, true],
    ['table.xls', XLS, true],
    ['table.xlsx', XLSX, true],
    ['report.doc', DOC, true],
    ['draft.odt', ODT, true],
    ['notes.txt', TXT, true],
    ['scan.png', PNG, true],
    ['C:\\Users\\liaison\\会议纪要.pdf', PDF, true],
    ['uploads/2024/minutes.v2.pdf', PDF, true],
    ['photo.png', JPEG, false],
    ['questionnaire.doc', DOCX, false],
    ['questionnaire.docx', DOC, false],
    ['minutes.pdf.exe', PDF, false],
    ['minutes', PDF, false],
    ['.pdf', PDF, false],
    ['minutes.pdf.', PDF, false],
    ['minutes.pdf ', PDF, false],
    ['archive.zip', 'application/zip', false],
    ['minutes.pdf', 'application/x-pdf', false],
    ['dir.pdf/minutes', PDF, false],
  ])('extensionMatches(%j, %s) is %s', (name, type, expected) => {
    expect(extensionMatches(name, type)).toBe(expected);
  });
});

describe('fixtures', () => {
  test('the committed fixtures are what make-fixtures.ts builds', () => {
    const built = buildFixtures();
    expect([...built.keys()].sort()).toEqual(
      ['disguised.pdf', 'minutes.pdf', 'notes.txt', 'photo.jpg', 'photo.png', 'questionnaire.docx', 'script.txt'],
    );
    for (const [name, bytes] of built) {
      const committed = fixture(name);
      expect(committed.length).toBeLessThan(20 * 1024);
      if (name === 'photo.png') {
        // zlib output may differ between zlib builds; compare the decoded pixels instead.
        expect(pngPixels(committed)).toEqual(pngPixels(bytes));
      } else {
        expect(committed.equals(bytes)).toBe(true);
      }
    }
  });

  test('the builder is deterministic', () => {
    const a = buildFixtures();
    const b = buildFixtures();
    for (const [name, bytes] of a) expect(b.get(name)?.equals(bytes)).toBe(true);
  });

  test('minutes.pdf has a cross-reference table with correct byte offsets', () => {
    const pdf = fixture('minutes.pdf').toString('latin1');
    expect(pdf.startsWith('%PDF-1.4\n')).toBe(true);
    expect(pdf.endsWith('%%EOF\n')).toBe(true);
    const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(pdf)?.[1]);
    expect(pdf.slice(startxref, startxref + 5)).toBe('xref\n');
    const [, first, count] = /^xref\n(\d+) (\d+)\n/.exec(pdf.slice(startxref)) ?? [];
    expect(first).toBe('0');
    const table = pdf.slice(startxref + `xref\n0 ${count}\n`.length);
    for (let i = 1; i < Number(count); i++) {
      const entry = table.slice(i * 20, i * 20 + 20);
      expect(entry).toMatch(/^\d{10} 00000 n \n$/);
      expect(pdf.slice(Number(entry.slice(0, 10))).startsWith(`${i} 0 obj\n`)).toBe(true);
    }
    const stream = /<< \/Length (\d+) >>\nstream\n/.exec(pdf);
    const length = Number(stream?.[1]);
    const start = (stream?.index ?? 0) + (stream?.[0].length ?? 0);
    expect(pdf.slice(start + length, start + length + 10)).toBe('\nendstream');
  });

  test('photo.png has valid chunk CRCs and 16x16 RGB pixels', () => {
    const png = fixture('photo.png');
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    const chunks = pngChunks(png);
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    for (const c of chunks) expect(c.crcOk).toBe(true);
    expect(pngPixels(png).length).toBe(16 * (1 + 16 * 3));
  });

  test('photo.jpg is a baseline JFIF with the expected segments', () => {
    const jpg = fixture('photo.jpg');
    const markers: string[] = [];
    let at = 2;
    expect(jpg.readUInt16BE(0)).toBe(0xffd8);
    while (at < jpg.length) {
      expect(jpg[at]).toBe(0xff);
      const marker = jpg[at + 1] ?? 0;
      const length = jpg.readUInt16BE(at + 2);
      markers.push(marker.toString(16));
      if (marker === 0xe0) expect(jpg.toString('latin1', at + 4, at + 9)).toBe('JFIF\0');
      if (marker === 0xc0) expect([jpg.readUInt16BE(at + 5), jpg.readUInt16BE(at + 7), jpg[at + 9]]).toEqual([16, 16, 3]);
      at += 2 + length;
      if (marker === 0xda) break;
    }
    expect(markers).toEqual(['e0', 'db', 'c0', 'c4', 'da']);
    // Entropy-coded data: every 0xFF is stuffed (followed by 0x00) until the EOI marker.
    const scan = jpg.subarray(at, jpg.length - 2);
    for (let i = 0; i < scan.length; i++) if (scan[i] === 0xff) expect(scan[i + 1]).toBe(0x00);
    expect(jpg.readUInt16BE(jpg.length - 2)).toBe(0xffd9);
  });

  test('questionnaire.docx has a consistent central directory, local headers and CRCs', () => {
    const docx = fixture('questionnaire.docx');
    const end = docx.length - 22;
    expect(docx.readUInt32LE(end)).toBe(0x06054b50);
    const count = docx.readUInt16LE(end + 10);
    let at = docx.readUInt32LE(end + 16);
    expect(at + docx.readUInt32LE(end + 12)).toBe(end);
    const names: string[] = [];
    for (let i = 0; i < count; i++) {
      expect(docx.readUInt32LE(at)).toBe(0x02014b50);
      const crc = docx.readUInt32LE(at + 16);
      const size = docx.readUInt32LE(at + 20);
      const nameLength = docx.readUInt16LE(at + 28);
      const name = docx.toString('utf8', at + 46, at + 46 + nameLength);
      const local = docx.readUInt32LE(at + 42);
      expect(docx.readUInt32LE(local)).toBe(0x04034b50);
      expect(docx.toString('utf8', local + 30, local + 30 + nameLength)).toBe(name);
      const dataStart = local + 30 + nameLength + docx.readUInt16LE(local + 28);
      const data = docx.subarray(dataStart, dataStart + size);
      expect(crc32(data)).toBe(crc);
      expect(data.toString('utf8')).toBe(DOCX_PARTS.find((p) => p.name === name)?.data);
      names.push(name);
      at += 46 + nameLength + docx.readUInt16LE(at + 30) + docx.readUInt16LE(at + 32);
    }
    expect(names).toEqual(DOCX_PARTS.map((p) => p.name));
  });
});

describe('bytesMatchType accepts each allowed type', () => {
  test.each([
    ['minutes.pdf', PDF],
    ['photo.png', PNG],
    ['photo.jpg', JPEG],
    ['questionnaire.docx', DOCX],
    ['notes.txt', TXT],
  ])('%s as %s', (name, type) => {
    accepted(headOf(fixture(name)), type);
  });

  test('OLE2 compound files as .doc and .xls', () => {
    accepted(buildOle2(['WordDocument', '1Table']), DOC);
    accepted(buildOle2(['Workbook']), XLS);
  });

  test('an .xlsx workbook', () => {
    accepted(buildZip(XLSX_PARTS), XLSX);
    accepted(buildZip(XLSX_PARTS.map((p) => ({ ...p, method: 'deflate' as const }))), XLSX);
  });

  test('a docx with deflated entries', () => {
    accepted(buildZip(DOCX_PARTS.map((p) => ({ ...p, method: 'deflate' as const }))), DOCX);
  });

  test('an ODT built here', () => {
    accepted(buildZip(ODT_PARTS), ODT);
  });

  test('an ODT whose mimetype entry carries an extra field', () => {
    accepted(buildZip([{ ...ODT_MIMETYPE, extra: new Uint8Array([0x55, 0x54, 0x01, 0x00, 0x00]) }, ...ODT_PARTS.slice(1)]), ODT);
  });

  test('text: UTF-8 with a BOM, GB18030, CRLF, tabs and form feeds', () => {
    accepted(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fixture('notes.txt')]), TXT);
    expect(new TextDecoder('gb18030', { fatal: true }).decode(GB18030_TEXT)).toBe('会议纪要：居民建议增加日间照料中心。\r\n联系人：张三\r\n');
    accepted(GB18030_TEXT, TXT);
    accepted(Buffer.from('a\tb\r\nc\fd\n', 'ascii'), TXT);
    accepted(Buffer.from('Emoji 🙂 and é', 'utf8'), TXT);
  });

  test('text: a head that ends in the middle of a UTF-8 character', () => {
    const long = Buffer.from('会议纪要。'.repeat(10_000), 'utf8'); // 150 000 bytes, 3 per character
    const head = headOf(long);
    expect(head.length).toBe(SNIFF_BYTES);
    expect(SNIFF_BYTES % 3).not.toBe(0); // so the head really is cut mid-character
    accepted(head, TXT);
  });

  test('text: a head that ends in the middle of a GB18030 character', () => {
    accepted(GB18030_TEXT.subarray(0, 5), TXT);
  });

  test('a large docx whose [Content_Types].xml lies past the head is accepted on its word/ entries', () => {
    const filler = Buffer.alloc(100_000, 0x42);
    const zip = buildZip([
      { name: 'word/document.xml', data: '<w:document/>' },
      { name: 'word/media/image1.png', data: filler },
      { name: '_rels/.rels', data: '<Relationships/>' },
      { name: '[Content_Types].xml', data: '<Types/>' },
    ]);
    expect(zip.length).toBeGreaterThan(SNIFF_BYTES);
    accepted(headOf(zip), DOCX);
  });

  test('a ZIP with only [Content_Types].xml in view is accepted as docx or xlsx', () => {
    const zip = buildZip([
      { name: '[Content_Types].xml', data: '<Types/>' },
      { name: 'customXml/item1.xml', data: Buffer.alloc(70_000, 0x20) },
      { name: 'word/document.xml', data: '<w:document/>' },
    ]);
    const head = headOf(zip);
    accepted(head, DOCX);
    accepted(head, XLSX);
  });
});

describe('bytesMatchType rejects impostors with a reason', () => {
  test('disguised.pdf (a Windows executable) declared as a PDF', () => {
    expect(reason(fixture('disguised.pdf'), PDF)).toBe('the file is not a PDF (it looks like a Windows executable)');
  });

  test('a PNG declared as a JPEG', () => {
    expect(reason(fixture('photo.png'), JPEG)).toBe('the file is not a JPEG image (it looks like a PNG image)');
  });

  test('a JPEG declared as a PNG', () => {
    expect(reason(fixture('photo.jpg'), PNG)).toBe('the file is not a PNG image (it looks like a JPEG image)');
  });

  test('a docx declared as a PDF', () => {
    expect(reason(fixture('questionnaire.docx'), PDF)).toBe('the file is not a PDF (it looks like a .docx Word document)');
  });

  test('a plain ZIP declared as a docx or xlsx', () => {
    const zip = buildZip([
      { name: 'photos/IMG_0001.jpg', data: fixture('photo.jpg') },
      { name: 'readme.txt', data: 'holiday photos', method: 'deflate' },
    ]);
    expect(reason(zip, DOCX)).toBe('the file is not a Word document (it looks like a ZIP archive without Office content)');
    expect(reason(zip, XLSX)).toBe('the file is not an Excel workbook (it looks like a ZIP archive without Office content)');
    expect(reason(zip, PDF)).toBe('the file is not a PDF (it looks like a ZIP archive)');
  });

  test('a complete ZIP with word/ entries but no [Content_Types].xml declared as docx', () => {
    const zip = buildZip([{ name: 'word/document.xml', data: '<w:document/>' }]);
    expect(reason(zip, DOCX)).toMatch(/^the file is not a Word document/);
  });

  test('an ODT declared as odt is accepted and as docx rejected', () => {
    const odt = buildZip(ODT_PARTS);
    accepted(odt, ODT);
    expect(reason(odt, DOCX)).toBe('the file is not a Word document (it looks like an .odt OpenDocument text document)');
  });

  test('an ODT whose mimetype is compressed, or not first, is not an ODT', () => {
    const compressed = buildZip([{ ...ODT_MIMETYPE, method: 'deflate' }, ...ODT_PARTS.slice(1)]);
    expect(reason(compressed, ODT)).toMatch(/^the file is not an OpenDocument text document \(it looks like/);
    const notFirst = buildZip([...ODT_PARTS.slice(1), ODT_MIMETYPE]);
    expect(reason(notFirst, ODT)).toBe('the file is not an OpenDocument text document (it looks like a ZIP archive)');
  });

  test('an OpenDocument spreadsheet declared as odt', () => {
    const ods = buildZip([{ name: 'mimetype', data: 'application/vnd.oasis.opendocument.spreadsheet' }, ...ODT_PARTS.slice(1)]);
    expect(reason(ods, ODT)).toBe('the file is not an OpenDocument text document (it looks like an .ods OpenDocument spreadsheet)');
  });

  test('a docx declared as odt, xlsx and doc', () => {
    const docx = fixture('questionnaire.docx');
    expect(reason(docx, ODT)).toBe('the file is not an OpenDocument text document (it looks like a .docx Word document)');
    expect(reason(docx, XLSX)).toBe('the file is not an Excel workbook (it looks like a .docx Word document)');
    expect(reason(docx, DOC)).toBe('the file is not a Word 97-2003 document (it looks like a .docx Word document)');
  });

  test('an xlsx declared as docx and xls', () => {
    const xlsx = buildZip(XLSX_PARTS);
    expect(reason(xlsx, DOCX)).toBe('the file is not a Word document (it looks like an .xlsx Excel workbook)');
    expect(reason(xlsx, XLS)).toBe('the file is not an Excel 97-2003 workbook (it looks like an .xlsx Excel workbook)');
  });

  test('OLE2 files declared as docx or xlsx', () => {
    expect(reason(buildOle2(['WordDocument']), DOCX)).toBe('the file is not a Word document (it looks like a .doc Word 97-2003 document)');
    expect(reason(buildOle2(['Workbook']), XLSX)).toBe('the file is not an Excel workbook (it looks like an .xls Excel 97-2003 workbook)');
    expect(reason(buildOle2(['EncryptedInfo', 'EncryptedPackage']), DOCX)).toBe(
      'the file is not a Word document (it looks like a password-protected Office document)',
    );
    expect(reason(buildOle2([]), PDF)).toBe('the file is not a PDF (it looks like an Office 97-2003 file)');
  });

  test('a docx with a VBA project (a renamed .docm)', () => {
    const docm = buildZip([...DOCX_PARTS, { name: 'word/vbaProject.bin', data: Buffer.alloc(64, 1) }]);
    expect(reason(docm, DOCX)).toBe('the Word document contains macros, which are not accepted');
  });

  test('text with NUL bytes declared as text/plain', () => {
    expect(reason(Buffer.from('meeting\0minutes\n', 'latin1'), TXT)).toBe(
      'the file is not a plain text file (it contains NUL bytes, so it looks like binary data)',
    );
  });

  test('text with other control characters', () => {
    expect(reason(Buffer.from('minutes\x1b[31m red\n', 'latin1'), TXT)).toBe(
      'the file is not a plain text file (it contains the control character 0x1B at byte 7)',
    );
    expect(reason(Buffer.from('ok\x7f', 'latin1'), TXT)).toMatch(/control character 0x7F at byte 2/);
    expect(reason(Buffer.from('ok \u0085 next line', 'utf8'), TXT)).toMatch(/control character U\+0085 at byte 3/);
  });

  test('text that is neither UTF-8 nor GB18030', () => {
    expect(reason(Buffer.from([0x61, 0xff, 0x62]), TXT)).toBe(
      'the file is not a plain text file (it is neither UTF-8 nor GB18030 text)',
    );
    // Windows-1252 "café au lait" is not valid GB18030 either (0xE9 followed by a space).
    expect(reason(Buffer.from('caf\xe9 au lait', 'latin1'), TXT)).toMatch(/neither UTF-8 nor GB18030/);
    expect(reason(Buffer.from([0xef, 0xbb, 0xbf, 0xbb, 0xe1, 0xd2, 0xe9]), TXT)).toBe(
      'the file is not a plain text file (it is marked as UTF-8 but is not valid UTF-8)',
    );
    // UTF-8 encoded surrogate (ED A0 80) is invalid.
    expect(reason(Buffer.from([0x61, 0xed, 0xa0, 0x80]), TXT)).toMatch(/neither UTF-8 nor GB18030/);
  });

  test('UTF-16 text', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('会议纪要', 'utf16le')]);
    expect(reason(utf16, TXT)).toBe('the text file is saved as UTF-16; save it as UTF-8 and upload it again');
  });

  test('script.txt (a shell script) and an ELF binary declared as text/plain', () => {
    expect(reason(fixture('script.txt'), TXT)).toBe('the file is not a plain text file (it looks like a script)');
    expect(reason(buildFakeElf(), TXT)).toBe('the file is not a plain text file (it looks like a Linux executable)');
  });

  test('binary signatures and HTML declared as text/plain', () => {
    expect(reason(fixture('disguised.pdf'), TXT)).toBe('the file is not a plain text file (it looks like a Windows executable)');
    expect(reason(fixture('minutes.pdf'), TXT)).toBe('the file is not a plain text file (it looks like a PDF document)');
    expect(reason(fixture('questionnaire.docx'), TXT)).toBe('the file is not a plain text file (it looks like a .docx Word document)');
    expect(reason(Buffer.from('\ufeff  <!DOCTYPE html><html><body>hi</body></html>', 'utf8'), TXT)).toBe(
      'the file is not a plain text file (it looks like an HTML web page)',
    );
    expect(reason(Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>', 'utf8'), TXT)).toMatch(/an SVG image/);
  });

  test('"MZ" at the start of ordinary text is not taken for an executable', () => {
    accepted(Buffer.from('MZ meeting notes: all present.\n', 'utf8'), TXT);
    accepted(Buffer.from('<p>is not a web page on its own</p>\n', 'utf8'), TXT);
    accepted(Buffer.from('ID3 and BZh are just letters here.\n', 'utf8'), TXT);
  });

  test('a script behind a UTF-8 byte order mark is still a script', () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fixture('script.txt')]);
    expect(reason(withBom, TXT)).toBe('the file is not a plain text file (it looks like a script)');
  });

  test('executables and web pages declared as other types', () => {
    expect(reason(buildFakeElf(), PDF)).toBe('the file is not a PDF (it looks like a Linux executable)');
    const machO = Buffer.alloc(64);
    machO.writeUInt32LE(0xfeedfacf, 0);
    expect(reason(machO, DOCX)).toBe('the file is not a Word document (it looks like a macOS executable)');
    const fat = Buffer.alloc(64);
    fat.writeUInt32BE(0xcafebabe, 0);
    fat.writeUInt32BE(2, 4);
    expect(reason(fat, PNG)).toBe('the file is not a PNG image (it looks like a macOS executable)');
    expect(reason(Buffer.from('#!/usr/bin/env python3\nprint(1)\n'), JPEG)).toBe('the file is not a JPEG image (it looks like a script)');
    expect(reason(Buffer.from('<html><head><title>x</title></head></html>'), PDF)).toBe('the file is not a PDF (it looks like an HTML web page)');
    expect(reason(Buffer.from('Dear colleagues, the minutes follow.'), PDF)).toBe('the file is not a PDF (it looks like plain text)');
    expect(reason(Buffer.from([0x01, 0x02, 0x03, 0x04, 0x00]), DOC)).toBe(
      'the file is not a Word 97-2003 document (its contents are not recognised)',
    );
  });

  test('a ZIP declared as a Word 97-2003 document and an OLE2 file declared as docx (zip/OLE2 confusion)', () => {
    expect(reason(buildZip(XLSX_PARTS), DOC)).toMatch(/^the file is not a Word 97-2003 document \(it looks like an \.xlsx/);
    expect(reason(buildOle2(['WordDocument']), ODT)).toMatch(/^the file is not an OpenDocument text document \(it looks like a \.doc/);
  });

  test('a PNG signature without its header chunk', () => {
    expect(reason(PNG_SIGNATURE, PNG)).toBe('the PNG image is damaged (its header chunk is missing)');
  });

  test('an empty file, whatever its declared type', () => {
    for (const { contentType } of ALLOWED_FILE_TYPES) expect(reason(new Uint8Array(0), contentType)).toBe('the file is empty');
  });

  test('a content type that is not allowed', () => {
    expect(reason(fixture('minutes.pdf'), 'application/zip')).toBe('files of type "application/zip" are not accepted');
    expect(reason(fixture('minutes.pdf'), 'application/PDF')).toBe('files of type "application/PDF" are not accepted');
  });

  test('reasons read as one short sentence', () => {
    const samples = [
      reason(fixture('disguised.pdf'), PDF),
      reason(fixture('script.txt'), TXT),
      reason(buildZip([{ name: 'a.txt', data: 'a' }]), DOCX),
      reason(new Uint8Array(0), PNG),
    ];
    for (const r of samples) {
      expect(r.length).toBeLessThan(120);
      expect(r).not.toMatch(/\n|undefined|null|\[object/);
    }
  });
});

// ---------------------------------------------------------------------------------------------

function pngChunks(png: Buffer): { type: string; data: Buffer; crcOk: boolean }[] {
  const chunks: { type: string; data: Buffer; crcOk: boolean }[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    const crcOk = crc32(png.subarray(at + 4, at + 8 + length)) === png.readUInt32BE(at + 8 + length);
    chunks.push({ type, data, crcOk });
    at += 12 + length;
  }
  return chunks;
}

function pngPixels(png: Buffer): Buffer {
  const idat = Buffer.concat(pngChunks(png).filter((c) => c.type === 'IDAT').map((c) => c.data));
  return inflateSync(idat);
}

describe('file names and declared types', () => {
  test('a dot-file inside a folder has no extension, whichever separator the folders use', () => {
    expect(extensionMatches('uploads/.pdf', PDF)).toBe(false);
    expect(extensionMatches('C:\\Users\\liaison\\.pdf', PDF)).toBe(false);
    expect(extensionMatches('C:\\Users\\liaison/uploads\\.pdf', PDF)).toBe(false);
    expect(extensionMatches('uploads\\2024/.pdf', PDF)).toBe(false);
    expect(extensionMatches('uploads\\2024/minutes.pdf', PDF)).toBe(true);
  });

  test('isAllowedContentType knows exactly the allowed MIME strings', () => {
    for (const { contentType } of ALLOWED_FILE_TYPES) expect(isAllowedContentType(contentType)).toBe(true);
    expect(isAllowedContentType('application/PDF')).toBe(false);
    expect(isAllowedContentType('text/plain; charset=utf-8')).toBe(false);
    expect(isAllowedContentType('application/zip')).toBe(false);
  });
});
