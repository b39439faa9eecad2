import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { API_VERSION, buildDocument, type Json } from '../../src/openapi/document';

const document = buildDocument();

/** A JSON Schema 2020-12 validator that knows the document's components by their `$ref`. */
function schemaValidator() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({ $id: 'doc', components: document.components } as Json);
  return (schema: Json, value: unknown) => {
    const validate = ajv.compile({ $ref: `doc${String(schema.$ref ?? '')}` });
    if (validate(value)) return [];
    return (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
  };
}

/** Every media type of every request and response of the document, with where it is. */
function mediaTypes(): { at: string; media: Json }[] {
  const found: { at: string; media: Json }[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const body = (operation.requestBody as Json | undefined)?.content as Record<string, Json>;
      for (const media of Object.values(body ?? {})) {
        found.push({ at: `${method} ${path} body`, media });
      }
      const responses = operation.responses as Record<string, Json>;
      for (const [status, response] of Object.entries(responses)) {
        for (const media of Object.values((response.content ?? {}) as Record<string, Json>)) {
          found.push({ at: `${method} ${path} ${status}`, media });
        }
      }
    }
  }
  return found;
}

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document) as never);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('holds examples that its own JSON Schemas accept', () => {
    const check = schemaValidator();
    let checked = 0;
    for (const { at, media } of mediaTypes()) {
      const schema = media.schema as Json;
      if (schema.$ref === undefined) continue;
      const examples = media.examples
        ? Object.values(media.examples as Record<string, { value: unknown }>).map((e) => e.value)
        : [media.example];
      for (const example of examples) {
        expect(check(schema, example), at).toEqual([]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('holds parameter and header examples that their schemas accept', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    let checked = 0;
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const headers = Object.values(operation.responses as Record<string, Json>).flatMap(
          (response) => Object.entries((response.headers ?? {}) as Record<string, Json>),
        );
        const parameters = ((operation.parameters ?? []) as Json[]).map((p): [string, Json] => [
          String(p.name),
          p,
        ]);
        for (const [name, described] of [...parameters, ...headers]) {
          if (described.example === undefined) continue;
          const valid = ajv.validate(described.schema as Json, described.example);
          expect(valid, `${method} ${path} ${name}: ${ajv.errorsText()}`).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('refuses, as the routes do, a body without its required fields', () => {
    const check = schemaValidator();
    const schema = { $ref: '#/components/schemas/SendCustomerMessageRequest' };
    expect(check(schema, { bcid: '2877383e-5551-4708-862b-a0827d294d73' })).not.toEqual([]);
  });

  it('carries the version of the package', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(API_VERSION).toBe(pkg.version);
    expect(document.info.version).toBe(pkg.version);
  });
});
