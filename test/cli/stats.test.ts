import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mean, median, round, std } from '../../src/cli/stats.js';

test('mean, sample std (n - 1), median, round', () => {
  assert.equal(mean([1, 2, 3, 6]), 3);
  assert.ok(Math.abs(std([1, 2, 3, 6]) - Math.sqrt(14 / 3)) < 1e-12);
  assert.equal(std([5]), 0);
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(mean([])) && Number.isNaN(median([])));
  assert.equal(round(0.81549, 3), 0.815);
});
