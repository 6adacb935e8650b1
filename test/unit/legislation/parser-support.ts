import { DraftTextError, parseDraftText } from '../../../functions/src/legislation/text/parser';

/** Parses and returns the DraftTextError thrown (fails when nothing is thrown). */
export function parseError(text: string): DraftTextError {
  try {
    parseDraftText(text);
  } catch (e) {
    if (e instanceof DraftTextError) return e;
    throw e;
  }
  throw new Error('expected a DraftTextError');
}
