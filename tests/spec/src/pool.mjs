// A pool of worker processes running spec files (worker.mjs), one file per
// worker at a time, with a time limit per file. Processes, not threads: an
// engine bug that kills V8 (a fatal out-of-memory, an invalid array size)
// then fails one file instead of the whole run.
import { fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

const workerPath = fileURLToPath(new URL('./worker.mjs', import.meta.url));

export class SpecPool {
  /**
   * @param {{ size?: number, timeoutMs?: number }} options
   */
  constructor({
    size = Math.max(1, availableParallelism()),
    timeoutMs = Number(process.env.SPEC_FILE_TIMEOUT_MS ?? 120_000),
  } = {}) {
    this.size = size;
    this.timeoutMs = timeoutMs;
    this.idle = [];
    this.count = 0;
    this.queue = [];
    this.nextId = 0;
  }

  /**
   * Runs `file` on `engine` in a worker. Resolves to the worker's result, or
   * to a whole-file error if the worker timed out or died.
   * @param {string} file
   * @param {string} engine
   * @returns {Promise<import('./worker.mjs').SpecResult>}
   */
  run(file, engine) {
    return new Promise((resolve) => {
      this.queue.push({ file, engine, resolve });
      this.pump();
    });
  }

  pump() {
    while (this.queue.length > 0) {
      let worker = this.idle.pop();
      if (worker === undefined) {
        if (this.count >= this.size) return;
        worker = fork(workerPath, [], {
          serialization: 'advanced',
          stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        });
        worker.stderr?.resume();
        this.count++;
      }
      this.start(worker, this.queue.shift());
    }
  }

  start(worker, job) {
    const id = this.nextId++;
    const failure = (error) => ({
      file: job.file,
      passed: 0,
      failed: 1,
      unsupported: 0,
      error,
      durationMs: 0,
      problems: [],
    });
    const finish = (result, reusable) => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (reusable) this.idle.push(worker);
      else {
        this.count--;
        worker.kill('SIGKILL');
      }
      job.resolve(result);
      this.pump();
    };
    const onMessage = (message) => {
      if (message.id === id) finish(message.result, true);
    };
    const onError = (error) =>
      finish(failure(`worker crashed: ${error?.message ?? error}`), false);
    const onExit = (code, signal) =>
      finish(failure(`worker died (${signal ?? `exit code ${code}`})`), false);
    const timer = setTimeout(
      () =>
        finish(failure(`timed out after ${this.timeoutMs / 1000} s`), false),
      this.timeoutMs,
    );
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.send({ id, file: job.file, engine: job.engine });
  }

  /** Stops every worker. */
  async close() {
    const workers = this.idle.splice(0);
    this.count -= workers.length;
    for (const worker of workers) worker.disconnect();
  }
}
