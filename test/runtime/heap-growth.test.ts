import { spawnSync } from 'child_process';
import * as path from 'path';
import { HEAP_GROWING_PERCENT, limitHeapGrowth } from '../../src/runtime/heap-growth';

describe('limitHeapGrowth', () => {
  test('sets the heap growing factor', () => {
    const set: string[] = [];
    expect(limitHeapGrowth([], f => set.push(f))).toBe(true);
    expect(set).toEqual([`--heap-growing-percent=${HEAP_GROWING_PERCENT}`]);
  });

  test.each([
    [['--heap-growing-percent=80']],
    [['--expose-gc', '--heap_growing_percent=300']],
  ])('leaves the factor the user chose (%j)', execArgv => {
    const set: string[] = [];
    expect(limitHeapGrowth(execArgv, f => set.push(f))).toBe(false);
    expect(set).toEqual([]);
  });

  test('another heap flag is no choice of the growing factor', () => {
    const set: string[] = [];
    expect(limitHeapGrowth(['--max-old-space-size=4096', '--expose-gc'], f => set.push(f))).toBe(true);
    expect(set).toHaveLength(1);
  });

  test('V8 takes the flag in a running process', () => {
    // a process that sets it and reads it back: the flag is known to this node's V8.
    const script = [
      `require(${JSON.stringify(path.join(__dirname, '../../src/runtime/heap-growth.ts'))}).limitHeapGrowth();`,
      "process.stdout.write(String(require('v8').getHeapStatistics().total_heap_size > 0));",
    ].join('\n');
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    // V8 prints `Error: unrecognized flag` for a flag it does not know.
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/unrecognized/);
    expect(r.stdout).toBe('true');
  });
});
