import { z } from 'zod';
import {
  assetParams,
  claimSessionBody,
  clientGetMessagesBody,
  clientMessageBody,
  clientSendBody,
  connectQuery,
  customerMessageBody,
  customerSendBody,
  demoTokenBody,
  freezeMessageBody,
  freezeSessionBody,
  getMessagesBody,
  inboxQuery,
  initSessionBody,
  listSessionsBody,
  registerChannelBody,
} from '../schemas';
import type { Operation, ResponseHeader } from './registry';
import {
  channel,
  claimedSession,
  customerReadState,
  demoToken,
  frozenSession,
  handlerReadState,
  inboxPage,
  message,
  messagePage,
  openedSession,
} from './responses';

/**
 * Every endpoint of the service, in the order the reference lists them. A new endpoint is one
 * more entry here, naming the schemas its route validates with.
 */

const BCID = '2877383e-5551-4708-862b-a0827d294d73';
const CLIENT_ID = '076e3378-a3f4-441e-a998-4a89ee894d83';
const SESSION_ID = 'qaxglAJCO1DB2yLcT9JNy';
const CUSTOMER_ID = '3TnctrAsdF-fVhLYyBUN';
const VISITOR_ID = 'V1StGXR8_Z5jdHi6B-myT';
const AUTH = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIzVG5jdHJBc2RGLWZWaExZeUJVTiJ9.c2ln';

const device = { deviceIdentifier: '2342asdfasdf3452345', deviceName: 'postman' };

const customerMessage: z.infer<typeof message> = {
  bcid: BCID,
  chatRoomMessageId: '7c804077-2200-4ae0-9d19-a7c0db59ed11',
  clientId: CLIENT_ID,
  createdAt: 1606644054.303437,
  createdBy: CUSTOMER_ID,
  customerIdentifier: CUSTOMER_ID,
  customerIdentifierType: 'customer',
  freezed: false,
  fromDevice: 'Macbook pro',
  fromIp: '203.0.113.7',
  handlerIdentifier: '',
  handlerIdentifierType: 'recipient',
  revoked: false,
  sendAt: 1606644054.1,
  sendBy: 'customer',
  sessionId: SESSION_ID,
  type: 'text',
  value: 'Has my parcel left the warehouse?',
};

const agentMessage: z.infer<typeof message> = {
  ...customerMessage,
  chatRoomMessageId: 'e7411d4c-34c1-43de-aca9-5dbfed46a90e',
  createdAt: 1606644101.858025,
  createdBy: 'agent-42',
  customerIdentifier: '',
  customerIdentifierType: 'recipient',
  fromDevice: 'Mozilla/5.0 (Macintosh)',
  handlerIdentifier: 'agent-42',
  handlerIdentifierType: 'clientUser',
  sendAt: 1606644101.5,
  sendBy: 'handler',
  value: 'It left this morning; the tracking link follows.',
};

const NO_SESSION = 'No such session.';
const NO_MESSAGE = 'No such message.';
const NO_CHANNEL = 'No channel has this bcid.';
const BUSY = 'The service is busy; try again shortly.';

/** The endpoints that sign or check tokens refuse to run without their secret. */
const NEEDS_SECRET = {
  internal: ['Something went wrong on our side.', 'The service is not configured.'],
};

/** How a shopper's credentials are refused, beyond a body that fails validation. */
const SHOPPER_REFUSED = [
  'Send `_auth` for a customer or `customerIdentifier` for a visitor.',
  'The `_auth` token is invalid or expired.',
  'The `_auth` token is not valid for this bcid.',
];
const CUSTOMER_REFUSED = SHOPPER_REFUSED.slice(1);
const AGENT_REFUSED = [
  'Send an access token as `Authorization: Bearer <token>`.',
  'The access token is invalid or expired.',
];

/** The recall window's default; the document test holds it to the configuration's. */
export const RECALL_WINDOW_SECONDS = 120;

const RECALL_REFUSED = {
  forbidden: 'Only the side that sent a message can recall it.',
  conflict: `A message can be recalled only within ${RECALL_WINDOW_SECONDS} seconds of sending.`,
};

/**
 * The read state `get_messages` sends in headers, its `data` being the page; the examples are
 * the caller's side's mark and the other side's.
 */
