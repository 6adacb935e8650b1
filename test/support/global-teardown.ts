import { rmSync } from 'node:fs';

/** Stops the emulators global-setup started; no Java process outlives the run. */
export default async function globalTeardown(): Promise<void> {
  const running = ((globalThis as Record<string, unknown>).__RENDA_EMULATORS__ ?? []) as { stop(): Promise<void> }[];
  await Promise.all(running.map((r) => r.stop()));
  if (process.env.TEST_S3_DIR) rmSync(process.env.TEST_S3_DIR, { recursive: true, force: true });
}
