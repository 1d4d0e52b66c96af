export * from './check';
export * from './dist-tree';
export * from './handover';
export * from './plan';
export * from './plan-input';
export * from './plan-markdown';
export * from './verify-rollback';
