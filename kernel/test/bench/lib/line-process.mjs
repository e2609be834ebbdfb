// A child process spoken to in lines: commands on its stdin, answers and reports on its stdout.
// The bench's watchers and its mount maker all work this way.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export class LineProcess {
  #lines = [];
  #waiters = [];
  #exit;

  /** @param argv command and arguments; stderr goes to ours, prefixed with `name`. */
  constructor(name, argv) {
    this.name = name;
    this.child = spawn(argv[0], argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    createInterface({ input: this.child.stdout }).on('line', (line) => this.#take(line));
    createInterface({ input: this.child.stderr }).on('line', (line) =>
      process.stderr.write(`${name}: ${line}\n`),
    );
    this.#exit = new Promise((resolve) =>
      this.child.on('exit', (code, signal) => resolve(code ?? signal)),
    );
    this.#exit.then((how) => {
      for (const w of this.#waiters.splice(0)) w.reject(new Error(`${name} exited (${how})`));
    });
  }

  /** Resolves with the first line kept or to come that `match`es; earlier ones are dropped. */
  next(match, timeoutMs = 600_000) {
    const i = this.#lines.findIndex(match);
    if (i >= 0) return Promise.resolve(this.#lines.splice(0, i + 1).pop());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w.resolve !== done);
        reject(new Error(`${this.name}: no matching line within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (line) => {
        clearTimeout(timer);
        resolve(line);
      };
      this.#waiters.push({ match, resolve: done, reject });
    });
  }

  /** Sends one command and resolves with the first line that `match`es. */
  request(command, match, timeoutMs) {
    this.child.stdin.write(`${command}\n`);
    return this.next(match, timeoutMs);
  }

  /** Sends one command; resolves with the words after `prefix` of the answer line. */
  async ask(command, prefix, timeoutMs) {
    const line = await this.request(command, (l) => l.startsWith(`${prefix} `), timeoutMs);
    return line.split(' ').slice(1);
  }

  /** Asks it to quit and waits for its exit. */
  async quit() {
    this.child.stdin.end('quit\n');
    return this.#exit;
  }

  #take(line) {
    const w = this.#waiters.find((waiter) => waiter.match(line));
    if (!w) {
      this.#lines.push(line);
      if (this.#lines.length > 1000) this.#lines.splice(0, 500); // unclaimed reports
      return;
    }
    this.#waiters.splice(this.#waiters.indexOf(w), 1);
    this.#lines.length = 0; // older than the line waited for
    w.resolve(line);
  }
}
