// The cdk8s CLI prints every manifest it finds under its output folder, one `  - file` line each
// (cdk8s-cli lib/util.js: synthApp), 60,000 lines for a large migration. ManifestList passes the
// CLI's output through and folds a longer list into its first lines and a count.
'use strict';

/** the number of manifests listed one a line; a longer list is folded. */
const MAX_LISTED = 20;

class ManifestList {
  /** @param {(text: string) => void} write where the output goes */
  constructor(write, max = MAX_LISTED) {
    this.write = write;
    this.max = max;
    this.partial = '';
    this.listed = 0;
  }

  /** takes a chunk of the CLI's standard output. */
  push(chunk) {
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop();
    for (const line of lines) this.line(line);
  }

  /** the end of the output. */
  end() {
    if (this.partial) this.line(this.partial, false);
    this.partial = '';
    this.flush();
  }

  line(line, newline = true) {
    if (line.startsWith('  - ')) {
      this.listed++;
      if (this.listed <= this.max) this.write(`${line}\n`);
      return;
    }
    this.flush();
    this.write(newline ? `${line}\n` : line);
  }

  flush() {
    if (this.listed > this.max) this.write(`  ... and ${this.listed - this.max} more manifest${this.listed - this.max === 1 ? '' : 's'}\n`);
    this.listed = 0;
  }
}

module.exports = { ManifestList, MAX_LISTED };
