// The rules a ResourceInterpreterCustomization (config.karmada.io/v1alpha1) must pass: Karmada's
// validating webhook for it, with its messages (karmada v1.18.2: pkg/webhook/
// resourceinterpretercustomization/{validating.go,helper.go}: no two customizations of one target
// define the same operation, dependencyInterpretation excepted; every script compiles), and what
// its runtime accepts (pkg/resourceinterpreter/customized/declarative/luavm/lua.go, checked by
// karmada/lua-sandbox.ts), which the webhook does not check and Karmada only finds when it runs
// the script, failing every update of the kind.
import { KubeObject } from '../kube/object';
import { luaSandboxProblems } from '../karmada/lua-sandbox';
import type { ManifestRule, Violation } from './validate-manifests';

/** The apiVersion of ResourceInterpreterCustomization. */
export const INTERPRETER_CONFIG_API_VERSION = 'config.karmada.io/v1alpha1';

/** tells a Karmada ResourceInterpreterCustomization. */
export function isInterpreterCustomization(m: { readonly apiVersion?: unknown; readonly kind?: unknown }): boolean {
  return m.apiVersion === INTERPRETER_CONFIG_API_VERSION && m.kind === 'ResourceInterpreterCustomization';
}

// the operations of pkg/util/interpreter (AllResourceInterpreterCustomizationRules): key, name, the global function.
const OPERATIONS: ReadonlyArray<readonly [string, string, string]> = [
  ['retention', 'Retain', 'Retain'], ['replicaResource', 'InterpretReplica', 'GetReplicas'], ['componentResource', 'InterpretComponent', 'GetComponents'],
  ['replicaRevision', 'ReviseReplica', 'ReviseReplica'], ['statusReflection', 'InterpretStatus', 'ReflectStatus'],
  ['statusAggregation', 'AggregateStatus', 'AggregateStatus'], ['healthInterpretation', 'InterpretHealth', 'InterpretHealth'],
  ['dependencyInterpretation', 'InterpretDependency', 'GetDependencies'],
];

interface Customization {
  readonly spec?: {
    readonly target?: { readonly apiVersion?: unknown; readonly kind?: unknown };
    readonly customizations?: Record<string, { readonly luaScript?: unknown } | undefined>;
  };
}

function scripts(m: KubeObject): Array<{ key: string; op: string; fn: string; script: string }> {
  const c = (m as Customization).spec?.customizations ?? {};
  return OPERATIONS.flatMap(([key, op, fn]) => {
    const script = c[key]?.luaScript;
    return typeof script === 'string' && script !== '' ? [{ key, op, fn, script }] : [];
  });
}

type Found = Array<Omit<Violation, 'rule'>>;

/** The rules of a ResourceInterpreterCustomization: Karmada's webhook's and its Lua runtime's. */
export const INTERPRETER_RULES: readonly ManifestRule[] = [
  {
    id: 'karmada-webhook/interpreter-lua-compiles',
    description: 'each Lua script of a ResourceInterpreterCustomization compiles (Lua 5.1)',
    check: (m): Found => {
      if (!isInterpreterCustomization(m)) return [];
      return scripts(m).flatMap(({ key, op, script }) => luaSandboxProblems(script, []).filter(p => p.message.startsWith('does not parse')).map(p => ({
        path: `spec.customizations.${key}.luaScript`,
        message: `InterpreterOperation(${op}) Lua script error: line ${p.line}: ${p.message.replace(/^does not parse as Lua 5\.1: /, '')}`,
        fix: 'write Lua 5.1 (gopher-lua): no goto, //, bitwise operators',
      })));
    },
  },
  {
    id: 'karmada-webhook/interpreter-operation-conflict',
    description: 'no two ResourceInterpreterCustomizations of one target define the same operation (dependencyInterpretation excepted)',
    check: () => [],
    checkAll: (manifests) => {
      const out: Array<{ manifest: KubeObject } & Omit<Violation, 'rule'>> = [];
      const rics = manifests.filter(isInterpreterCustomization)
        .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
      rics.forEach((m, i) => {
        const t = (m as Customization).spec?.target;
        for (const other of rics.slice(0, i)) {
          const ot = (other as Customization).spec?.target;
          if (other.metadata.name === m.metadata.name || ot?.apiVersion !== t?.apiVersion || ot?.kind !== t?.kind) continue;
          const theirs = new Set(scripts(other).map(s => s.key));
          const clash = scripts(m).find(s => s.key !== 'dependencyInterpretation' && theirs.has(s.key));
          if (clash) {
            out.push({
              manifest: m, path: `spec.customizations.${clash.key}`,
              message: `conflicting with InterpreterOperation(${clash.op}) of existing ResourceInterpreterCustomization(${other.metadata.name})`,
              fix: `one customization per target and operation: retain the fields of ${String(t?.apiVersion)} ${String(t?.kind)} in one migration`,
            });
          }
        }
      });
      return out;
    },
  },
  {
    id: 'migration/interpreter-runtime',
    description: 'a ResourceInterpreterCustomization\'s scripts use only what Karmada\'s Lua runtime offers, define the function Karmada calls, and name a target',
    check: (m): Found => {
      if (!isInterpreterCustomization(m)) return [];
      const t = (m as Customization).spec?.target;
      const out: Found = [];
      if (typeof t?.apiVersion !== 'string' || t.apiVersion === '' || typeof t.kind !== 'string' || t.kind === '') {
        out.push({ path: 'spec.target', message: 'the target needs a non-empty apiVersion and kind (Karmada matches them exactly)', fix: 'name the apiVersion and kind of the objects' });
      }
      for (const { key, fn, script } of scripts(m)) {
        for (const p of luaSandboxProblems(script, [fn]).filter(x => !x.message.startsWith('does not parse'))) {
          out.push({
            path: `spec.customizations.${key}.luaScript`,
            message: `line ${p.line}: ${p.message}: Karmada would fail every ${key} of the kind when it runs the script`,
            fix: 'use only the Lua 5.1 base functions and the table, string (without gsub, rep, dump, gmatch), math and os.time/os.date libraries, with local helpers',
          });
        }
      }
      return out;
    },
  },
];
