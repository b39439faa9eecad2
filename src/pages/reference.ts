import type { Json, OpenApiDocument } from '../openapi/document';
import { escape, markdown, page } from './html';

/**
 * The reference page, rendered on the server from the OpenAPI document alone: whatever the
 * document says, the page shows, so the two cannot disagree.
 */

interface FieldRow {
  name: string;
  type: string;
  required: boolean;
  rules: string;
  defaultValue: string;
  description: string;
}

type Schemas = OpenApiDocument['components']['schemas'];

const refName = (schema: Json) =>
  typeof schema.$ref === 'string' ? schema.$ref.split('/').pop() : undefined;

function resolve(schema: Json, schemas: Schemas): Json {
  const name = refName(schema);
  return name ? (schemas[name] ?? {}) : schema;
}

function typeOf(schema: Json): string {
  const name = refName(schema);
  if (name) return `<a href="#schema-${escape(name)}">${escape(name)}</a>`;
  if (schema.const !== undefined) return `<code>${escape(JSON.stringify(schema.const))}</code>`;
  if (Array.isArray(schema.enum)) {
    return schema.enum.map((value) => `<code>${escape(JSON.stringify(value))}</code>`).join(' | ');
  }
  if (schema.type === 'array' && schema.items) return `${typeOf(schema.items as Json)}[]`;
  const format = typeof schema.format === 'string' ? ` (${escape(schema.format)})` : '';
  return `${escape(schema.type ?? 'any')}${format}`;
}

function rulesOf(schema: Json): string {
  const rules: string[] = [];
  const { minLength, maxLength, minimum, pattern, format } = schema;
  // An integer's safe bound is the number's, not a rule of the API.
  const maximum = schema.maximum === Number.MAX_SAFE_INTEGER ? undefined : schema.maximum;
  if (minLength !== undefined && maxLength !== undefined) {
    rules.push(`${minLength} to ${maxLength} characters`);
  } else if (maxLength !== undefined) rules.push(`at most ${maxLength} characters`);
  else if (minLength !== undefined) rules.push(`at least ${minLength} characters`);
  if (minimum !== undefined && maximum !== undefined) rules.push(`${minimum} to ${maximum}`);
  else if (minimum !== undefined) rules.push(`≥ ${minimum}`);
  else if (maximum !== undefined) rules.push(`≤ ${maximum}`);
  // A format such as uuid says more to a reader than its regular expression does.
  if (typeof pattern === 'string' && format === undefined) {
    rules.push(`<code>${escape(pattern)}</code>`);
  }
  return rules.join(', ');
}

function rowOf(name: string, schema: Json, required: boolean): FieldRow {
  return {
    name,
    type: typeOf(schema),
    required,
    rules: rulesOf(schema),
    defaultValue: schema.default === undefined ? '' : JSON.stringify(schema.default),
    description: typeof schema.description === 'string' ? schema.description : '',
  };
}

function objectRows(schema: Json): FieldRow[] {
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  return Object.entries(properties).map(([name, field]) => rowOf(name, field, required.has(name)));
}

/**
 * The fields of a body that is one of several shapes (a `type` and what `value` must be, say):
 * one row per field, and where the shapes disagree, each shape's rule under its discriminator.
 */
function unionRows(variants: Json[]): FieldRow[] {
  const rowsByVariant = variants.map(objectRows);
  const discriminator = rowsByVariant[0]?.find((row) =>
    variants.every((variant) => {
      const properties = (variant.properties ?? {}) as Record<string, Json>;
      return properties[row.name]?.const !== undefined;
    }),
  )?.name;

  const merged = new Map<string, FieldRow[]>();
  for (const rows of rowsByVariant) {
    for (const row of rows) merged.set(row.name, [...(merged.get(row.name) ?? []), row]);
  }
  return [...merged.entries()].map(([name, rows]) => {
    const first = rows[0] as FieldRow;
    const required = rows.length === variants.length && rows.every((row) => row.required);
    if (name === discriminator) {
      return { ...first, required, type: rows.map((row) => row.type).join(' | ') };
    }
    if (rows.every((row) => row.type === first.type && row.rules === first.rules)) {
      return { ...first, required };
    }
    const labels = rowsByVariant.map(
      (variantRows) => variantRows.find((row) => row.name === discriminator)?.type ?? '',
    );
    const rules = rows.map((row, i) => `${labels[i]}: ${row.rules || 'as the meaning says'}`);
    return { ...first, required, rules: rules.join('<br>') };
  });
}

