#!/usr/bin/env node
// the app `cdk8s synth` runs (cdk8s.yaml): src/pipeline/cdk8s-app.ts, compiled or through tsx.
require('./_load').loadModule('pipeline/cdk8s-app');
