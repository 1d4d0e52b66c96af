import { ApiObject, App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { allConstructs, withOneWalk } from '../../src/constructs/tree-walk';

describe('allConstructs', () => {
  test('outside withOneWalk it walks the tree each time; inside, every call of the same root gets the one walk', () => {
    // GIVEN a tree
    const app = new App();
    const chart = new Chart(app, 'c');
    new ApiObject(chart, 'o', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'o' } });

    // WHEN it is walked outside and inside withOneWalk
    const outside = allConstructs(app);
    const inside = withOneWalk(app, () => [allConstructs(app), allConstructs(app), withOneWalk(app, () => allConstructs(app))]);

    // THEN the walks list the same constructs in pre-order; inside, they are one array
    expect(outside.map(c => c.node.path)).toStrictEqual(app.node.findAll().map(c => c.node.path));
    expect(inside[0]).toBe(inside[1]);
    expect(inside[2]).toBe(inside[0]);
    expect(inside[0]).not.toBe(outside);
    // AND after it, a construct added is seen: the walk is not kept
    new Construct(chart, 'later');
    expect(allConstructs(app).map(c => c.node.id)).toContain('later');
  });

  test('the walk is released when the function throws', () => {
    // GIVEN a tree, and a function that throws inside withOneWalk
    const app = new App();
    expect(() => withOneWalk(app, () => {
      throw new Error('boom');
    })).toThrow('boom');

    // WHEN a construct is added THEN a walk sees it
    new Chart(app, 'after');
    expect(allConstructs(app).map(c => c.node.id)).toContain('after');
  });
});
