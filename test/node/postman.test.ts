import { convert } from 'openapi-to-postmanv2';
import { describe, expect, it } from 'vitest';
import { buildDocument, type Json } from '../../src/openapi/document';

// openapi-to-postmanv2 is the converter behind Postman's own OpenAPI import.

interface PostmanRequest {
  name: string;
  request: {
    method: string;
    url: { path?: string[]; query?: { key: string; value: string }[] };
    body?: { raw?: string };
    auth?: { type: string };
  };
}

interface PostmanFolder {
  item: (PostmanFolder | PostmanRequest)[];
}

function requestsOf(folder: PostmanFolder): PostmanRequest[] {
  return folder.item.flatMap((item) => ('item' in item ? requestsOf(item) : [item]));
}

/** Imports as Postman does; `Example` is its "request parameter generation" setting. */
function importIntoPostman(document: object, generation = 'Schema'): Promise<PostmanFolder> {
  const options = { requestParametersResolution: generation } as Parameters<typeof convert>[1];
  return new Promise((resolve, reject) => {
    convert({ type: 'json', data: document }, options, (error, result) => {
      if (error || !result?.result) reject(new Error(error?.message ?? result?.reason));
      else resolve(result.output?.[0]?.data as PostmanFolder);
    });
  });
}

describe('the OpenAPI document in Postman', () => {
  const document = buildDocument();

  it('imports as a collection with one request per endpoint', async () => {
    const collection = await importIntoPostman(structuredClone(document));
    const imported = requestsOf(collection)
      .map(({ request }) => `${request.method} /${(request.url.path ?? []).join('/')}`)
      .sort();
    const documented = Object.entries(document.paths)
      .flatMap(([path, item]) => {
        const postmanPath = path.replace(/\{(\w+)\}/g, ':$1');
        return Object.keys(item).map((method) => `${method.toUpperCase()} ${postmanPath}`);
      })
      .sort();
    expect(imported).toEqual(documented);
  });

  it("fills bodies with the first example and agents' requests with a bearer", async () => {
    const requests = requestsOf(await importIntoPostman(structuredClone(document), 'Example'));
    const byPath = (path: string) =>
      requests.find(({ request }) => `/${request.url.path?.join('/')}` === path);

    for (const [path, item] of Object.entries(document.paths)) {
      const media = (item.post?.requestBody as { content?: Record<string, Json> } | undefined)
        ?.content?.['application/json'];
      if (!media) continue;
      const [first] = Object.values(media.examples as Record<string, { value: unknown }>);
      expect(JSON.parse(byPath(path)?.request.body?.raw ?? 'null'), path).toEqual(first?.value);
    }
    expect(byPath('/message/client/send_message')?.request.auth?.type).toBe('bearer');
  });

  it("fills the WebSocket endpoints' query with their examples", async () => {
    const requests = requestsOf(await importIntoPostman(structuredClone(document), 'Example'));
    const inbox = requests.find(
      ({ request }) => request.url.path?.join('/') === 'message/client/inbox',
    );
    const parameters = document.paths['/message/client/inbox']?.get?.parameters as Json[];
    expect(inbox?.request.url.query?.map(({ key, value }) => [key, value])).toEqual(
      parameters.map((parameter) => [parameter.name, parameter.example]),
    );
  });
});
