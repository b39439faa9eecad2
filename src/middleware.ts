import { zValidator } from '@hono/zod-validator';
import { createMiddleware } from 'hono/factory';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import { nanoid } from 'nanoid';
import type { ZodType, z } from 'zod';
import { ApiError, type Issue, invalidRequest } from './errors';
import type { AppEnv } from './env';

export const MAX_BODY_BYTES = 16 * 1024;

/** One structured line per request, and the request id on the response for support. */
export const requestLog = createMiddleware<AppEnv>(async (c, next) => {
  const started = Date.now();
  const requestId = c.req.header('cf-ray') ?? nanoid(16);
  c.set('requestId', requestId);

  await next();

  c.header('X-Request-Id', requestId);
  const line = {
    requestId,
    method: c.req.method,
    path: c.req.path,
    status: c.res.status,
    ms: Date.now() - started,
  };
  console.log(JSON.stringify(line));
});

/**
 * Browser widgets may call from the storefront origins listed in ALLOWED_ORIGINS (comma
 * separated, exact `scheme://host[:port]`), and from no other. Identity travels in the body or
 * in `Authorization`, never in cookies, so credentials mode is never granted.
 */
export const storefrontCors = cors({
  origin: (origin, c) => (allowedOrigins(c.env.ALLOWED_ORIGINS).has(origin) ? origin : null),
  allowMethods: ['GET', 'POST', 'OPTIONS'],
  allowHeaders: ['Content-Type', 'Authorization'],
  // A widget reads the read state of get_messages from these, and backs off by Retry-After.
  exposeHeaders: [
    'Retry-After',
    'X-Request-Id',
    'X-Unread-Count',
    'X-Read-Message-Id',
    'X-Handler-Read-Message-Id',
    'X-Customer-Read-Message-Id',
  ],
  maxAge: 600,
  credentials: false,
});

const originLists = new Map<string, Set<string>>();

function allowedOrigins(setting: string | undefined): Set<string> {
  const key = setting ?? '';
  let origins = originLists.get(key);
  if (!origins) {
    origins = new Set(
      key
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    );
    originLists.set(key, origins);
  }
  return origins;
}

/** Answers are for one caller: not to be framed, sniffed, or kept in a shared cache. */
const noStore = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  c.header('Cache-Control', 'no-store');
});

export const securityHeaders = [secureHeaders(), noStore] as const;

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;.*)?$/i;

/** Every endpoint takes a JSON object of at most 16 KiB. */
export const jsonOnly = createMiddleware<AppEnv>(async (c, next) => {
  if (!JSON_TYPE.test(c.req.header('content-type') ?? '')) {
    throw new ApiError(415, 'unsupported_media_type', 'Send the body as application/json.');
  }
  await next();
});

export const limitBody = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new ApiError(413, 'payload_too_large', `The body exceeds ${MAX_BODY_BYTES} bytes.`);
  },
});

/**
 * Validates the JSON body with a schema. Broken JSON, a body that is not an object, and
 * every schema failure become one 400 whose `issues` name each field and its problem.
 */
export function body<T extends ZodType>(schema: T) {
  return zValidator('json', schema, (result) => {
    if (result.success) return;
    throw invalidRequest('The request is invalid.', issuesOf(result.error.issues, '(body)'));
  });
}

/** Validates the query string with a schema; failures are answered as `body` answers them. */
export function query<T extends ZodType>(schema: T) {
  return zValidator('query', schema, (result) => {
    if (result.success) return;
    throw invalidRequest('The request is invalid.', issuesOf(result.error.issues, '(query)'));
  });
}

function issuesOf(issues: readonly z.core.$ZodIssue[], whole: string): Issue[] {
  return issues.map((issue) => ({
    path: issue.path.map(String).join('.') || whole,
    message: issue.message,
  }));
}
