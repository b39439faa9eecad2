// What `npm run deploy` refuses to deploy. Pure, so the rules are tested on their own.

/** The database id wrangler.toml carries until `wrangler d1 create` gives a real one. */
export const PLACEHOLDER_DATABASE_ID = '00000000-0000-0000-0000-000000000000';

const SECRET_NAMES = ['AUTH_SECRET', 'ADMIN_SECRET'];

export interface Deployment {
  /** The plain-text variables the configuration deploys (wrangler.toml `[vars]`, `--var`). */
  vars: Record<string, unknown>;
  /** The secrets uploaded with the deployment (`--secrets-file`). */
  secrets: Record<string, string>;
  /** The configuration's D1 database ids. */
  databaseIds: string[];
  /** The local .dev.vars, as `npm run dev` wrote it; empty when there is none. */
  localVars: Record<string, string>;
  /** The prefix that marks a secret made for local development. */
  localSecretPrefix: string;
}

/** Every reason not to deploy; none means go. */
export function deploymentProblems(deployment: Deployment): string[] {
  const { vars, secrets, databaseIds, localVars, localSecretPrefix } = deployment;
  const problems: string[] = [];

  if ('DEMO' in vars || 'DEMO' in secrets) {
    problems.push('DEMO is set: the demo and its token minting are for `npm run dev` only.');
  }

  const localSecrets = new Set(
    SECRET_NAMES.map((name) => localVars[name]).filter((value): value is string => !!value),
  );
  const deployed = { ...vars, ...secrets };
  for (const [name, value] of Object.entries(deployed)) {
    if (typeof value !== 'string') continue;
    if (localSecrets.has(value) || value.startsWith(localSecretPrefix)) {
      problems.push(`${name} is the local development secret: make a new one for the deployment.`);
    }
  }

  for (const name of SECRET_NAMES) {
    if (name in vars) {
      problems.push(`${name} is a plain variable: set it with \`wrangler secret put ${name}\`.`);
    }
  }

  if (databaseIds.length === 0 || databaseIds.includes(PLACEHOLDER_DATABASE_ID)) {
    problems.push(
      'wrangler.toml has no real D1 database_id: run `wrangler d1 create aftershop-chat` and ' +
        'put the id it prints into wrangler.toml.',
    );
  }
  return problems;
}
