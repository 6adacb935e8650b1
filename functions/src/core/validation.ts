// Namespace import, never passed around as a value: esbuild then drops zod's locale files (~360 KB).
import * as z from 'zod';
import { BadInputError } from './errors';

/**
 * Validates a mutation input before anything is written. The first problem becomes BAD_USER_INPUT
 * with `field` set to its path inside the input, e.g. `liaisons.0.phone`.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.map(String).join('.') || 'input';
  throw new BadInputError(field, `${field}: ${issue?.message ?? 'invalid value'}`);
}

/** Trims, then requires 1..max characters (counted as code points, as users count Chinese text). */
export function requiredText(max: number) {
  return z
    .string()
    .trim()
    .refine((s) => s.length > 0, 'must not be empty')
    .refine((s) => [...s].length <= max, `must be at most ${max} characters`);
}

/** Trims; empty becomes null; at most max characters. */
export function optionalText(max: number) {
  return z
    .string()
    .trim()
    .refine((s) => [...s].length <= max, `must be at most ${max} characters`)
    .transform((s) => (s.length === 0 ? null : s))
    .nullish()
    .transform((s) => s ?? null);
}
