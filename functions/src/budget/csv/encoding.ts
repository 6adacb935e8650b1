/**
 * Text encodings of finance exports: UTF-8 (with or without a BOM) or GB18030 (which includes
 * GBK and GB2312, what Excel on Chinese Windows saves as "CSV"). The file does not say which;
 * the bytes do: a BOM means UTF-8, and text that is not valid UTF-8 is taken for GB18030. Valid
 * UTF-8 is tested strictly (no overlong forms or surrogates), because a few GB18030 characters
 * happen to form valid UTF-8 (某 is C4 B3), so the decision waits for enough non-ASCII bytes.
 */
import * as iconv from 'iconv-lite';

/** The text encoding of a file, as detected from its bytes. */
export type FileEncoding = 'UTF_8' | 'GB18030';

/** The UTF-8 byte order mark Excel and Notepad write. */
export const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** How many non-ASCII bytes are enough to tell UTF-8 from GB18030 (less only at the end of a file). */
export const DETECTION_BYTES = 4096;

/** Whether `bytes` starts with the UTF-8 BOM. */
export function startsWithUtf8Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Whether the bytes are valid UTF-8 throughout. */
export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** UTF-8 when the sample is valid UTF-8, else GB18030. */
export function detectEncoding(sample: Uint8Array): FileEncoding {
  return isValidUtf8(sample) ? 'UTF_8' : 'GB18030';
}

/**
 * Decodes complete records' bytes (never a part of a character). Returns null when the bytes are
 * not valid text in that encoding (bytes of another encoding, or a damaged file).
 */
export function decodeText(bytes: Uint8Array, encoding: FileEncoding): string | null {
  if (encoding === 'UTF_8') {
    try {
      return strictUtf8.decode(bytes);
    } catch {
      return null;
    }
  }
  const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'gb18030');
  // iconv-lite marks byte sequences GB18030 does not define with U+FFFD.
  return text.includes('\uFFFD') ? null : text;
}
