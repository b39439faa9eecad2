// The report: markdown tables, the same on the terminal, in bench/results/latest.md and, as
// JSON, in bench/results/latest.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Summary } from './rounds';
import { ROOT } from './services';

export interface Results {
  takenAt: string;
  seconds: number;
  machine: { cores: number; cpu: string; memoryBytes: number; loadBefore: number[]; loadAfter: number[] };
  versions: Record<string, string>;
  settings: { connections: number; seconds: number; rounds: number; warmupSeconds: number; pageSize: number; quick: boolean };
  table: Map<string, Summary>;
  calls: { endpoint: string; d1Queries: number; objectCalls: number }[];
  pages: { messages: number; databaseBytes: number; summary: Summary | undefined; memoryBytes: number | null }[];
  memoryAtStart: number | null;
  memoryBeforePages: number | null;
  opening: { sessions: number; summary: Summary | undefined; floor: Summary | undefined }[];
  targets?: Target[];
}

export interface Target {
  target: string;
  goal: string;
  measured: string;
  met: boolean;
}

/** Each endpoint and the floor it is held against. */
export const FLOORS: [string, string][] = [
  ['init_message_session', 'floor: D1 lookup + object'],
  ['send_message', 'floor: object + SQLite insert'],
  ['get_messages', 'floor: object + indexed page'],
];
const REFERENCES = ['floor: Hono JSON', 'floor: object round trip'];

const fixed = (value: number, digits = 0) => value.toFixed(digits);
const ms = (value: number | undefined) => (value === undefined ? '-' : fixed(value, value < 10 ? 1 : 0));
const mib = (bytes: number | null) => (bytes === null ? '-' : `${fixed(bytes / 2 ** 20, 1)} MiB`);
const rate = (summary: Summary | undefined) => (summary ? fixed(summary.requestsPerSecond) : '-');
const spread = (summary: Summary | undefined) =>
  summary ? `${fixed(summary.spread[0])}-${fixed(summary.spread[1])}` : '-';

function ratio(summary: Summary | undefined, floor: Summary | undefined): number | undefined {
  if (!summary || !floor || floor.requestsPerSecond === 0) return undefined;
  return summary.requestsPerSecond / floor.requestsPerSecond;
}

/** The floor's CPU per request over the endpoint's: 1 when the endpoint costs what its floor does. */
function cpuRatio(summary: Summary | undefined, floor: Summary | undefined): number | undefined {
  if (!summary?.cpuPerRequest || !floor?.cpuPerRequest) return undefined;
  return floor.cpuPerRequest / summary.cpuPerRequest;
}

const cpu = (summary: Summary | undefined) =>
  summary?.cpuPerRequest === null || summary === undefined ? '-' : fixed(summary.cpuPerRequest, 2);
const two = (value: number | undefined) => (value === undefined ? '-' : fixed(value, 2));

