import { z } from 'zod';
import { FIELD_DESCRIPTIONS } from './fields';
import { OPERATIONS } from './operations';
import {
  CALLERS,
  type FieldNotes,
  isJsonAnswer,
  isUpgrade,
  type Operation,
  type ResponseHeader,
  TAGS,
} from './registry';
import {
  ERROR_STATUS,
  type ErrorCode,
  failure,
  message,
  RETRYABLE,
  success,
  UPGRADE_REQUIRED,
} from './responses';

/** Builds the OpenAPI 3.1 document from the operations and the zod schemas they name. */

export type Json = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers?: { url: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, Json>>;
  components: {
    schemas: Record<string, Json>;
    headers: Record<string, Json>;
    securitySchemes: Record<string, Json>;
  };
}

export const API_VERSION = '0.1.0';

/** What a status means beside its code, where the code alone does not say it. */
const STATUS_NOTES: Partial<Record<ErrorCode, string>> = {
  invalid_request: `, or ${UPGRADE_REQUIRED} when a WebSocket endpoint is asked without an upgrade`,
  rate_limited: ', with `Retry-After`',
  unavailable: ", with `Retry-After`: a session's object is overloaded or briefly unreachable",
};

const ERROR_LIST = (Object.entries(ERROR_STATUS) as [ErrorCode, number][])
  .map(([code, status]) => `- \`${code}\`: HTTP ${status}${STATUS_NOTES[code] ?? ''}`)
  .join('\n');

const DESCRIPTION = `Customer-service chat for online shops. Every chat endpoint is a POST of a \
JSON object (\`Content-Type: application/json\`, at most 16 KiB) and ignores fields it does not \
know, so no caller can set what the server decides. The live endpoints are WebSocket upgrades \
(GET), whose frames the README describes under "Live delivery (WebSockets)".

A success is HTTP 200 with \`{"data": ..., "status": true}\`. A failure is a 4xx or 5xx with \
\`{"status": false, "error": {"code", "message"[, "issues"]}}\`; \`issues\` comes with validation \
failures only, and a 500 never says more than \`internal\`. A 429 or 503 carries \`Retry-After\` \
in seconds. Every response carries an \`X-Request-Id\`.

The error codes, for a program to branch on:

${ERROR_LIST}`;

/** What every endpoint with a JSON body can answer, whatever it does. */
const TRANSPORT_ERRORS: Partial<Record<ErrorCode, string>> = {
  invalid_request: 'The request is invalid.',
  payload_too_large: 'The body exceeds 16384 bytes.',
  unsupported_media_type: 'Send the body as application/json.',
};

/** What every WebSocket endpoint can answer instead of the upgrade. */
const UPGRADE_ERRORS: Partial<Record<ErrorCode, string>> = {
  invalid_request: 'The request is invalid.',
};

const UPGRADE_REFUSAL = 'Connect with a WebSocket upgrade.';

/** How the schemas word a failure of the fields every endpoint's example can name. */
const FIELD_FAILURES = [
  { path: 'sessionId', message: 'At least 21 characters.' },
  { path: 'bcid', message: 'Must be a UUID.' },
];

/** The headers several answers share, as components. */
const SHARED_HEADERS: Record<string, Json> = {
  RequestId: {
    description: "The request's id, also in the request's log line: quote it to support.",
    schema: { type: 'string' },
  },
  RetryAfter: {
    description: 'Seconds after which a retry may succeed.',
    schema: { type: 'integer', minimum: 1 },
  },
};

const headerRef = (id: keyof typeof SHARED_HEADERS) => ({ $ref: `#/components/headers/${id}` });

const schemaRef = (id: string) => ({ $ref: `#/components/schemas/${id}` });

const capitalized = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** Converts schemas together, so that one named in another becomes a `$ref` to it. */
function convert(named: [string, z.ZodType][], io: 'input' | 'output'): Record<string, Json> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of named) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  });

  const components: Record<string, Json> = {};
  for (const [id, { $schema: _dialect, $id: _uri, ...schema }] of Object.entries(schemas)) {
    components[id] = schema;
  }
  return components;
}

/** A request field's description at one endpoint: its own meaning there, or the usual one. */
function fieldDescription(name: string, notes: FieldNotes = {}): string | undefined {
  const meaning = notes.fieldMeanings?.[name];
  if (meaning !== undefined) return meaning;
  const parts = [FIELD_DESCRIPTIONS[name], notes.fieldNotes?.[name]].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : undefined;
}

