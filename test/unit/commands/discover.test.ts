import { describe, expect, it } from 'vitest';
import { discover } from '../../../core/commands/discover.js';
import { commandFixture, rejection } from './command-fixture.js';

describe('orc discover', () => {
  it('names an unreachable seed once, with its error code once', async () => {
    const f = await commandFixture();
    const err = await rejection(discover(f.ctx, '127.0.0.1:1'));
    expect(err).toMatchObject({ code: 'orc_unreachable', message: 'cannot discover from 127.0.0.1:1: connect ECONNREFUSED' });
  });
});
