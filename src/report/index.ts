export * from './check';
export * from './dist-tree';
export * from './verify-rollback';
