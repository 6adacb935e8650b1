import type { BuildOptions } from 'esbuild';
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';

/**
 * The one description of how a Lambda entry is bundled. `NodejsFunction` (CDK, at synth time) and
 * `scripts/bundle.ts` (esbuild API, `npm run bundle`) both derive their options from it, so the
 * bundle measured locally is the bundle that is deployed.
 */
export interface LambdaBundleSpec {
  /** esbuild target; matches the Lambda runtime (nodejs22.x). */
  readonly target: string;
  /** CommonJS: the handlers and their dependencies load as CJS without an ESM shim. */
  readonly format: 'cjs';
  readonly minify: boolean;
  /** Emit `index.js.map`; NODE_OPTIONS=--enable-source-maps makes stack traces use it. */
  readonly sourceMap: boolean;
  /**
   * Leave the original sources out of the map: stack traces need only the mappings, and the asset
   * (and anything that can read it) should not carry the full source text.
   */
  readonly sourcesContent: boolean;
  /**
   * AWS SDK v3 ships in the Lambda Node.js runtime, so it is not bundled. Decided by measurement
   * (`npm run bench:cold -- --sdk both`, docs/BENCHMARKS.md): bundled, the graphql bundle grows from
   * 1.1 to 2.0 MB (over BUNDLE_BUDGET_BYTES) and peak RSS by 17–25 MiB, and cold start got slower.
   */
  readonly externalModules: readonly string[];
  /**
   * Compile-time constants. `process.env.NODE_ENV` = "production" drops graphql-js's development
   * checks (instanceof guards on every call; 4–6 % of warm CPU when NODE_ENV is unset).
   */
  readonly define: Readonly<Record<string, string>>;
  /**
   * Import paths replaced before resolution (relative to the repository root).
   * - `@apollo/server`: our code imports it as ES modules and `@as-integrations/aws-lambda` requires
   *   its CommonJS build, so without this Apollo (and its lru-cache) was bundled twice.
   * - `@apollo/usage-reporting-protobuf`: only Apollo's usage reporting and inline tracing use it,
   *   and both are off (graphql/server.ts); a stub that refuses every use stands in (118 KB less).
   * - `@graphql-tools/schema`: Apollo's `makeExecutableSchema`, called only for `typeDefs`; our
   *   schema is built by graphql/schema.ts (the same stub; 118 KB less with merge and utils).
   */
  readonly alias: Readonly<Record<string, string>>;
}

export const LAMBDA_BUNDLE: LambdaBundleSpec = {
  target: 'node22',
  format: 'cjs',
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  externalModules: ['@aws-sdk/*'],
  define: { 'process.env.NODE_ENV': '"production"' },
  alias: {
    '@apollo/server': './node_modules/@apollo/server/dist/cjs',
    '@apollo/usage-reporting-protobuf': './functions/src/graphql/left-out-of-bundle.cjs',
    '@graphql-tools/schema': './functions/src/graphql/left-out-of-bundle.cjs',
  },
};

/** A Lambda entry point of this repository and the name of its bundle (`dist/<name>/index.js`). */
export interface LambdaEntry {
  readonly name: string;
  /** Path relative to the repository root. */
  readonly entry: string;
}

/** Every Lambda entry; `scripts/bundle.ts` bundles those whose file exists. */
export const LAMBDA_ENTRIES: readonly LambdaEntry[] = [
  { name: 'graphql', entry: 'functions/src/graphql/handler.ts' },
  { name: 'files', entry: 'functions/src/files/handler.ts' },
  { name: 'imports', entry: 'functions/src/imports/handler.ts' },
];

/** The entry named `name` (a typo fails the synth instead of deploying the wrong handler). */
export function lambdaEntry(name: string): LambdaEntry {
  const entry = LAMBDA_ENTRIES.find((e) => e.name === name);
  if (!entry) throw new Error(`No Lambda entry named "${name}" in LAMBDA_ENTRIES`);
  return entry;
}

/** Largest acceptable minified bundle (`index.js`, without its source map): 1.5 MiB. */
export const BUNDLE_BUDGET_BYTES = 1.5 * 1024 * 1024;

/** The spec as `NodejsFunction` bundling options (local esbuild, never Docker). */
export function nodejsBundlingOptions(spec: LambdaBundleSpec = LAMBDA_BUNDLE): BundlingOptions {
  return {
    target: spec.target,
    format: OutputFormat.CJS,
    minify: spec.minify,
    sourceMap: spec.sourceMap,
    sourcesContent: spec.sourcesContent,
    externalModules: [...spec.externalModules],
    define: { ...spec.define },
    // NodejsFunction has no alias option; esbuild runs in the project root, where the paths resolve.
    esbuildArgs: Object.fromEntries(Object.entries(spec.alias).map(([from, to]) => [`--alias:${from}`, to])),
    forceDockerBundling: false,
  };
}

/** The spec as esbuild build options: what `NodejsFunction` passes to the esbuild CLI. */
export function esbuildOptions(entryPoint: string, outfile: string, spec: LambdaBundleSpec = LAMBDA_BUNDLE): BuildOptions {
  return {
    entryPoints: [entryPoint],
    outfile,
    bundle: true,
    platform: 'node',
    target: spec.target,
    format: spec.format,
    minify: spec.minify,
    sourcemap: spec.sourceMap,
    sourcesContent: spec.sourcesContent,
    external: [...spec.externalModules],
    define: { ...spec.define },
    alias: { ...spec.alias },
    logLevel: 'warning',
  };
}
