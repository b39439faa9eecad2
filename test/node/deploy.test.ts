import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type Deployment,
  deploymentProblems,
  PLACEHOLDER_DATABASE_ID,
} from '../../scripts/deploy-check';
import { LOCAL_SECRET_PREFIX } from '../../scripts/local';

const LOCAL_AUTH = `${LOCAL_SECRET_PREFIX}auth-secret-of-this-laptop-0123456789`;
/** A .dev.vars written before local secrets carried their mark. */
const OLD_LOCAL_ADMIN = 'an-older-local-admin-secret-0123456789';

/** A deployment with nothing wrong with it, changed as a test says. */
function deployment(change: Partial<Deployment> = {}): Deployment {
  return {
    vars: {},
    secrets: {},
    databaseIds: ['4b1c6f0e-2d1a-4c3b-9e8f-7a6b5c4d3e2f'],
    localVars: { AUTH_SECRET: LOCAL_AUTH, ADMIN_SECRET: OLD_LOCAL_ADMIN, DEMO: 'on' },
    localSecretPrefix: LOCAL_SECRET_PREFIX,
    ...change,
  };
}

describe('the deploy check', () => {
  it('lets a deployment with real secrets and a real database through', () => {
    const secrets = { AUTH_SECRET: 'x'.repeat(48), ADMIN_SECRET: 'y'.repeat(48) };
    expect(deploymentProblems(deployment({ secrets }))).toEqual([]);
  });

  it('refuses the demo, as a variable or as a secret', () => {
    for (const change of [{ vars: { DEMO: 'on' } }, { secrets: { DEMO: 'off' } }]) {
      const problems = deploymentProblems(deployment(change));
      expect(problems).toEqual([expect.stringMatching(/^DEMO is set/)]);
    }
  });

  it('refuses the local development secrets, however they are uploaded', () => {
    const cases: Partial<Deployment>[] = [
      { secrets: { AUTH_SECRET: LOCAL_AUTH } },
      { secrets: { ADMIN_SECRET: OLD_LOCAL_ADMIN } },
      { secrets: { AUTH_SECRET: `${LOCAL_SECRET_PREFIX}from-another-laptop` }, localVars: {} },
      { secrets: { SOME_OTHER_NAME: LOCAL_AUTH } },
    ];
    for (const change of cases) {
      const problems = deploymentProblems(deployment(change));
      expect(problems, JSON.stringify(change)).toEqual([
        expect.stringMatching(/is the local development secret/),
      ]);
    }
  });

  it('refuses a secret kept as a plain variable', () => {
    const problems = deploymentProblems(deployment({ vars: { ADMIN_SECRET: 'z'.repeat(48) } }));
    expect(problems).toEqual([expect.stringMatching(/^ADMIN_SECRET is a plain variable/)]);
  });

  it('refuses the placeholder database id of a fresh clone', () => {
    for (const databaseIds of [[PLACEHOLDER_DATABASE_ID], []]) {
      const problems = deploymentProblems(deployment({ databaseIds }));
      expect(problems).toEqual([expect.stringMatching(/no real D1 database_id/)]);
    }
  });

  it('stops `npm run deploy` before wrangler, naming every problem', { timeout: 60_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'aftershop-deploy-'));
    const config = join(dir, 'wrangler.toml');
    writeFileSync(
      config,
      [
        'name = "aftershop-chat"',
        `main = "${resolve('src/index.ts')}"`,
        'compatibility_date = "2026-04-26"',
        '[vars]',
        'DEMO = "on"',
        '[[d1_databases]]',
        'binding = "DB"',
        'database_name = "aftershop-chat"',
        `database_id = "${PLACEHOLDER_DATABASE_ID}"`,
      ].join('\n'),
    );
    const secrets = join(dir, 'secrets.env');
    writeFileSync(secrets, `AUTH_SECRET=${LOCAL_SECRET_PREFIX}copied\n`);

    const run = spawnSync(
      'npx',
      ['tsx', 'scripts/deploy.ts', '-c', config, '--secrets-file', secrets, '--dry-run'],
      { encoding: 'utf8', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Not deploying');
    expect(run.stderr).toContain('DEMO is set');
    expect(run.stderr).toContain('AUTH_SECRET is the local development secret');
    expect(run.stderr).toContain('no real D1 database_id');
  });
});
