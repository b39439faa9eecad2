import { type InboxState, writeInboxState } from '../db';
import { type MessageRow, type SessionOwner, toMessage } from './message';
import type { SessionState } from './state';

/** The longest wait between two attempts while D1 refuses the inbox state. */
const MAX_RETRY_SECONDS = 300;

/**
 * Carries the session's inbox state to D1, off the hot path. A change only bumps the state
 * row's version and sets the object's alarm when none is pending; the alarm then writes the
 * state as it is by then. A burst of messages is therefore one D1 write per alarm, not one per
 * message, and D1's load follows the number of active sessions.
 *
 * The write is idempotent: D1 keeps a row's state only when its version is newer than the
 * one it holds, so a repeated or late write changes nothing. A write D1 refuses is retried
 * with a growing delay until it is taken.
 */
export class InboxSync {
  /** An alarm is pending. Not pushing it back on every change keeps a busy session in sync. */
  private scheduled = false;
  private failures = 0;

  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly state: SessionState,
    private readonly db: D1Database,
    private readonly delaySeconds: number,
  ) {}

  /** Called in the same synchronous call as the change, so the alarm commits with it. */
  schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    void this.storage.setAlarm(Date.now() + this.delaySeconds * 1000);
  }

  /** The alarm's work: writes the state to D1 when D1 is behind. */
  async run(owner: SessionOwner): Promise<void> {
    this.scheduled = false;
    const inbox = this.snapshot(owner);
    if (!inbox) return;

    try {
      await writeInboxState(this.db, inbox);
    } catch (error) {
      await this.retryLater(owner, error);
      return;
    }
    this.failures = 0;
    this.state.recordSynced(inbox.version);
  }

  /** The inbox state as it stands, or null when D1 already has it. */
  private snapshot(owner: SessionOwner): InboxState | null {
    if (!this.state.isBehind()) return null;
    const row = this.state.row();

    const last = this.storage.sql
      .exec<MessageRow>('SELECT * FROM messages ORDER BY seq DESC LIMIT 1')
      .toArray()[0];
    return {
      sessionId: owner.sessionId,
      version: row.inbox_version,
      lastMessage: last ? toMessage(last, owner) : null,
      lastMessageAt: last ? last.created_at : null,
      unreadCount: row.unread_by_handler,
      freezed: row.freezed === 1,
    };
  }

  private async retryLater(owner: SessionOwner, error: unknown): Promise<void> {
    this.failures += 1;
    const seconds = Math.min(2 ** this.failures, MAX_RETRY_SECONDS);
    const line = {
      level: 'warn',
      object: 'ChatSession',
      session: owner.sessionId,
      message: 'D1 refused the inbox state; retrying',
      retryInSeconds: seconds,
      error: error instanceof Error ? error.message : String(error),
    };
    console.warn(JSON.stringify(line));
    this.scheduled = true;
    await this.storage.setAlarm(Date.now() + seconds * 1000);
  }
}
