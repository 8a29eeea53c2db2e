// Turns on source maps (stack traces then point into src/), then runs bundle/index.js.
process.setSourceMapsEnabled(true);
await import('./bundle/index.js');
