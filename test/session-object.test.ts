import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { ChatSession } from '../src/session/ChatSession';
import { openSession, readPage, sendAsShopper, visitorId } from './helpers';

function objectOf(sessionId: string) {
  return env.CHAT_SESSION.get(env.CHAT_SESSION.idFromName(sessionId));
}

describe('the session object', () => {
  it('reads every page by key or index, never sorting the log', async () => {
    const visitor = { customerIdentifier: visitorId() };
    const { sessionId } = await openSession(visitor);
    await sendAsShopper(visitor, sessionId, 'one');

    const plans = await runInDurableObject(objectOf(sessionId), (_: ChatSession, state) => {
      const plan = (sql: string, ...args: SqlStorageValue[]) =>
        state.storage.sql
          .exec<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, ...args)
          .toArray()
          .map((row) => row.detail)
          .join('; ');
      return [
        plan('SELECT seq FROM messages WHERE id = ?', 'x'),
        plan('SELECT * FROM messages WHERE seq > ? ORDER BY seq ASC LIMIT ?', 1, 10),
        plan('SELECT * FROM messages WHERE seq < ? ORDER BY seq DESC LIMIT ?', 1, 10),
        plan('SELECT * FROM messages ORDER BY seq DESC LIMIT ?', 10),
      ];
    });

    expect(plans[0]).toMatch(/SEARCH messages USING (COVERING )?INDEX/);
    expect(plans[1]).toMatch(/SEARCH messages USING INTEGER PRIMARY KEY/);
    expect(plans[2]).toMatch(/SEARCH messages USING INTEGER PRIMARY KEY/);
    // The latest page walks the primary key back from its end and stops at the limit.
    expect(plans[3]).toMatch(/SCAN messages/);
    for (const plan of plans) expect(plan).not.toMatch(/TEMP B-TREE/);
  });

  it('leaves no storage behind for a session id that does not exist', async () => {
    const stranger = { customerIdentifier: visitorId() };
    await openSession(stranger);
    const reply = await readPage(stranger, 'ThisSessionWasNeverOpened', { nextOrPrevious: 'next' });
    expect(reply.status).toBe(404);

    const tables = await runInDurableObject(objectOf('ThisSessionWasNeverOpened'), (_, state) =>
      state.storage.sql.exec("SELECT name FROM sqlite_master WHERE type = 'table'").toArray(),
    );
    expect(tables).toEqual([]);
  });

  it('keeps its owner and log across a restart of the object', async () => {
    const visitor = { customerIdentifier: visitorId() };
    const { sessionId } = await openSession(visitor);
    const sent = await sendAsShopper(visitor, sessionId, 'before restart');

    // A fresh instance reads everything back from storage, as after an eviction.
    const page = await runInDurableObject(objectOf(sessionId), (_, state) => {
      const fresh = new (Object.getPrototypeOf(_).constructor as typeof ChatSession)(state, env);
      return fresh.page(
        { side: 'customer', type: 'visitor', id: visitor.customerIdentifier },
        sent.bcid,
        { nextOrPrevious: 'next', size: 10 },
      );
    });
    expect(page).toEqual([sent]);
  });
});
