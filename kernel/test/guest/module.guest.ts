// The USIP module's guest suite, one process: node-tap and the TypeScript stack start once
// (slow under TCG), then the suites run in order. They count live kernel objects, inject events
// and finally reload the module, so kernel/test/guest/run.sh runs this alone, after the parallel
// guest tests of the packages.
import './suites/info.js';
import './suites/listeners.js';
import './suites/events.js';
import './suites/bad-input.js';
import './suites/clients.js';
import './suites/reload.js';
