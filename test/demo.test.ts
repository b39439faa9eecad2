import { env } from 'cloudflare:test';
import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import app from '../src/index';
import { BCID, openSession, post, visitorId } from './helpers';

const LOCAL = 'http://127.0.0.1:8787';

/** A request to the app as `npm run dev` runs it: DEMO=on from .dev.vars. */
function asDevServer(url: string, init: RequestInit = {}, DEMO: string | null = 'on') {
  return app.request(url, init, { ...env, DEMO: DEMO ?? undefined });
}

const tokenRequest = {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ bcid: BCID }),
};

describe('the demo under npm run dev', () => {
  it('serves the page with its own script and stylesheet', async () => {
    const response = await asDevServer(`${LOCAL}/demo`);
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('src="/assets/demo.js"');
    expect(page).toContain('href="/assets/demo.css"');
    expect(page).toContain(`data-bcid="${BCID}"`);
  });

  it("mints an agent token that answers the storefront's sessions", async () => {
    const response = await asDevServer(`${LOCAL}/demo/tokens`, tokenRequest);
    expect(response.status).toBe(200);
    const body = await response.json();
    const { data } = body as { data: { accessToken: string; clientUserId: string } };
    expect(data.clientUserId).toBe('demo-agent');

    const { sessionId } = await openSession({ customerIdentifier: visitorId() });
    const reply = await post(
      '/message/client/send_message',
      { bcid: BCID, sessionId, type: 'text', value: 'Hello from the demo.', sendAt: 1 },
      { authorization: `Bearer ${data.accessToken}` },
    );
    expect(reply.status).toBe(200);
  });

  it('refuses a storefront that is not registered', async () => {
    const response = await asDevServer(`${LOCAL}/demo/tokens`, {
      ...tokenRequest,
      body: JSON.stringify({ bcid: crypto.randomUUID() }),
    });
    expect(response.status).toBe(404);
  });
});

describe('the demo anywhere else', () => {
  const message = 'The demo is served by `npm run dev` only.';
  const refused = { status: false, error: { code: 'not_found', message } };

  it('is refused where DEMO is not set, as in a deployment', async () => {
    for (const DEMO of [null, '', 'true', 'ON']) {
      const page = await asDevServer(`${LOCAL}/demo`, {}, DEMO);
      const token = await asDevServer(`${LOCAL}/demo/tokens`, tokenRequest, DEMO);
      expect([page.status, token.status], String(DEMO)).toEqual([404, 404]);
      expect(await token.json()).toEqual(refused);
    }
  });

  it('is refused on a public host name even with DEMO=on', async () => {
    const page = await asDevServer('https://chat.example/demo');
    const token = await asDevServer('https://chat.example/demo/tokens', tokenRequest);
    expect([page.status, token.status]).toEqual([404, 404]);
    expect(await token.json()).toEqual(refused);
  });

  it('is off in the test configuration, whatever the local .dev.vars says', async () => {
    const response = await exports.default.fetch('http://127.0.0.1/demo/tokens', tokenRequest);
    expect(response.status).toBe(404);
  });
});
