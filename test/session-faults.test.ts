import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/errors';
import { withSession } from '../src/routes/shared';

/** An error shaped as the platform reports a Durable Object fault. */
function fault(flags: { retryable?: boolean; overloaded?: boolean }) {
  return Object.assign(new Error('Durable Object reset'), flags);
}

/** A call that fails `failures` times with the given fault, then answers. */
function flaky(failures: number, error: Error) {
  let calls = 0;
  const call = async () => {
    calls += 1;
    if (calls <= failures) throw error;
    return 'answer';
  };
  return { call, calls: () => calls };
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('faults of a session object', () => {
  it('retries an idempotent call through a retryable fault', async () => {
    const { call, calls } = flaky(2, fault({ retryable: true }));
    await expect(withSession(env, 'some-session-id-000000', true, call)).resolves.toBe('answer');
    expect(calls()).toBe(3);
  });

  it('gives up on an idempotent call after three attempts with 503 and Retry-After', async () => {
    const { call, calls } = flaky(5, fault({ retryable: true }));
    const error = await refusal(withSession(env, 'some-session-id-000000', true, call));
    expect([error.status, error.code, error.retryAfter]).toEqual([503, 'unavailable', 1]);
    expect(calls()).toBe(3);
  });

  it('never retries a call that is not idempotent', async () => {
    const { call, calls } = flaky(1, fault({ retryable: true }));
    const error = await refusal(withSession(env, 'some-session-id-000000', false, call));
    expect(error.status).toBe(503);
    expect(calls()).toBe(1);
  });

  it('answers an overloaded object with 503 at once', async () => {
    const { call, calls } = flaky(1, fault({ overloaded: true, retryable: false }));
    const error = await refusal(withSession(env, 'some-session-id-000000', true, call));
    expect(error.status).toBe(503);
    expect(calls()).toBe(1);
  });

  it('lets any other error through, to be answered as a bare 500', async () => {
    const bug = new TypeError('a bug of ours');
    const { call } = flaky(1, bug);
    await expect(withSession(env, 'some-session-id-000000', true, call)).rejects.toBe(bug);
  });
});
