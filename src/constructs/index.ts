export * from './app-takeover';
export * from './cluster-propagation-policy';
export * from './kind-takeover';
export * from './migration';
export * from './policy-options';
export * from './propagation-policy';
export * from './resource-template';
export * from './takeover-options';
