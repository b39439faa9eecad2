/** A message as every endpoint returns it: the contract's shape, field for field. */
export interface Message {
  bcid: string;
  chatRoomMessageId: string;
  clientId: string;
  createdAt: number;
  createdBy: string;
  customerIdentifier: string;
  customerIdentifierType: 'customer' | 'visitor' | 'recipient';
  freezed: boolean;
  fromDevice: string;
  fromIp: string;
  handlerIdentifier: string;
  handlerIdentifierType: 'clientUser' | 'recipient';
  revoked: boolean;
  sendAt: number;
  sendBy: 'customer' | 'handler';
  sessionId: string;
  type: 'text' | 'image' | 'video';
  value: string;
}

/** Who a session belongs to, fixed when the session is opened. */
export interface SessionOwner {
  sessionId: string;
  bcid: string;
  clientId: string;
  customerIdentifier: string;
  customerIdentifierType: 'customer' | 'visitor';
}

/** One row of a session object's `messages` table. */
export interface MessageRow extends Record<string, SqlStorageValue> {
  seq: number;
  id: string;
  author: string;
  author_type: 'customer' | 'visitor' | 'clientUser';
  type: Message['type'];
  value: string;
  send_at: number;
  /** Microseconds since the epoch: an integer, so that the log can keep it increasing. */
  created_at: number;
  from_device: string;
  from_ip: string;
  freezed: number;
  revoked: number;
}

export function toMessage(row: MessageRow, owner: SessionOwner): Message {
  const byHandler = row.author_type === 'clientUser';
  return {
    bcid: owner.bcid,
    chatRoomMessageId: row.id,
    clientId: owner.clientId,
    createdAt: row.created_at / 1e6,
    createdBy: row.author,
    customerIdentifier: byHandler ? '' : row.author,
    customerIdentifierType: byHandler ? 'recipient' : (row.author_type as 'customer' | 'visitor'),
    freezed: row.freezed === 1,
    fromDevice: row.from_device,
    fromIp: row.from_ip,
    handlerIdentifier: byHandler ? row.author : '',
    handlerIdentifierType: byHandler ? 'clientUser' : 'recipient',
    revoked: row.revoked === 1,
    sendAt: row.send_at,
    sendBy: byHandler ? 'handler' : 'customer',
    sessionId: owner.sessionId,
    type: row.type,
    value: row.value,
  };
}
