import { ApiError } from './errors';
import type { Bindings } from './env';

/** How long after sending a message its sender may still recall it, unless configured. */
export const DEFAULT_RECALL_WINDOW_SECONDS = 120;

/** How long a session's changes gather before its inbox state is written to D1. */
export const DEFAULT_INBOX_SYNC_DELAY_SECONDS = 1;

export function recallWindowSeconds(env: Bindings): number {
  return seconds(env.RECALL_WINDOW_SECONDS, DEFAULT_RECALL_WINDOW_SECONDS, 'RECALL_WINDOW_SECONDS');
}

export function inboxSyncDelaySeconds(env: Bindings): number {
  const name = 'INBOX_SYNC_DELAY_SECONDS';
  return seconds(env.INBOX_SYNC_DELAY_SECONDS, DEFAULT_INBOX_SYNC_DELAY_SECONDS, name);
}

/** A setting that is not a number of seconds is refused loudly rather than guessed at. */
function seconds(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (Number.isFinite(parsed) && parsed >= 0) return parsed;

  console.error(JSON.stringify({ level: 'error', message: `${name} is not a number of seconds` }));
  throw new ApiError(500, 'internal', 'The service is not configured.');
}
