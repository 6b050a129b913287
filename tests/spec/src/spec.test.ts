// Every .wast of the official suite, through our text parser, encoder and
// engine (interpreter tier), against known-failures.json.
import { defineSpecTests } from './define-spec-tests.js';
import { listSpecFiles } from './suite.mjs';

defineSpecTests('tswasm', listSpecFiles());