function fieldRows(schema: Json, schemas: Schemas): FieldRow[] {
  const resolved = resolve(schema, schemas);
  if (Array.isArray(resolved.oneOf)) return unionRows(resolved.oneOf as Json[]);
  return objectRows(resolved);
}

function fieldTable(rows: FieldRow[]): string {
  if (rows.length === 0) return '';
  const body = rows.map((row) => {
    const required = row.required ? ' <span class="req">required</span>' : '';
    const value = escape(row.defaultValue);
    const fallback = row.defaultValue ? `<div>default <code>${value}</code></div>` : '';
    return `<tr><td><code>${escape(row.name)}</code>${required}</td><td>${row.type}</td>
<td>${row.rules}${fallback}</td><td>${markdown(row.description)}</td></tr>`;
  });
  const head = '<tr><th>field</th><th>type</th><th>rules</th><th>meaning</th></tr>';
  return `<table class="fields"><thead>${head}</thead><tbody>${body.join('\n')}</tbody></table>`;
}

const example = (value: unknown) =>
  `<pre><code>${escape(JSON.stringify(value, null, 2))}</code></pre>`;

/** The parameters found in one place (`path` or `query`), as a table under its heading. */
function parameterTable(operation: Json, where: string, heading: string): string {
  const parameters = ((operation.parameters as Json[] | undefined) ?? []).filter(
    (p) => p.in === where,
  );
  const rows = parameters.map((p) => ({
    ...rowOf(String(p.name), p.schema as Json, p.required === true),
    description: String(p.description ?? ''),
  }));
  return rows.length ? `<h4>${heading}</h4>${fieldTable(rows)}` : '';
}

function requestSection(operation: Json, schemas: Schemas): string {
  const paramsHtml =
    parameterTable(operation, 'path', 'Path') + parameterTable(operation, 'query', 'Query');

  const body = operation.requestBody as Json | undefined;
  const media = (body?.content as Record<string, Json> | undefined)?.['application/json'];
  if (!media) return paramsHtml;
  const examples = Object.entries((media.examples ?? {}) as Record<string, { value: unknown }>)
    .map(([name, { value }]) => `<h5>${escape(name)}</h5>${example(value)}`)
    .join('');
  return `${paramsHtml}<h4>Body</h4>${fieldTable(fieldRows(media.schema as Json, schemas))}
<details><summary>Example bodies</summary>${examples}</details>`;
}

function dataDescription(response: Json, schemas: Schemas): string {
  const media = (response.content as Record<string, Json> | undefined)?.['application/json'];
  const schema = media?.schema as Json | undefined;
  if (!media || !schema) {
    const type = Object.keys((response.content ?? {}) as Json)[0] ?? '';
    return `<p><code>${escape(type)}</code></p>`;
  }

  const envelope = resolve(schema, schemas);
  const data = ((envelope.properties ?? {}) as Record<string, Json>).data ?? {};
  const answer = `<details><summary>Example answer</summary>${example(media.example)}</details>`;
  if (data.type === 'object') return `${fieldTable(fieldRows(data, schemas))}${answer}`;
  return `<p><code>data</code>: ${typeOf(data)}</p>${answer}`;
}

/** The headers an answer carries beside the `X-Request-Id` every answer carries. */
function headerTable(response: Json): string {
  const headers = Object.entries((response.headers ?? {}) as Record<string, Json>).filter(
    ([, header]) => header.$ref === undefined,
  );
  const rows = headers.map(([name, header]) => ({
    ...rowOf(name, header.schema as Json, header.required === true),
    description: String(header.description ?? ''),
  }));
  return rows.length ? `<h5>Headers</h5>${fieldTable(rows)}` : '';
}

