import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { inboxStatement, writeInboxState } from '../src/db';
import type { ChatSession } from '../src/session/ChatSession';
import {
  agentPost,
  agentToken,
  freshChannel,
  listSessions,
  openSession,
  post,
  sendAsAgent,
  sendAsShopper,
  sessionStub,
  syncInbox,
  visitorId,
} from './helpers';

/** A client of its own with `count` visitor sessions, opened in order. */
async function clientWithSessions(count: number) {
  const channel = await freshChannel();
  const token = await agentToken('agent-1', channel.clientId);
  const sessions = [];
  for (let i = 0; i < count; i++) {
    const visitor = { customerIdentifier: visitorId() };
    const { sessionId } = await openSession(visitor, channel.bcid);
    sessions.push({ visitor, sessionId });
  }
  return { channel, token, sessions };
}

const idsOf = (page: { sessions: { sessionId: string }[] }) =>
  page.sessions.map((s) => s.sessionId);

async function positionsOf(sessionId: string): Promise<number> {
  const row = await env.DB.prepare('SELECT count(*) AS n FROM inbox_positions WHERE session_id = ?')
    .bind(sessionId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

describe('list_sessions', () => {
  it("lists the client's sessions by latest activity, each in the documented shape", async () => {
    const { channel, token, sessions } = await clientWithSessions(3);
    const [a, b, c] = sessions.map((s) => s.sessionId);
    const toA = await sendAsShopper(sessions[0]?.visitor ?? {}, a ?? '', 'hello A', channel.bcid);
    const toC = await sendAsShopper(sessions[2]?.visitor ?? {}, c ?? '', 'hello C', channel.bcid);
    await syncInbox(a ?? '');
    await syncInbox(c ?? '');

    const page = await listSessions(token);
    expect(idsOf(page)).toEqual([c, a, b]);
    expect(page.nextCursor).toBeNull();
    expect(Object.keys(page.sessions[0] ?? {})).toEqual([
      'sessionId',
      'bcid',
      'clientId',
      'customerIdentifier',
      'customerIdentifierType',
      'createdAt',
      'lastMessageAt',
      'lastMessage',
      'unreadCount',
      'freezed',
    ]);
    expect(page.sessions[0]).toEqual({
      sessionId: c,
      bcid: channel.bcid,
      clientId: channel.clientId,
      customerIdentifier: sessions[2]?.visitor.customerIdentifier,
      customerIdentifierType: 'visitor',
      createdAt: expect.any(Number),
      lastMessageAt: toC.createdAt,
      lastMessage: toC,
      unreadCount: 1,
      freezed: false,
    });
    expect(page.sessions[1]?.lastMessage).toEqual(toA);
    expect(page.sessions[2]).toMatchObject({
      sessionId: b,
      lastMessage: null,
      lastMessageAt: null,
    });
    expect(page.sessions[2]?.createdAt).toBeLessThanOrEqual(toA.createdAt);
  });

  it("never shows one client's sessions to another client's agent", async () => {
    const { channel } = await clientWithSessions(2);
    const stranger = await agentToken('agent-x', crypto.randomUUID());

    expect((await listSessions(stranger)).sessions).toEqual([]);
    expect((await listSessions(stranger, { bcid: channel.bcid })).sessions).toEqual([]);
  });

  it('filters by bcid, by customerIdentifier and to unread sessions', async () => {
    const { channel, token, sessions } = await clientWithSessions(2);
    const sister = await freshChannel(channel.clientId);
    const visitor = { customerIdentifier: visitorId() };
    const onSister = await openSession(visitor, sister.bcid);
    const [first, second] = sessions;
    if (!first || !second) throw new Error('two sessions were opened');
    const message = await sendAsShopper(first.visitor, first.sessionId, 'unread', channel.bcid);
    await syncInbox(first.sessionId);

    expect(idsOf(await listSessions(token, { bcid: sister.bcid }))).toEqual([onSister.sessionId]);
    const byVisitor = { customerIdentifier: second.visitor.customerIdentifier };
    expect(idsOf(await listSessions(token, byVisitor))).toEqual([second.sessionId]);
    expect(idsOf(await listSessions(token, { unread: true }))).toEqual([first.sessionId]);

    const read = { bcid: channel.bcid, sessionId: first.sessionId };
    await agentPost('mark_read', token, { ...read, chatRoomMessageId: message.chatRoomMessageId });
    await syncInbox(first.sessionId);
    expect((await listSessions(token, { unread: true })).sessions).toEqual([]);
  });

  it('walks every session exactly once while messages arrive and sessions move up', async () => {
    const { channel, token, sessions } = await clientWithSessions(5);
    const all = sessions.map((s) => s.sessionId);

    const first = await listSessions(token, { size: 2 });
    expect(idsOf(first)).toEqual([all[4], all[3]]);

    // One session already seen and one not yet seen get new messages and move to the top;
    // a new session opens. The walk goes on as it began.
    const seen = sessions[4];
    const unseen = sessions[0];
    if (!seen || !unseen) throw new Error('five sessions were opened');
    await sendAsShopper(seen.visitor, seen.sessionId, 'again', channel.bcid);
    await sendAsShopper(unseen.visitor, unseen.sessionId, 'at last', channel.bcid);
    await syncInbox(seen.sessionId);
    await syncInbox(unseen.sessionId);
    const late = await openSession({ customerIdentifier: visitorId() }, channel.bcid);

    const walked = [...idsOf(first)];
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await listSessions(token, { size: 2, cursor });
      walked.push(...idsOf(page));
      cursor = page.nextCursor;
    }
    expect(walked).toEqual([all[4], all[3], all[2], all[1], all[0]]);

    const fresh = await listSessions(token, { size: 3 });
    expect(idsOf(fresh)).toEqual([late.sessionId, unseen.sessionId, seen.sessionId]);
  });

  it('seeks each page through the index, sorting nothing', async () => {
    const { sql, bindings } = inboxStatement({
      clientId: crypto.randomUUID(),
      bcid: crypto.randomUUID(),
      unreadOnly: true,
      snapshot: 10,
      after: { activityAt: 5, sessionId: 'x'.repeat(21) },
      limit: 21,
    });
    const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .bind(...bindings)
      .all<{ detail: string }>();
    const plan = results.map((row) => row.detail).join('; ');

    const byClient =
      /SEARCH p USING (COVERING )?INDEX inbox_positions_by_client \(client_id=\? AND activity_at/;
    expect(plan).toMatch(byClient);
    expect(plan).toMatch(/SEARCH q USING (COVERING )?INDEX inbox_positions_by_session/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
  });

  it('refuses a cursor it did not make, and one older than a walk may last', async () => {
    const token = await agentToken('agent-1');
    const garbage = await post(
      '/message/client/list_sessions',
      { cursor: 'not-a-cursor' },
      {
        authorization: `Bearer ${token}`,
      },
    );
    expect(garbage.status).toBe(400);
    expect(garbage.body.error.issues).toEqual([{ path: 'cursor', message: expect.any(String) }]);

    // The cursor is opaque to callers; the test writes one as the server would, 11 minutes old.
    const old = { snapshot: 1, startedAt: Math.floor(Date.now() / 1000) - 660, activityAt: 1 };
    const json = JSON.stringify({ ...old, sessionId: 'x'.repeat(21) });
    const expired = btoa(json).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
    const reply = await post(
      '/message/client/list_sessions',
      { cursor: expired },
      {
        authorization: `Bearer ${token}`,
      },
    );
    expect(reply.status).toBe(400);
    expect(reply.body.error.issues).toEqual([
      { path: 'cursor', message: 'The cursor has expired; start again from the first page.' },
    ]);
  });

  it('refuses a size outside 1 to 100 and a caller without an access token', async () => {
    const token = await agentToken('agent-1');
    for (const size of [0, 101, 2.5]) {
      const reply = await post(
        '/message/client/list_sessions',
        { size },
        {
          authorization: `Bearer ${token}`,
        },
      );
      expect(reply.status).toBe(400);
      expect(reply.body.error.issues).toEqual([{ path: 'size', message: expect.any(String) }]);
    }
    const anonymous = await post('/message/client/list_sessions', {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('unauthorized');
  });
});

describe('the inbox index', () => {
  it("learns of a send only when the session's alarm runs, never on the send itself", async () => {
    const { channel, token, sessions } = await clientWithSessions(1);
    const [only] = sessions;
    if (!only) throw new Error('one session was opened');

    const sent = await sendAsShopper(only.visitor, only.sessionId, 'hi', channel.bcid);
    expect((await listSessions(token)).sessions[0]?.lastMessage).toBeNull();

    expect(await syncInbox(only.sessionId)).toBe(true);
    expect((await listSessions(token)).sessions[0]?.lastMessage).toEqual(sent);
    expect(await syncInbox(only.sessionId)).toBe(false);
  });

  it('writes a burst of 100 messages to D1 once', async () => {
    const { channel, token, sessions } = await clientWithSessions(1);
    const [only] = sessions;
    if (!only) throw new Error('one session was opened');
    const agent = await agentToken('agent-7', channel.clientId);

    const burst = Array.from({ length: 100 }, (_, i) =>
      i % 2 === 0
        ? sendAsShopper(only.visitor, only.sessionId, `c${i}`, channel.bcid)
        : sendAsAgent(agent, only.sessionId, `a${i}`, channel.bcid),
    );
    const sent = await Promise.all(burst);
    expect(await positionsOf(only.sessionId)).toBe(1);

    expect(await syncInbox(only.sessionId)).toBe(true);
    expect(await syncInbox(only.sessionId)).toBe(false);
    // One position when the session opened, one for the single write that moved it up.
    expect(await positionsOf(only.sessionId)).toBe(2);

    const newest = sent.reduce((a, b) => (b.createdAt > a.createdAt ? b : a));
    const [entry] = (await listSessions(token)).sessions;
    expect(entry?.lastMessage).toEqual(newest);
    expect(entry?.unreadCount).toBe(50);
  });

  it('keeps retrying while D1 refuses the write, and the inbox is right once D1 takes it', async () => {
    const { channel, token, sessions } = await clientWithSessions(1);
    const [only] = sessions;
    if (!only) throw new Error('one session was opened');
    const sent = await sendAsShopper(only.visitor, only.sessionId, 'during outage', channel.bcid);

    // D1 fails for real: a trigger makes the database itself reject every update of the
    // session index, so the object's write goes through workerd's D1 binding and comes back
    // as the error a failing D1 returns. Nothing of the platform is replaced or mocked.
    await env.DB.exec(
      "CREATE TRIGGER d1_outage BEFORE UPDATE ON sessions BEGIN SELECT RAISE(ABORT, 'outage'); END",
    );
    try {
      expect(await syncInbox(only.sessionId)).toBe(true);
      expect(await syncInbox(only.sessionId)).toBe(true);
      expect((await listSessions(token)).sessions[0]?.lastMessage).toBeNull();
    } finally {
      await env.DB.exec('DROP TRIGGER d1_outage');
    }

    expect(await syncInbox(only.sessionId)).toBe(true);
    const [entry] = (await listSessions(token)).sessions;
    expect(entry).toMatchObject({ lastMessage: sent, unreadCount: 1 });
    expect(await syncInbox(only.sessionId)).toBe(false);
  });

  it('ignores a write that carries an older state than D1 holds', async () => {
    const { channel, token, sessions } = await clientWithSessions(1);
    const [only] = sessions;
    if (!only) throw new Error('one session was opened');
    const sent = await sendAsShopper(only.visitor, only.sessionId, 'newest', channel.bcid);
    await syncInbox(only.sessionId);

    // A write of version 1 arriving late, or again, after D1 took version 1.
    const stale = {
      sessionId: only.sessionId,
      version: 1,
      lastMessage: null,
      lastMessageAt: null,
      unreadCount: 0,
      freezed: true,
    };
    await writeInboxState(env.DB, stale);
    await writeInboxState(env.DB, stale);

    const [entry] = (await listSessions(token)).sessions;
    expect(entry).toMatchObject({ lastMessage: sent, unreadCount: 1, freezed: false });
    expect(await positionsOf(only.sessionId)).toBe(2);
  });

  it('brings a session whose log predates its inbox state into the inbox', async () => {
    const { channel, token, sessions } = await clientWithSessions(1);
    const [only] = sessions;
    if (!only) throw new Error('one session was opened');
    const agent = await agentToken('agent-1', channel.clientId);
    await sendAsShopper(only.visitor, only.sessionId, 'old question', channel.bcid);
    const last = await sendAsAgent(agent, only.sessionId, 'old answer', channel.bcid);

    // As a session stored before the state row existed, starting afresh after an eviction.
    await runInDurableObject(sessionStub(only.sessionId), async (object: ChatSession, state) => {
      await state.storage.deleteAlarm();
      state.storage.sql.exec('DROP TABLE session_state');
      const restarted = Object.getPrototypeOf(object).constructor as typeof ChatSession;
      return new restarted(state, env) && null;
    });

    expect(await syncInbox(only.sessionId)).toBe(true);
    const [entry] = (await listSessions(token)).sessions;
    expect(entry).toMatchObject({ lastMessage: last, unreadCount: 1 });
  });
});
