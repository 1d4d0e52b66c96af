// cdk8s-cli requires this from its own process: load the TypeScript sources through tsx
// (transpile only), so the plugin always matches src/ without a build step.
require('tsx/cjs/api').register();
module.exports = require('../src/validation/cdk8s-plugin.ts');
