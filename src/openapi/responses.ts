import { z } from 'zod';

/**
 * What the endpoints answer, as zod schemas. The routes do not parse their own answers; these
 * describe them for the OpenAPI document, and the tests hold every real answer to them.
 */

/** Every error code the service answers with, and its HTTP status. */
export const ERROR_STATUS = {
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  session_frozen: 423,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

const errorCodes = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

export const failure = z
  .object({
    status: z.literal(false).meta({ description: 'Always `false` on failure.' }),
    error: z
      .object({
        code: z.enum(errorCodes).meta({ description: 'Stable, for a program to branch on.' }),
        message: z.string().meta({ description: 'For a person; may change between versions.' }),
        issues: z
          .array(
            z.object({
              path: z.string().meta({ description: 'The field, dotted; `(body)` for the whole.' }),
              message: z.string().meta({ description: 'What is wrong with it.' }),
            }),
          )
          .optional()
          .meta({ description: 'Validation failures only: one entry per problem.' }),
      })
      .meta({ description: 'What went wrong.' }),
  })
  .meta({ description: 'Every failure: a 4xx or 5xx status and this body.' });

/** The success envelope around an endpoint's `data`. */
export function success<T extends z.ZodType>(data: T) {
  return z.object({ data, status: z.literal(true) });
}

const uuid = z.uuid();

export const message = z
  .object({
    bcid: uuid.meta({ description: "The session's storefront." }),
    chatRoomMessageId: uuid.meta({ description: 'The message id, made by the server.' }),
    clientId: uuid.meta({ description: "The session's client (merchant)." }),
    createdAt: z.number().meta({
      description:
        'When the session accepted the message: Unix seconds, microseconds in the ' +
        'fraction. Strictly increasing along the log.',
    }),
    createdBy: z.string().meta({ description: "The author: the shopper's or the agent's id." }),
    customerIdentifier: z.string().meta({
      description: "The shopper's id on a shopper's message; `\"\"` on an agent's.",
    }),
    customerIdentifierType: z.enum(['customer', 'visitor', 'recipient']).meta({
      description: "`customer` or `visitor` on a shopper's message; `recipient` on an agent's.",
    }),
    freezed: z.boolean().meta({ description: '`false` when sent.' }),
    fromDevice: z.string().meta({ description: 'As sent.' }),
    fromIp: z.string().meta({ description: "The sender's IP address, as the edge saw it." }),
    handlerIdentifier: z.string().meta({
      description: "The agent's id on an agent's message; `\"\"` on a shopper's.",
    }),
    handlerIdentifierType: z.enum(['clientUser', 'recipient']).meta({
      description: "`clientUser` on an agent's message; `recipient` on a shopper's.",
    }),
    revoked: z.boolean().meta({ description: '`false` when sent.' }),
    sendAt: z.number().meta({ description: "The device's send time, as sent." }),
    sendBy: z.enum(['customer', 'handler']).meta({ description: 'Which side wrote it.' }),
    sessionId: z.string().meta({ description: 'The session the message belongs to.' }),
    type: z.enum(['text', 'image', 'video']).meta({ description: 'As sent.' }),
    value: z.string().meta({ description: 'The text (trimmed) or the https URL, as sent.' }),
  })
  .meta({ description: "One entry of a session's log, in the one shape every endpoint uses." });

const messageId = uuid.nullable();

const unreadCount = z.number().int().min(0).meta({
  description: "The other side's messages after this side's read mark, recalled ones not counted.",
});

const readMessageId = messageId.meta({
  description: "This side's read mark: the last message it has read; `null` while unset.",
});

export const openedSession = z.object({
  messages: z.array(message).meta({ description: 'The latest 10 messages, oldest first.' }),
  sessionId: z.string().meta({ description: "The shopper's one session on this bcid." }),
  unreadCount,
  readMessageId,
  handlerReadMessageId: messageId.meta({
    description: "The agents' read mark: the last message they have read; `null` while unset.",
  }),
  customerIdentifier: z.string().optional().meta({
    description: 'Only when the server made a visitor id: keep it and send it from then on.',
  }),
});

/** The read state `mark_read` answers with on the customer side. */
export const customerReadState = z.object({
  sessionId: z.string().meta({ description: 'The session.' }),
  unreadCount,
  readMessageId,
  handlerReadMessageId: messageId.meta({
    description: "The agents' read mark; `null` while unset.",
  }),
});

/** The read state `mark_read` answers with on the agents' side. */
export const handlerReadState = z.object({
  sessionId: z.string().meta({ description: 'The session.' }),
  unreadCount,
  readMessageId: messageId.meta({
    description: "The agents' read mark, shared by every agent of the client; `null` while unset.",
  }),
  customerReadMessageId: messageId.meta({
    description: "The customer side's read mark; `null` while unset.",
  }),
});

export const inboxEntry = z
  .object({
    sessionId: z.string().meta({ description: 'The session.' }),
    bcid: uuid.meta({ description: "The session's storefront." }),
    clientId: uuid.meta({ description: "The session's client: the agent's own." }),
    customerIdentifier: z.string().meta({ description: "The shopper's customer or visitor id." }),
    customerIdentifierType: z.enum(['customer', 'visitor']).meta({
      description: 'Whether the shopper is a logged-in customer or an anonymous visitor.',
    }),
    createdAt: z.number().meta({ description: 'When the session was opened: Unix seconds.' }),
    lastMessageAt: z.number().nullable().meta({
      description: "The last message's `createdAt`; `null` while the session has no message.",
    }),
    lastMessage: message.nullable().meta({
      description:
        'The last message, as agents read it (a recalled one reads `revoked: true` and ' +
        '`""`); `null` while the session has no message.',
    }),
    unreadCount: z
      .number()
      .int()
      .min(0)
      .meta({
        description:
          "The customer side's messages after the agents' read mark, recalled ones " +
          'not counted.',
      }),
    freezed: z.boolean().meta({ description: 'The session is frozen (`freeze_session`).' }),
  })
  .meta({ description: "One session of the agent's inbox." });

export const inboxPage = z.object({
  sessions: z.array(inboxEntry).meta({
    description:
      'Most recent activity first: the last message, or the opening of a session ' + 'without one.',
  }),
  nextCursor: z.string().nullable().meta({
    description: 'The `cursor` of the next page, for 10 minutes; `null` on the last page.',
  }),
});

export const frozenSession = z.object({
  sessionId: z.string().meta({ description: 'The session.' }),
  freezed: z.boolean().meta({
    description: "`true`: the customer side's sends are refused with 423 `session_frozen`.",
  }),
});

export const claimedSession = z.object({
  sessionId: z.string().meta({ description: "The visitor's session, now the customer's." }),
  customerIdentifier: z.string().meta({ description: "The customer's id, from `_auth`." }),
  customerIdentifierType: z.literal('customer').meta({ description: 'Always `customer`.' }),
});

export const messagePage = z
  .array(message)
  .meta({ description: 'Messages in the order the session accepted them, oldest first.' });

export const channel = z.object({
  bcid: uuid.meta({ description: 'The storefront.' }),
  clientId: uuid.meta({ description: 'The client it belongs to.' }),
});

export const demoToken = z.object({
  accessToken: z.string().meta({ description: 'An agent access token for the local secret.' }),
  clientId: uuid.meta({ description: "The storefront's client, which the token names." }),
  clientUserId: z.string().meta({ description: 'The demo agent the token names.' }),
  expiresAt: z.number().meta({ description: 'When the token expires: Unix seconds.' }),
});

/** The codes whose answers carry `Retry-After`. */
export const RETRYABLE: readonly ErrorCode[] = ['rate_limited', 'unavailable'];

/** A WebSocket endpoint asked without `Upgrade: websocket`: `invalid_request`, with this status. */
export const UPGRADE_REQUIRED = 426;
