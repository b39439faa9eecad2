import { z } from 'zod';

/**
 * Request schemas, one per endpoint, shared by the routes. zod strips unknown keys, so no
 * caller can set a field the server decides (createdBy, sendBy, clientId, createdAt, fromIp).
 */

const URL_SAFE = /^[A-Za-z0-9_-]+$/;

/** Counts code points, so an emoji is one character as a person counts it. */
const length = (value: string) => [...value].length;

const shortText = z.string().max(128, 'At most 128 characters.');

export const uuid = z.uuid('Must be a UUID.').transform((value) => value.toLowerCase());

export const sessionId = z
  .string()
  .min(21, 'At least 21 characters.')
  .max(64, 'At most 64 characters.')
  .regex(URL_SAFE, 'Only letters, digits, "_" and "-".');

export const visitorIdentifier = z
  .string()
  .min(16, 'At least 16 characters.')
  .max(64, 'At most 64 characters.')
  .regex(URL_SAFE, 'Only letters, digits, "_" and "-".');

/** Fields every body may carry. */
const common = {
  bcid: uuid,
  deviceIdentifier: shortText.optional(),
  deviceName: shortText.optional(),
};

/** A customer proves itself with `_auth`; a visitor names itself with `customerIdentifier`. */
const customerIdentity = {
  _auth: z.string().min(1).max(4096).optional(),
  customerIdentifier: z.string().max(128).optional(),
};

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

const httpsUrl = z
  .string()
  .max(2048, 'At most 2048 characters.')
  .refine(isHttpsUrl, 'Must be an https:// URL.');

const text = z
  .string()
  .trim()
  .refine((value) => length(value) >= 1, 'Must not be empty.')
  .refine((value) => length(value) <= 5000, 'At most 5000 characters.');

/** `value` is read according to `type`: text, or the https URL of an image or a video. */
const content = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), value: text }),
  z.object({ type: z.literal('image'), value: httpsUrl }),
  z.object({ type: z.literal('video'), value: httpsUrl }),
]);

const sendAt = z.number('Must be a number.').finite().min(0, 'Must not be negative.');

/** The sender's own id for a message, so that a retried send is stored once. */
const clientMessageId = z
  .string()
  .min(1, 'Must not be empty.')
  .max(64, 'At most 64 characters.')
  .regex(URL_SAFE, 'Only letters, digits, "_" and "-".')
  .optional();

export const initSessionBody = z.object({ ...common, ...customerIdentity });

export const customerSendBody = z
  .object({
    ...common,
    ...customerIdentity,
    sessionId,
    sendAt,
    fromDevice: shortText.optional(),
    clientMessageId,
  })
  .and(content);

export const getMessagesBody = z.object({
  ...common,
  ...customerIdentity,
  sessionId,
  nextOrPrevious: z.enum(['next', 'previous']),
  size: z.number().int('Must be a whole number.').min(1).max(100).default(10),
  chatRoomMessageId: uuid.optional(),
});

export const clientSendBody = z
  .object({ ...common, sessionId, sendAt, fromDevice: shortText.optional(), clientMessageId })
  .and(content);

/** The query of a session's WebSocket: no credentials, which the socket's first frame carries. */
export const connectQuery = z.object({ bcid: uuid, sessionId, after: uuid.optional() });

/** `after` is the last event the inbox socket saw: a message's id or a new session's id. */
export const inboxQuery = z.object({
  bcid: uuid,
  after: z
    .string()
    .max(64, 'At most 64 characters.')
    .regex(URL_SAFE, 'Only letters, digits, "_" and "-".')
    .optional(),
});

export const registerChannelBody = z.object({ bcid: uuid, clientId: uuid });

export type CustomerSendBody = z.infer<typeof customerSendBody>;
export type ClientSendBody = z.infer<typeof clientSendBody>;
export type GetMessagesBody = z.infer<typeof getMessagesBody>;

/** The inbox names a storefront only to filter by it, so `bcid` is optional there. */
export const listSessionsBody = z.object({
  ...common,
  bcid: uuid.optional(),
  customerIdentifier: z.string().min(1).max(128).optional(),
  unread: z.boolean('Must be true or false.').default(false),
  size: z.number().int('Must be a whole number.').min(1).max(100).default(20),
  cursor: z.string().min(1).max(512).optional(),
});

export const clientGetMessagesBody = getMessagesBody.omit({
  _auth: true,
  customerIdentifier: true,
});

const messageRef = { sessionId, chatRoomMessageId: uuid };

export const customerMessageBody = z.object({ ...common, ...customerIdentity, ...messageRef });

export const clientMessageBody = z.object({ ...common, ...messageRef });

export const freezeMessageBody = z.object({
  ...common,
  ...messageRef,
  freezed: z.boolean('Must be true or false.'),
});

export const freezeSessionBody = z.object({
  ...common,
  sessionId,
  freezed: z.boolean('Must be true or false.'),
});

export const claimSessionBody = z.object({
  ...common,
  _auth: z.string("Send the customer's `_auth`.").min(1).max(4096),
  customerIdentifier: visitorIdentifier,
});

/** The files the Worker serves for its own pages. */
export const assetParams = z.object({
  name: z.enum(['docs.css', 'demo.css', 'demo.js']),
});

/** The local demo's agent console asks for an access token on a storefront's client. */
export const demoTokenBody = z.object({ bcid: uuid });
