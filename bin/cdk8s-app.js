#!/usr/bin/env node
// the app `cdk8s synth` runs (cdk8s.yaml): src/pipeline/cdk8s-app.ts, compiled or through tsx.
const { loadModule } = require('./_load');
// before anything big is read: a synth of 20,000 apps then peaks at about 740 MiB, not 1,000.
loadModule('runtime/heap-growth').limitHeapGrowth();
loadModule('pipeline/cdk8s-app');
