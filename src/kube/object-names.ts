// Kubernetes' rules for object identities, as the API server (and so the Karmada API server)
// admits them. k8s.io/apimachinery pkg/util/validation/validation.go (IsDNS1123Label,
// IsDNS1123Subdomain, IsDNS1035Label), pkg/api/validation/path/name.go (IsValidPathSegmentName),
// k8s.io/kubernetes pkg/apis/core/validation/validation.go (ValidateNamespaceName: a DNS-1123
// label; ValidateServiceName: a DNS-1035 label; most kinds NameIsDNSSubdomain),
// pkg/apis/rbac/validation/validation.go (ValidateRBACName: a path segment),
// k8s.io/apiextensions-apiserver pkg/apis/apiextensions/validation (a kind, lowercased, is a
// DNS-1035 label; custom resources are named by DNS subdomains; a version is a DNS-1035 label).

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** A DNS-1123 label: at most 63 characters, lowercase alphanumerics and `-`, alphanumeric at both ends. */
export function isDns1123Label(s: string): boolean {
  return s.length <= 63 && DNS1123_LABEL.test(s);
}

/** A DNS-1123 subdomain: at most 253 characters, DNS-1123 labels joined by `.`. */
export function isDns1123Subdomain(s: string): boolean {
  return s.length <= 253 && DNS1123_SUBDOMAIN.test(s);
}

/** A DNS-1035 label: a DNS-1123 label that starts with a letter. */
export function isDns1035Label(s: string): boolean {
  return s.length <= 63 && DNS1035_LABEL.test(s);
}

/** A path segment name: not `.` or `..`, without `/` or `%`. */
export function isPathSegmentName(s: string): boolean {
  return s !== '' && s !== '.' && s !== '..' && !/[/%]/.test(s);
}

const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

/**
 * Why the API server refuses an object's identity (apiVersion, kind, name, namespace), or
 * undefined when it admits it. The name rule depends on the kind: a Namespace is a DNS-1123
 * label, a Service a DNS-1035 label, RBAC objects a path segment, everything else (custom
 * resources included) a DNS-1123 subdomain.
 */
export function identityProblem(apiVersion: string, kind: string, name: string, namespace?: string): string | undefined {
  // k8s.io/apimachinery pkg/runtime/schema/group_version.go ParseGroupVersion: `version` or `group/version`, one '/' at most.
  // It reads `/v1` as the core group, but nothing writes it so, and Karmada's selectors compare apiVersions as strings.
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  if (slash === 0) {
    return `apiVersion ${JSON.stringify(apiVersion)}: the group before '/' is empty; the core group is written without it (${JSON.stringify(version)})`;
  }
  if (group && !isDns1123Subdomain(group)) return `apiVersion ${JSON.stringify(apiVersion)}: the group must be a DNS subdomain (lowercase letters, digits, '-' and '.')`;
  if (version.includes('/')) return `apiVersion ${JSON.stringify(apiVersion)}: an apiVersion is <group>/<version> or, for the core group, <version>: one '/' at most`;
  if (!isDns1035Label(version)) return `apiVersion ${JSON.stringify(apiVersion)}: the version must be like v1, v1beta1 or v2alpha3`;
  if (!/^[A-Za-z]/.test(kind) || !isDns1035Label(kind.toLowerCase())) return `kind ${JSON.stringify(kind)} is not a Kubernetes kind (letters and digits, starting with a letter)`;
  if (namespace !== undefined && namespace !== '' && !isDns1123Label(namespace)) {
    return `metadata.namespace ${JSON.stringify(namespace)} is not a namespace name: at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit`;
  }
  if (group === '' && kind === 'Namespace') {
    return isDns1123Label(name) ? undefined
      : `metadata.name ${JSON.stringify(name)} is not a namespace name: at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit`;
  }
  if (group === '' && kind === 'Service') {
    return isDns1035Label(name) ? undefined
      : `metadata.name ${JSON.stringify(name)} is not a Service name: at most 63 lowercase letters, digits and '-', starting with a letter and ending with a letter or digit`;
  }
  if (group === 'rbac.authorization.k8s.io' && RBAC_KINDS.has(kind)) {
    return isPathSegmentName(name) ? undefined : `metadata.name ${JSON.stringify(name)} is not an RBAC name: it may not be '.' or '..' nor hold '/' or '%'`;
  }
  return isDns1123Subdomain(name) ? undefined
    : `metadata.name ${JSON.stringify(name)} is not a Kubernetes object name: at most 253 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit`;
}
