import { z } from 'zod';
import { FIELD_DESCRIPTIONS } from './fields';
import { OPERATIONS } from './operations';
import { CALLERS, isJsonAnswer, type Operation, TAGS } from './registry';
import { ERROR_STATUS, type ErrorCode, failure, message, success } from './responses';

/** Builds the OpenAPI 3.1 document from the operations and the zod schemas they name. */

export type Json = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers?: { url: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json>; securitySchemes: Record<string, Json> };
}

export const API_VERSION = '0.1.0';

const ERROR_LIST = Object.entries(ERROR_STATUS)
  .map(([code, status]) => `- \`${code}\`: HTTP ${status}`)
  .join('\n');

const DESCRIPTION = `Customer-service chat for online shops. Every chat endpoint is a POST of a \
JSON object (\`Content-Type: application/json\`, at most 16 KiB) and ignores fields it does not \
know, so no caller can set what the server decides.

A success is HTTP 200 with \`{"data": ..., "status": true}\`. A failure is a 4xx or 5xx with \
\`{"status": false, "error": {"code", "message"[, "issues"]}}\`; \`issues\` comes with validation \
failures only, and a 500 never says more than \`internal\`. Every response carries an \
\`X-Request-Id\`.

The error codes, for a program to branch on:

${ERROR_LIST}`;

/** What every endpoint with a JSON body can answer, whatever it does. */
const TRANSPORT_ERRORS: Partial<Record<ErrorCode, string>> = {
  invalid_request: 'The request is invalid.',
  payload_too_large: 'The body exceeds 16384 bytes.',
  unsupported_media_type: 'Send the body as application/json.',
};

const INVALID_EXAMPLE = {
  status: false,
  error: {
    code: 'invalid_request',
    message: 'The request is invalid.',
    issues: [{ path: 'sessionId', message: 'At least 21 characters.' }],
  },
};

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

/** Gives each property of a request schema its description, where the schema has none. */
function describeFields(schema: Json, notes: Record<string, string> = {}): void {
  const properties = schema.properties as Record<string, Json> | undefined;
  for (const [name, property] of Object.entries(properties ?? {})) {
    if (property.description !== undefined) continue;
    const usual = FIELD_DESCRIPTIONS[name];
    const note = notes[name];
    if (usual !== undefined || note !== undefined) {
      property.description = [usual, note].filter(Boolean).join(' ');
    }
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

function errorResponses(operation: Operation): Record<string, Json> {
  const codes: Partial<Record<ErrorCode, string>> = {};
  if (operation.request) Object.assign(codes, TRANSPORT_ERRORS);
  Object.assign(codes, operation.errors, { internal: 'Something went wrong on our side.' });

  const responses: Record<string, Json> = {};
  for (const [code, text] of Object.entries(codes) as [ErrorCode, string][]) {
    const plain = { status: false, error: { code, message: text } };
    const example = code === 'invalid_request' ? INVALID_EXAMPLE : plain;
    responses[String(ERROR_STATUS[code])] = {
      description: `\`${code}\`: ${text}`,
      content: { 'application/json': { schema: schemaRef('Failure'), example } },
    };
  }
  return responses;
}

function successResponse(operation: Operation): Json {
  const answer = operation.response;
  if (!isJsonAnswer(answer)) {
    const schema = { type: answer.mediaType === 'application/json' ? 'object' : 'string' };
    return { description: answer.description, content: { [answer.mediaType]: { schema } } };
  }
  const example = { data: answer.example, status: true };
  const schema = schemaRef(`${capitalized(operation.operationId)}Response`);
  return { description: answer.description, content: { 'application/json': { schema, example } } };
}

function pathParameters(operation: Operation): Json[] {
  if (!operation.params) return [];
  const converted = z.toJSONSchema(operation.params, { io: 'input', target: 'draft-2020-12' });
  const properties = (converted.properties ?? {}) as Record<string, Json>;
  return Object.entries(properties).map(([name, schema]) => ({
    name,
    in: 'path',
    required: true,
    description: FIELD_DESCRIPTIONS[name] ?? '',
    schema,
  }));
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
  const parameters = pathParameters(operation);
  if (parameters.length > 0) item.parameters = parameters;

  if (operation.request) {
    const examples = Object.fromEntries(
      Object.entries(operation.request.examples).map(([name, value]) => [name, { value }]),
    );
    const schema = schemaRef(`${capitalized(operation.operationId)}Request`);
    item.requestBody = { required: true, content: { 'application/json': { schema, examples } } };
  }
  item.responses = { '200': successResponse(operation), ...errorResponses(operation) };
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
    if (schema) describeFields(schema, operation.request?.fieldNotes);
  }
  const shared: [string, z.ZodType][] = [['Message', message], ['Failure', failure]];
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
