// Loads a module of src/ the fastest correct way: the compiled JavaScript in lib/ when it
// is at least as new as every source (npm install and npm test build it), else the
// TypeScript source through tsx (transpile only), so an edit is never run stale.
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');

function newest(dir) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

function libIsFresh() {
  // the published package ships lib/ and no src/ (package.json "files"), nor tsx: lib/ it is.
  if (!fs.existsSync(path.join(root, 'src'))) return true;
  try {
    const built = fs.statSync(path.join(root, 'lib', '.tsbuildinfo')).mtimeMs;
    return built >= Math.max(newest(path.join(root, 'src')), newest(path.join(root, 'imports')));
  } catch {
    return false;
  }
}

/** requires `src/<name>.ts`, or `lib/src/<name>.js` when lib/ is fresh. */
function loadModule(name) {
  if (libIsFresh()) return require(path.join(root, 'lib', 'src', `${name}.js`));
  require('tsx/cjs/api').register();
  return require(path.join(root, 'src', `${name}.ts`));
}

module.exports = { loadModule, libIsFresh };
