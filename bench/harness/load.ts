// One load run: autocannon against one local endpoint, reduced to what the report shows.
import autocannon from 'autocannon';
import type { CpuTime } from './services';

export interface Target {
  /** The row of the report this run counts towards. */
  name: string;
  url: string;
  headers?: Record<string, string>;
  /** Every request's body is drawn from these, at random. */
  bodies: string[];
  /** CPU seconds used so far by the Worker's processes, read before and after the run. */
  cpuSeconds?: () => CpuTime;
}

export interface Sample {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
  /** CPU milliseconds workerd spent per request, when the target can tell. */
  cpuPerRequest: number | null;
  /** CPU milliseconds wrangler's own processes spent per request. */
  wranglerCpuPerRequest: number | null;
  /** Non-2xx answers, connection errors and timeouts: any of them spoils the run. */
  failures: number;
}

export interface LoadSettings {
  connections: number;
  seconds: number;
}

export async function measure(target: Target, settings: LoadSettings): Promise<Sample> {
  const { bodies } = target;
  const pick = () => bodies[Math.floor(Math.random() * bodies.length)] ?? '';
  const cpuBefore = target.cpuSeconds?.();
  const result = await autocannon({
    url: target.url,
    connections: settings.connections,
    duration: settings.seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...target.headers },
    requests: [{ setupRequest: (request) => ({ ...request, body: pick() }) }],
  });

  const cpuAfter = target.cpuSeconds?.();
  const requests = result.requests.total;
  const perRequest = (key: keyof CpuTime) => {
    if (cpuBefore === undefined || cpuAfter === undefined || requests === 0) return null;
    return (1000 * (cpuAfter[key] - cpuBefore[key])) / requests;
  };

  return {
    requestsPerSecond: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    cpuPerRequest: perRequest('workerd'),
    wranglerCpuPerRequest: perRequest('wrangler'),
    failures: result.non2xx + result.errors,
  };
}
