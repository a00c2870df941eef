import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { operatorShopSchema } from '../../src/core/portal.js';
import { runCli, type CliIo } from '../../src/server/cli-commands.js';
import { startApiServer } from '../../src/server/index.js';
import { signIn } from './portal-support.js';
import { backends, seedDataDir, useTestApi } from './support.js';

function io(stdin = ''): CliIo & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return {
    lines,
    errors,
    out: (line) => lines.push(line),
    err: (line) => errors.push(line),
    readStdin: async () => stdin,
  };
}

const oneTimePassword = (lines: string[]) => /One-time password[^:]*: (\S+)$/.exec(lines.join('\n'))?.[1];

describe.each(backends)('portal CLI on $name', (backend) => {
  const t = useTestApi(backend, { deliveryWorker: false });
  const db = async () => t.api.db;

  it('create-user --shop --role admin prints a one-time password that signs in as an admin of that shop', async () => {
    const out = io();
    expect(await runCli(['create-user', 'Owner@Shop.test', '--shop', t.slug, '--role', 'admin'], db, out)).toBe(0);
    const password = oneTimePassword(out.lines);
    expect(password).toMatch(/^[A-Za-z0-9-]{24,}$/);
    const client = await signIn(t.api.origin, 'owner@shop.test', password as string);
    expect(client.session.shops).toEqual([{ slug: t.slug, name: 'Test Shop', role: 'admin' }]);
    expect(client.session.user.operator).toBe(false);

    // Again for the same account (any case): the membership changes, the password does not, none is printed.
    const again = io();
    expect(await runCli(['create-user', 'OWNER@shop.test', '--shop', t.slug, '--role', 'member'], db, again)).toBe(0);
    expect(oneTimePassword(again.lines)).toBeUndefined();
    expect(again.lines.join('\n')).toContain('password is unchanged');
    expect((await signIn(t.api.origin, 'owner@shop.test', password as string)).session.shops[0]?.role).toBe('member');
  });

  it('create-user --role operator with --password-stdin makes an operator with that password', async () => {
    const out = io('an operator passphrase\n');
    expect(await runCli(['create-user', 'ops@platform.test', '--role', 'operator', '--password-stdin'], db, out)).toBe(
      0,
    );
    expect(oneTimePassword(out.lines)).toBeUndefined();
    const operator = await signIn(t.api.origin, 'ops@platform.test', 'an operator passphrase');
    expect(operator.session.user.operator).toBe(true);
    expect((await operator.call('GET', '/v1/operator/shops')).status).toBe(200);
  });

  it('reset-password prints a new password and ends every session of the account', async () => {
    await runCli(
      ['create-user', 'forgetful@shop.test', '--shop', t.slug, '--role', 'member', '--password-stdin'],
      db,
      io('the old passphrase'),
    );
    const before = await signIn(t.api.origin, 'forgetful@shop.test', 'the old passphrase');
    const out = io();
    expect(await runCli(['reset-password', 'Forgetful@shop.test'], db, out)).toBe(0);
    const password = oneTimePassword(out.lines) as string;
    expect((await before.call('GET', '/v1/portal/session')).status).toBe(401);
    await signIn(t.api.origin, 'forgetful@shop.test', password);
    expect(await runCli(['reset-password', 'nobody@shop.test'], db, io())).toBe(1);
  });

  it('refuses wrong usage with the usage text and exit code 2, unknown shops with 1', async () => {
    const cases: string[][] = [
      ['create-user', 'x@shop.test'],
      ['create-user', 'x@shop.test', '--role', 'admin'],
      ['create-user', 'x@shop.test', '--shop', t.slug, '--role', 'owner'],
      ['create-user', 'x@shop.test', '--shop', t.slug, '--role', 'operator'],
      ['create-user', 'not-an-email', '--shop', t.slug, '--role', 'admin'],
      ['create-user', 'x@shop.test', '--shop', t.slug, '--role', 'admin', '--unknown-flag'],
      ['create-shop', 'Bad Slug'],
      ['create-shop', 'fine-slug', '--integrations', 'zendesk'],
      ['frobnicate', 'x'],
    ];
    for (const argv of cases) {
      const out = io();
      expect(await runCli(argv, db, out), argv.join(' ')).toBe(2);
      expect(out.errors.join('\n'), argv.join(' ')).not.toBe('');
    }
    const short = io('short');
    expect(
      await runCli(['create-user', 'x@shop.test', '--shop', t.slug, '--role', 'admin', '--password-stdin'], db, short),
    ).toBe(2);
    expect(short.errors.join('\n')).toContain('12');
    expect(await runCli(['create-user', 'x@shop.test', '--shop', 'no-such-shop', '--role', 'admin'], db, io())).toBe(1);
  });

  it('create-shop --integrations --trusted sets what the operator would', async () => {
    expect(
      await runCli(
        ['create-shop', 'cli-shop', '--name', 'CLI Shop', '--integrations', 'gorgias,dixa', '--trusted'],
        db,
        io(),
      ),
    ).toBe(0);
    const out = io();
    await runCli(['create-user', 'cli-ops@platform.test', '--role', 'operator'], db, out);
    const operator = await signIn(t.api.origin, 'cli-ops@platform.test', oneTimePassword(out.lines) as string);
    expect(
      operatorShopSchema.parse(await (await operator.call('GET', '/v1/operator/shops/cli-shop')).json()),
    ).toMatchObject({
      name: 'CLI Shop',
      trusted: true,
      integrations: { gorgias: true, dixa: true },
    });
  });
});

describe('npm run cli as a process', () => {
  it('reads --password-stdin from standard input and writes to the store the API then opens', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'resolve-cli-'));
    seedDataDir(dataDir);
    try {
      const run = (args: string[], stdin: string) =>
        new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
          const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', ...args], {
            env: { ...process.env, DATA_DIR: dataDir },
            stdio: 'pipe',
          });
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
          child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
          child.on('error', reject);
          child.on('close', (code) => resolve({ code, stdout, stderr }));
          child.stdin.end(stdin);
        });
      expect((await run(['create-shop', 'proc-shop'], '')).code).toBe(0);
      const created = await run(
        ['create-user', 'proc@shop.test', '--shop', 'proc-shop', '--role', 'admin', '--password-stdin'],
        'a password from stdin\n',
      );
      expect(created.code, created.stderr).toBe(0);
      expect(created.stdout).toContain('proc@shop.test (admin of proc-shop)');
      const api = await startApiServer({ dataDir, port: 0, log: () => {}, deliveryWorker: false });
      try {
        const client = await signIn(api.origin, 'proc@shop.test', 'a password from stdin');
        expect(client.session.shops.map((shop) => shop.slug)).toEqual(['proc-shop']);
      } finally {
        await api.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});
