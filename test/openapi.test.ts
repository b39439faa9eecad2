import { exports } from 'cloudflare:workers';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import app from '../src/index';
import { MAX_BODY_BYTES } from '../src/middleware';
import { buildDocument, type Json, type OpenApiDocument } from '../src/openapi/document';
import { DEFAULT_RECALL_WINDOW_SECONDS } from '../src/config';
import { OPERATIONS, RECALL_WINDOW_SECONDS } from '../src/openapi/operations';
import { isJsonAnswer } from '../src/openapi/registry';
import {
  ERROR_STATUS,
  type ErrorCode,
  message,
  success,
  UPGRADE_REQUIRED,
} from '../src/openapi/responses';
import type { Message } from '../src/session/message';

async function get(path: string) {
  return exports.default.fetch(`https://chat.example${path}`);
}

async function served(): Promise<OpenApiDocument> {
  const response = await get('/openapi.json');
  expect(response.status).toBe(200);
  return response.json();
}

/** The routes the app answers, as `METHOD /path` with OpenAPI's `{param}`; middleware left out. */
function registeredRoutes(): string[] {
  const routes = app.routes
    .filter((route) => route.method !== 'ALL' && !route.path.includes('*'))
    .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`);
  return [...new Set(routes)].sort();
}

function documentedRoutes(document: OpenApiDocument): string[] {
  return Object.entries(document.paths)
    .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();
}

/** Paths of the properties, anywhere in a schema, that say nothing about what they are. */
function undescribed(schema: Json, at: string): string[] {
  const missing: string[] = [];
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  for (const [name, property] of Object.entries(properties)) {
    if (typeof property.description !== 'string' || property.description === '') {
      missing.push(`${at}.${name}`);
    }
    missing.push(...undescribed(property, `${at}.${name}`));
  }
  if (schema.items) missing.push(...undescribed(schema.items as Json, `${at}[]`));
  for (const variant of (schema.oneOf ?? []) as Json[]) missing.push(...undescribed(variant, at));
  return missing;
}

function responsesOf(operationId: string): Record<string, Json> {
  for (const item of Object.values(buildDocument().paths)) {
    for (const operation of Object.values(item)) {
      if (operation.operationId === operationId) return operation.responses as Record<string, Json>;
    }
  }
  throw new Error(`no operation ${operationId}`);
}

/** The error bodies a documented failure shows: its example, or each of its examples. */
function failureExamples(response: Json): { code: ErrorCode; message: string }[] {
  const media = (response.content as Record<string, Json>)['application/json'] ?? {};
  const named = Object.values((media.examples ?? {}) as Record<string, { value: unknown }>);
  const bodies = media.example === undefined ? named.map(({ value }) => value) : [media.example];
  return bodies.map((body) => (body as { error: { code: ErrorCode; message: string } }).error);
}

describe('the OpenAPI document', () => {
  it('lists every route the app registers, and no route it does not', async () => {
    const document = await served();
    expect(documentedRoutes(document)).toEqual(registeredRoutes());
    expect(registeredRoutes()).toContain('POST /message/customer/send_message');
  });

  it('is the document built from the operations, for the origin it was asked of', async () => {
    const document = await served();
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers).toEqual([{ url: 'https://chat.example' }]);
    const { servers: _servers, ...rest } = document;
    expect(rest).toEqual(JSON.parse(JSON.stringify(buildDocument())));
  });

  it('describes every field of every request and answer', async () => {
    const { components } = await served();
    const missing = Object.entries(components.schemas).flatMap(([name, schema]) =>
      undescribed(schema, name),
    );
    expect(missing).toEqual([]);
  });

  it('describes every parameter and every response header', async () => {
    const { paths, components } = await served();
    const missing: string[] = [];
    for (const [path, item] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(item)) {
        for (const parameter of (operation.parameters ?? []) as Json[]) {
          if (!parameter.description) missing.push(`${method} ${path} ${String(parameter.name)}`);
        }
        for (const [status, response] of Object.entries(operation.responses as Json)) {
          for (const [name, header] of Object.entries((response as Json).headers ?? {})) {
            const described = (header as Json).$ref !== undefined || (header as Json).description;
            if (!described) missing.push(`${method} ${path} ${status} ${name}`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
    for (const header of Object.values(components.headers)) expect(header.description).toBeTruthy();
  });

  it('carries the defaults and limits the routes validate with', async () => {
    const { components } = await served();
    const paging = components.schemas.GetMessagesRequest?.properties as Record<string, Json>;
    expect(paging.size).toMatchObject({ default: 10, minimum: 1, maximum: 100, type: 'integer' });
    expect(paging.nextOrPrevious).toMatchObject({ enum: ['next', 'previous'] });
    expect(components.schemas.GetMessagesRequest?.required).toEqual([
      'bcid',
      'sessionId',
      'nextOrPrevious',
    ]);
  });

  it('gives each endpoint its error codes with their statuses and an example each', async () => {
    const { paths } = await served();
    const send = paths['/message/customer/send_message']?.post?.responses as Record<string, Json>;
    expect(Object.keys(send)).toEqual([
      '200',
      '400',
      '401',
      '404',
      '413',
      '415',
      '423',
      '429',
      '500',
      '503',
    ]);
    for (const operation of OPERATIONS) {
      for (const [status, response] of Object.entries(responsesOf(operation.operationId))) {
        if (status === '200' || status === '101') continue;
        const examples = failureExamples(response);
        expect(examples.length, `${operation.operationId} ${status}`).toBeGreaterThan(0);
        for (const { code } of examples) {
          const expected = status === String(UPGRADE_REQUIRED) ? 'invalid_request' : code;
          expect(code).toBe(expected);
          if (status !== String(UPGRADE_REQUIRED)) expect(String(ERROR_STATUS[code])).toBe(status);
        }
        const retry = (response.headers as Json)['Retry-After'] !== undefined;
        expect(retry, `${operation.operationId} ${status}`).toBe(
          status === '429' || status === '503',
        );
      }
    }
  });

  it('answers a WebSocket endpoint with 101, its query parameters described', () => {
    for (const path of ['/message/customer/connect', '/message/client/connect']) {
      const operation = buildDocument().paths[path]?.get as Json;
      expect(Object.keys(operation.responses as Json)).toEqual(['101', '400', '426', '500']);
      const parameters = operation.parameters as Json[];
      expect(parameters.map((p) => [p.name, p.in, p.required])).toEqual([
        ['bcid', 'query', true],
        ['sessionId', 'query', true],
        ['after', 'query', false],
      ]);
      for (const parameter of parameters) expect(parameter.description).not.toBe('');
    }
  });

  it('documents the read state headers of get_messages for each side', () => {
    const headersOf = (operationId: string) =>
      Object.keys((responsesOf(operationId)['200']?.headers ?? {}) as Json);
    expect(headersOf('getMessages')).toEqual([
      'X-Request-Id',
      'X-Unread-Count',
      'X-Read-Message-Id',
      'X-Handler-Read-Message-Id',
    ]);
    expect(headersOf('getMessagesAsAgent')).toEqual([
      'X-Request-Id',
      'X-Unread-Count',
      'X-Read-Message-Id',
      'X-Customer-Read-Message-Id',
    ]);
  });

  it("gives the transport's refusals as the middleware words them", async () => {
    const { paths } = await served();
    const responses = paths['/admin/channels']?.post?.responses as Record<string, Json>;
    const tooLarge = (responses['413']?.content as Record<string, Json>)['application/json'];
    expect(tooLarge?.example).toEqual({
      status: false,
      error: { code: 'payload_too_large', message: `The body exceeds ${MAX_BODY_BYTES} bytes.` },
    });
  });

  it('holds examples that the routes would accept and answers that the routes give', () => {
    for (const operation of OPERATIONS) {
      for (const [name, example] of Object.entries(operation.request?.examples ?? {})) {
        const parsed = operation.request?.schema.safeParse(example);
        expect(parsed?.success, `${operation.operationId} ${name}`).toBe(true);
      }
      if (isJsonAnswer(operation.response)) {
        const { data, example } = operation.response;
        const envelope = { data: example, status: true };
        expect(success(data).parse(envelope), operation.operationId).toEqual(envelope);
      }
    }
  });

  it('words the recall window as the configuration sets it by default', () => {
    expect(RECALL_WINDOW_SECONDS).toBe(DEFAULT_RECALL_WINDOW_SECONDS);
  });

  it('describes the message exactly as the session object returns it', () => {
    expectTypeOf<z.infer<typeof message>>().toEqualTypeOf<Message>();
  });
});

describe('the reference page', () => {
  it('renders every endpoint and field of the document', async () => {
    const response = await get('/docs');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await response.text();

    const document = buildDocument();
    for (const [path, item] of Object.entries(document.paths)) {
      expect(page).toContain(`<code>${path}</code>`);
      for (const operation of Object.values(item)) {
        expect(page).toContain(`id="${operation.operationId}"`);
      }
    }
    for (const field of ['nextOrPrevious', 'chatRoomMessageId', 'handlerIdentifierType']) {
      expect(page).toContain(`<code>${field}</code>`);
    }
  });

  it("loads only the Worker's own files", async () => {
    const page = await (await get('/docs')).text();
    const references = [...page.matchAll(/(?:src|href)="([^"#]+)"/g)].map((match) => match[1]);
    expect(references.length).toBeGreaterThan(0);
    for (const reference of references) expect(reference).toMatch(/^\/(?!\/)/);

    const stylesheet = await get('/assets/docs.css');
    expect(stylesheet.status).toBe(200);
    expect(stylesheet.headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('answers an unknown asset with a 404 envelope', async () => {
    const response = await get('/assets/secrets.txt');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      status: false,
      error: { code: 'not_found', message: 'No such asset.' },
    });
  });
});