function responsesSection(operation: Json, schemas: Schemas): string {
  const responses = (operation.responses ?? {}) as Record<string, Json>;
  const succeeded = (status: string) => status === '200' || status === '101';
  const [status, ok] = Object.entries(responses).find(([code]) => succeeded(code)) ?? [];
  const failures = Object.entries(responses)
    .filter(([code]) => !succeeded(code))
    .map(([code, response]) => {
      const text = markdown(String(response.description));
      return `<tr><td>${escape(code)}</td><td>${text}</td></tr>`;
    });
  const body = ok && (status === '101' ? '' : dataDescription(ok, schemas) + headerTable(ok));
  const success = ok && `<h4>${escape(status)}: ${escape(ok.description)}</h4>${body}`;
  const errors = `<table class="errors"><tbody>${failures.join('')}</tbody></table>`;
  return `${success ?? ''}<h4>Errors</h4>${errors}`;
}

const methodBadge = (method: string) =>
  `<span class="method ${escape(method)}">${escape(method.toUpperCase())}</span>`;

/** Who may call, and the security scheme that carries the proof, if there is one. */
function callerLine(operation: Json): string {
  const security = (operation.security as Json[] | undefined) ?? [];
  const scheme = security.map((entry) => Object.keys(entry).join(', ')).join('; ');
  const who = markdown(String(operation['x-caller'] ?? '')).replace(/^<p>|<\/p>$/g, '');
  const badge = scheme ? ` <span class="scheme">${escape(scheme)}</span>` : '';
  return `<p class="caller"><strong>Caller.</strong> ${who}${badge}</p>`;
}

interface Entry {
  path: string;
  method: string;
  operation: Json;
}

function operationSection({ path, method, operation }: Entry, schemas: Schemas): string {
  return `<section class="operation" id="${escape(operation.operationId)}">
<h3>${methodBadge(method)} <code>${escape(path)}</code></h3>
<p class="summary">${escape(operation.summary)}</p>
${markdown(String(operation.description ?? ''))}
${callerLine(operation)}
${requestSection(operation, schemas)}
${responsesSection(operation, schemas)}
</section>`;
}

const SHAPES = ['Message', 'Failure'];

function navigation(document: OpenApiDocument, entries: Entry[]): string {
  const groups = document.tags.map((tag) => {
    const links = entries
      .filter(({ operation }) => (operation.tags as string[])[0] === tag.name)
      .map(({ path, method, operation }) => {
        const target = escape(operation.operationId);
        return `<li><a href="#${target}">${methodBadge(method)} ${escape(path)}</a></li>`;
      });
    return `<h2>${escape(tag.name)}</h2><ul>${links.join('')}</ul>`;
  });
  const shapes = SHAPES.map((name) => `<li><a href="#schema-${name}">${name}</a></li>`);
  return `<nav>${groups.join('\n')}<h2>shapes</h2><ul>${shapes.join('')}</ul></nav>`;
}

export function referencePage(document: OpenApiDocument): string {
  const schemas = document.components.schemas;
  const entries = Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ path, method, operation })),
  );

  const sections = document.tags.map((tag) => {
    const operations = entries
      .filter(({ operation }) => (operation.tags as string[])[0] === tag.name)
      .map((entry) => operationSection(entry, schemas));
    return `<section class="tag" id="tag-${escape(tag.name)}"><h2>${escape(tag.name)}</h2>
<p>${escape(tag.description)}</p>${operations.join('\n')}</section>`;
  });

  const shapes = SHAPES.map((name) => {
    const schema = schemas[name] ?? {};
    return `<section class="schema" id="schema-${name}"><h2>${name}</h2>
${markdown(String(schema.description ?? ''))}${fieldTable(fieldRows(schema, schemas))}</section>`;
  });

  const { title, version, description } = document.info;
  const body = `<header><h1>${escape(title)} <small>API ${escape(version)}</small></h1>
<p>OpenAPI 3.1: <a href="/openapi.json">/openapi.json</a>. Postman imports it by that URL.</p>
</header>
<div class="layout">${navigation(document, entries)}
<main><section class="intro">${markdown(description)}</section>
${sections.join('\n')}
${shapes.join('\n')}
</main></div>`;
  return page(`${title} API reference`, 'docs.css', body);
}