/** Gives each property of a request schema its description, where the schema has none. */
function describeFields(schema: Json, notes: FieldNotes = {}): void {
  const properties = schema.properties as Record<string, Json> | undefined;
  for (const [name, property] of Object.entries(properties ?? {})) {
    if (property.description !== undefined) continue;
    const description = fieldDescription(name, notes);
    if (description !== undefined) property.description = description;
  }
  for (const key of ['oneOf', 'anyOf', 'allOf']) {
    const variants = schema[key] as Json[] | undefined;
    for (const variant of variants ?? []) describeFields(variant, notes);
  }
}

/** The envelope's `data` is what the operation answers, and may be a `$ref` to a shared shape. */
function describeEnvelope(operation: Operation, schemas: Record<string, Json>): void {
  const envelope = schemas[`${capitalized(operation.operationId)}Response`];
  const properties = envelope?.properties as Record<string, Json> | undefined;
  if (!properties?.data || !properties.status) return;
  properties.data.description ??= operation.response.description;
  properties.status.description = 'Always `true` on success.';
}

const toOpenApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

/** One failure answer: a status, its code, and the messages the endpoint words it with. */
interface Refusal {
  status: number;
  code: ErrorCode;
  messages: string[];
}

function refusalsOf(operation: Operation): Refusal[] {
  const codes: Partial<Record<ErrorCode, string | string[]>> = {};
  if (operation.request) Object.assign(codes, TRANSPORT_ERRORS);
  if (isUpgrade(operation.response)) Object.assign(codes, UPGRADE_ERRORS);
  Object.assign(codes, { internal: 'Something went wrong on our side.' }, operation.errors);

  const refusals = (Object.entries(codes) as [ErrorCode, string | string[]][]).map(
    ([code, text]): Refusal => ({ status: ERROR_STATUS[code], code, messages: [text].flat() }),
  );
  if (isUpgrade(operation.response)) {
    refusals.push({
      status: UPGRADE_REQUIRED,
      code: 'invalid_request',
      messages: [UPGRADE_REFUSAL],
    });
  }
  return refusals;
}

/** The example of a refusal; a validation failure's names a field the endpoint validates. */
function refusalExample(operation: Operation, code: ErrorCode, text: string, status: number) {
  const plain = { status: false, error: { code, message: text } };
  const validated = operation.request?.schema ?? operation.query?.schema;
  if (code !== 'invalid_request' || status !== ERROR_STATUS.invalid_request || !validated) {
    return plain;
  }
  const shape = z.toJSONSchema(validated, { io: 'input', unrepresentable: 'any' });
  const fields = new Set([
    ...Object.keys(shape.properties ?? {}),
    ...(shape.allOf ?? []).flatMap((part) => Object.keys((part as Json).properties ?? {})),
  ]);
  const issue = FIELD_FAILURES.find(({ path }) => fields.has(path));
  return issue ? { ...plain, error: { ...plain.error, issues: [issue] } } : plain;
}

function errorResponses(operation: Operation): Record<string, Json> {
  const responses: Record<string, Json> = {};
  for (const { status, code, messages } of refusalsOf(operation)) {
    const examples = messages.map((text) => refusalExample(operation, code, text, status));
    const media: Json = { schema: schemaRef('Failure') };
    if (examples.length === 1) media.example = examples[0];
    else
      media.examples = Object.fromEntries(
        messages.map((text, i) => [text, { value: examples[i] }]),
      );

    const headers: Json = { 'X-Request-Id': headerRef('RequestId') };
    const retry = RETRYABLE.includes(code);
    if (retry) headers['Retry-After'] = headerRef('RetryAfter');
    responses[String(status)] = {
      description: `\`${code}\`: ${messages.join(' Or: ')}${retry ? ' With `Retry-After`.' : ''}`,
      headers,
      content: { 'application/json': media },
    };
  }
  return responses;
}

function headerObject(header: ResponseHeader): Json {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(header.schema, {
    io: 'output',
    target: 'draft-2020-12',
  });
  const { description, required, example } = header;
  return { description, required, schema, example };
}

