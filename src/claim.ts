import { findChannel, findSession, isUniqueViolation, transferSession } from './db';
import { conflict, isRefusal, notFound, unwrap } from './errors';
import type { Bindings } from './env';
import { withSession } from './routes/shared';
import type { SessionOwner } from './session/message';

const ALREADY_HAS_ONE = 'The customer already has a session on this bcid.';

/**
 * A visitor logs in: the visitor's session on the channel becomes the customer's. D1 changes
 * first, as it decides who owns a session; then the session's object follows. When the
 * object was not reached, the customer's next claim finds the session in D1 already theirs
 * and completes it, so a claim interrupted halfway is finished by repeating it.
 */
export async function claimSession(
  env: Bindings,
  bcid: string,
  visitorId: string,
  customerId: string,
) {
  const channel = await findChannel(env.DB, bcid);
  if (!channel) throw notFound('No channel has this bcid.');

  const customers = await findSession(env.DB, bcid, { type: 'customer', id: customerId });
  if (customers) {
    const done = await withSession(
      env,
      customers.sessionId,
      true,
      async (session) => await session.claim(visitorId, customers),
    );
    if (isRefusal(done)) throw conflict(ALREADY_HAS_ONE);
    return claimed(customers);
  }

  const visitors = await findSession(env.DB, bcid, { type: 'visitor', id: visitorId });
  if (!visitors) throw notFound('The visitor has no session on this bcid.');
  await transfer(env.DB, visitors.sessionId, visitorId, customerId);

  const owner: SessionOwner = {
    ...visitors,
    customerIdentifier: customerId,
    customerIdentifierType: 'customer',
  };
  // Claiming again is harmless, so a passing fault of the object may be retried.
  await withSession(env, owner.sessionId, true, async (session) =>
    unwrap(await session.claim(visitorId, owner)),
  );
  return claimed(owner);
}

async function transfer(db: D1Database, sessionId: string, visitorId: string, customerId: string) {
  let moved: boolean;
  try {
    moved = await transferSession(db, sessionId, visitorId, customerId);
  } catch (error) {
    // A first init of the customer on this channel won the race for the unique key.
    if (isUniqueViolation(error)) throw conflict(ALREADY_HAS_ONE);
    throw error;
  }
  if (!moved) throw notFound('The visitor has no session on this bcid.');
}

function claimed(owner: SessionOwner) {
  return {
    sessionId: owner.sessionId,
    customerIdentifier: owner.customerIdentifier,
    customerIdentifierType: owner.customerIdentifierType,
  };
}
