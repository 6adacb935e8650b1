import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { minVersion, satisfies, validRange } from 'semver';

/**
 * package.json's `engines.node` is the Node the project supports: every installed package must accept
 * its lowest version, so `npm ci` on a supported Node prints no EBADENGINE warning. (Lambda runs
 * nodejs22.x; Apollo Server 5.5's @graphql-tools chain and @as-integrations/aws-lambda 4.1 need 22.)
 */
const ROOT = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines?: { node?: string } };
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { engines?: { node?: string } | string[] }>;
};

test('engines.node is a range with a lowest version', () => {
  expect(validRange(manifest.engines?.node)).not.toBeNull();
  expect(lock.packages['']?.engines).toEqual(manifest.engines);
});

test('every locked package accepts the lowest supported Node', () => {
  const lowest = minVersion(manifest.engines!.node!)!.version;
  const refusing = Object.entries(lock.packages)
    .filter(([path]) => path !== '')
    .flatMap(([path, entry]) => {
      const wanted = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      return wanted && !satisfies(lowest, wanted, { includePrerelease: true }) ? [`${path} needs node ${wanted}`] : [];
    });
  expect(refusing).toEqual([]);
});
