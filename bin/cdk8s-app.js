#!/usr/bin/env node
// the app `cdk8s synth` runs (cdk8s.yaml): src/pipeline/cdk8s-app.ts, compiled or through tsx.
const { loadModule } = require('./_load');
// before anything big is read: a synth of 20,000 apps then peaks at about 600 to 800 MiB, not 1,000;
// and a full collection once an export is read and cleaned (one file of 147 MiB: 940 MiB, not 1,250).
loadModule('runtime/heap-growth').limitHeapGrowth();
loadModule('runtime/collect-after-read').enableCollectAfterRead();
loadModule('pipeline/cdk8s-app');