function successResponse(operation: Operation): [string, Json] {
  const answer = operation.response;
  if (isUpgrade(answer)) return ['101', { description: answer.description }];
  const headers: Json = { 'X-Request-Id': headerRef('RequestId') };
  if (!isJsonAnswer(answer)) {
    const schema = { type: answer.mediaType === 'application/json' ? 'object' : 'string' };
    const content = { [answer.mediaType]: { schema } };
    return ['200', { description: answer.description, headers, content }];
  }
  for (const [name, header] of Object.entries(answer.headers ?? {})) {
    headers[name] = headerObject(header);
  }
  const example = { data: answer.example, status: true };
  const schema = schemaRef(`${capitalized(operation.operationId)}Response`);
  const content = { 'application/json': { schema, example } };
  return ['200', { description: answer.description, headers, content }];
}

function parametersIn(
  where: 'path' | 'query',
  schema: z.ZodObject,
  notes: FieldNotes = {},
  example: Record<string, string> = {},
): Json[] {
  const converted = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' });
  const properties = (converted.properties ?? {}) as Record<string, Json>;
  const required = new Set(converted.required ?? []);
  return Object.entries(properties).map(([name, property]) => {
    const parameter: Json = {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      description: fieldDescription(name, notes) ?? '',
      schema: property,
    };
    if (example[name] !== undefined) parameter.example = example[name];
    return parameter;
  });
}

function parameters(operation: Operation): Json[] {
  const path = operation.params ? parametersIn('path', operation.params) : [];
  const { query } = operation;
  return query ? [...path, ...parametersIn('query', query.schema, query, query.example)] : path;
}

const SECURITY: Partial<Record<Operation['caller'], Json[]>> = {
  agent: [{ agentToken: [] }],
  operator: [{ operatorSecret: [] }],
};

function pathItem(operation: Operation): Json {
  const item: Json = {
    operationId: operation.operationId,
    tags: [operation.tag],
    summary: operation.summary,
    description: operation.description,
    'x-caller': CALLERS[operation.caller],
    security: SECURITY[operation.caller] ?? [],
  };
  const listed = parameters(operation);
  if (listed.length > 0) item.parameters = listed;

  if (operation.request) {
    const examples = Object.fromEntries(
      Object.entries(operation.request.examples).map(([name, value]) => [name, { value }]),
    );
    const schema = schemaRef(`${capitalized(operation.operationId)}Request`);
    item.requestBody = { required: true, content: { 'application/json': { schema, examples } } };
  }
  const [status, success] = successResponse(operation);
  item.responses = { [status]: success, ...errorResponses(operation) };
  return item;
}

function componentSchemas(operations: Operation[]): Record<string, Json> {
  const requests = operations.flatMap((operation): [string, z.ZodType][] =>
    operation.request
      ? [[`${capitalized(operation.operationId)}Request`, operation.request.schema]]
      : [],
  );
  const answers = operations.flatMap((operation): [string, z.ZodType][] => {
    const answer = operation.response;
    const id = `${capitalized(operation.operationId)}Response`;
    return isJsonAnswer(answer) ? [[id, success(answer.data)]] : [];
  });

  const requestSchemas = convert(requests, 'input');
  for (const operation of operations) {
    const schema = requestSchemas[`${capitalized(operation.operationId)}Request`];
    if (schema) describeFields(schema, operation.request);
  }
  const shared: [string, z.ZodType][] = [
    ['Message', message],
    ['Failure', failure],
  ];
  const answerSchemas = convert([...shared, ...answers], 'output');
  for (const operation of operations) describeEnvelope(operation, answerSchemas);
  return { ...answerSchemas, ...requestSchemas };
}

export function buildDocument(operations: Operation[] = OPERATIONS): OpenApiDocument {
  const paths: Record<string, Record<string, Json>> = {};
  for (const operation of operations) {
    const path = toOpenApiPath(operation.path);
    paths[path] = { ...paths[path], [operation.method]: pathItem(operation) };
  }

  return {
    openapi: '3.1.0',
    info: { title: 'Aftershop chat', version: API_VERSION, description: DESCRIPTION },
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      schemas: componentSchemas(operations),
      headers: SHARED_HEADERS,
      securitySchemes: {
        agentToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'An agent access token: HS256, `aud` "aftershop:client-user", `clientId`.',
        },
        operatorSecret: {
          type: 'http',
          scheme: 'bearer',
          description: "The deployment's ADMIN_SECRET.",
        },
      },
    },
  };
}

let built: OpenApiDocument | undefined;

/** The document as served: built once per isolate, with the server it was asked of. */
export function openApiDocument(origin: string): OpenApiDocument {
  built ??= buildDocument();
  return { ...built, servers: [{ url: origin }] };
}