function table(header: string[], rows: string[][]): string {
  const lines = [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`);
  return `${lines.join('\n')}\n`;
}

export function targetsOf(results: Results): Target[] {
  const targets: Target[] = [];
  for (const [endpoint, floorName] of FLOORS.slice(1)) {
    const summary = results.table.get(endpoint);
    const floor = results.table.get(floorName);
    const value = ratio(summary, floor);
    targets.push({
      target: `${endpoint} requests/s vs its floor`,
      goal: '>= 0.80',
      measured: `${two(value)} (by CPU: ${two(cpuRatio(summary, floor))})`,
      met: value !== undefined && value >= 0.8,
    });
  }

  const first = results.pages[0]?.summary;
  const last = results.pages[results.pages.length - 1]?.summary;
  const depth = first && last ? last.p50 / first.p50 : undefined;
  targets.push({
    target: 'deepest page p50 vs shallowest',
    goal: '<= 1.25',
    measured: depth === undefined ? '-' : fixed(depth, 2),
    met: depth !== undefined && depth <= 1.25,
  });

  for (const call of results.calls.filter((entry) => !entry.endpoint.startsWith('init'))) {
    targets.push({
      target: `D1 statements per ${call.endpoint}`,
      goal: '0',
      measured: String(call.d1Queries),
      met: call.d1Queries === 0,
    });
  }
  return targets;
}

export function render(results: Results): string {
  const { machine, versions, settings } = results;
  const parts: string[] = [];
  parts.push(
    `Taken ${results.takenAt} in ${results.seconds} s on ${machine.cores} cores (${machine.cpu}), ` +
      `${fixed(machine.memoryBytes / 2 ** 30)} GiB; load average ${machine.loadBefore.map((v) => fixed(v, 2)).join(' ')} ` +
      `before, ${machine.loadAfter.map((v) => fixed(v, 2)).join(' ')} after.\n` +
      `${Object.entries(versions).map(([name, version]) => `${name} ${version}`).join(', ')}. ` +
      `autocannon: ${settings.connections} connections, ${settings.seconds} s per run, ` +
      `${settings.rounds} interleaved rounds (medians shown), pages of ${settings.pageSize}.` +
      (settings.quick ? ' QUICK REHEARSAL: these figures mean nothing.' : '') + '\n',
  );

  const rows = FLOORS.map(([endpoint, floorName]) => {
    const summary = results.table.get(endpoint);
    const floor = results.table.get(floorName);
    return [endpoint, rate(summary), spread(summary), ms(summary?.p50), ms(summary?.p99), cpu(summary),
      floorName, rate(floor), cpu(floor), two(ratio(summary, floor)), two(cpuRatio(summary, floor))];
  });
  for (const name of REFERENCES) {
    const summary = results.table.get(name);
    rows.push([name, rate(summary), spread(summary), ms(summary?.p50), ms(summary?.p99), cpu(summary),
      '', '', '', '', '']);
  }
  parts.push(
    table(
      ['endpoint', 'requests/s', 'req/s by round', 'p50 ms', 'p99 ms', 'CPU ms/req', 'floor', 'floor req/s',
        'floor CPU ms/req', 'ratio (req/s)', 'ratio (CPU)'],
      rows,
    ),
  );

  const first = results.pages[0]?.summary;
  parts.push(
    table(
      ['get_messages, cursor in the oldest tenth', 'log on disk', 'requests/s', 'p50 ms', 'p99 ms',
        'CPU ms/req', 'p50 vs 1st', 'workerd RSS after its warm-up'],
      results.pages.map((entry) => [
        `${entry.messages.toLocaleString('en')} messages`,
        mib(entry.databaseBytes),
        rate(entry.summary),
        ms(entry.summary?.p50),
        ms(entry.summary?.p99),
        cpu(entry.summary),
        first && entry.summary ? fixed(entry.summary.p50 / first.p50, 2) : '-',
        mib(entry.memoryBytes),
      ]),
    ),
  );
  parts.push(
    `workerd RSS after the restart: ${mib(results.memoryAtStart)}; after the endpoint runs, ` +
      `before the first deep page: ${mib(results.memoryBeforePages)}.\n`,
  );

  parts.push(
    table(
      ['init_message_session', 'requests/s', 'p50 ms', 'p99 ms', 'CPU ms/req', 'floor req/s',
        'ratio (req/s)', 'ratio (CPU)'],
      results.opening.map((entry) => [
        `${entry.sessions.toLocaleString('en')} sessions in D1`, rate(entry.summary), ms(entry.summary?.p50),
        ms(entry.summary?.p99), cpu(entry.summary), rate(entry.floor), two(ratio(entry.summary, entry.floor)),
        two(cpuRatio(entry.summary, entry.floor)),
      ]),
    ),
  );

  parts.push(
    table(['per request', 'D1 statements', 'session object calls'],
      results.calls.map((call) => [call.endpoint, String(call.d1Queries), String(call.objectCalls)])),
  );
  parts.push(
    table(['target', 'goal', 'measured', ''],
      (results.targets ?? []).map((t) => [t.target, t.goal, t.measured, t.met ? 'met' : 'missed'])),
  );

  const summaries = [
    ...results.table.values(),
    ...results.pages.map((entry) => entry.summary),
    ...results.opening.flatMap((entry) => [entry.summary, entry.floor]),
  ];
  const failures = summaries.reduce((sum, summary) => sum + (summary?.failures ?? 0), 0);
  if (failures > 0) parts.push(`WARNING: ${failures} requests failed during the runs.\n`);
  return `${parts.join('\n')}`;
}

export function write(results: Results, text: string): void {
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const json = { ...results, table: Object.fromEntries(results.table) };
  writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(join(dir, 'latest.md'), text);
}
