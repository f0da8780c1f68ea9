// The IP-rule block parser: what is accepted, how it is normalised so one block is one row, what is refused.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCidr } from '../../src/domain/cidr.ts';

describe('parseCidr', () => {
  test('a bare address is its own /32 or /128 block', () => {
    assert.deepEqual(parseCidr('127.0.0.1'), { text: '127.0.0.1/32', family: 4 });
    assert.deepEqual(parseCidr('2001:DB8::1'), { text: '2001:db8::1/128', family: 6 });
  });

  test('host bits of an IPv4 block are cleared, so 10.1.2.3/8 and 10.0.0.0/8 are the same rule', () => {
    assert.deepEqual(parseCidr('10.1.2.3/8'), { text: '10.0.0.0/8', family: 4 });
    assert.deepEqual(parseCidr('192.168.77.200/20'), { text: '192.168.64.0/20', family: 4 });
    assert.deepEqual(parseCidr('255.255.255.255/1'), { text: '128.0.0.0/1', family: 4 });
    assert.deepEqual(parseCidr('8.8.8.8/0'), { text: '0.0.0.0/0', family: 4 });
  });

  test('bad addresses and prefixes are refused with a reason', () => {
    for (const bad of [
      '300.1.2.3',
      '10.0.0.0/33',
      '2001:db8::/129',
      '10.0.0.0/',
      '10.0.0.0/8/8',
      'example.com',
      '10.0.0.0/-1',
      '::1/abc',
    ]) {
      const parsed = parseCidr(bad);
      assert.ok('problem' in parsed, `${bad} should be refused`);
    }
  });
});
