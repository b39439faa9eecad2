import { Hono } from 'hono';
import { notFound } from '../errors';
import type { AppEnv } from '../env';
import { openApiDocument } from '../openapi/document';
import { DEMO_CSS } from '../pages/demo-css';
import { DEMO_JS } from '../pages/demo-js';
import { DOCS_CSS } from '../pages/docs-css';
import { referencePage } from '../pages/reference';
import { assetParams } from '../schemas';

const ASSETS = {
  'docs.css': { type: 'text/css; charset=utf-8', body: DOCS_CSS },
  'demo.css': { type: 'text/css; charset=utf-8', body: DEMO_CSS },
  'demo.js': { type: 'text/javascript; charset=utf-8', body: DEMO_JS },
};

/** The pages load nothing but the Worker's own files. */
export const PAGE_POLICY = "default-src 'self'; frame-ancestors 'none'";

/** The API's description for tools and for people, and the files of the Worker's pages. */
export const referenceRoutes = new Hono<AppEnv>()
  .get('/openapi.json', (c) => {
    c.header('access-control-allow-origin', '*');
    return c.json(openApiDocument(new URL(c.req.url).origin));
  })

  .get('/docs', (c) => {
    c.header('content-security-policy', PAGE_POLICY);
    return c.html(referencePage(openApiDocument(new URL(c.req.url).origin)));
  })

  .get('/assets/:name', (c) => {
    const parsed = assetParams.safeParse(c.req.param());
    if (!parsed.success) throw notFound('No such asset.');
    const asset = ASSETS[parsed.data.name];
    return c.body(asset.body, 200, { 'content-type': asset.type, 'cache-control': 'max-age=300' });
  });
