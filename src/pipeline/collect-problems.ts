import { IConstruct } from 'constructs';
import { allConstructs } from '../constructs/tree-walk';

/**
 * Runs every construct's validations (`node.addValidation`) once, for the whole tree,
 * and returns every problem, each prefixed with where it comes from: the origin
 * `describe` gives for the construct or its nearest scope (a config file and field),
 * else `[construct path]` as cdk8s prints it.
 */
export function collectProblems(root: IConstruct, describe?: (c: IConstruct) => string | undefined): string[] {
  const problems: string[] = [];
  for (const c of allConstructs(root)) {
    const errors = c.node.validate();
    if (errors.length === 0) continue;
    const where = originOf(c, describe) ?? `[${c.node.path}]`;
    for (const e of errors) problems.push(`${where} ${e}`);
  }
  return problems;
}

function originOf(c: IConstruct, describe?: (c: IConstruct) => string | undefined): string | undefined {
  if (!describe) return undefined;
  for (const s of c.node.scopes.slice().reverse()) {
    const d = describe(s);
    if (d) return `${d}:`;
  }
  return undefined;
}
