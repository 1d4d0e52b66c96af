import { spawnSync } from 'child_process';
import * as path from 'path';
import { COLLECT_MIN_OBJECTS, collectAfterRead, disableCollectAfterRead, enableCollectAfterRead } from '../../src/runtime/collect-after-read';

afterEach(() => disableCollectAfterRead());

const MODULE = JSON.stringify(path.join(__dirname, '../../src/runtime/collect-after-read.ts'));

/**
 * runs `lines` in a node process of its own (as the CLI runs; jest's module registry also keeps
 * vm from being spied on), the module as `c`, with `nodeArgs`; returns what it wrote as JSON.
 */
function inProcess(lines: readonly string[], nodeArgs: readonly string[] = []): unknown {
  const script = [`const c = require(${MODULE});`, ...lines].join('\n');
  const r = spawnSync(process.execPath, [...nodeArgs, '--import', 'tsx', '-e', script], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout);
}

describe('collectAfterRead', () => {
  test('does nothing until enabled: a program that imports the library keeps its own collector settings', () => {
    expect(collectAfterRead(10 * COLLECT_MIN_OBJECTS)).toBe(false);
  });

  test('collects once enabled, from COLLECT_MIN_OBJECTS objects read', () => {
    const gc = jest.fn();
    enableCollectAfterRead(gc);
    expect(collectAfterRead(COLLECT_MIN_OBJECTS - 1)).toBe(false);
    expect(gc).not.toHaveBeenCalled();
    expect(collectAfterRead(COLLECT_MIN_OBJECTS)).toBe(true);
    expect(gc).toHaveBeenCalledTimes(1);
  });

  test("V8's collector, without node's --expose-gc: it frees the garbage and leaves no gc behind", () => {
    // 60 MB of objects made garbage, then collected.
    const out = inProcess([
      'c.enableCollectAfterRead();',
      'let garbage = Array.from({ length: 1e6 }, (_, i) => ({ i }));',
      'const before = process.memoryUsage().heapUsed;',
      'garbage = undefined;',
      'const collected = c.collectAfterRead(c.COLLECT_MIN_OBJECTS);',
      'const after = process.memoryUsage().heapUsed;',
      "process.stdout.write(JSON.stringify({ collected, freedMB: Math.round((before - after) / 1e6), gc: typeof globalThis.gc, inNewContext: require('vm').runInNewContext('typeof gc') }));",
    ]) as { collected: boolean; freedMB: number; gc: string; inNewContext: string };
    expect(out.collected).toBe(true);
    expect(out.freedMB).toBeGreaterThan(20);
    expect(out.gc).toBe('undefined');
    expect(out.inNewContext).toBe('undefined');
  });

  test('makes no context of its own before the first collection, and one at it', () => {
    expect(inProcess([
      "const vm = require('vm');",
      'const made = [];',
      'const runInNewContext = vm.runInNewContext;',
      'vm.runInNewContext = (...a) => (made.push(a[0]), runInNewContext(...a));',
      'c.enableCollectAfterRead();',
      'const small = c.collectAfterRead(c.COLLECT_MIN_OBJECTS - 1);',
      'const before = made.length;',
      'const big = [c.collectAfterRead(c.COLLECT_MIN_OBJECTS), c.collectAfterRead(c.COLLECT_MIN_OBJECTS)];',
      'process.stdout.write(JSON.stringify({ small, before, big, after: made.length }));',
    ])).toStrictEqual({ small: false, before: 0, big: [true, true], after: 1 });
  });

  test('node started with --expose-gc-as=NAME: nothing collected, no failure, the user\'s collector left as it was', () => {
    expect(inProcess([
      'c.enableCollectAfterRead();',
      'const collected = c.collectAfterRead(c.COLLECT_MIN_OBJECTS);',
      'process.stdout.write(JSON.stringify({ collected, mine: typeof globalThis.collect, gc: typeof globalThis.gc }));',
    ], ['--expose-gc-as=collect'])).toStrictEqual({ collected: true, mine: 'function', gc: 'undefined' });
  });
});
