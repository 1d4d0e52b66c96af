#!/usr/bin/env node
// the app `cdk8s synth` runs (cdk8s.yaml): src/main.ts, compiled or through tsx.
require('./_load').loadModule('main');
