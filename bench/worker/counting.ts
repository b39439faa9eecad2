import type { Bindings } from '../../src/env';

/** How often one request ran a D1 statement and called a session object. */
export interface Tally {
  d1Queries: number;
  objectCalls: number;
}

type Call = (...args: unknown[]) => unknown;

/**
 * A view of `target` whose methods are bound to it; `wrap` may replace a method with a
 * counting one. Bindings are native objects that only answer calls with themselves as `this`.
 */
function intercept<T extends object>(target: T, wrap: (key: PropertyKey, method: Call) => Call): T {
  return new Proxy(target, {
    get(object, key) {
      const value = Reflect.get(object, key) as unknown;
      if (typeof value !== 'function') return value;
      // Reflect.apply, because a session object's method is itself a stub that forwards `.apply`.
      return wrap(key, (...args) => Reflect.apply(value as Call, object, args));
    },
  });
}

const RUNS: PropertyKey[] = ['first', 'run', 'all', 'raw'];

function countedStatement(statement: D1PreparedStatement, tally: Tally): D1PreparedStatement {
  return intercept(statement, (key, method) => {
    if (key === 'bind') {
      return (...values) => countedStatement(method(...values) as D1PreparedStatement, tally);
    }
    if (!RUNS.includes(key)) return method;
    return (...args) => {
      tally.d1Queries += 1;
      return method(...args);
    };
  });
}

/**
 * The Worker's bindings, with every D1 statement run and every call to a session object
 * counted. Only requests that ask for the tally see this; measured runs use `env` itself.
 */
export function countingEnv(env: Bindings, tally: Tally): Bindings {
  const db = intercept(env.DB, (key, method) => {
    if (key === 'prepare') {
      return (query) => countedStatement(method(query) as D1PreparedStatement, tally);
    }
    if (key !== 'batch' && key !== 'exec') return method;
    return (...args) => {
      tally.d1Queries += 1;
      return method(...args);
    };
  });

  const sessions = intercept(env.CHAT_SESSION, (key, method) => {
    if (key !== 'get') return method;
    return (...args) =>
      intercept(method(...args) as object, (_name, call) => (...callArgs) => {
        tally.objectCalls += 1;
        return call(...callArgs);
      });
  });

  return { ...env, DB: db, CHAT_SESSION: sessions };
}
