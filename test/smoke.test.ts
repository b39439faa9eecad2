import { describe, expect, it } from 'vitest';
import { openSession, visitorId } from './helpers';

describe('smoke', () => {
  it('opens', async () => {
    const opened = await openSession({ customerIdentifier: visitorId() });
    expect(opened.messages).toEqual([]);
  });
});
