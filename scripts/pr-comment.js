#!/usr/bin/env node
// Posts the plan as ONE comment of the pull request, or updates it: the comment that carries the
// hidden marker below. The step of action.yml (the GitHub composite action) after `plan`.
//
// usage: GITHUB_TOKEN=... GITHUB_EVENT_PATH=event.json scripts/pr-comment.js --plan plan.md
//
// It reads the pull request's number from the event payload (pull_request.number, or
// issue.number for an issue_comment event), the repository from GITHUB_REPOSITORY (else the
// payload's repository.full_name), and talks to GITHUB_API_URL (default https://api.github.com)
// with the REST API: list the issue's comments, then PATCH the one with the marker or POST a new
// one. No dependency: fetch is Node's (20 and later).
/* global fetch */
const fs = require('fs');

/** the hidden marker that finds the comment again. */
const MARKER = '<!-- karmada-migrate-plan -->';
/** GitHub refuses a comment body longer than this many characters. */
const GITHUB_COMMENT_LIMIT = 65536;

class UsageError extends Error {}

/** the body of the comment: the marker and the plan, cut at a heading when it is too long. */
function commentBody(plan, limit = GITHUB_COMMENT_LIMIT) {
  const body = `${MARKER}\n${plan}`;
  if (body.length <= limit) return body;
  const note = '\n\n_The plan is cut here to fit a pull-request comment: the full plan is an artifact of this workflow run._\n';
  const room = body.slice(0, limit - note.length);
  // at a heading (outside any table, fence or <details> of the plan), else at a line break.
  const heading = room.lastIndexOf('\n#');
  const cut = heading > MARKER.length ? heading : Math.max(room.lastIndexOf('\n'), MARKER.length);
  return room.slice(0, cut).replace(/\n+$/, '') + note;
}

function parseArgs(argv) {
  const i = argv.indexOf('--plan');
  if (i < 0 || !argv[i + 1]) throw new UsageError('--plan FILE is required: the Markdown plan to post (karmada-migrate plan --output FILE)');
  return { plan: argv[i + 1] };
}

function context(env) {
  if (!env.GITHUB_TOKEN) throw new UsageError('GITHUB_TOKEN is not set: give the step a token that may write pull-request comments (permissions: pull-requests: write)');
  if (!env.GITHUB_EVENT_PATH) throw new UsageError('GITHUB_EVENT_PATH is not set: run this in a GitHub Actions workflow, or point it at an event payload (JSON)');
  let event;
  try {
    event = JSON.parse(fs.readFileSync(env.GITHUB_EVENT_PATH, 'utf8'));
  } catch (e) {
    throw new UsageError(`GITHUB_EVENT_PATH ${env.GITHUB_EVENT_PATH} cannot be read as JSON: ${e.message}`);
  }
  const number = event.pull_request?.number ?? event.issue?.number;
  if (!Number.isInteger(number)) {
    throw new UsageError(`the event payload ${env.GITHUB_EVENT_PATH} holds no pull request (pull_request.number): run the action on pull_request events`);
  }
  const repository = env.GITHUB_REPOSITORY || event.repository?.full_name;
  if (!/^[^/\s]+\/[^/\s]+$/.test(repository ?? '')) {
    throw new UsageError(`the repository is unknown (GITHUB_REPOSITORY is ${JSON.stringify(repository ?? '')}): set it to owner/name`);
  }
  const api = (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
  return { token: env.GITHUB_TOKEN, number, repository, api };
}

async function request(ctx, method, url, body) {
  const response = await fetch(url, {
    method,
    headers: {
      'Accept': 'application/vnd.github+json',
      'Authorization': `Bearer ${ctx.token}`,
      'X-GitHub-Api-Version': '2022-11-28',
      'User-Agent': 'karmada-migrate-action',
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url} failed: HTTP ${response.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

/** posts or updates the comment; returns what it did and the comment's id. */
async function postPlan(env, planFile) {
  const ctx = context(env);
  let plan;
  try {
    plan = fs.readFileSync(planFile, 'utf8');
  } catch (e) {
    throw new UsageError(`--plan ${planFile} cannot be read (${e.code ?? e.message}): run karmada-migrate plan --output ${planFile} first`);
  }
  const body = commentBody(plan);
  const issue = `${ctx.api}/repos/${ctx.repository}/issues`;
  for (let page = 1; ; page++) {
    const comments = await request(ctx, 'GET', `${issue}/${ctx.number}/comments?per_page=100&page=${page}`);
    const mine = comments.find(c => typeof c.body === 'string' && c.body.includes(MARKER));
    if (mine) {
      await request(ctx, 'PATCH', `${issue}/comments/${mine.id}`, { body });
      return { action: 'updated', id: mine.id };
    }
    if (comments.length < 100) break;
  }
  const created = await request(ctx, 'POST', `${issue}/${ctx.number}/comments`, { body });
  return { action: 'created', id: created.id };
}

module.exports = { MARKER, GITHUB_COMMENT_LIMIT, commentBody, postPlan };

if (require.main === module) {
  (async () => {
    try {
      const { plan } = parseArgs(process.argv.slice(2));
      const done = await postPlan(process.env, plan);
      console.log(`${done.action} the plan comment ${done.id}`);
    } catch (e) {
      console.error(`pr-comment: ${e.message}`);
      process.exitCode = 1;
    }
  })();
}
