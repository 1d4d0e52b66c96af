// cdk8s-cli requires this from its own process: the plugin of src/pipeline, compiled or
// through tsx (see bin/_load.js), so it always matches src/.
module.exports = require('../bin/_load').loadModule('pipeline/cdk8s-plugin');