function readHeaders(
  peer: 'Handler' | 'Customer',
  marks: { own: string; peer: string },
): Record<string, ResponseHeader> {
  const side = peer === 'Handler' ? "The agents'" : "The customer side's";
  return {
    'X-Unread-Count': {
      description:
        "The other side's messages after the caller's side's read mark, recalled " +
        'ones not counted.',
      schema: z.int().min(0),
      required: true,
      example: 0,
    },
    'X-Read-Message-Id': {
      description: "The caller's side's read mark; left out while unset.",
      schema: z.uuid(),
      required: false,
      example: marks.own,
    },
    [`X-${peer}-Read-Message-Id`]: {
      description: `${side} read mark; left out while unset.`,
      schema: z.uuid(),
      required: false,
      example: marks.peer,
    },
  };
}

const INBOX_CURSOR =
  'eyJzbmFwc2hvdCI6NDE4MSwic3RhcnRlZEF0IjoxNjA2NjQ0MTIwLCJhY3Rpdml0eUF0IjoxNjA2NjQ0MDU0MzAz' +
  'NDM3LCJzZXNzaW9uSWQiOiJZcTNiXzhIazJMbU4wcFFyU3RVdlcifQ';

const LIVE_FRAMES =
  'The upgrade needs no credentials: the socket proves itself with its first frame, `auth`, ' +
  'within `LIVE_AUTH_TIMEOUT_MS` (5 seconds), and is closed with 1008 after an `error` frame ' +
  'when refused. The frames ' +
  'and closes are described in the README, under "Live delivery (WebSockets)"; OpenAPI has ' +
  'no words for them.';

