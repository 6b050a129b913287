// The runner's self-check: on V8's own WebAssembly, the files of features V8
// ships must pass (apart from what known-failures.json lists under `v8`).
import { defineSpecTests } from './define-spec-tests.js';
import { v8Files } from './suite.mjs';

defineSpecTests('v8', v8Files);
