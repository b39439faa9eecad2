// The report: markdown tables, the same on the terminal, in bench/results/latest.md and, as
// JSON, in bench/results/latest.json (quick.md and quick.json for a rehearsal).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Summary } from './rounds';
import { ROOT } from './services';

interface Machine {
  cores: number;
  cpu: string;
  memoryBytes: number;
  loadBefore: number[];
  loadAfter: number[];
}

interface Settings {
  connections: number;
  seconds: number;
  rounds: number;
  warmupSeconds: number;
  pageSize: number;
  quick: boolean;
}

interface LogPages {
  messages: number;
  databaseBytes: number;
  summary: Summary | undefined;
  memoryBytes: number | null;
}

export interface Results {
  takenAt: string;
  seconds: number;
  machine: Machine;
  versions: Record<string, string>;
  settings: Settings;
  table: Map<string, Summary>;
  calls: { endpoint: string; d1Queries: number; objectCalls: number }[];
  pages: LogPages[];
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
const ms = (value: number | undefined) =>
  value === undefined ? '-' : fixed(value, value < 10 ? 1 : 0);
const mib = (bytes: number | null) => (bytes === null ? '-' : `${fixed(bytes / 2 ** 20, 1)} MiB`);
const rate = (summary: Summary | undefined) => (summary ? fixed(summary.requestsPerSecond) : '-');
const spread = (summary: Summary | undefined) =>
  summary ? `${fixed(summary.spread[0])}-${fixed(summary.spread[1])}` : '-';

function ratio(summary: Summary | undefined, floor: Summary | undefined): number | undefined {
  if (!summary || !floor || floor.requestsPerSecond === 0) return undefined;
  return summary.requestsPerSecond / floor.requestsPerSecond;
}

/** The floor's workerd CPU per request over the endpoint's: 1 when the endpoint costs no more. */
function cpuRatio(summary: Summary | undefined, floor: Summary | undefined): number | undefined {
  if (!summary?.cpuPerRequest || !floor?.cpuPerRequest) return undefined;
  return floor.cpuPerRequest / summary.cpuPerRequest;
}

const cpu = (summary: Summary | undefined) =>
  summary?.cpuPerRequest === null || summary === undefined ? '-' : fixed(summary.cpuPerRequest, 2);
const wranglerCpu = (summary: Summary | undefined) =>
  summary?.wranglerCpuPerRequest === null || summary === undefined
    ? '-'
    : fixed(summary.wranglerCpuPerRequest, 2);
const two = (value: number | undefined) => (value === undefined ? '-' : fixed(value, 2));

function table(header: string[], rows: string[][]): string {
  const lines = [header, header.map(() => '---'), ...rows];
  return `${lines.map((cells) => `| ${cells.join(' | ')} |`).join('\n')}\n`;
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

function heading({ takenAt, seconds, machine, versions, settings }: Results): string {
  const load = (values: number[]) => values.map((value) => fixed(value, 2)).join(' ');
  const tools = Object.entries(versions).map(([name, version]) => `${name} ${version}`);
  const lines = [
    `Taken ${takenAt} in ${seconds} s on ${machine.cores} cores (${machine.cpu}), ` +
      `${fixed(machine.memoryBytes / 2 ** 30)} GiB; load average ${load(machine.loadBefore)} ` +
      `before, ${load(machine.loadAfter)} after.`,
    `${tools.join(', ')}. autocannon: ${settings.connections} connections, ` +
      `${settings.seconds} s per run, ${settings.rounds} interleaved rounds (medians shown), ` +
      `pages of ${settings.pageSize}.` +
      (settings.quick ? ' QUICK REHEARSAL: these figures mean nothing.' : ''),
  ];
  return `${lines.join('\n')}\n`;
}

function endpointTable(results: Results): string {
  const measured = (summary: Summary | undefined) => [
    rate(summary),
    spread(summary),
    ms(summary?.p50),
    ms(summary?.p99),
    cpu(summary),
    wranglerCpu(summary),
  ];
  const rows = FLOORS.map(([endpoint, floorName]) => {
    const summary = results.table.get(endpoint);
    const floor = results.table.get(floorName);
    const against = [floorName, rate(floor), cpu(floor), two(ratio(summary, floor))];
    return [endpoint, ...measured(summary), ...against, two(cpuRatio(summary, floor))];
  });
  for (const name of REFERENCES) {
    rows.push([name, ...measured(results.table.get(name)), '', '', '', '', '']);
  }
  const header = ['endpoint', 'requests/s', 'req/s by round', 'p50 ms', 'p99 ms'];
  header.push('workerd CPU ms/req', 'wrangler CPU ms/req', 'floor', 'floor req/s');
  header.push('floor workerd CPU ms/req', 'ratio (req/s)', 'ratio (CPU)');
  return table(header, rows);
}

function pagesTable(results: Results): string {
  const first = results.pages[0]?.summary;
  const rows = results.pages.map((entry) => [
    `${entry.messages.toLocaleString('en')} messages`,
    mib(entry.databaseBytes),
    rate(entry.summary),
    ms(entry.summary?.p50),
    ms(entry.summary?.p99),
    cpu(entry.summary),
    first && entry.summary ? fixed(entry.summary.p50 / first.p50, 2) : '-',
    mib(entry.memoryBytes),
  ]);
  const header = ['get_messages, cursor in the oldest tenth', 'log on disk', 'requests/s'];
  header.push('p50 ms', 'p99 ms', 'workerd CPU ms/req', 'p50 vs 1st');
  header.push('workerd RSS after its warm-up');
  const memory =
    `workerd RSS after the restart: ${mib(results.memoryAtStart)}; after the endpoint runs, ` +
    `before the first deep page: ${mib(results.memoryBeforePages)}.\n`;
  return `${table(header, rows)}\n${memory}`;
}

function openingTable(results: Results): string {
  const rows = results.opening.map(({ sessions, summary, floor }) => [
    `${sessions.toLocaleString('en')} sessions in D1`,
    rate(summary),
    ms(summary?.p50),
    ms(summary?.p99),
    cpu(summary),
    rate(floor),
    two(ratio(summary, floor)),
    two(cpuRatio(summary, floor)),
  ]);
  const header = ['init_message_session', 'requests/s', 'p50 ms', 'p99 ms', 'workerd CPU ms/req'];
  header.push('floor req/s', 'ratio (req/s)', 'ratio (CPU)');
  return table(header, rows);
}

function failures(results: Results): number {
  const summaries = [
    ...results.table.values(),
    ...results.pages.map((entry) => entry.summary),
    ...results.opening.flatMap((entry) => [entry.summary, entry.floor]),
  ];
  return summaries.reduce((sum, summary) => sum + (summary?.failures ?? 0), 0);
}

export function render(results: Results): string {
  const calls = results.calls.map((call) => [
    call.endpoint,
    String(call.d1Queries),
    String(call.objectCalls),
  ]);
  const targets = (results.targets ?? []).map((entry) => [
    entry.target,
    entry.goal,
    entry.measured,
    entry.met ? 'met' : 'missed',
  ]);
  const parts = [
    heading(results),
    endpointTable(results),
    pagesTable(results),
    openingTable(results),
    table(['per request', 'D1 statements', 'session object calls'], calls),
    table(['target', 'goal', 'measured', ''], targets),
  ];

  const failed = failures(results);
  if (failed > 0) parts.push(`WARNING: ${failed} requests failed during the runs.\n`);
  return parts.join('\n');
}

export function write(results: Results, text: string): void {
  const dir = join(ROOT, 'bench', 'results');
  const name = results.settings.quick ? 'quick' : 'latest';
  mkdirSync(dir, { recursive: true });
  const json = { ...results, table: Object.fromEntries(results.table) };
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(join(dir, `${name}.md`), text);
}
