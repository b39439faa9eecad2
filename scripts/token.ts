// `npm run token -- customer <customerId> [--bcid <bcid>] [--ttl <seconds>]`
// `npm run token -- client-user <clientUserId> --client <clientId> [--ttl <seconds>]`
//
// Prints a token signed with the local AUTH_SECRET (.dev.vars), alone on the last line.
// A deployment mints the same tokens with its own secret: see "Tokens" in the README.
import { parseArgs } from 'node:util';
import { signClientUserToken, signCustomerToken } from '../src/auth';
import { localSecrets } from './local';

const USAGE = `usage:
  npm run token -- customer <customerId> [--bcid <bcid>] [--ttl <seconds>]
  npm run token -- client-user <clientUserId> --client <clientId> [--ttl <seconds>]`;

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { bcid: { type: 'string' }, client: { type: 'string' }, ttl: { type: 'string' } },
});
const [kind, subject] = positionals;
if (!subject) fail('Name the kind of token and its subject.');

const ttlSeconds = Number(values.ttl ?? 24 * 60 * 60);
if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0)
  fail('--ttl takes a whole number of seconds.');

const secret = process.env.AUTH_SECRET ?? localSecrets().AUTH_SECRET;
if (!secret) fail('No AUTH_SECRET in the environment or in .dev.vars.');

let token: string;
if (kind === 'customer') {
  const options = values.bcid ? { bcid: values.bcid, ttlSeconds } : { ttlSeconds };
  token = await signCustomerToken(subject, secret, options);
} else if (kind === 'client-user') {
  if (!values.client) fail('A client-user token needs --client <clientId>.');
  token = await signClientUserToken(subject, values.client, secret, ttlSeconds);
} else {
  fail(`Unknown kind of token: ${kind}.`);
}
console.log(token);
