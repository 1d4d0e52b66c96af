import { spawnSync } from 'child_process';
import * as path from 'path';
import { COLLECT_MIN_OBJECTS, collectAfterRead } from '../../src/runtime/collect-after-read';
import {
  BIG_EXPORT_FILE_BYTES, HEAP_GROWING_PERCENT, HEAP_GROWING_PERCENT_BIG_FILE, limitHeapGrowth,
  relaxHeapGrowthAfterRead, resetHeapGrowth, tightenHeapGrowthForRead,
} from '../../src/runtime/heap-growth';

afterEach(() => resetHeapGrowth());

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

describe('tightenHeapGrowthForRead', () => {
  const TIGHT = `--heap-growing-percent=${HEAP_GROWING_PERCENT_BIG_FILE}`;
  const NORMAL = `--heap-growing-percent=${HEAP_GROWING_PERCENT}`;

  function limited(): string[] {
    const set: string[] = [];
    limitHeapGrowth([], f => set.push(f));
    set.length = 0;
    return set;
  }

  test('tightens the factor from a file of BIG_EXPORT_FILE_BYTES, once, until the export is read', () => {
    const set = limited();
    expect(tightenHeapGrowthForRead(BIG_EXPORT_FILE_BYTES - 1)).toBe(false);
    expect(set).toEqual([]);
    expect(tightenHeapGrowthForRead(BIG_EXPORT_FILE_BYTES)).toBe(true);
    expect(tightenHeapGrowthForRead(2 * BIG_EXPORT_FILE_BYTES)).toBe(false);
    expect(set).toEqual([TIGHT]);
    expect(relaxHeapGrowthAfterRead()).toBe(true);
    expect(relaxHeapGrowthAfterRead()).toBe(false);
    expect(set).toEqual([TIGHT, NORMAL]);
    // the next read of a big export tightens it again.
    expect(tightenHeapGrowthForRead(BIG_EXPORT_FILE_BYTES)).toBe(true);
    expect(set).toEqual([TIGHT, NORMAL, TIGHT]);
  });

  test('the end of the read sets the factor back before the collection, whether it collects or not', () => {
    const set = limited();
    tightenHeapGrowthForRead(BIG_EXPORT_FILE_BYTES);
    expect(collectAfterRead(COLLECT_MIN_OBJECTS - 1)).toBe(false);
    expect(set).toEqual([TIGHT, NORMAL]);
  });

  test('leaves alone a factor the user chose, and a program that imports the library', () => {
    expect(tightenHeapGrowthForRead(10 * BIG_EXPORT_FILE_BYTES)).toBe(false);
    const set: string[] = [];
    expect(limitHeapGrowth(['--heap-growing-percent=300'], f => set.push(f))).toBe(false);
    expect(tightenHeapGrowthForRead(10 * BIG_EXPORT_FILE_BYTES)).toBe(false);
    expect(relaxHeapGrowthAfterRead()).toBe(false);
    expect(set).toEqual([]);
  });

  test('is tighter than the factor it replaces', () => {
    expect(HEAP_GROWING_PERCENT_BIG_FILE).toBeLessThan(HEAP_GROWING_PERCENT);
  });
});
