// What each measured request sends: the service's endpoints and the floor's routes.
import { CHANNEL, type Customer, floorUrl, serviceUrl } from './api';
import type { Target } from './load';

/** get_messages is read a page of this size, and so is the floor's page. */
export const PAGE_SIZE = 10;

const REPLY = 'Hello, could you tell me where my parcel is? It was due yesterday.';

export function initTarget(name: string, shoppers: Customer[]): Target {
  const bodies = shoppers.map((shopper) =>
    JSON.stringify({ bcid: CHANNEL.bcid, _auth: shopper.auth }),
  );
  return { name, url: serviceUrl('/message/customer/init_message_session'), bodies };
}

export function sendTarget(shopper: Customer): Target {
  const body = {
    bcid: CHANNEL.bcid,
    _auth: shopper.auth,
    sessionId: shopper.sessionId,
    type: 'text',
    value: REPLY,
    sendAt: Math.floor(Date.now() / 1000),
    fromDevice: 'bench',
  };
  const url = serviceUrl('/message/customer/send_message');
  return { name: 'send_message', url, bodies: [JSON.stringify(body)] };
}

/** Pages of `size` messages before each of the cursors, drawn at random per request. */
export function pageTarget(name: string, shopper: Customer, cursors: string[]): Target {
  const bodies = cursors.map((cursor) =>
    JSON.stringify({
      bcid: CHANNEL.bcid,
      _auth: shopper.auth,
      sessionId: shopper.sessionId,
      nextOrPrevious: 'previous',
      size: PAGE_SIZE,
      chatRoomMessageId: cursor,
    }),
  );
  return { name, url: serviceUrl('/message/customer/get_messages'), bodies };
}

export const floorJson: Target = {
  name: 'floor: Hono JSON',
  url: floorUrl('/json'),
  bodies: [JSON.stringify({ bcid: CHANNEL.bcid, value: REPLY })],
};

export const floorObject: Target = {
  name: 'floor: object round trip',
  url: floorUrl('/object'),
  bodies: [JSON.stringify({ bcid: CHANNEL.bcid, value: REPLY })],
};

export const floorInsert: Target = {
  name: 'floor: object + SQLite insert',
  url: floorUrl('/insert'),
  bodies: [JSON.stringify({ value: REPLY })],
};

export function floorPage(cursors: string[]): Target {
  const bodies = cursors.map((cursor) => JSON.stringify({ cursor, size: PAGE_SIZE }));
  return { name: 'floor: object + indexed page', url: floorUrl('/page'), bodies };
}

/** The floor's lookup table holds keys `key-0` to `key-999`. */
export const floorLookup: Target = {
  name: 'floor: D1 lookup + object',
  url: floorUrl('/d1-object'),
  bodies: Array.from({ length: 1000 }, (_, i) => JSON.stringify({ key: `key-${i}` })),
};
