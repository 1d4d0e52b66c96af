// One walk of the construct tree per synth: a walk of a 50,000-app tree (over 300,000 constructs)
// takes about a quarter of a second, and the render, the validations and the cross-migration
// checks each needed one.
import { IConstruct } from 'constructs';

const walks = new WeakMap<IConstruct, readonly IConstruct[]>();

/**
 * Every construct of the tree under `root`, `root` first, in pre-order (as `root.node.findAll()`):
 * the walk {@link withOneWalk} made when one is running for `root`, else a new one.
 */
export function allConstructs(root: IConstruct): readonly IConstruct[] {
  return walks.get(root) ?? root.node.findAll();
}

/**
 * Runs `fn` with one walk of the tree under `root` shared by every {@link allConstructs} of
 * `root`: the tree must not change meanwhile (rendering and validating do not change it).
 *
 * @param walk a walk of the tree as it is now, made earlier @default - a new one
 */
export function withOneWalk<T>(root: IConstruct, fn: () => T, walk?: readonly IConstruct[]): T {
  if (walks.has(root)) return fn();
  walks.set(root, walk ?? root.node.findAll());
  try {
    return fn();
  } finally {
    walks.delete(root);
  }
}
