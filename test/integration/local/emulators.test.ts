import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { promisify } from 'node:util';

/**
 * The emulators the jest global setup started (as npm start and the bench start them) listen on the
 * loopback interface only: nobody on an office network can read the local database or files.
 */

/** This machine's addresses other than loopback (IPv6 link-local ones need a zone and are left out). */
function nonLoopbackAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && !a.internal && !(a.family === 'IPv6' && a.scopeid !== 0))
    .map((a) => a!.address);
}

/** 'connected', or the error code of the attempt (ECONNREFUSED when nothing listens there). */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((done) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      done('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
  });
}

const portOf = (endpoint: string | undefined): number => Number(new URL(endpoint ?? 'http://missing').port);

describe.each([
  ['DynamoDB Local', 'DYNAMODB_ENDPOINT'],
  ['the S3 emulator', 'S3_ENDPOINT'],
])('%s', (_name, variable) => {
  const port = portOf(process.env[variable]);

  test('answers on 127.0.0.1', async () => {
    expect(port).toBeGreaterThan(0);
    expect(await tryConnect('127.0.0.1', port)).toBe('connected');
  });

  test("refuses connections on the machine's other addresses", async () => {
    const addresses = nonLoopbackAddresses();
    const outcomes = await Promise.all(addresses.map((address) => tryConnect(address, port)));
    expect(outcomes).toEqual(addresses.map(() => 'ECONNREFUSED'));
  });
});

test('DynamoDB Local runs with telemetry disabled', async () => {
  const port = portOf(process.env.DYNAMODB_ENDPOINT);
  const { stdout } = await promisify(execFile)('ps', ['-eo', 'args']);
  const java = stdout.split('\n').filter((line) => /\bjava\b/.test(line) && line.includes(`-port ${port} `));
  expect(java).toHaveLength(1);
  expect(java[0]).toContain('-disableTelemetry');
});
