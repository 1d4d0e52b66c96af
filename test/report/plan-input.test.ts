// loadPlanInput's --live arguments: CLUSTER=PATH names the cluster an export comes from.
import { parseLiveArguments } from '../../src/report/plan-input';

describe('parseLiveArguments', () => {
  test('CLUSTER=PATH by cluster, in the order given (repeatable); anything else is a path', () => {
    const { labelled, unlabelled } = parseLiveArguments([
      'member1=live/m1.yaml', 'live.yaml', 'member2=live/m2=old.yaml', 'member1=live/m1-crds.yaml', '-', './member3=x.yaml', 'Member3=y.yaml', 'prod.eu-1=z.yaml',
    ]);
    expect([...labelled]).toStrictEqual([
      ['member1', ['live/m1.yaml', 'live/m1-crds.yaml']], ['member2', ['live/m2=old.yaml']], ['prod.eu-1', ['z.yaml']],
    ]);
    // ./ makes a file whose name holds = a path; a name Karmada would not register (upper case) is a path
    expect(unlabelled).toStrictEqual(['live.yaml', '-', './member3=x.yaml', 'Member3=y.yaml']);
  });

  test('a cluster without a path is refused, naming the fix', () => {
    expect(() => parseLiveArguments(['member1='])).toThrow(expect.objectContaining({
      name: 'InputError', message: "--live member1= names cluster 'member1' and no file: give its export, --live member1=PATH",
    }));
  });
});
