/**
 * What each request field means. A field keeps its meaning across endpoints, so it is described
 * once here; an operation can add to it (`Operation.fieldNotes`), and a schema's own
 * `.meta({ description })` takes precedence. The document test fails on a field without one.
 */
export const FIELD_DESCRIPTIONS: Record<string, string> = {
  bcid: 'The storefront (business channel) the request is about: a registered channel.',
  clientId: 'The client (merchant) that owns the storefront.',
  deviceIdentifier: "The caller's device, for the caller's own records. Not stored.",
  deviceName: "The caller's device name, for the caller's own records. Not stored.",
  _auth:
    'A logged-in customer\'s token (HS256 JWT, `aud` "aftershop:customer"). When present, ' +
    '`customerIdentifier` is ignored; a bad, expired or foreign one is a 401.',
  customerIdentifier:
    "An anonymous visitor's id: 16 to 64 characters of A-Z a-z 0-9 _ -. Ignored when `_auth` " +
    'is present.',
  sessionId: 'The session, as `init_message_session` returned it.',
  type: 'What `value` holds: `text`, or the URL of an `image` or a `video`.',
  value:
    'text: 1 to 5000 characters after trimming, stored trimmed. image and video: an https:// ' +
    'URL of at most 2048 characters.',
  sendAt: 'When the device sent it: Unix epoch seconds, fractions allowed. Not used for order.',
  fromDevice: 'The sending device, such as `iPhone`.',
  nextOrPrevious:
    '`previous`: the messages just before the cursor (scrolling up). `next`: the messages ' +
    'just after it (catching up). Without a cursor, either reads the latest.',
  size: 'How many messages at most.',
  name: 'The file, by name.',
  chatRoomMessageId: 'A message of this session, by its id.',
  clientMessageId:
    "The sender's own id for the message, 1 to 64 characters of A-Z a-z 0-9 _ -. A retry with " +
    'the same id in the same session returns the message stored the first time and stores ' +
    'nothing new; ids are scoped to their sender.',
  unread: '`true`: only the sessions with customer messages the agents have not read.',
  cursor:
    'The `nextCursor` of the previous page, opaque and valid for 10 minutes; without it, the ' +
    'first page. An expired or foreign cursor is a 400 naming `cursor`.',
  freezed: '`true` freezes, `false` thaws.',
};
