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
  /** The JSON body, validated with this schema. */
  request?: {
    schema: z.ZodType;
    /** Named example bodies; the first is the one tools fill in. */
    examples: Record<string, unknown>;
    /** What a field means at this endpoint in particular, added to its usual description. */
    fieldNotes?: Record<string, string>;
  };
  response: JsonAnswer | OtherAnswer;
  /** The error codes this endpoint answers with beyond the transport's, each with its message. */
  errors: Partial<Record<ErrorCode, string>>;
}

/** A success envelope whose `data` has this schema. */
export interface JsonAnswer {
  description: string;
  data: z.ZodType;
  example: unknown;
}

/** A page, a script or a document served as it is. */
export interface OtherAnswer {
  description: string;
  mediaType: string;
}

export type Caller = 'shopper' | 'agent' | 'operator' | 'anyone' | 'local developer';

export const CALLERS: Record<Caller, string> = {
  shopper:
    'A shopper: a logged-in customer sends `_auth` in the body, an anonymous visitor sends ' +
    '`customerIdentifier`.',
  agent: "An agent (clientUser): `Authorization: Bearer <access token>` naming the agent's client.",
  operator: 'The operator: `Authorization: Bearer <ADMIN_SECRET>`.',
  anyone: 'Anyone; no credentials.',
  'local developer':
    'Only `npm run dev` on the local machine; every deployment answers 404 `not_found`.',
};

export const TAGS = {
  customer: "The shopper's side: the storefront's chat window.",
  client: "The client's side: agents answering chats.",
  admin: "The operator's endpoints.",
  reference: 'This document, and the page that renders it.',
  demo: 'A chat widget and an agent console for trying the API on a local machine.',
} as const;

export const isJsonAnswer = (answer: JsonAnswer | OtherAnswer): answer is JsonAnswer =>
  'data' in answer;
