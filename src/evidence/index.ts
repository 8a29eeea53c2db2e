/** Evidence: what the workflow's build and test results say, read without any GitHub API. */
export * from './schema.js';
export { parseBuildOutcome, quoteBuildLog } from './build.js';
export { parseJUnit } from './junit.js';
export { parseJestJson, parseVitestJson, SUITE_FAILED_TO_RUN } from './jest.js';
export { parseTestResults, mergeResults } from './results.js';
export { readEvidence, type ReadEvidenceOptions } from './read.js';
