// The action's comment step (scripts/pr-comment.js), run as the action runs it, against a fake
// GitHub API: a local HTTP server on 127.0.0.1 that records each request.
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { ROOT, withTempDir } from '../util';

const SCRIPT = path.join(ROOT, 'scripts', 'pr-comment.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { MARKER, commentBody } = require(SCRIPT) as { MARKER: string; commentBody: (plan: string, limit?: number) => string };

interface Recorded { readonly method: string; readonly url: string; readonly auth?: string; readonly body?: { body: string } }

// a fake API: the comments (pages of 100), recording every request.
async function fakeApi(comments: Array<{ id: number; body: string }>, fn: (url: string, requests: Recorded[]) => Promise<void>): Promise<void> {
  const requests: Recorded[] = [];
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', c => (data += c));
    req.on('end', () => {
      const body = data ? { body: JSON.parse(data) as { body: string } } : {};
      requests.push({ method: req.method!, url: req.url!, auth: req.headers.authorization, ...body });
      const list = /^\/repos\/acme\/shop\/issues\/7\/comments\?per_page=100&page=(\d+)$/.exec(req.url!);
      res.setHeader('Content-Type', 'application/json');
      if (req.method === 'GET' && list) res.end(JSON.stringify(comments.slice((Number(list[1]) - 1) * 100, Number(list[1]) * 100)));
      else if (req.method === 'POST' && req.url === '/repos/acme/shop/issues/7/comments') res.end(JSON.stringify({ id: 999 }));
      else if (req.method === 'PATCH' && /^\/repos\/acme\/shop\/issues\/comments\/\d+$/.test(req.url!)) res.end('{}');
      else {
        res.statusCode = 404;
        res.end('{"message":"Not Found"}');
      }
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  try {
    await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests);
  } finally {
    await new Promise(resolve => server.close(resolve));
  }
}

function run(env: Record<string, string>, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    execFile(process.execPath, [SCRIPT, ...args], { env: { PATH: process.env.PATH ?? '', ...env } }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

// a pull_request event payload, as GitHub writes it to GITHUB_EVENT_PATH (the fields the script reads).
function workspace(dir: string, plan = '# Migration plan\n\nMerging this change makes Karmada take over 6 templates.\n'): Record<string, string> {
  fs.writeFileSync(path.join(dir, 'event.json'), JSON.stringify({ action: 'synchronize', number: 7, pull_request: { number: 7 }, repository: { full_name: 'acme/shop' } }));
  fs.writeFileSync(path.join(dir, 'plan.md'), plan);
  return { GITHUB_TOKEN: 'test-token', GITHUB_EVENT_PATH: path.join(dir, 'event.json') };
}

describe('scripts/pr-comment.js', () => {
  test('creates the comment when none carries the marker', () => withTempDir(dir => fakeApi([{ id: 1, body: 'LGTM' }], async (api, requests) => {
    const r = await run({ ...workspace(dir), GITHUB_API_URL: api }, ['--plan', path.join(dir, 'plan.md')]);
    expect([r.code, r.stdout, r.stderr]).toStrictEqual([0, 'created the plan comment 999\n', '']);
    expect(requests.map(q => `${q.method} ${q.url}`)).toStrictEqual([
      'GET /repos/acme/shop/issues/7/comments?per_page=100&page=1',
      'POST /repos/acme/shop/issues/7/comments',
    ]);
    expect(requests.every(q => q.auth === 'Bearer test-token')).toBe(true);
    expect(requests[1].body!.body).toBe(`${MARKER}\n# Migration plan\n\nMerging this change makes Karmada take over 6 templates.\n`);
  })));

  test('updates the one comment with the marker, on any page', () => withTempDir(dir => {
    const comments = [...Array.from({ length: 100 }, (_, i) => ({ id: i + 1, body: `comment ${i}` })), { id: 4242, body: `${MARKER}\nold plan` }];
    return fakeApi(comments, async (api, requests) => {
      const r = await run({ ...workspace(dir), GITHUB_API_URL: api, GITHUB_REPOSITORY: 'acme/shop' }, ['--plan', path.join(dir, 'plan.md')]);
      expect([r.code, r.stdout]).toStrictEqual([0, 'updated the plan comment 4242\n']);
      expect(requests.map(q => `${q.method} ${q.url}`)).toStrictEqual([
        'GET /repos/acme/shop/issues/7/comments?per_page=100&page=1',
        'GET /repos/acme/shop/issues/7/comments?per_page=100&page=2',
        'PATCH /repos/acme/shop/issues/comments/4242',
      ]);
      expect(requests[2].body!.body).toContain('Merging this change');
    });
  }));

  test('a plan too long for a comment is cut at a heading, within GitHub\'s 65,536 characters', () => withTempDir(dir => fakeApi([], async (api, requests) => {
    const section = (i: number) => `## Section ${i}\n\n| a | b |\n| --- | --- |\n${'| x | y |\n'.repeat(400)}`;
    const plan = `# Migration plan\n\n${Array.from({ length: 30 }, (_, i) => section(i)).join('\n')}`;
    expect(plan.length).toBeGreaterThan(65_536);
    const r = await run({ ...workspace(dir, plan), GITHUB_API_URL: api }, ['--plan', path.join(dir, 'plan.md')]);
    expect(r.code).toBe(0);
    const body = requests[1].body!.body;
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body.startsWith(MARKER)).toBe(true);
    expect(body).toMatch(/\| x \| y \|\n\n_The plan is cut here to fit a pull-request comment: the full plan is an artifact of this workflow run._\n$/);
    expect(commentBody('short')).toBe(`${MARKER}\nshort`);
  })));

  test('fails clearly without a token, a pull request or the plan; an API error names the request', () => withTempDir(dir => fakeApi([], async api => {
    const env = { ...workspace(dir), GITHUB_API_URL: api };
    const planArgs = ['--plan', path.join(dir, 'plan.md')];
    const noToken = await run({ ...env, GITHUB_TOKEN: '' }, planArgs);
    expect([noToken.code, noToken.stderr]).toStrictEqual([1,
      'pr-comment: GITHUB_TOKEN is not set: give the step a token that may write pull-request comments (permissions: pull-requests: write)\n']);
    fs.writeFileSync(path.join(dir, 'push.json'), JSON.stringify({ ref: 'refs/heads/main', repository: { full_name: 'acme/shop' } }));
    const push = await run({ ...env, GITHUB_EVENT_PATH: path.join(dir, 'push.json') }, planArgs);
    expect(push.stderr).toContain('holds no pull request (pull_request.number): run the action on pull_request events');
    expect((await run(env, [])).stderr).toContain('--plan FILE is required');
    expect((await run(env, ['--plan', path.join(dir, 'missing.md')])).stderr).toContain('cannot be read (ENOENT): run karmada-migrate plan --output');
    const other = await run({ ...env, GITHUB_REPOSITORY: 'acme/other' }, planArgs);
    expect([other.code, other.stderr]).toStrictEqual([1, `pr-comment: GET ${api}/repos/acme/other/issues/7/comments?per_page=100&page=1 failed: HTTP 404 {"message":"Not Found"}\n`]);
  })));
});

describe('action.yml', () => {
  const action = yaml.load(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>; runs: { using: string; steps: Array<{ name?: string; uses?: string; run?: string; if?: string }> };
  };

  test('a composite action: plan (shortened and full), the comment, then check with annotations', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toStrictEqual(['config', 'base', 'dist', 'node-version', 'comment', 'github-token']);
    const runs = action.runs.steps.map(s => s.run ?? s.uses ?? '');
    expect(runs[1]).toContain('karmada-migrate plan --config "$CONFIG" --output plan.md --output-full plan-full.md');
    expect(runs[3]).toBe('node "$GITHUB_ACTION_PATH/scripts/pr-comment.js" --plan plan.md');
    expect(runs[4]).toContain('karmada-migrate check --base "$BASE" --dist "$DIST" --config "$CONFIG" --format github');
    // the comment is posted before the gate, which may fail the job
    expect(action.runs.steps.findIndex(s => s.name === 'Comment the plan')).toBeLessThan(action.runs.steps.findIndex(s => s.name === 'Check'));
  });

  test('not in the npm package: package.json lists what it ships', () => {
    const files = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { files: string[] }).files;
    expect(files.some(f => f.startsWith('action') || f.startsWith('scripts'))).toBe(false);
  });
});
