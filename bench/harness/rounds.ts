// Runs targets in interleaved rounds, so that a change in the machine's load during the run
// falls on an endpoint and on its floor alike, and reduces the rounds to one figure each.
import { type LoadSettings, measure, type Sample, type Target } from './load';

export interface Summary {
  name: string;
  /** Medians over the rounds. */
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** workerd's and wrangler's CPU milliseconds per request, medians over the rounds. */
  cpuPerRequest: number | null;
  wranglerCpuPerRequest: number | null;
  /** The lowest and highest requests/s of a round: how noisy the figure is. */
  spread: [number, number];
  rounds: Sample[];
  failures: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  if (sorted.length % 2 === 1) return upper;
  return ((sorted[middle - 1] ?? 0) + upper) / 2;
}

function medianOrNull(values: (number | null)[]): number | null {
  const known = values.filter((value) => value !== null);
  return known.length === values.length ? median(known) : null;
}

export function summarise(name: string, rounds: Sample[]): Summary {
  const rates = rounds.map((sample) => sample.requestsPerSecond);
  return {
    name,
    requestsPerSecond: median(rates),
    p50: median(rounds.map((sample) => sample.p50)),
    p99: median(rounds.map((sample) => sample.p99)),
    cpuPerRequest: medianOrNull(rounds.map((sample) => sample.cpuPerRequest)),
    wranglerCpuPerRequest: medianOrNull(rounds.map((sample) => sample.wranglerCpuPerRequest)),
    spread: [Math.min(...rates), Math.max(...rates)],
    rounds,
    failures: rounds.reduce((sum, sample) => sum + sample.failures, 0),
  };
}

export interface RoundSettings extends LoadSettings {
  rounds: number;
  warmupSeconds: number;
}

/**
 * Measures every group of targets once per round, each group's members back to back, in an
 * order that turns round by round, after a short warm-up run of every target in the order
 * given. `afterWarmup` is called after each warm-up run.
 */
export async function interleaved(
  groups: Target[][],
  settings: RoundSettings,
  afterWarmup: (target: Target) => void = () => {},
): Promise<Map<string, Summary>> {
  const warmup = { connections: settings.connections, seconds: settings.warmupSeconds };
  for (const target of groups.flat()) {
    await measure(target, warmup);
    afterWarmup(target);
  }

  const samples = new Map<string, Sample[]>();
  for (let round = 0; round < settings.rounds; round += 1) {
    for (const group of groups) {
      const shift = round % group.length;
      const order = [...group.slice(shift), ...group.slice(0, shift)];
      for (const target of order) {
        const sample = await measure(target, settings);
        samples.set(target.name, [...(samples.get(target.name) ?? []), sample]);
        log(`  ${target.name}: ${sample.requestsPerSecond.toFixed(0)}/s p50 ${sample.p50} ms`);
      }
    }
  }

  const summaries = new Map<string, Summary>();
  for (const [name, rounds] of samples) summaries.set(name, summarise(name, rounds));
  return summaries;
}

export function log(line: string): void {
  process.stderr.write(`${line}\n`);
}
