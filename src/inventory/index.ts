export * from './types';
export * from './kinds';
export * from './read';
export * from './clean-rules';
export * from './clean';
export * from './drop-rules';
export * from './inventory';
