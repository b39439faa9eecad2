// `npm run deploy [-- <wrangler deploy options>]`: checks what is about to be deployed (see
// deploy-check.ts), then runs `wrangler deploy` with the same options.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { unstable_readConfig } from 'wrangler';
import { deploymentProblems } from './deploy-check';
import { DEV_VARS, LOCAL_SECRET_PREFIX, readVars } from './local';

const args = process.argv.slice(2);
const { values } = parseArgs({
  args,
  strict: false,
  options: {
    env: { type: 'string', short: 'e' },
    config: { type: 'string', short: 'c' },
    var: { type: 'string', multiple: true },
    'secrets-file': { type: 'string' },
  },
});

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
const env = text(values.env);
const config = unstable_readConfig({ config: text(values.config) ?? 'wrangler.toml', env });

const vars: Record<string, unknown> = { ...config.vars };
for (const pair of (values.var ?? []).map(String)) {
  const at = pair.indexOf(':');
  vars[at < 0 ? pair : pair.slice(0, at)] = at < 0 ? '' : pair.slice(at + 1);
}

/** A secrets file is JSON or .env, as wrangler reads it. */
function readSecrets(path: string | undefined): Record<string, string> {
  if (!path) return {};
  const content = readFileSync(path, 'utf8');
  return content.trimStart().startsWith('{') ? JSON.parse(content) : readVars(content);
}

const problems = deploymentProblems({
  vars,
  secrets: readSecrets(text(values['secrets-file'])),
  databaseIds: config.d1_databases.map((db: { database_id?: string }) => db.database_id ?? ''),
  localVars: existsSync(DEV_VARS) ? readVars(readFileSync(DEV_VARS, 'utf8')) : {},
  localSecretPrefix: LOCAL_SECRET_PREFIX,
});

if (problems.length > 0) {
  console.error(`Not deploying:\n${problems.map((problem) => `- ${problem}`).join('\n')}`);
  process.exit(1);
}
const deploy = spawnSync('npx', ['wrangler', 'deploy', ...args], { stdio: 'inherit' });
process.exit(deploy.status ?? 1);
