import { ApiError } from './errors';
import type { Bindings } from './env';

/**
 * The service's settings, read from the Worker's variables (wrangler.toml `[vars]`). A setting
 * that is not a number is refused loudly rather than guessed at.
 */

/** How long after sending a message its sender may still recall it, unless configured. */
export const DEFAULT_RECALL_WINDOW_SECONDS = 120;

/** How long a session's changes gather before its inbox state is written to D1. */
export const DEFAULT_INBOX_SYNC_DELAY_SECONDS = 1;

/** How long a new WebSocket may take to authenticate with its first frame, unless configured. */
export const DEFAULT_LIVE_AUTH_TIMEOUT_MS = 5000;

/** How many messages the shopper side may send to one session within a window. */
export interface SendQuota {
  messages: number;
  windowSeconds: number;
}

export function recallWindowSeconds(env: Bindings): number {
  const name = 'RECALL_WINDOW_SECONDS';
  return setting(env.RECALL_WINDOW_SECONDS, DEFAULT_RECALL_WINDOW_SECONDS, name);
}

export function inboxSyncDelaySeconds(env: Bindings): number {
  const name = 'INBOX_SYNC_DELAY_SECONDS';
  return setting(env.INBOX_SYNC_DELAY_SECONDS, DEFAULT_INBOX_SYNC_DELAY_SECONDS, name);
}

export function liveAuthTimeoutMs(env: Bindings): number {
  const name = 'LIVE_AUTH_TIMEOUT_MS';
  return setting(env.LIVE_AUTH_TIMEOUT_MS, DEFAULT_LIVE_AUTH_TIMEOUT_MS, name, 1);
}

/** 20 messages per 10 seconds, unless configured. */
export function sendQuota(env: Bindings): SendQuota {
  return {
    messages: setting(env.CUSTOMER_MESSAGE_LIMIT, 20, 'CUSTOMER_MESSAGE_LIMIT', 1),
    windowSeconds: setting(
      env.CUSTOMER_MESSAGE_WINDOW_SECONDS,
      10,
      'CUSTOMER_MESSAGE_WINDOW_SECONDS',
      1,
    ),
  };
}

function setting(value: string | undefined, fallback: number, name: string, least = 0): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (Number.isFinite(parsed) && parsed >= least) return parsed;

  console.error(JSON.stringify({ level: 'error', message: `${name} is not a valid number` }));
  throw new ApiError(500, 'internal', 'The service is not configured.');
}
