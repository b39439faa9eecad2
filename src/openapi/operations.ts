import type { z } from 'zod';
import {
  assetParams,
  clientSendBody,
  customerSendBody,
  demoTokenBody,
  getMessagesBody,
  initSessionBody,
  registerChannelBody,
} from '../schemas';
import type { Operation } from './registry';
import { channel, demoToken, message, messagePage, openedSession } from './responses';

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

export const OPERATIONS: Operation[] = [
  {
    method: 'post',
    path: '/message/customer/init_message_session',
    operationId: 'initMessageSession',
    tag: 'customer',
    summary: "Open the shopper's chat window",
    description:
      'Finds or creates the shopper\'s one session on this bcid and returns it with its latest ' +
      '10 messages, oldest first. Calling again, from any device, returns the same `sessionId`; ' +
      'concurrent first calls agree on one session.\n\nWith neither `_auth` nor ' +
      '`customerIdentifier`, the server makes a visitor id and returns it as ' +
      '`data.customerIdentifier`.',
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
      description: 'The session and its latest messages.',
      data: openedSession,
      example: { messages: [customerMessage, agentMessage], sessionId: SESSION_ID },
    },
    errors: {
      unauthorized: 'The `_auth` token is invalid or expired.',
      not_found: 'No channel has this bcid.',
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
      'The order of a session is the order in which it accepted its messages, never `sendAt`.',
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
      unauthorized: 'Send `_auth` for a customer or `customerIdentifier` for a visitor.',
      not_found: NO_SESSION,
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
      '`[]`.',
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
    },
    response: {
      description: 'The page, oldest first; `[]` past the newest.',
      data: messagePage,
      example: [customerMessage, agentMessage],
    },
    errors: {
      unauthorized: 'Send `_auth` for a customer or `customerIdentifier` for a visitor.',
      not_found: 'No such message.',
    },
  },
  {
    method: 'post',
    path: '/message/client/send_message',
    operationId: 'sendAgentMessage',
    tag: 'client',
    summary: "Send an agent's reply",
    description:
      'Appends the agent\'s reply to a session of the agent\'s client and returns it as ' +
      'stored, `sendBy: "handler"`.',
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
        },
      },
      fieldNotes: { fromDevice: "Defaults to the request's `User-Agent`." },
    },
    response: { description: 'The stored message.', data: message, example: agentMessage },
    errors: {
      unauthorized: 'The access token is invalid or expired.',
      not_found: NO_SESSION,
    },
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
      'A page with the shopper\'s chat widget beside the agent console, both calling the ' +
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
      not_found: 'The demo is served by `npm run dev` only.',
    },
  },
];
