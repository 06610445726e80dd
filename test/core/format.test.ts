/** Compact counts, as inlay hints and code lenses write them. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatCompact } from '../../core';

const CASES: readonly (readonly [bigint, string])[] = [
  [999n, '999'],
  [1_000n, '1K'],
  [34_848n, '34.8K'],
  [307_200n, '307K'],
  [999_499n, '999K'],
  [999_500n, '1M'],
  [999_950n, '1M'],
  [149_520_000n, '150M'],
  [223_948_800n, '224M'],
  [999_999_999n, '1G'],
  [999_999_999_999_999n, '1000T'],
];

for (const [value, text] of CASES) {
  test(`formatCompact(${value}) is ${text}`, () => assert.equal(formatCompact(value), text));
}
