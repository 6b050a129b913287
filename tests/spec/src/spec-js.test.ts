// Every .wast of the official suite on the engine's JS tier (functions it
// cannot compile run on the interpreter), against known-failures.json.
import { defineSpecTests } from './define-spec-tests.js';
import { listSpecFiles } from './suite.mjs';

defineSpecTests('tswasm-js', listSpecFiles());
