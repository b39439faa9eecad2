import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The demo in a real browser: `npm run dev`'s own script serves it on a free port with a
// state directory of its own, and Debian's Chromium drives it. Screenshots go to ARTIFACTS.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = 'test-artifacts';
const WAIT = { timeout: 30_000 };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function untilServing(origin: string, server: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 240; attempt++) {
    if (server.exitCode !== null) throw new Error(`the dev server exited with ${server.exitCode}`);
    try {
      if ((await fetch(`${origin}/openapi.json`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error('the dev server did not start');
}

function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.pid === undefined) return Promise.resolve();
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  process.kill(-server.pid, 'SIGTERM');
  return exited;
}

let server: ChildProcess;
let browser: BrowserContext;
let origin: string;
const scratch: string[] = [];
const pageErrors: string[] = [];
const sockets: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const [port, inspector] = [await freePort(), await freePort()];
  const state = mkdtempSync(join(tmpdir(), 'aftershop-demo-state-'));
  const profile = mkdtempSync(join(tmpdir(), 'aftershop-demo-chromium-'));
  scratch.push(state, profile);
  origin = `http://127.0.0.1:${port}`;

  const args = [
    'tsx',
    'scripts/dev.ts',
    '--port',
    String(port),
    '--persist-to',
    state,
    '--inspector-port',
    String(inspector),
    '--show-interactive-dev-session=false',
    '--log-level',
    'warn',
  ];
  server = spawn('npx', args, { detached: true, stdio: ['ignore', 'ignore', 'inherit'] });
  await untilServing(origin, server);

  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    viewport: { width: 1280, height: 860 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  if (server) await stop(server);
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

async function open(path: string): Promise<Page> {
  const page = await browser.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${path}: ${error.message}`));
  page.on('websocket', (socket) => sockets.push(new URL(socket.url()).pathname));
  await page.goto(`${origin}${path}`);
  return page;
}

describe('the demo in Chromium', () => {
  it("finds the visitor's session in the inbox and pushes the reply to the widget", async () => {
    const page = await open('/demo');
    const agent = page.locator('#console-agent');
    await expect.poll(() => agent.textContent(), WAIT).toMatch(/^demo-agent.* · live$/);

    await page.click('#widget-open');
    await page.locator('#widget-status', { hasText: 'online' }).waitFor(WAIT);
    await page.fill('#widget-input', 'Hello! Has my trail jacket shipped yet?');
    await page.press('#widget-input', 'Enter');
    await page.locator('#widget-log li', { hasText: 'trail jacket' }).waitFor(WAIT);
    await page.screenshot({ path: `${ARTIFACTS}/demo-1-customer-sent.png` });

    // Nothing in the page tells the console of the session: the inbox socket does.
    const session = page.locator('#console-sessions li', { hasText: 'trail jacket' });
    await session.waitFor(WAIT);
    await session.locator('button').click();
    const question = '#console-log li[data-send-by="customer"]';
    await page.locator(question, { hasText: 'trail jacket' }).waitFor(WAIT);
    expect(await page.locator('#console-title').textContent()).toMatch(/session [\w-]{21,}/);
    await page.screenshot({ path: `${ARTIFACTS}/demo-2-console-sees-it.png` });

    // The widget learns of the reply only from its socket: the page holds no poll.
    const fetched: string[] = [];
    page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
    await page.fill('#console-input', 'It left the warehouse this morning.');
    await page.press('#console-input', 'Enter');
    const answer = page.locator('#widget-log li[data-send-by="handler"]', { hasText: 'warehouse' });
    await answer.waitFor(WAIT);
    await page.screenshot({ path: `${ARTIFACTS}/demo-3-widget-gets-reply.png` });

    expect(fetched).toEqual(['/message/client/send_message']);
    expect(sockets.sort()).toEqual(['/message/client/inbox', '/message/customer/connect']);
    expect(await page.locator('#widget-log li').allTextContents()).toEqual([
      expect.stringContaining('Has my trail jacket shipped yet?'),
      expect.stringContaining('It left the warehouse this morning.'),
    ]);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('renders the API reference from the Worker alone', async () => {
    const page = await open('/docs');
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await page.reload();

    await page.locator('#sendCustomerMessage').waitFor(WAIT);
    expect(await page.locator('section.operation').count()).toBeGreaterThanOrEqual(10);
    const inbox = page.locator('#connectInbox');
    expect(await inbox.locator('h4').allTextContents()).toEqual([
      'Query',
      '101: Switching Protocols: the socket is open.',
      'Errors',
    ]);
    const stylesheetApplied = await page.evaluate(
      () => getComputedStyle(document.querySelector('.method') as Element).color,
    );
    expect(stylesheetApplied).toBe('rgb(255, 255, 255)');
    expect(requested.filter((url) => !url.startsWith(origin))).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}/docs.png` });
    await page.close();
  });
});
