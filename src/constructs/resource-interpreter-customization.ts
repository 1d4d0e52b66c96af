import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { POLICY_SYNC_WAVE, SYNC_WAVE_ANNOTATION } from './policy-options';
import * as l1 from '../../imports/config.karmada.io';

/** The apiVersion and kind a customization applies to, matched exactly against Karmada's Works. */
export interface InterpreterTarget {
  /** `spec.target.apiVersion`, as the Works hold the objects (`apps/v1`). */
  readonly apiVersion: string;
  /** `spec.target.kind`. */
  readonly kind: string;
}

/**
 * Props of a {@link ResourceInterpreterCustomization}.
 */
export interface ResourceInterpreterCustomizationProps {
  /** `metadata.name` (cluster-scoped: a DNS subdomain). */
  readonly name: string;

  /** `spec.target`. */
  readonly target: InterpreterTarget;

  /**
   * `spec.customizations.retention.luaScript`: a Lua 5.1 script defining the global function
   * `Retain(desiredObj, observedObj)`. A function is called when the app synthesizes, for a script
   * that depends on what is selected after the construct is made.
   */
  readonly retentionLuaScript: string | (() => string);

  /**
   * the Argo CD sync wave: with the policies, before the templates, so that the retention is in
   * place before Karmada's first PUT onto a member object.
   *
   * @default POLICY_SYNC_WAVE ('-1')
   */
  readonly syncWave?: string;
}

/**
 * A Karmada ResourceInterpreterCustomization (`config.karmada.io/v1alpha1`, cluster-scoped) with a
 * `retention` script. It applies to every object of its target apiVersion and kind on the whole
 * Karmada control plane, and replaces Karmada's native retention of that kind
 * (pkg/resourceinterpreter/interpreter.go: a customization wins, layers never compose): a script
 * for a kind with a native rule must re-implement it (`NATIVE_RETAIN_LUA`).
 */
export class ResourceInterpreterCustomization extends Construct {
  /** the generated L1 object (also `node.defaultChild`). */
  public readonly apiObject: ApiObject;
  /** `metadata.name`. */
  public readonly name: string;
  /** `spec.target`. */
  public readonly target: InterpreterTarget;
  private readonly script: string | (() => string);

  public constructor(scope: Construct, id: string, props: ResourceInterpreterCustomizationProps) {
    super(scope, id);
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(props.name) || props.name.length > 253) {
      throw new Error(`ResourceInterpreterCustomization 'name' (${JSON.stringify(props.name)}) must be a DNS subdomain (lowercase letters, digits, '-' and '.', at most 253)`);
    }
    if (!props.target.apiVersion || !props.target.kind) {
      throw new Error(`ResourceInterpreterCustomization 'target' (${JSON.stringify(props.target)}) needs an apiVersion and a kind: Karmada matches them exactly`);
    }
    this.name = props.name;
    this.target = { apiVersion: props.target.apiVersion, kind: props.target.kind };
    this.script = props.retentionLuaScript;
    this.apiObject = new l1.ResourceInterpreterCustomization(this, 'Resource', {
      metadata: { name: props.name, annotations: { [SYNC_WAVE_ANNOTATION]: props.syncWave ?? POLICY_SYNC_WAVE } },
      spec: Lazy.any({
        produce: (): l1.ResourceInterpreterCustomizationSpec => ({
          target: this.target,
          customizations: { retention: { luaScript: this.retentionLuaScript } },
        }),
      }),
    });
  }

  /** the retention script (produced now, for a function). */
  public get retentionLuaScript(): string {
    return typeof this.script === 'string' ? this.script : this.script();
  }
}
