import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { ChatSession } from '../src/session/ChatSession';
import type { Message } from '../src/session/message';
import {
  BCID,
  EXAMPLE_CHANNEL,
  openSession,
  post,
  readPage,
  sendAsShopper,
  textMessage,
  visitorId,
} from './helpers';

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

  it('brings a session stored under the first schema up to date, keeping its log', async () => {
    const visitor = { customerIdentifier: visitorId() };
    const sessionId = `stored-long-ago-${crypto.randomUUID().slice(0, 8)}`;
    const object = objectOf(sessionId);

    // The tables as the first release made them, with no version recorded and one message.
    await runInDurableObject(object, (_, state) => {
      const sql = state.storage.sql;
      sql.exec(`CREATE TABLE session (id INTEGER PRIMARY KEY, session_id TEXT, bcid TEXT,
        client_id TEXT, customer_identifier TEXT, customer_identifier_type TEXT)`);
      sql.exec(`CREATE TABLE messages (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
        author TEXT, author_type TEXT, type TEXT, value TEXT, send_at REAL, created_at INTEGER,
        from_device TEXT, from_ip TEXT, freezed INTEGER DEFAULT 0, revoked INTEGER DEFAULT 0)`);
      sql.exec(
        'INSERT INTO session VALUES (1, ?, ?, ?, ?, ?)',
        sessionId,
        BCID,
        EXAMPLE_CHANNEL.clientId,
        visitor.customerIdentifier,
        'visitor',
      );
      sql.exec(
        `INSERT INTO messages (id, author, author_type, type, value, send_at, created_at,
          from_device, from_ip) VALUES (?, ?, 'visitor', 'text', 'from long ago', 1, 1, '', '')`,
        crypto.randomUUID(),
        visitor.customerIdentifier,
      );
    });
    // The next request meets a fresh instance, as after a deploy.
    await runInDurableObject(object, (_, state) => state.abort('deploy')).catch(() => undefined);

    const base = {
      bcid: BCID,
      sessionId,
      ...visitor,
      ...textMessage('and now'),
      clientMessageId: 'c1',
    };
    const first = await post<Message>('/message/customer/send_message', base);
    const retry = await post<Message>('/message/customer/send_message', base);
    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(retry.body.data.chatRoomMessageId).toBe(first.body.data.chatRoomMessageId);

    const log = await readPage(visitor, sessionId, { nextOrPrevious: 'next' });
    expect(log.body.data.map((m) => m.value)).toEqual(['from long ago', 'and now']);
  });
});