export const OPERATIONS: Operation[] = [
  {
    method: 'post',
    path: '/message/customer/init_message_session',
    operationId: 'initMessageSession',
    tag: 'customer',
    summary: "Open the shopper's chat window",
    description:
      "Finds or creates the shopper's one session on this bcid and returns it with its latest " +
      '10 messages, oldest first, and the read state. Calling again, from any device, returns ' +
      'the same `sessionId`; concurrent first calls agree on one session.\n\nWith neither ' +
      '`_auth` nor `customerIdentifier`, the server makes a visitor id and returns it as ' +
      '`data.customerIdentifier`.\n\nCreating a session (not reopening one) is limited per ' +
      'caller IP and per shopper; past that, 429 `rate_limited` with `Retry-After: 60`.',
    caller: 'shopper',
    request: {
      schema: initSessionBody,
      examples: {
        customer: { ...device, bcid: BCID, _auth: AUTH },
        visitor: { bcid: BCID, customerIdentifier: VISITOR_ID },
        'new visitor': { bcid: BCID },
      },
    },
    response: {
      description: 'The session, its latest messages and its read state.',
      data: openedSession,
      example: {
        messages: [customerMessage, agentMessage],
        sessionId: SESSION_ID,
        unreadCount: 1,
        readMessageId: null,
        handlerReadMessageId: customerMessage.chatRoomMessageId,
      },
    },
    errors: {
      unauthorized: CUSTOMER_REFUSED,
      // The second: a login's claim of the session is halfway done; repeating it completes it.
      not_found: [NO_CHANNEL, NO_SESSION],
      rate_limited: 'Too many new chat sessions; try again later.',
      unavailable: BUSY,
      ...NEEDS_SECRET,
    },
  },
  {
    method: 'post',
    path: '/message/customer/send_message',
    operationId: 'sendCustomerMessage',
    tag: 'customer',
    summary: "Send the shopper's message",
    description:
      'Appends a message to the session\'s log and returns it as stored, `sendBy: "customer"`. ' +
      'The order of a session is the order in which it accepted its messages, never ' +
      '`sendAt`.\n\nA send with a `clientMessageId` is safe to retry: a retry returns the ' +
      'message stored the first time. The shopper side may send `CUSTOMER_MESSAGE_LIMIT` ' +
      'messages (20) per `CUSTOMER_MESSAGE_WINDOW_SECONDS` (10); past that, 429 ' +
      '`rate_limited` with `Retry-After`. While the session is frozen, 423 `session_frozen`.',
    caller: 'shopper',
    request: {
      schema: customerSendBody,
      examples: {
        text: {
          ...device,
          bcid: BCID,
          _auth: AUTH,
          sessionId: SESSION_ID,
          type: 'text',
          value: 'Has my parcel left the warehouse?',
          sendAt: 1606644054.1,
          fromDevice: 'Macbook pro',
          clientMessageId: 'm-1606644054100-k3x9',
        },
        image: {
          bcid: BCID,
          customerIdentifier: VISITOR_ID,
          sessionId: SESSION_ID,
          type: 'image',
          value: 'https://cdn.example.com/photos/parcel.jpg',
          sendAt: 1606644060,
        },
      },
      fieldNotes: { fromDevice: 'Stored as `""` when absent.' },
    },
    response: { description: 'The stored message.', data: message, example: customerMessage },
    errors: {
      unauthorized: SHOPPER_REFUSED,
      not_found: NO_SESSION,
      session_frozen: 'This session is frozen: messages from the customer side are not accepted.',
      rate_limited: 'At most 20 messages per 10 seconds.',
      unavailable: BUSY,
      ...NEEDS_SECRET,
    },
  },
  {
    method: 'post',
    path: '/message/customer/get_messages',
    operationId: 'getMessages',
    tag: 'customer',
    summary: "Read a page of the session's messages",
    description:
      'Answers with up to `size` messages, oldest first:\n\n' +
      '- without a cursor, the latest `size` messages, whichever the direction;\n' +
      '- `previous` and a cursor: the messages just before it (scrolling up);\n' +
      '- `next` and a cursor: the messages just after it (catching up). Asking again with the ' +
      'last id returned reads every newer message exactly once; past the newest, the page is ' +
      '`[]`.\n\nA frozen message reads `value: ""`. The read state travels in response headers, ' +
      'since `data` is the page.',
    caller: 'shopper',
    request: {
      schema: getMessagesBody,
      examples: {
        latest: { bcid: BCID, _auth: AUTH, sessionId: SESSION_ID, nextOrPrevious: 'previous' },
        'catch up': {
          bcid: BCID,
          customerIdentifier: VISITOR_ID,
          sessionId: SESSION_ID,
          nextOrPrevious: 'next',
          size: 50,
          chatRoomMessageId: customerMessage.chatRoomMessageId,
        },
      },
      fieldNotes: { chatRoomMessageId: 'The cursor; without it, the page is the latest.' },
    },
    response: {
      description: 'The page, oldest first; `[]` past the newest.',
      data: messagePage,
      example: [customerMessage, agentMessage],
      headers: readHeaders('Handler', {
        own: agentMessage.chatRoomMessageId,
        peer: customerMessage.chatRoomMessageId,
      }),
    },
    errors: {
      unauthorized: SHOPPER_REFUSED,
      not_found: [NO_SESSION, NO_MESSAGE],
      unavailable: BUSY,
      ...NEEDS_SECRET,
    },
  },
  {
    method: 'post',
    path: '/message/customer/mark_read',
    operationId: 'markReadAsCustomer',
    tag: 'customer',
    summary: 'Mark the session read up to a message',
    description:
      'The shopper, on any device, has read up to and including the message. A mark only ' +
      'moves forward: marking an earlier message is accepted and changes nothing. Answers ' +
      'with the read state.',
    caller: 'shopper',
    request: {
      schema: customerMessageBody,
      examples: {
        customer: {
          bcid: BCID,
          _auth: AUTH,
          sessionId: SESSION_ID,
          chatRoomMessageId: agentMessage.chatRoomMessageId,
        },
      },
      fieldNotes: { chatRoomMessageId: 'The last message read.' },
    },
    response: {
      description: "The customer side's read state.",
      data: customerReadState,
      example: {
        sessionId: SESSION_ID,
        unreadCount: 0,
        readMessageId: agentMessage.chatRoomMessageId,
        handlerReadMessageId: customerMessage.chatRoomMessageId,
      },
    },
    errors: {
      unauthorized: SHOPPER_REFUSED,
      not_found: [NO_SESSION, NO_MESSAGE],
      unavailable: BUSY,
      ...NEEDS_SECRET,
    },
  },
  {
    method: 'post',
    path: '/message/customer/revoke_message',
    operationId: 'revokeCustomerMessage',
    tag: 'customer',
    summary: "Recall the shopper's message",
    description:
      'Erases a message the shopper side sent, within `RECALL_WINDOW_SECONDS` (120) of its ' +
      '`createdAt`: from then on it reads `revoked: true` and `value: ""` for everyone. ' +
      'Recalling a message already recalled answers it again, even after the window.',
    caller: 'shopper',
    request: {
      schema: customerMessageBody,
      examples: {
        visitor: {
          bcid: BCID,
          customerIdentifier: VISITOR_ID,
          sessionId: SESSION_ID,
          chatRoomMessageId: customerMessage.chatRoomMessageId,
        },
      },
      fieldNotes: { chatRoomMessageId: 'The message to recall: one the shopper side sent.' },
    },
    response: {
      description: 'The recalled message.',
      data: message,
      example: { ...customerMessage, revoked: true, value: '' },
    },
    errors: {
      unauthorized: SHOPPER_REFUSED,
      forbidden: RECALL_REFUSED.forbidden,
      not_found: [NO_SESSION, NO_MESSAGE],
      conflict: RECALL_REFUSED.conflict,
      unavailable: BUSY,
      ...NEEDS_SECRET,
    },
  },
  {
    method: 'post',
    path: '/message/customer/claim_session',
    operationId: 'claimSession',
    tag: 'customer',
    summary: "Give a visitor's session to the customer who logs in",
    description:
      "The visitor's session on the bcid becomes the customer's: `init_message_session` " +
      'with the `_auth` opens it from then on, with its history, and the visitor id no longer ' +
      'does. Earlier messages keep their senders. Claiming again is harmless.',
    caller: 'shopper',
    request: {
      schema: claimSessionBody,
      examples: { login: { bcid: BCID, _auth: AUTH, customerIdentifier: VISITOR_ID } },
      fieldMeanings: {
        _auth:
          'The token of the customer who logs in (HS256 JWT, `aud` "aftershop:customer"); a ' +
          'bad, expired or foreign one is a 401.',
        customerIdentifier:
          "The visitor's id, whose session on this bcid becomes the customer's: 16 to 64 " +
          'characters of A-Z a-z 0-9 _ -.',
      },
    },
    response: {
      description: "The session, now the customer's.",
      data: claimedSession,
      example: {
        sessionId: SESSION_ID,
        customerIdentifier: CUSTOMER_ID,
        customerIdentifierType: 'customer',
      },
    },
    errors: {
      unauthorized: CUSTOMER_REFUSED,
      not_found: [NO_CHANNEL, 'The visitor has no session on this bcid.', NO_SESSION],
      conflict: 'The customer already has a session on this bcid.',
      unavailable: BUSY,
      ...NEEDS_SECRET,
    },
  },
  {
    method: 'post',
    path: '/message/client/send_message',
    operationId: 'sendAgentMessage',
    tag: 'client',
    summary: "Send an agent's reply",
    description:
      "Appends the agent's reply to a session of the agent's client and returns it as " +
      'stored, `sendBy: "handler"`. Agents are not rate limited, and may write to a frozen ' +
      'session.',
    caller: 'agent',
    request: {
      schema: clientSendBody,
      examples: {
        text: {
          bcid: BCID,
          sessionId: SESSION_ID,
          type: 'text',
          value: 'It left this morning; the tracking link follows.',
          sendAt: 1606644101.5,
          clientMessageId: 'console-7f3a2c',
        },
      },
      fieldNotes: { fromDevice: "Defaults to the request's `User-Agent`." },
    },
    response: { description: 'The stored message.', data: message, example: agentMessage },
    errors: {
      unauthorized: AGENT_REFUSED,
      not_found: NO_SESSION,
      unavailable: BUSY,
      ...NEEDS_SECRET,
    },
  },
  {
    method: 'post',
    path: '/message/client/list_sessions',
    operationId: 'listSessions',
    tag: 'client',
    summary: "The agent's inbox",
    description:
      "The sessions of the agent's client, most recent activity first (the last message's " +
      "`createdAt`, or the session's opening when it has none), a page at a time. A walk " +
      'through the pages reads every session once, in the order they had when its first page ' +
      'was read. The inbox follows the sessions within about a second ' +
      '(`INBOX_SYNC_DELAY_SECONDS`).',
    caller: 'agent',
    request: {
      schema: listSessionsBody,
      examples: {
        unread: { unread: true, size: 20 },
        'next page': { bcid: BCID, cursor: INBOX_CURSOR },
        shopper: { customerIdentifier: CUSTOMER_ID },
      },
      fieldMeanings: {
        bcid: "Only this storefront's sessions; without it, every storefront of the client.",
        customerIdentifier: "Only this shopper's sessions: a customer's or a visitor's id.",
        size: 'How many sessions at most.',
      },
    },
    response: {
      description: 'A page of the inbox.',
      data: inboxPage,
      example: {
        sessions: [
          {
            sessionId: SESSION_ID,
            bcid: BCID,
            clientId: CLIENT_ID,
            customerIdentifier: CUSTOMER_ID,
            customerIdentifierType: 'customer',
            createdAt: 1606643990.512,
            lastMessageAt: customerMessage.createdAt,
            lastMessage: customerMessage,
            unreadCount: 1,
            freezed: false,
          },
        ],
        nextCursor: INBOX_CURSOR,
      },
    },
    errors: { unauthorized: AGENT_REFUSED, ...NEEDS_SECRET },
  },
  {
    method: 'post',
    path: '/message/client/get_messages',
    operationId: 'getMessagesAsAgent',
    tag: 'client',
    summary: "Read a page of a session's messages as an agent",
    description:
      "The pages of the customer's `get_messages`, for a session of the agent's client. " +
      'Agents read the values of frozen messages. The read state travels in response headers.',
    caller: 'agent',
    request: {
      schema: clientGetMessagesBody,
      examples: {
        latest: { bcid: BCID, sessionId: SESSION_ID, nextOrPrevious: 'previous', size: 20 },
        'catch up': {
          bcid: BCID,
          sessionId: SESSION_ID,
          nextOrPrevious: 'next',
          chatRoomMessageId: customerMessage.chatRoomMessageId,
        },
      },
      fieldNotes: { chatRoomMessageId: 'The cursor; without it, the page is the latest.' },
    },
    response: {
      description: 'The page, oldest first; `[]` past the newest.',
      data: messagePage,
      example: [customerMessage, agentMessage],
      headers: readHeaders('Customer', {
        own: customerMessage.chatRoomMessageId,
        peer: agentMessage.chatRoomMessageId,
      }),
    },
    errors: {
      unauthorized: AGENT_REFUSED,
      not_found: [NO_SESSION, NO_MESSAGE],
      unavailable: BUSY,
      ...NEEDS_SECRET,
    },
  },
  {
    method: 'post',
    path: '/message/client/mark_read',
    operationId: 'markReadAsAgent',
    tag: 'client',
    summary: 'Mark the session read up to a message, for every agent of the client',
    description:
      "The client's agents together have read up to and including the message. A mark only " +
      'moves forward: marking an earlier message is accepted and changes nothing. Answers ' +
      "with the read state; the inbox's `unreadCount` follows.",
    caller: 'agent',
    request: {
      schema: clientMessageBody,
      examples: {
        read: {
          bcid: BCID,
          sessionId: SESSION_ID,
          chatRoomMessageId: customerMessage.chatRoomMessageId,
        },
      },
      fieldNotes: { chatRoomMessageId: 'The last message read.' },
    },
    response: {
      description: "The agents' read state.",
      data: handlerReadState,
      example: {
        sessionId: SESSION_ID,
        unreadCount: 0,
        readMessageId: customerMessage.chatRoomMessageId,
        customerReadMessageId: null,
      },
    },
    errors: {
      unauthorized: AGENT_REFUSED,
      not_found: [NO_SESSION, NO_MESSAGE],
      unavailable: BUSY,
      ...NEEDS_SECRET,
    },
  },
  {
    method: 'post',
    path: '/message/client/revoke_message',
    operationId: 'revokeAgentMessage',
    tag: 'client',
    summary: "Recall an agent's message",
    description:
      "Erases a message of the agents' side, whichever agent of the client sent it, within " +
      '`RECALL_WINDOW_SECONDS` (120) of its `createdAt`: from then on it reads ' +
      '`revoked: true` and `value: ""` for everyone. Recalling a message already recalled ' +
      'answers it again, even after the window.',
    caller: 'agent',
    request: {
      schema: clientMessageBody,
      examples: {
        recall: {
          bcid: BCID,
          sessionId: SESSION_ID,
          chatRoomMessageId: agentMessage.chatRoomMessageId,
        },
      },
      fieldNotes: { chatRoomMessageId: "The message to recall: one of the agents' side." },
    },
    response: {
      description: 'The recalled message.',
      data: message,
      example: { ...agentMessage, revoked: true, value: '' },
    },
    errors: {
      unauthorized: AGENT_REFUSED,
      forbidden: RECALL_REFUSED.forbidden,
      not_found: [NO_SESSION, NO_MESSAGE],
      conflict: RECALL_REFUSED.conflict,
      unavailable: BUSY,
      ...NEEDS_SECRET,
    },
  },
  {
    method: 'post',
    path: '/message/client/freeze_message',
    operationId: 'freezeMessage',
    tag: 'client',
    summary: "Withhold a message's value from the shopper side, or give it back",
    description:
      'While a message is frozen, the customer side reads it with `freezed: true` and ' +
      '`value: ""`, in every page and socket; agents still read its value. Either side\'s ' +
      'message may be frozen.',
    caller: 'agent',
    request: {
      schema: freezeMessageBody,
      examples: {
        freeze: {
          bcid: BCID,
          sessionId: SESSION_ID,
          chatRoomMessageId: customerMessage.chatRoomMessageId,
          freezed: true,
        },
      },
      fieldNotes: { chatRoomMessageId: 'The message to freeze or thaw.' },
    },
    response: {
      description: 'The message as agents read it.',
      data: message,
      example: { ...customerMessage, freezed: true },
    },
    errors: {
      unauthorized: AGENT_REFUSED,
      not_found: [NO_SESSION, NO_MESSAGE],
      unavailable: BUSY,
      ...NEEDS_SECRET,
    },
  },
  {
    method: 'post',
    path: '/message/client/freeze_session',
    operationId: 'freezeSession',
    tag: 'client',
    summary: "Refuse the shopper side's messages, or accept them again",
    description:
      'While a session is frozen, every `send_message` of the customer side is refused with ' +
      '423 `session_frozen`; agents may still write, and the inbox shows `freezed: true`.',
    caller: 'agent',
    request: {
      schema: freezeSessionBody,
      examples: { freeze: { bcid: BCID, sessionId: SESSION_ID, freezed: true } },
    },
    response: {
      description: "The session's freeze.",
      data: frozenSession,
      example: { sessionId: SESSION_ID, freezed: true },
    },
    errors: {
      unauthorized: AGENT_REFUSED,
      not_found: NO_SESSION,
      unavailable: BUSY,
      ...NEEDS_SECRET,
    },
  },
  {
    method: 'get',
    path: '/message/customer/connect',
    operationId: 'connectAsCustomer',
    tag: 'live',
    summary: "The shopper's WebSocket on a session",
    description:
      "Streams the session's messages as it stores them, its recalls, read marks and freezes, " +
      "and the agents' typing. After `auth`, the socket first receives the messages after " +
      '`after` (without it, the latest 10), then `ready`, then every new message: none is ' +
      'missed or repeated across a reconnect with `after`.\n\n' +
      LIVE_FRAMES,
    caller: 'shopper socket',
    query: {
      schema: connectQuery,
      example: { bcid: BCID, sessionId: SESSION_ID, after: agentMessage.chatRoomMessageId },
      fieldMeanings: {
        after:
          'The `chatRoomMessageId` of the last message the client has: the replay starts ' +
          'after it. Without it, the latest 10 messages.',
      },
    },
    response: { description: 'Switching Protocols: the socket is open.', upgrade: 'websocket' },
    errors: NEEDS_SECRET,
  },
  {
    method: 'get',
    path: '/message/client/connect',
    operationId: 'connectAsAgent',
    tag: 'live',
    summary: "An agent's WebSocket on a session",
    description:
      "The same stream as the shopper's socket, with the shopper's typing, for an agent of " +
      "the session's client; agents read the values of frozen messages.\n\n" +
      LIVE_FRAMES,
    caller: 'agent socket',
    query: {
      schema: connectQuery,
      example: { bcid: BCID, sessionId: SESSION_ID, after: customerMessage.chatRoomMessageId },
      fieldMeanings: {
        after:
          'The `chatRoomMessageId` of the last message the console has: the replay starts ' +
          'after it. Without it, the latest 10 messages.',
      },
    },
    response: { description: 'Switching Protocols: the socket is open.', upgrade: 'websocket' },
    errors: NEEDS_SECRET,
  },
  {
    method: 'get',
    path: '/message/client/inbox',
    operationId: 'connectInbox',
    tag: 'live',
    summary: "An agent's WebSocket on every session of the client",
    description:
      "Streams the new sessions and the new messages of every session of the bcid's client, " +
      "on all of its storefronts. The inbox keeps the client's latest 1,000 events for a " +
      'reconnect with `after`.\n\n' +
      LIVE_FRAMES,
    caller: 'agent socket',
    query: {
      schema: inboxQuery,
      example: { bcid: BCID, after: agentMessage.chatRoomMessageId },
      fieldNotes: { bcid: 'Any storefront of the client; the socket streams all of them.' },
      fieldMeanings: {
        after:
          "The id the last event carried: a `message`'s `chatRoomMessageId` or a " +
          "`session`'s `sessionId`. Without it, nothing is replayed; one no longer kept is " +
          'refused with `not_found` in an `error` frame.',
      },
    },
    response: { description: 'Switching Protocols: the socket is open.', upgrade: 'websocket' },
    errors: { not_found: NO_CHANNEL, ...NEEDS_SECRET },
  },
  {
    method: 'post',
    path: '/admin/channels',
    operationId: 'registerChannel',
    tag: 'admin',
    summary: 'Register a storefront',
    description:
      'Registers a bcid as a storefront of a client, so that shoppers can open sessions on it. ' +
      'Registering the same pair again is harmless. Without `ADMIN_SECRET` set, the endpoint ' +
      'answers 403 to everyone.',
    caller: 'operator',
    request: {
      schema: registerChannelBody,
      examples: { channel: { bcid: BCID, clientId: CLIENT_ID } },
    },
    response: {
      description: 'The channel as registered.',
      data: channel,
      example: { bcid: BCID, clientId: CLIENT_ID },
    },
    errors: {
      unauthorized: 'Send the admin secret as `Authorization: Bearer <secret>`.',
      forbidden: 'The admin endpoints are disabled: ADMIN_SECRET is not set.',
      conflict: 'This bcid belongs to another client.',
    },
  },
  {
    method: 'get',
    path: '/openapi.json',
    operationId: 'getOpenApi',
    tag: 'reference',
    summary: 'This document',
    description: 'The API as OpenAPI 3.1, for Postman and other tools: import it by its URL.',
    caller: 'anyone',
    response: { description: 'The OpenAPI document.', mediaType: 'application/json' },
    errors: {},
  },
  {
    method: 'get',
    path: '/docs',
    operationId: 'getReference',
    tag: 'reference',
    summary: 'The API reference page',
    description: 'This document rendered as a page for people to read.',
    caller: 'anyone',
    response: { description: 'The reference page.', mediaType: 'text/html' },
    errors: {},
  },
  {
    method: 'get',
    path: '/assets/:name',
    operationId: 'getAsset',
    tag: 'reference',
    summary: "A stylesheet or script of the Worker's own pages",
    description: 'The reference and the demo load these from the Worker itself, not from a CDN.',
    caller: 'anyone',
    params: assetParams,
    response: { description: 'The file.', mediaType: 'text/plain' },
    errors: { not_found: 'No such asset.' },
  },
  {
    method: 'get',
    path: '/demo',
    operationId: 'getDemo',
    tag: 'demo',
    summary: 'A chat widget and an agent console',
    description:
      "A page with the shopper's chat widget beside the agent console, both calling the " +
      'endpoints above. Served by `npm run dev` only.',
    caller: 'local developer',
    response: { description: 'The demo page.', mediaType: 'text/html' },
    errors: { not_found: 'The demo is served by `npm run dev` only.' },
  },
  {
    method: 'post',
    path: '/demo/tokens',
    operationId: 'mintDemoToken',
    tag: 'demo',
    summary: 'An access token for the demo agent',
    description:
      'Signs an agent access token for the client of a registered storefront, valid for an ' +
      'hour. Served by `npm run dev` only.',
    caller: 'local developer',
    request: { schema: demoTokenBody, examples: { demo: { bcid: BCID } } },
    response: {
      description: 'The token.',
      data: demoToken,
      example: {
        accessToken: AUTH,
        clientId: CLIENT_ID,
        clientUserId: 'demo-agent',
        expiresAt: 1606647654,
      },
    },
    errors: {
      not_found: ['The demo is served by `npm run dev` only.', NO_CHANNEL],
      ...NEEDS_SECRET,
    },
  },
];
