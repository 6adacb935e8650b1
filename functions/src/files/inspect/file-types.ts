/**
 * The file types a contact point liaison may upload, keyed by the exact MIME string declared in the
 * presigned POST. Matching is exact and case-sensitive (no parameters such as `; charset=`): the
 * declared type is stored on the S3 object as-is, so anything else is simply not an allowed type.
 */

export interface AllowedFileType {
  /** Exact MIME string, e.g. `application/pdf`. */
  readonly contentType: string;
  /** Lower-case file name extensions with the leading dot, e.g. `.jpg`, `.jpeg`. */
  readonly extensions: readonly string[];
  /** What a liaison would call it; used in messages ("the file is not a PDF"). */
  readonly label: string;
}

const TYPES = [
  { contentType: 'application/pdf', extensions: ['.pdf'], label: 'PDF' },
  { contentType: 'application/msword', extensions: ['.doc'], label: 'Word 97-2003 document' },
  { contentType: 'application/vnd.ms-excel', extensions: ['.xls'], label: 'Excel 97-2003 workbook' },
  {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['.docx'],
    label: 'Word document',
  },
  {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extensions: ['.xlsx'],
    label: 'Excel workbook',
  },
  { contentType: 'application/vnd.oasis.opendocument.text', extensions: ['.odt'], label: 'OpenDocument text document' },
  { contentType: 'text/plain', extensions: ['.txt'], label: 'plain text file' },
  { contentType: 'image/jpeg', extensions: ['.jpg', '.jpeg'], label: 'JPEG image' },
  { contentType: 'image/png', extensions: ['.png'], label: 'PNG image' },
] as const satisfies readonly AllowedFileType[];

/** One of the exact MIME strings in {@link ALLOWED_FILE_TYPES}. */
export type AllowedContentType = (typeof TYPES)[number]['contentType'];

/** The allowed types; frozen, so callers cannot widen the list at run time. */
export const ALLOWED_FILE_TYPES: readonly AllowedFileType[] = Object.freeze(
  TYPES.map((t) => Object.freeze({ ...t, extensions: Object.freeze([...t.extensions]) })),
);

/** Largest object the ingest accepts (50 MiB). */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;

/** How many leading bytes of an object the ingest reads for sniffing (64 KiB). */
export const SNIFF_BYTES = 64 * 1024;

const BY_CONTENT_TYPE: ReadonlyMap<string, AllowedFileType> = new Map(ALLOWED_FILE_TYPES.map((t) => [t.contentType, t]));

/** The allowed type with exactly this MIME string, or undefined when it is not allowed. */
export function fileTypeFor(contentType: string): AllowedFileType | undefined {
  return BY_CONTENT_TYPE.get(contentType);
}

/** True when `contentType` is one of the allowed MIME strings (a type guard). */
export function isAllowedContentType(contentType: string): contentType is AllowedContentType {
  return BY_CONTENT_TYPE.has(contentType);
}

/**
 * True when the file name's extension (case-insensitive; the part after the last dot of the last
 * path segment) is one of the declared type's extensions. A name with no extension, a bare
 * dot-file such as `.pdf`, a trailing dot (extension ".", which no type lists) and an unknown
 * content type are all false.
 */
export function extensionMatches(fileName: string, contentType: string): boolean {
  const type = fileTypeFor(contentType);
  if (!type) return false;
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return false;
  const extension = base.slice(dot).toLowerCase();
  return type.extensions.includes(extension);
}
