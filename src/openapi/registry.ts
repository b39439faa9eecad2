import type { z } from 'zod';
import type { ErrorCode } from './responses';

/**
 * One endpoint as the OpenAPI document and the reference page describe it. Each route the app
 * registers has exactly one entry (the document test holds the two lists together), and the
 * schemas are the ones the route validates with, so the document follows the code.
 */
export interface Operation {
  method: 'get' | 'post';
  /** The path as the app registers it, parameters as `:name`. */
  path: string;
  operationId: string;
  /** The group it is listed under; one of TAGS. */
  tag: keyof typeof TAGS;
  summary: string;
  /** Markdown. */
  description: string;
  /** Who may call it and how the caller proves it. */
  caller: Caller;
  /** The path parameters, validated with this schema. */
  params?: z.ZodObject;
  /** The query parameters, validated with this schema. */
  query?: {
    schema: z.ZodObject;
    /** A value of each parameter, as tools fill them in. */
    example: Record<string, string>;
  } & FieldNotes;
  /** The JSON body, validated with this schema. */
  request?: {
    schema: z.ZodType;
    /** Named example bodies; the first is the one tools fill in. */
    examples: Record<string, unknown>;
  } & FieldNotes;
  response: JsonAnswer | OtherAnswer | UpgradeAnswer;
  /**
   * The error codes this endpoint answers with beyond the transport's, each with its message,
   * or its messages when the code has several causes here.
   */
  errors: Partial<Record<ErrorCode, string | string[]>>;
}

/** How the fields of a body or a query read at one endpoint, beside FIELD_DESCRIPTIONS. */
export interface FieldNotes {
  /** What a field means at this endpoint in particular, added to its usual description. */
  fieldNotes?: Record<string, string>;
  /** What a field means here instead of its usual description, which does not hold here. */
  fieldMeanings?: Record<string, string>;
}

/** A header of a success answer. */
export interface ResponseHeader {
  description: string;
  schema: z.ZodType;
  /** False when some answers leave the header out. */
  required: boolean;
  example: string | number;
}

/** A success envelope whose `data` has this schema. */
export interface JsonAnswer {
  description: string;
  data: z.ZodType;
  example: unknown;
  /** Headers the answer carries beside the ones every answer carries. */
  headers?: Record<string, ResponseHeader>;
}

/** A WebSocket upgrade: 101 Switching Protocols, then frames the document cannot describe. */
export interface UpgradeAnswer {
  description: string;
  upgrade: 'websocket';
}

/** A page, a script or a document served as it is. */
export interface OtherAnswer {
  description: string;
  mediaType: string;
}

export type Caller =
  | 'shopper'
  | 'agent'
  | 'shopper socket'
  | 'agent socket'
  | 'operator'
  | 'anyone'
  | 'local developer';

export const CALLERS: Record<Caller, string> = {
  shopper:
    'A shopper: a logged-in customer sends `_auth` in the body, an anonymous visitor sends ' +
    '`customerIdentifier`.',
  agent: "An agent (clientUser): `Authorization: Bearer <access token>` naming the agent's client.",
  'shopper socket':
    "The session's shopper, in the socket's first frame: `auth` with `_auth` for a customer " +
    'or `customerIdentifier` for a visitor. The URL carries no credentials.',
  'agent socket':
    "An agent of the client, in the socket's first frame: `auth` with the access token as " +
    '`token`. The URL carries no credentials.',
  operator: 'The operator: `Authorization: Bearer <ADMIN_SECRET>`.',
  anyone: 'Anyone; no credentials.',
  'local developer':
    'Only `npm run dev` on the local machine; every deployment answers 404 `not_found`.',
};

export const TAGS = {
  customer: "The shopper's side: the storefront's chat window.",
  client: "The client's side: agents answering chats.",
  live:
    'WebSocket upgrades that push messages as the sessions store them. The frames are ' +
    'described in the README, under "Live delivery (WebSockets)".',
  admin: "The operator's endpoints.",
  reference: 'This document, and the page that renders it.',
  demo: 'A chat widget and an agent console for trying the API on a local machine.',
} as const;

type Answer = Operation['response'];

export const isJsonAnswer = (answer: Answer): answer is JsonAnswer => 'data' in answer;

export const isUpgrade = (answer: Answer): answer is UpgradeAnswer => 'upgrade' in answer;
