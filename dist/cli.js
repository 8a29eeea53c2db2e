#!/usr/bin/env node
// Turns on source maps (stack traces then point into src/), then runs bundle/cli.js.
process.setSourceMapsEnabled(true);
await import('./bundle/cli.js');
